#!/bin/sh
# Stop escalation, runsv's additions (runsv.8): timeout-kill, down-signal,
# kill-group (cgroup: runsv-cgroup.t).  Times are compared with the
# configured timeout as a ratio, with generous bounds: never a window the
# test sleeps through.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od date ps setsid

ms() { echo $(( $(date +%s%N) / 1000000 )); }
pgid_of() { ps -o pgid= -p "$1" | tr -d ' '; }
all_gone() { for p; do kill -0 "$p" 2>/dev/null && return 1; done; return 0; }
# the pids listed in FILE, once it has N of them
pids_in() { _c=$(wc -l 2>/dev/null <"$1") && [ "$_c" -ge "$2" ]; }

# timeout-kill: ./run ignores TERM; d sends TERM, then KILL after 400 ms
S=$T/tk
mksvc "$S" "trap '' TERM; echo ready >ready; exec sleep 1000"
echo 400 >"$S/timeout-kill"
runsv_start "$S"
ok "timeout-kill: runs" wait_until 10 test -s "$S/ready"
t0=$(ms); ctl "$S" d
ok "timeout-kill: TERM ignored, then down" stat_is "$S" down 20
t1=$(ms)
ok "timeout-kill: down no sooner than timeout-kill ($((t1 - t0)) ms >= 400)" test $((t1 - t0)) -ge 400
ok "timeout-kill: down well before 25 times timeout-kill" test $((t1 - t0)) -lt 10000
# t (the same stop, want up): killed and restarted
rm -f "$S/ready"; ctl "$S" u
ok "timeout-kill: up again" wait_until 10 test -s "$S/ready"
p1=$(pid_of "$S"); rm -f "$S/ready"
ctl "$S" t
ok "timeout-kill: t kills, then restarts" wait_until 20 test -s "$S/ready"
ok "timeout-kill: a new process" sh -c "[ \"\$(cat $S/supervise/pid)\" != $p1 ]"
ctl "$S" x
ok "timeout-kill: x ends runsv too" wait_gone "$RSV" 20

# without timeout-kill, TERM ignored stays ignored (runit's behaviour)
S=$T/notk
mksvc "$S" "trap '' TERM; echo ready >ready; exec sleep 1000"
runsv_start "$S"
ok "no timeout-kill: runs" wait_until 10 test -s "$S/ready"
ctl "$S" d
ok "no timeout-kill: got TERM, still running" stat_is "$S" "run, got TERM, want down"
ctl "$S" k
ok "no timeout-kill: k ends it" stat_is "$S" down
ctl "$S" x; wait_gone "$RSV"

# down-signal
S=$T/ds
mksvc "$S" 'trap "echo HUP >>sig.log; exit 0" HUP; trap "echo TERM >>sig.log; exit 0" TERM
echo ready >ready; while :; do sleep 1; done'
echo HUP >"$S/down-signal"
runsv_start "$S"
ok "down-signal: runs" wait_until 10 test -s "$S/ready"
ctl "$S" d
ok "down-signal: down" stat_is "$S" down
is "$(cat "$S/sig.log")" HUP "down-signal HUP: HUP, not TERM"
echo SIGNOPE >"$S/down-signal"; rm -f "$S/ready" "$S/sig.log"
ctl "$S" u
ok "bad down-signal: runs" wait_until 10 test -s "$S/ready"
ctl "$S" d
ok "bad down-signal: down" stat_is "$S" down
is "$(cat "$S/sig.log")" TERM "bad down-signal: TERM"
like "$(cat "$S.err")" "runsv $S: warning: down-signal: not a signal: SIGNOPE" "bad down-signal: warned"
ctl "$S" x; wait_gone "$RSV"

# kill-group: ./run leads its own group; d ends every member
S=$T/kg
mksvc "$S" 'for i in 1 2 3; do sleep 1000 & echo $! >>kids; done; wait'
touch "$S/kill-group"
runsv_start "$S"
ok "kill-group: three children" wait_until 10 pids_in "$S/kids" 3
stat_is "$S" run    # the pid file is written after the fork returns
run=$(pid_of "$S"); kids=$(cat "$S/kids")
is "$(pgid_of "$run")" "$run" "kill-group: ./run leads a group"
ok "kill-group: not runsv's group" test "$(pgid_of "$RSV")" != "$run"
is "$(for k in $kids; do pgid_of $k; done | sort -u)" "$run" "kill-group: children in ./run's group"
ctl "$S" h
ok "kill-group: h reaches the children too" wait_until 10 all_gone $kids
ok "kill-group: the service is restarted" wait_until 10 pids_in "$S/kids" 6
kids=$(tail -n 3 "$S/kids")
ctl "$S" d
ok "kill-group: d, down" stat_is "$S" down
ok "kill-group: d ended the children" all_gone $kids
ctl "$S" x; wait_gone "$RSV"

# kill-group: ./run crashes, a child ignoring TERM is left; the group is
# ended (TERM, KILL after timeout-kill) before ./finish and the restart
S=$T/crash
mksvc "$S" "sh -c \"trap '' TERM; echo \\\$\\\$ >>kids; exec sleep 1000\" &
sleep 1000 & echo \$! >>kids; echo \$\$ >>runs; wait"
mkscript "$S/finish" 'for k in $(cat kids); do kill -0 $k 2>/dev/null && echo alive >>finish.log; done; echo done >>finish.log'
touch "$S/kill-group"; echo 500 >"$S/timeout-kill"
runsv_start "$S"
ok "crash: two children" wait_until 10 pids_in "$S/kids" 2
stat_is "$S" run
run=$(pid_of "$S"); kids=$(cat "$S/kids")
t0=$(ms); kill -9 "$run"
ok "crash: the group is ended before ./finish" wait_until 20 test -s "$S/finish.log"
t1=$(ms)
ok "crash: children gone" all_gone $kids
is "$(cat "$S/finish.log")" done "crash: ./finish saw no member left"
ok "crash: the TERM-ignoring child took timeout-kill ($((t1 - t0)) ms >= 500)" test $((t1 - t0)) -ge 500
ok "crash: restarted afterwards" wait_until 20 pids_in "$S/runs" 2
ctl "$S" x
ok "crash: x ends the new group and runsv" wait_gone "$RSV" 20
ok "crash: no member left" wait_until 10 all_gone $(cat "$S/kids")

# a group of 100 children that handle TERM at once stops in much less
# than timeout-kill: the stop waits for the group, not for the timeout
S=$T/hundred
mksvc "$S" 'i=0; while [ $i -lt 100 ]; do sleep 1000 & echo $! >>kids; i=$((i + 1)); done; wait'
touch "$S/kill-group"; echo 10000 >"$S/timeout-kill"
runsv_start "$S"
ok "100 children: all started" wait_until 30 pids_in "$S/kids" 100
t0=$(ms); ctl "$S" d
ok "100 children: down" stat_is "$S" down 30
t1=$(ms)
ok "100 children: all gone" all_gone $(cat "$S/kids")
ok "100 children: stop took under half of timeout-kill ($((t1 - t0)) ms < 5000)" test $((t1 - t0)) -lt 5000
ctl "$S" x; wait_gone "$RSV"

# a child that leaves the group (setsid) is out of its reach (runsv.8)
S=$T/setsid
mksvc "$S" 'setsid sleep 1000 & echo $! >out; exec sleep 1000'
touch "$S/kill-group"
runsv_start "$S"
ok "setsid child: started" wait_until 10 test -s "$S/out"
out=$(cat "$S/out")
ok "setsid child: in a session of its own" wait_until 10 sh -c "[ \$(ps -o sid= -p $out) = $out ]"
ctl "$S" d
ok "setsid: down" stat_is "$S" down
ok "setsid child: still there after the group stop" alive "$out"
kill "$out"
ctl "$S" x; wait_gone "$RSV"

# cgroup: tests/runsv-cgroup.t
finish
