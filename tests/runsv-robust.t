#!/bin/sh
# Robustness: runsv idles without spinning, leaks no fds across many
# restarts, leaves no zombies, and its services inherit none of its fds.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od
[ -r /proc/self/stat ] || skip_all "no /proc"

cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }  # utime+stime, ticks
nfd() { ls "/proc/$1/fd" | wc -l; }

S=$T/s
mksvc "$S" 'exec sleep 1000'
mksvc "$S/log" 'exec cat >/dev/null'
runsv_start "$S"
ok "running" stat_is "$S/log" run
stat_is "$S" run

# idle: no CPU time over 2 s (a busy loop would burn ~200 ticks)
c0=$(cpu "$RSV"); sleep 2; c1=$(cpu "$RSV")
ok "idle runsv uses no CPU (ticks $c0 -> $c1)" test $((c1 - c0)) -le 2
ok "idle runsv sleeps in poll" grep -Eq 'poll|select' "/proc/$RSV/wchan"

# the service gets none of runsv's own fds: beyond 0 1 2 it holds only
# what runsv itself inherited from this shell
targets() { for f in /proc/$1/fd/*; do
  [ "${f##*/}" -gt 2 ] && readlink "$f"; done | sort -u; }
sp=$(pid_of "$S")
is "$(targets "$sp" | grep -vxF "$(targets $$)")" "" "service inherits none of runsv's fds"
is "$(readlink /proc/"$sp"/fd/1)" "$(readlink /proc/"$(pid_of "$S/log")"/fd/0)" \
  "service stdout is the logger's stdin"

# fds stable across many restarts (kill, crash, finish, hooks)
n0=$(nfd "$RSV")
mkdir "$S/control"
mkscript "$S/control/k" 'exit 1'
mkscript "$S/finish" 'exit 0'
for i in 1 2 3 4 5 6; do
  p=$(pid_of "$S")
  ctl "$S" k
  wait_until 10 sh -c "q=\$(cat $S/supervise/pid); [ -n \"\$q\" ] && [ \"\$q\" != $p ] && [ \"\$(cat $S/supervise/stat)\" = run ]"
done
lp=$(pid_of "$S/log")
ctl "$S/log" k
wait_until 10 sh -c "q=\$(cat $S/log/supervise/pid); [ -n \"\$q\" ] && [ \"\$q\" != $lp ]"
ok "restarted 6 times" stat_is "$S" run
is "$(nfd "$RSV")" "$n0" "same number of fds after the restarts"

# no zombies among runsv's children
zombies() { for c in $(cat /proc/"$RSV"/task/*/children 2>/dev/null); do
  awk '{ print $3 }' "/proc/$c/stat" 2>/dev/null; done | grep -c Z; }
sleep 0.3
is "$(zombies)" 0 "no zombie children"
is "$(cat /proc/"$RSV"/task/*/children | wc -w)" 2 "exactly two children: service and logger"

ctl "$S" x
ok "x: runsv exits" wait_gone "$RSV"

finish
