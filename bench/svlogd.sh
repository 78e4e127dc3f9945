#!/bin/sh
# svlogd throughput: 1,000,000 lines (about 94 MB) through `svlogd -tt`
# with `s1000000` and `n10` (and a large n), beside Debian's svlogd, s6-log
# and multilog with the same rotation.  Everything runs in one temporary
# directory (under $TMPDIR, /tmp by default) so all loggers write to the
# same filesystem; input comes through a pipe, as from runsv.  Prints seconds (best of $RUNS) and ratios.
set -e
TOP=$(cd "$(dirname "$0")/.." && pwd)
C=$TOP/bench/.cache
OURS=$TOP/command/svlogd
DEB=$C/runit/usr/bin/svlogd
S6LOG=$C/s6/usr/bin/s6-log
MULTILOG=$C/daemontools/usr/bin/multilog
RUNS=${RUNS:-3}
LINES=${LINES:-1000000}
[ -x "$OURS" ] || { echo "svlogd.sh: build first (make)" >&2; exit 1; }
[ -x "$DEB" ] && [ -x "$S6LOG" ] && [ -x "$MULTILOG" ] || "$TOP/bench/fetch-peers" >/dev/null
W=$(mktemp -d "${TMPDIR:-/tmp}/svlogd-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
trap 'exit 1' HUP INT TERM PIPE   # e.g. piped into head: still clean up

# the input: random ids and byte counts, made once
python3 - "$W/in" "$LINES" <<'PY'
import os, random, sys
random.seed(42)
n = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    for i in range(n):
        f.write("2026-11-22 service[%d]: request id=%08x path=/api/v1/items/%d status=200 bytes=%d\n"
                % (1000 + i % 5000, random.getrandbits(32), i, random.randint(100, 999999)))
PY
echo "input: $(wc -l < "$W/in") lines, $(wc -c < "$W/in") bytes, in $W"

now() { date +%s%N; }
# best NAME TAG CMD...: best wall time of $RUNS runs, in a fresh log dir each
best() {
  name=$1 tag=$2; shift 2
  b=
  r=0
  while [ $r -lt "$RUNS" ]; do
    rm -rf "$W/log"; mkdir "$W/log"
    [ -n "$CONF" ] && printf '%s\n' $CONF > "$W/log/config"
    t0=$(now); cat "$W/in" | "$@"; t1=$(now)
    t=$(( (t1 - t0) / 1000000 ))
    [ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
    r=$((r + 1))
  done
  files=$(ls "$W/log" | grep -c '^@' || true)
  printf '%-34s %7.3f s  (%s rotated files kept)\n' "$name" "$(echo "$b / 1000" | bc -l)" "$files"
  eval "T_$tag=$b"
}

run() {
  n=$1
  echo
  echo "== s1000000, n$n"
  CONF="s1000000 n$n"
  best "ours: svlogd -tt" ours "$OURS" -tt "$W/log"
  best "Debian runit 2.1.2: svlogd -tt" deb "$DEB" -tt "$W/log"
  CONF=
  best "s6-log n$n s1000000 T" s6 env LD_LIBRARY_PATH="$C/libskarnet2.13/usr/lib/x86_64-linux-gnu" "$S6LOG" n$n s1000000 T "$W/log"
  best "multilog t n$n s1000000" ml "$MULTILOG" t n$n s1000000 "$W/log"
  printf 'ratios: Debian/ours %.1fx   s6-log/ours %.1fx   multilog/ours %.1fx\n' \
    "$(echo "$T_deb / $T_ours" | bc -l)" "$(echo "$T_s6 / $T_ours" | bc -l)" \
    "$(echo "$T_ml / $T_ours" | bc -l)"
}
run 10
run 1000
