#!/bin/sh
# The fault suite (tests/fault-*.t) against Debian's runit 2.1.2 and ours:
# each test file is run with FAULT_BIN pointing at one implementation's
# programs, its "# figure:" lines are collected, and the two are written
# side by side into doc/reliability.md, between its "faults:begin" and
# "faults:end" markers.  Takes several minutes (Debian's runsv storms wait
# out their limits).  Needs root, as the tests do.
#   bench/faults.sh [-n]    -n: print the table, leave the doc alone
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/bench/lib.sh"
out=$(mktemp -d "${TMPDIR:-/tmp}/faults.XXXXXX")
trap 'rm -rf "$out"' EXIT
trap 'exit 1' HUP INT TERM PIPE
[ -x "$B/runsv" ] || { echo "bench/faults.sh: run make first" >&2; exit 100; }

for impl in ours runit; do
  case $impl in ours) fb=$B ;; runit) fb=$REF/usr/bin ;; esac
  for t in "$TOP"/tests/fault-*.t; do
    n=${t##*/}; n=${n%.t}
    echo "bench/faults.sh: $impl: $n" >&2
    FAULT_BIN=$fb timeout 900 "$t" 2>/dev/null | sed -n 's/^# figure: //p' >"$out/$impl.$n"
  done
done

# one row per figure: its label (up to the first ": "), ours, Debian's
{
  echo "| test | fault | ours | Debian 2.1.2 |"
  echo "|---|---|---|---|"
  for t in "$TOP"/tests/fault-*.t; do
    n=${t##*/}; n=${n%.t}
    paste -d '\t' "$out/ours.$n" "$out/runit.$n" | while IFS='	' read -r a b; do
      label=${a%%: *}
      printf '| %s | %s | %s | %s |\n' "$n" "$label" "${a#*: }" "${b#*: }"
    done
  done
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), by bench/faults.sh."
} >"$out/table"

if [ "${1:-}" = -n ]; then cat "$out/table"; exit 0; fi
doc=$TOP/doc/reliability.md
awk -v table="$out/table" '
  /<!-- faults:begin -->/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
  /<!-- faults:end -->/ { skip = 0 }
  !skip' "$doc" >"$out/doc" && cp "$out/doc" "$doc"
echo "bench/faults.sh: wrote the table into doc/reliability.md" >&2
