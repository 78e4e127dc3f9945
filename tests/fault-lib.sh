# Helpers for the fault tests, tests/fault-*.t (sourced after lib.sh).
# Each fault test injects one kind of fault, counts what matters (accepted
# lines lost, duplicated or torn; copies of a service; silent crashes) and
# prints the figures as TAP diagnostics ("# figure: ...").  bench/faults.sh
# runs the same scenarios against Debian's runit and ours.
#
#   must DESC CMD...         what our programs must do: ok for ours; run
#                            against other binaries (FAULT_BIN, bench/
#                            faults.sh) a failure is a TAP TODO, a figure
#                            of the table, not a failure
#   figure TEXT              a "# figure: TEXT" diagnostic
#   lines_count N FILE...    "lost dup torn" of the lines 1..N (seq) in the
#                            files: a torn line is one that is not a number
#                            of the sequence
#   copies TOKEN             how many processes have TOKEN as an argument
#                            (services run `chpst -b TOKEN sleep ...`)
#   pids_of TOKEN            their pids
#   runsv_of DIR             pids of the runsv processes whose cwd is DIR
#
# $FB is the directory of the programs under test: ours ($B) unless
# FAULT_BIN names another (bench/faults.sh: Debian's, tests/.cache/runit/
# usr/bin); it is first on PATH, so runsvdir starts its runsv.
FB=${FAULT_BIN:-$B}
export PATH="$FB:$PATH"

must() {
  if [ -z "${FAULT_BIN:-}" ]; then ok "$@"; return; fi
  _d=$1; shift
  _n=$((_n + 1))
  if "$@"; then echo "ok $_n - $_d # TODO not ours"
  else echo "not ok $_n - $_d # TODO not ours"; fi
}

figure() { echo "# figure: $*"; }

lines_count() {
  _N=$1; shift
  cat "$@" 2>/dev/null | awk -v n="$_N" '
    /^[0-9]+$/ && $1 >= 1 && $1 <= n { if (seen[$1]++) dup++; next }
    { torn++ }
    END { u = 0; for (k in seen) u++; printf "%d %d %d\n", n - u, dup + 0, torn + 0 }'
}

pids_of() {  # the pattern from a file: grep's own arguments must not match
  printf '%s\n' "$1" >"$T/.pattern"
  grep -lsxzFf "$T/.pattern" /proc/[0-9]*/cmdline 2>/dev/null |
    sed 's|^/proc/\([0-9]*\)/cmdline$|\1|'
}
copies() { pids_of "$1" | wc -l | tr -d ' '; }

runsv_of() {
  for _p in $(pgrep -x runsv); do
    [ "$(readlink "/proc/$_p/cwd" 2>/dev/null)" = "$1" ] && echo "$_p"
  done
  return 0
}
