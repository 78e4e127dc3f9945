#!/bin/sh
# One whole init cycle, timed: runit as process 1 of a fresh PID namespace
# (tests/unit/nswrap.c) boots through stage 1 and stage 2 (runsvdir), a
# service comes up and asks for "init 0" at once, stage 3 stops it with sv,
# and the namespace ends in reboot(2).  Ours against Debian's runit 2.1.2,
# in the same run, with the etc/runit scripts of this tree; median of N.
#
#   bench/boot.sh [N [TREE]]   (root; default N=9)
#
# Rows:  ours     our runit with the runsvdir/runsv/sv the tests use (ours
#                 once built, else Debian's)
#        mixed    our runit with Debian's runsvdir/runsv/sv (only shown when
#                 the row above uses ours): where the time goes
#        debian   Debian's runit with Debian's runsvdir/runsv/sv
#        before   with TREE, another checkout of this project, built (for
#                 instance of an earlier commit: git archive COMMIT | tar
#                 -x -C DIR): its programs and etc/runit scripts
# Per row: median and min/max wall time of the cycle, from just before
# nswrap creates the namespace to just after it reaped its end (nswrap -T,
# so that no clock of ours is counted), and the medians of its two halves
# as the service saw them: boot (namespace start to the service running)
# and halt (init 0 to the end); sv is the part of halt spent in stage 3's
# "sv force-stop" and "sv exit".  All from the monotonic clock.
. "$(dirname "$0")/boot-root.sh"

cycle() { # KIND: one cycle, prints "total boot halt sv" in ms
  rm -f "$T/$1/tmp/up" "$T/$1/tmp/sv0" "$T/$1/tmp/sv1"
  "$NSWRAP" -t 60 -r "$T/$1" -T "$T/$1.time" -- /sbin/runit >"$T/$1.status" 2>&1
  grep -qx 'signal 2' "$T/$1.status" || { echo "fail $(cat "$T/$1.status")"; return; }
  read -r a b <"$T/$1.time"
  read -r up <"$T/$1/tmp/up"; read -r s0 <"$T/$1/tmp/sv0"; read -r s1 <"$T/$1/tmp/sv1"
  awk -v a="$a" -v b="$b" -v u="$up" -v s0="$s0" -v s1="$s1" \
    'BEGIN { printf "%.1f %.1f %.1f %.1f\n", (b - a) / 1e6, (u - a) / 1e6, (b - u) / 1e6, (s1 - s0) / 1e6 }'
}

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

kinds="ours debian"
boot_root ours ours "$(support_kind)"
[ "$(support_kind)" = ours ] && { boot_root mixed ours debian; kinds="ours mixed debian"; }
boot_root debian debian debian
boot_before
# runsvdir ignores a directory changed within the current second: let the
# fresh service directories age first
sleep 1.1

load0=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$N"); do
  for k in $kinds; do cycle "$k" >>"$T/$k.times"; done
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

printf '%-8s %8s %8s %8s %8s %12s   (ms, %s cycles; support: %s; load %s, then %s)\n' \
  kind median boot halt sv min-max "$N" "$(support_kind)" "$load0" "$load1"
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
