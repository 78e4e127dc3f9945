#!/bin/sh
# supervise/: file set and modes, the 20-byte status record (layout and
# endianness, read with od), stat and pid, the ok FIFO.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od stat

S=$T/s
mksvc "$S"
mksvc "$S/log" 'exec cat >/dev/null'
touch "$S/log/down"
runsv_start "$S"
ok "service runs" stat_is "$S" run

# runit's six files, and xstatus, this implementation's addition (sv -o json)
is "$(cd "$S/supervise" && ls | tr '\n' ' ')" "control lock ok pid stat status xstatus " \
  "supervise/ holds control lock ok pid stat status, and xstatus"
is "$(stat -c '%F %a' "$S/supervise/control" "$S/supervise/ok" | sort -u)" "fifo 600" \
  "control and ok are FIFOs, mode 0600"
is "$(stat -c '%F %a %s' "$S/supervise/lock")" "regular empty file 600 0" "lock is empty, 0600"
is "$(stat -c '%a %s' "$S/supervise/status")" "644 20" "status is 20 bytes, 0644"
is "$(stat -c '%a' "$S/supervise/stat" "$S/supervise/pid" | sort -u)" 644 "stat and pid are 0644"
is "$(stat -c '%a' "$S/supervise")" 700 "supervise/ is 0700"
is "$(stat -c '%a %s' "$S/supervise/xstatus")" "644 81" "xstatus is 81 bytes, 0644"
# spec 14: log/supervise/pid is not written while the log is down
is "$(cd "$S/log/supervise" && ls | tr '\n' ' ')" "control lock ok stat status xstatus " \
  "log/supervise/pid not created while the log is down"
is "$(cat "$S/log/supervise/stat")" down "log stat: down"
status_is "$S/log" "pid:0 0 d 0 0" "log status: no pid, want down"

pid=$(pid_of "$S")
like "$pid" '^[0-9]+$' "pid holds the pid"
is "$(wc -c <"$S/supervise/pid")" "$(( ${#pid} + 1 ))" "pid is the number and a newline"
ok "pid is the service process" alive "$pid"

# the status record (written after stat)
status_is "$S" "pid:N 0 u 0 1" "status: a pid, not paused, want up, run"
set -- $(status_of "$S")
is "$1 $2 $3" "64 0 0" "bytes 0-2: TAI64 label 2^62 + ..."
now=$(date +%s)
sec=0; for i in 4 5 6 7 8; do eval "b=\${$i}"; sec=$(( sec * 256 + b )); done
sec=$(( sec - 10 ))
ok "bytes 0-7: TAI64 seconds of the start (big-endian, 2^62+10+unix)" \
  test $(( now - sec )) -ge 0 -a $(( now - sec )) -le 30
nano=$(( ($9 << 24) + (${10} << 16) + (${11} << 8) + ${12} ))
is "$(( nano % 1000 ))" 500 "bytes 8-11: nanoseconds = 1000*usec + 500 (big-endian)"
is "$(( ${13} + (${14} << 8) + (${15} << 16) + (${16} << 24) ))" "$pid" \
  "bytes 12-15: pid, little-endian"
is "${17} ${18} ${19} ${20}" "0 117 0 1" "bytes 16-19: not paused, want 'u', no TERM, run"

# paused / want / TERM bytes as letters change them
ctl "$S" p
ok "p: stat 'run, paused'" stat_is "$S" "run, paused"
status_is "$S" "pid:N 1 u 0 1" "p: paused byte 1"
ctl "$S" c
ok "c: stat 'run'" stat_is "$S" run
status_is "$S" "pid:N 0 u 0 1" "c: paused byte 0"
mkscript "$S/run" 'trap "" TERM; exec sleep 1000'
ctl "$S" k
ok "new ./run (ignores TERM) started" wait_until 10 sh -c "[ \"\$(cat $S/supervise/pid)\" != $pid ] && [ -s $S/supervise/pid ]"
pid2=$(pid_of "$S")
# sleep exec'd from a shell that ignored TERM keeps ignoring it
ctl "$S" d
ok "d: 'run, got TERM, want down'" stat_is "$S" "run, got TERM, want down"
status_is "$S" "pid:N 0 d 1 1" "d: want 'd', TERM byte 1, state run"
ctl "$S" k
ok "k: down" stat_is "$S" down
is "$(wc -c <"$S/supervise/pid")" 0 "pid is empty when down"
status_is "$S" "pid:0 0 d 0 0" "down: pid 0, TERM cleared, state 0"
ok "killed process is gone" wait_gone "$pid2"
mkscript "$S/run" 'exec sleep 1000'
ctl "$S" p
ok "p while down: 'down, paused'" stat_is "$S" "down, paused"
ctl "$S" u
ok "u: run again, paused cleared by the start" stat_is "$S" run
ctl "$S" o
ok "o while running: 'run, want down'" stat_is "$S" "run, want down"
status_is "$S" "pid:N 0 d 0 1" "o: want 'd'"
ctl "$S" x
ok "x: runsv exits" wait_gone "$RSV"
status_is "$S" "pid:0 0 d 0 0" "after exit: down, want 'd' (exit is stored as d)"
ok "no .new files left behind" sh -c "! ls $S/supervise/*.new $S/log/supervise/*.new 2>/dev/null"

# ok: open for writing succeeds only while runsv runs
dd if=/dev/null of="$S/supervise/ok" oflag=nonblock conv=notrunc,nocreat 2>"$T/dd.err"
like "$(cat "$T/dd.err")" "No such device or address" "ok: ENXIO once runsv has exited"
runsv_start "$S"
ok "ok opens while runsv runs" ok_open "$S"
ok "log/supervise/ok opens while runsv runs" ok_open "$S/log"
ctl "$S" x
ok "runsv exits" wait_gone "$RSV"
ok "log/supervise/ok: ENXIO after exit" sh -c "! dd if=/dev/null of=$S/log/supervise/ok oflag=nonblock conv=notrunc,nocreat status=none 2>/dev/null"

# a restart in place keeps the files and refreshes them
runsv_start "$S"
ok "restarted runsv supervises again" stat_is "$S" run
ctl "$S" x
wait_gone "$RSV"

finish
