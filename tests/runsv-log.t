#!/bin/sh
# The log service: started first, gets the service's stdout, loses nothing
# when restarted; x and SIGTERM with and without a log; log/down.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od

# the log is started before the service: its pid is the smaller one.  The
# service writes "line N" up to the number in the file want, so the test
# knows what is in flight: a logger is killed only once it has written
# everything (killed between its read and its write, cat would lose what
# it read, which no supervisor can prevent)
S=$T/s
mksvc "$S" 'i=0; while :; do n=$(cat want 2>/dev/null); while [ "$i" -lt "${n:-0}" ]; do i=$((i+1)); echo "line $i"; done; sleep 0.02; done'
mksvc "$S/log" 'exec cat >>out'
echo 3 >"$S/want"
runsv_start "$S"
ok "service runs" stat_is "$S" run
ok "log runs" stat_is "$S/log" run
ok "log started first" test "$(pid_of "$S/log")" -lt "$(pid_of "$S")"
ok "log receives the output" wait_until 10 grep -qx "line 3" "$S/log/out"

# restart the logger a few times (new lines only once the new one runs:
# the old one could read them and die before writing them), then stop it,
# write while it is down (the pipe holds the lines) and start it again:
# nothing lost, nothing doubled
n=3
for i in 1 2 3; do
  lp=$(pid_of "$S/log")
  ctl "$S/log" k
  ok "logger $i restarted" wait_until 10 sh -c "p=\$(cat $S/log/supervise/pid); [ -n \"\$p\" ] && [ \"\$p\" != $lp ]"
  n=$((n + 5)); echo "$n" >"$S/want"
  ok "logger $i wrote up to line $n" wait_until 10 grep -qx "line $n" "$S/log/out"
done
ctl "$S/log" d
ok "logger down" stat_is "$S/log" down
n=$((n + 5)); echo "$n" >"$S/want"
ctl "$S/log" u
ok "logger up again: it wrote what came while it was down" \
  wait_until 10 grep -qx "line $n" "$S/log/out"
ctl "$S" d
ok "service down" stat_is "$S" down
is "$(cat "$S/log/out")" "$(seq 1 "$n" | sed 's/^/line /')" \
  "log has every line once, in order, across 3 logger restarts ($n lines)"

# log/down: the logger is not started; u on its control starts it
ctl "$S" x
ok "x: runsv exits" wait_gone "$RSV"
wait "$RSV"; is "$?" 0 "exit code 0"
ok "logger gone too" wait_gone "$lp"

S=$T/ld
mksvc "$S" 'echo hi; exec sleep 1000'
mksvc "$S/log" 'exec cat >>out'
touch "$S/log/down"
runsv_start "$S"
ok "service runs" stat_is "$S" run
ok "log/down: log stays down" stat_is "$S/log" down
ctl "$S/log" u
ok "u on log control: log runs" stat_is "$S/log" run
ok "data written while the log was down is kept" wait_until 10 grep -qx hi "$S/log/out"

# x with a log: main stopped, then the logger sees EOF, then runsv exits
ctl "$S" x
ok "x with log: runsv exits" wait_gone "$RSV"
wait "$RSV"; is "$?" 0 "x with log: exit code 0"
is "$(cat "$S/supervise/stat") $(cat "$S/log/supervise/stat")" "down down" "both down"

# SIGTERM = x
S=$T/term
mksvc "$S" 'exec sleep 1000'
mksvc "$S/log" 'exec cat >/dev/null'
runsv_start "$S"
ok "running" stat_is "$S/log" run
p=$(pid_of "$S") lp=$(pid_of "$S/log")
kill -TERM "$RSV"
ok "SIGTERM: runsv exits" wait_gone "$RSV"
wait "$RSV"; is "$?" 0 "SIGTERM: exit code 0"
ok "SIGTERM: service gone" wait_gone "$p"
ok "SIGTERM: logger gone (EOF)" wait_gone "$lp"

# without a log
S=$T/nolog
mksvc "$S" 'exec sleep 1000'
runsv_start "$S"
ok "running" stat_is "$S" run
p=$(pid_of "$S")
kill -TERM "$RSV"
ok "SIGTERM without log: runsv exits" wait_gone "$RSV"
wait "$RSV"; is "$?" 0 "exit code 0"
ok "service gone" wait_gone "$p"

# a logger that ignores EOF keeps runsv alive, with want exit shown
S=$T/stubborn
mksvc "$S" 'exec sleep 1000'
mksvc "$S/log" 'cat >/dev/null; exec sleep 1000'
runsv_start "$S"
ok "running" stat_is "$S/log" run
ctl "$S" x
ok "main down" stat_is "$S" down
sleep 0.5
ok "runsv waits for its logger" alive "$RSV"
is "$(cat "$S/log/supervise/stat")" "run, want exit" "log stat: run, want exit"
ctl "$S/log" k
ok "killed logger: runsv exits" wait_gone "$RSV"

finish
