#!/bin/sh
# chpst start-up cost: run a static no-op N times through
#   chpst -e dir -u nobody  (ours and Debian's runit 2.1.2),
#   s6-envdir dir s6-applyuidgid -u -g -G  (s6),
#   envdir dir setuidgid nobody  (daemontools),
# and a plain run of the no-op for the fork/exec baseline.  Prints the
# time per run and each one's overhead relative to ours.  Needs root.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-2000}
[ -x "$top/bench/.cache/runit/usr/bin/chpst" ] || "$top/bench/fetch-peers" >/dev/null
C=$top/bench/.cache
export LD_LIBRARY_PATH=$C/libskarnet2.13/usr/lib/x86_64-linux-gnu
nop=$(command -v busybox)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM PIPE   # e.g. piped into head: still clean up
mkdir "$tmp/env"; echo value >"$tmp/env/A"; echo x >"$tmp/env/B"; : >"$tmp/env/C"

run() { # label command...: microseconds per run
  start=$(date +%s%N); i=0
  while [ $i -lt "$N" ]; do "$@" true; i=$((i + 1)); done
  echo $(( ($(date +%s%N) - start) / 1000 / N ))
}
base=$(run "$nop")
ours=$(run "$top/command/chpst" -e "$tmp/env" -u nobody "$nop")
deb=$(run "$C/runit/usr/bin/chpst" -e "$tmp/env" -u nobody "$nop")
# (s6-setuidgid execs /usr/bin/s6-envuidgid, not installed: the same
# ids through s6-applyuidgid, with no lookup: flattering to s6)
u=$(id -u nobody) g=$(id -g nobody)
s6=$(run "$C/s6/usr/bin/s6-envdir" "$tmp/env" "$C/s6/usr/bin/s6-applyuidgid" -u "$u" -g "$g" -G "$g" "$nop")
dt=$(run "$C/daemontools/usr/bin/envdir" "$tmp/env" "$C/daemontools/usr/bin/setuidgid" nobody "$nop")
ratio() { awk -v a="$1" -v b="$2" -v z="$base" 'BEGIN { d = b - z; if (d < 1) d = 1; printf "%.2f", (a - z) / d }'; }
echo "runs: $N, no-op alone: ${base} us/run"
printf '%-34s %8s %10s %10s\n' "" "us/run" "overhead" "vs ours"
printf '%-34s %8s %10s %10s\n' "ours: chpst -e -u" "$ours" $((ours - base)) 1.00
printf '%-34s %8s %10s %10s\n' "Debian runit 2.1.2: chpst -e -u" "$deb" $((deb - base)) "$(ratio "$deb" "$ours")"
printf '%-34s %8s %10s %10s\n' "s6: s6-envdir s6-applyuidgid" "$s6" $((s6 - base)) "$(ratio "$s6" "$ours")"
printf '%-34s %8s %10s %10s\n' "daemontools: envdir setuidgid" "$dt" $((dt - base)) "$(ratio "$dt" "$ours")"
ls -l "$top/command/chpst" "$C/runit/usr/bin/chpst" | awk '{ print "size:", $5, $NF }'
