#!/bin/sh
# One whole init cycle, timed: runit as process 1 of a fresh PID namespace
# (tests/unit/nswrap.c) boots through stage 1 and stage 2 (runsvdir), a
# service comes up and asks for "init 0" at once, stage 3 stops it with sv,
# and the namespace ends in reboot(2).  Ours against Debian's runit 2.1.2,
# in the same run, with the etc/runit scripts of this tree; median of N.
#
#   bench/boot.sh [N]       (root; default N=9)
#
# Rows:  ours     our runit with the runsvdir/runsv/sv the tests use (ours
#                 once built, else Debian's)
#        mixed    our runit with Debian's runsvdir/runsv/sv (only shown when
#                 the row above uses ours): where the time goes
#        debian   Debian's runit with Debian's runsvdir/runsv/sv
# Per row: median and min/max wall time of the cycle, and the medians of its
# two halves as the service saw them: boot (namespace start to the service
# running) and halt (init 0 to the parent seeing SIGINT); sv is the part of
# halt spent in stage 3's "sv force-stop" and "sv exit".
. "$(dirname "$0")/../tests/lib.sh"
. "$TOP/tests/runit-root.sh"
. "$TOP/bench/boot-root.sh"
N=${1:-9}
ns_require
require_ref

ms() { echo $(( $(date +%s%N) / 1000000 )); }
up_ms() { read -r u _ <"$1"; echo "$u" | awk '{printf "%d", $1 * 1000}'; }
uptime_ms() { read -r u _ </proc/uptime; echo "$u" | awk '{printf "%d", $1 * 1000}'; }

cycle() { # name: one cycle, prints "total boot halt" in ms
  rm -f "$T/$1/tmp/up" "$T/$1/tmp/sv0" "$T/$1/tmp/sv1"
  t0=$(uptime_ms); a=$(ms)
  "$NSWRAP" -t 60 -r "$T/$1" -- /sbin/runit >"$T/$1.status" 2>&1
  b=$(ms); t2=$(uptime_ms)
  grep -qx 'signal 2' "$T/$1.status" || { echo "fail $(cat "$T/$1.status")"; return; }
  t1=$(up_ms "$T/$1/tmp/up")
  sv=$(( $(up_ms "$T/$1/tmp/sv1") - $(up_ms "$T/$1/tmp/sv0") ))
  echo "$((b - a)) $((t1 - t0)) $((t2 - t1)) $sv"
}

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

kinds="ours debian"
boot_root ours ours "$(support_kind)"
[ "$(support_kind)" = ours ] && { boot_root mixed ours debian; kinds="ours mixed debian"; }
boot_root debian debian debian
# runsvdir ignores a directory changed within the current second: let the
# fresh service directories age first
sleep 1.1

for i in $(seq "$N"); do
  for k in $kinds; do cycle "$k" >>"$T/$k.times"; done
done

printf '%-8s %8s %8s %8s %8s %12s   (ms, %s cycles; support: %s)\n' \
  kind median boot halt sv min-max "$N" "$(support_kind)"
for k in $kinds; do
  if grep -q fail "$T/$k.times"; then echo "$k: $(grep fail "$T/$k.times" | head -n 1)"; continue; fi
  m=$(cut -d' ' -f1 "$T/$k.times" | median)
  bt=$(cut -d' ' -f2 "$T/$k.times" | median)
  ht=$(cut -d' ' -f3 "$T/$k.times" | median)
  st=$(cut -d' ' -f4 "$T/$k.times" | median)
  lo=$(cut -d' ' -f1 "$T/$k.times" | sort -n | head -n 1)
  hi=$(cut -d' ' -f1 "$T/$k.times" | sort -n | tail -n 1)
  printf '%-8s %8s %8s %8s %8s %12s\n' "$k" "$m" "$bt" "$ht" "$st" "$lo-$hi"
  eval "med_$k=$m"
done
[ -n "${med_ours:-}" ] && [ -n "${med_debian:-}" ] &&
  awk -v a="$med_ours" -v b="$med_debian" 'BEGIN { printf "debian/ours: %.1fx\n", b / a }'
exit 0
