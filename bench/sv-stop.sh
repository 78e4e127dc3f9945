#!/bin/sh
# How long `sv -v down`, `sv -w7 force-stop`, `sv -v up` and `sv restart`
# take on a service that stops and starts at once, our sv beside Debian's
# runit sv, both driving the same runsv (ours if built, else Debian's).
# Median of N runs (default 9), in milliseconds; plus binary sizes.
set -e
TOP=$(cd "$(dirname "$0")/.." && pwd)
B=$TOP/command REF=$TOP/tests/.cache/runit/usr/bin
N=${N:-9}
[ -x "$REF/sv" ] || "$TOP/tests/fetch-ref" >/dev/null
RUNSV=${RUNSV:-$B/runsv}; [ -x "$RUNSV" ] || RUNSV=$REF/runsv
T=$(mktemp -d); trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM PIPE   # e.g. piped into head: still clean up
mkdir "$T/a"; printf '#!/bin/sh\nexec sleep 3600\n' > "$T/a/run"; chmod +x "$T/a/run"
"$RUNSV" "$T/a" & pid=$!
while ! [ -s "$T/a/supervise/status" ]; do sleep 0.05; done
sleep 1.1    # past runsv's one-second restart throttle

ms() { s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() { # SV CMD...: median over N of (stop, then start) with CMD as the stop
  sv=$1; shift
  i=0; while [ $i -lt "$N" ]; do
    ms "$sv" "$@" "$T/a"; "$sv" -v up "$T/a" >/dev/null; sleep 1.05; i=$((i + 1))
  done | median
}
runup() {
  sv=$1
  i=0; while [ $i -lt "$N" ]; do
    "$sv" -v down "$T/a" >/dev/null; sleep 1.05; ms "$sv" -v up "$T/a"; i=$((i + 1))
  done | median
}
printf 'runsv under test: %s\n' "$RUNSV"
printf '%-22s %10s %10s %8s\n' command 'ours ms' 'runit ms' ratio
for c in '-v down' '-w7 force-stop' '-v up'; do
  if [ "$c" = '-v up' ]; then o=$(runup "$B/sv"); r=$(runup "$REF/sv")
  else o=$(run "$B/sv" $c); r=$(run "$REF/sv" $c); fi
  printf '%-22s %10s %10s %8s\n' "sv $c" "$o" "$r" "$(awk -v o="$o" -v r="$r" 'BEGIN { printf "%.1fx", (o ? r / o : r) }')"
done
printf '%-22s %10s %10s (runit: dynamic)\n' 'sv binary bytes' "$(wc -c < "$B/sv")" "$(wc -c < "$REF/sv")"
