#!/bin/sh
# No duplicate after the supervisor dies (runsv.8, "An earlier runsv"):
# runsv finds in supervise/status a ./run (or log/run) of an earlier runsv
# still running, the same process (its start in /proc/PID/stat equal to
# the one supervise/xstatus recorded), and stops it before starting its
# own; a pid recycled by an unrelated process is left alone (more in
# tests/runsv-takeover.t).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od ps python3 date

ms() { echo $(( $(date +%s%N) / 1000000 )); }
# alive and not a zombie (the orphans of a killed runsv are init's to
# reap, in its own time)
live() { _s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1); [ -n "$_s" ] && [ "$_s" != Z ]; }
count_alive() { n=0; for p in $(cat "$1"); do live "$p" && n=$((n + 1)); done; echo $n; }
lines() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }
all_gone() { for p; do live "$p" && return 1; done; return 0; }
child_of() { ps -o pid= --ppid "$1" | tr -d ' '; }
other_child() { c=$(child_of "$1"); [ -n "$c" ] && [ "$c" != "$2" ]; }

# runsvdir restarts a SIGKILLed runsv: one ./run afterwards, and the log's too
mkdir -p "$T/sd"
S=$T/sd/a
mksvc "$S" 'echo $$ >>runs; exec sleep 1000'
mkdir -p "$S/log"
mkscript "$S/log/run" 'echo $$ >>../logruns; exec cat >/dev/null'
spawn runsvdir "$T/sd" 2>"$T/sd.err"; RD=$!
ok "runsvdir: service runs" wait_until 20 lines "$S/runs" 1
ok "runsvdir: log runs" wait_until 20 lines "$S/logruns" 1
ok "runsvdir: state run" stat_is "$S" run
r1=$(child_of "$RD"); old=$(cat "$S/runs"); oldlog=$(cat "$S/logruns")
kill -9 "$r1"
ok "runsvdir: a new runsv" wait_until 30 other_child "$RD" "$r1"
ok "runsvdir: ./run started again" wait_until 30 lines "$S/runs" 2
ok "runsvdir: log/run started again" wait_until 30 lines "$S/logruns" 2
ok "runsvdir: the earlier ./run is gone" wait_until 10 all_gone $old
ok "runsvdir: the earlier log/run is gone" wait_until 10 all_gone $oldlog
is "$(count_alive "$S/runs")" 1 "runsvdir: exactly one ./run"
is "$(count_alive "$S/logruns")" 1 "runsvdir: exactly one log/run"
is "$(grep -c 'stopping ./run left running by an earlier runsv: pid' "$T/sd.err")" 1 \
  "runsvdir: one line for ./run"
is "$(grep -c 'stopping log/run left running by an earlier runsv: pid' "$T/sd.err")" 1 \
  "runsvdir: one line for log/run"
kill -HUP "$RD"
ok "runsvdir: ends" wait_gone "$RD" 20
ok "runsvdir: no ./run left" wait_until 10 all_gone $(cat "$S/runs") $(cat "$S/logruns")

# the same by hand, with the message, a group and an escalation
S=$T/g
mksvc "$S" "sh -c \"trap '' TERM; echo \\\$\\\$ >>kids; exec sleep 1000\" &
sleep 1000 & echo \$! >>kids; echo \$\$ >>runs; trap '' TERM; exec sleep 1000"
touch "$S/kill-group"; echo 300 >"$S/timeout-kill"
runsv_start "$S"
ok "group: started" wait_until 10 lines "$S/kids" 2
ok "group: state run" stat_is "$S" run
old=$(cat "$S/runs" "$S/kids")
kill -9 "$RSV"; wait_gone "$RSV"
ok "group: ./run outlives its runsv" live "$(cat "$S/runs")"
t0=$(ms); runsv_start "$S"
wait_until 20 lines "$S/runs" 2 ||
  { echo "# stat: $(cat "$S/supervise/stat")"; sed 's/^/# /' "$S.err"; cat "$S/runs"
    ps -o pid,pgid,stat,args --ppid $RSV | sed "s/^/# /"; echo "# wchan $(cat /proc/$RSV/wchan)"; ls -l /proc/$RSV/fd | sed "s/^/# /"; }
ok "group: ./run started again" lines "$S/runs" 2
t1=$(ms)
ok "group: the earlier group is gone (TERM ignored: KILL)" all_gone $old
ok "group: KILL came after timeout-kill ($((t1 - t0)) ms >= 300)" test $((t1 - t0)) -ge 300
is "$(count_alive "$S/runs")" 1 "group: exactly one ./run"
is "$(cat "$S.err")" "runsv $S: warning: stopping ./run left running by an earlier runsv: pid $(head -n 1 "$S/runs")" \
  "group: one line says so"
ctl "$S" x
ok "group: runsv exits" wait_gone "$RSV" 20
ok "group: nothing left" wait_until 10 all_gone $(cat "$S/runs" "$S/kids")

# a recycled pid: the record names a live process of ours whose start
# does not match the record's time; it is left alone
S=$T/rec
mksvc "$S" 'echo $$ >>runs; exec sleep 1000'
mkdir -p "$S/supervise"
spawn sleep 1000; other=$!
python3 - "$S/supervise/status" "$other" <<'PY'
import struct, sys, time
t = int(time.time()) - 3600
rec = struct.pack('>QI', 2**62 + 10 + t, 0) + struct.pack('<I', int(sys.argv[2])) + bytes([0, ord('u'), 0, 1])
open(sys.argv[1], 'wb').write(rec)
PY
runsv_start "$S"
ok "recycled pid: ./run started" wait_until 10 lines "$S/runs" 1
ok "recycled pid: state run" stat_is "$S" run
ok "recycled pid: the unrelated process is left alone" alive "$other"
is "$(cat "$S.err")" "" "recycled pid: no message"
ctl "$S" x
ok "recycled pid: runsv exits" wait_gone "$RSV"
ok "recycled pid: still alive" alive "$other"
finish
