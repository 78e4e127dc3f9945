#!/bin/bash
# Pickup latency: from symlink(2) of a new service into the scanned
# directory to its ./run executing, for our runsvdir (RUNS pickups, 30 by
# default) and Debian's runit 2.1.2 runsvdir (REF_RUNS, 5), both driving
# the same runsv; then whether `sv start` issued right after `ln -s`
# succeeds.  Both ends are read by bench/pickup-probe.c, built static: the
# link is made by the probe just after it reads the clock, and ./run is
# the probe itself, which reads the clock first thing in main and writes
# it to ./started; the probe that made the link waits for that file with
# inotify (no polling process competes for the cores).  Prints the
# median, the fastest decile (10th percentile), the range and the load.
#   bench/pickup.sh            (RUNS=30 REF_RUNS=5)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/bench/lib.sh"
RUNS=${RUNS:-30}
REF_RUNS=${REF_RUNS:-5}
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
if command -v diet >/dev/null; then probecc="diet -Os cc -static"
else probecc="cc -O2 -static"; fi
$probecc -o "$W/probe" "$TOP/bench/pickup-probe.c" ||
  { echo "pickup.sh: cannot build bench/pickup-probe.c" >&2; exit 1; }
# series RUNSVDIR TAG N GAP: N pickups, GAP seconds apart ("spread": 1 to
# 3.9 s, to land anywhere in runit's 5-second poll cycle); prints the
# latencies in microseconds
series() {
  local rd=$1 tag=$2 n=$3 gap=$4 i d pid t
  mkdir -p "$W/$tag/sv"
  PATH=$W/bin:$PATH "$rd" "$W/$tag/sv" >/dev/null 2>&1 &
  pid=$!; pids="$pids $pid"
  sleep 1.5
  for i in $(seq 1 "$n"); do
    d=$W/$tag/src$i; mkdir -p "$d"
    ln -s "$W/probe" "$d/run"
    t=$("$W/probe" link "$d" "$W/$tag/sv/s$i")
    echo "$t"
    if [ "$gap" = spread ]; then sleep $((1 + i % 3)).$((i * 37 % 10)); else sleep "$gap"; fi
  done
  kill -HUP $pid; wait $pid 2>/dev/null
}
# stats: "median  fastest decile  min-max" of microseconds, in ms
stats() {
  sort -n | awk '{ a[NR] = $1 }
    END { if (!NR) exit
          m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
          d = a[int((NR + 9) / 10)]
          printf "median %.2f ms, fastest decile %.2f ms, range %.2f-%.2f ms",
                 m / 1000, d / 1000, a[1] / 1000, a[NR] / 1000 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "runsv: $RUNSV"
echo "sv:    $SV"
l0=$(load)
ours=$(series "$B/runsvdir" ours "$RUNS" 0.3)
l1=$(load)
ref=$(series "$REF/usr/bin/runsvdir" ref "$REF_RUNS" spread)
echo "pickup, symlink(2) to ./run executing (load average before: $l0; after ours: $l1):"
printf '  ours   (%s) %s\n' "$RUNS" "$(echo "$ours" | grep -v timeout | stats)"
printf '         each (us, sorted): %s\n' "$(echo $(echo "$ours" | sort -n))"
printf '  runit  (%s) %s\n' "$REF_RUNS" "$(echo "$ref" | grep -v timeout | stats)"
mo=$(echo "$ours" | grep -v timeout | median); mr=$(echo "$ref" | grep -v timeout | median)
awk -v a="$mr" -v b="$mo" 'BEGIN {if (b > 0) printf "  ratio  runit/ours = %.0fx (medians)\n", a/b}'

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
