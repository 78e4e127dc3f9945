#!/bin/bash
# Pickup latency: from `ln -s` of a new service into the scanned directory
# to its ./run having started (median of 5), for our runsvdir and Debian's
# runit 2.1.2 runsvdir in the same run, both driving the same runsv; then
# whether `sv start` issued right after `ln -s` succeeds.
#   bench/pickup.sh            (RUNS=5 by default)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/bench/lib.sh"
RUNS=${RUNS:-5}
W=$(mktemp -d /tmp/bench-pickup.XXXXXX)
pids=
cleanup() {
  for p in $pids; do kill -HUP "$p" 2>/dev/null; done   # runsvdir: TERM every runsv
  sleep 1.5
  for p in $pids; do kill -KILL "$p" 2>/dev/null; done
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM PIPE   # e.g. piped into head: still clean up
mkdir -p "$W/bin"; ln -s "$RUNSV" "$W/bin/runsv"
# one measurement series; prints the latencies in ms
series() {
  local rd=$1 tag=$2 i d t0 t1 pid
  mkdir -p "$W/$tag/sv"
  PATH=$W/bin:$PATH "$rd" "$W/$tag/sv" >/dev/null 2>&1 &
  pid=$!; pids="$pids $pid"
  sleep 1.5
  for i in $(seq 1 "$RUNS"); do
    d=$W/$tag/src$i; mkdir -p "$d"
    printf '#!/bin/sh\ndate +%%s%%N >%s/started\nexec sleep 3600\n' "$d" >"$d/run"
    chmod +x "$d/run"
    # the start is read by bash itself: a date process here would add its
    # own exit and bash's wait to every figure
    t0=$EPOCHREALTIME; t0=${t0//[.,]/}
    ln -s "$d" "$W/$tag/sv/s$i"
    until [ -s "$d/started" ]; do sleep 0.002; done
    t1=$(cat "$d/started")
    echo $(( t1 / 1000 - t0 ))   # microseconds
    sleep $((1 + i % 3)).$((i * 37 % 10))   # land elsewhere in runit's poll cycle
  done
  kill -HUP $pid; wait $pid 2>/dev/null
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fmt() { awk -v u="$1" 'BEGIN {printf "%.1f ms", u/1000}'; }

echo "runsv: $RUNSV"
echo "sv:    $SV"
ours=$(series "$B/runsvdir" ours)
ref=$(series "$REF/usr/bin/runsvdir" ref)
mo=$(echo "$ours" | median); mr=$(echo "$ref" | median)
printf 'pickup, ln -s to ./run started, median of %s:\n' "$RUNS"
printf '  ours     %-10s (each: %s us)\n' "$(fmt "$mo")" "$(echo $ours)"
printf '  runit    %-10s (each: %s us)\n' "$(fmt "$mr")" "$(echo $ref)"
awk -v a="$mr" -v b="$mo" 'BEGIN {if (b > 0) printf "  ratio    runit/ours = %.0fx\n", a/b}'

# sv start right after ln -s
svstart() {
  local rd=$1 tag=$2 pid d out rc
  mkdir -p "$W/$tag/sv2"
  PATH=$W/bin:$PATH "$rd" "$W/$tag/sv2" >/dev/null 2>&1 &
  pid=$!; pids="$pids $pid"
  sleep 1.5
  d=$W/$tag/svc; mkdir -p "$d"
  printf '#!/bin/sh\nexec sleep 3600\n' >"$d/run"; chmod +x "$d/run"; : >"$d/down"
  ln -s "$d" "$W/$tag/sv2/svc"
  out=$("$SV" start "$W/$tag/sv2/svc" 2>&1); rc=$?
  printf '  %-8s rc=%s  %s\n' "$tag" "$rc" "$out"
  kill -HUP $pid; wait $pid 2>/dev/null
}
echo "sv start right after ln -s (sv: $SV):"
svstart "$B/runsvdir" ours
svstart "$REF/usr/bin/runsvdir" runit
