#!/bin/sh
# Control letters: signals, control/<letter> hooks, one byte per loop
# iteration, garbage bytes, the log service's control FIFO.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od

S=$T/s
mksvc "$S" '
for s in HUP ALRM INT QUIT USR1 USR2 CONT; do trap "echo $s >>sig.log" $s; done
trap "echo TERM >>sig.log; kill \$! 2>/dev/null; exit 0" TERM
echo start >>sig.log
while :; do sleep 5 >/dev/null 2>&1 & wait; kill $! 2>/dev/null; done'
# a background job has INT and QUIT ignored, and ./run would inherit that
runsv_start "$S" "env --default-signal=INT,QUIT $RUNSV"
ok "service runs" stat_is "$S" run
ok "run script started" wait_until 10 grep -q start "$S/sig.log"
pid=$(pid_of "$S")
R1=$RSV

n=1
for pair in h:HUP a:ALRM i:INT q:QUIT 1:USR1 2:USR2 c:CONT; do
  l=${pair%%:*} sig=${pair#*:}
  n=$((n + 1))
  ctl "$S" "$l"
  ok "$l sends SIG$sig" wait_until 10 sh -c "[ \$(wc -l <$S/sig.log) -ge $n ] && tail -n 1 $S/sig.log | grep -qx $sig"
done
is "$(pid_of "$S")" "$pid" "signals did not restart the service"

# p: SIGSTOP; c: SIGCONT
ctl "$S" p
ok "p stops the process" wait_until 10 sh -c "grep -q '^State:.*T' /proc/$pid/status"
ctl "$S" c
ok "c continues it" wait_until 10 sh -c "! grep -q '^State:.*T' /proc/$pid/status"

# hooks: exit 0 suppresses the signal, exit 1 does not
mkdir "$S/control"
mkscript "$S/control/h" 'echo hook-h >>hooks.log; exit 0'
mkscript "$S/control/a" 'echo hook-a >>hooks.log; exit 1'
: >"$S/sig.log"
ctl "$S" h
ok "control/h ran" wait_until 10 grep -qx hook-h "$S/hooks.log"
ctl "$S" a
ok "control/a ran and failed: ALRM still sent" wait_until 10 grep -qx ALRM "$S/sig.log"
ok "control/h exiting 0 suppressed HUP" sh -c "! grep -q HUP $S/sig.log"
# a non-executable hook counts as missing
mkscript "$S/control/i" 'echo hook-i >>hooks.log; exit 0'
chmod 644 "$S/control/i"
ctl "$S" i
ok "non-executable control/i ignored: INT sent" wait_until 10 grep -qx INT "$S/sig.log"
ok "non-executable control/i not run" sh -c "! grep -q hook-i $S/hooks.log"
# a hook killed by a signal counts as success (runit's rule)
mkscript "$S/control/q" 'echo hook-q >>hooks.log; kill -9 $$'
ctl "$S" q
ok "control/q ran" wait_until 10 grep -qx hook-q "$S/hooks.log"
ctl "$S" 1
ok "next letter served" wait_until 10 grep -qx USR1 "$S/sig.log"
ok "signal-killed control/q suppressed QUIT" sh -c "! grep -q QUIT $S/sig.log"
# a hook that cannot be executed fails (so the signal is sent), and its
# message names it (runit printed "control/?")
printf '#!/nonexistent/interpreter\n' >"$S/control/h"; chmod 755 "$S/control/h"
: >"$S/sig.log"
ctl "$S" h
ok "unexecutable control/h: HUP sent" wait_until 10 grep -qx HUP "$S/sig.log"
ok "unexecutable control/h: message" \
  grep -qx "runsv $S: fatal: unable to run control/h: file does not exist" "$S.err"
rm -f "$S/control/h" "$S/control/a" "$S/control/i" "$S/control/q"

# garbage bytes: ignored, runsv keeps supervising with a consistent status
before=$(status_of "$S")
awk 'BEGIN { for (i = 0; i < 256; i++) { c = sprintf("%c", i);
  if (index("udoxtkpchaiq12", c) == 0) printf "%s", c } }' >"$T/garbage"
ok "garbage written" timeout 5 sh -c "cat $T/garbage >$S/supervise/control"
ctl "$S" p
ok "letter after the garbage served" stat_is "$S" "run, paused"
ctl "$S" c
ok "and the next" stat_is "$S" run
_before() { [ "$(status_of "$S")" = "$before" ]; }
wait_until 10 _before   # (status is written after stat)
is "$(status_of "$S")" "$before" "status unchanged by garbage"
is "$(pid_of "$S")" "$pid" "service not restarted by garbage"
ok "runsv alive" alive "$RSV"

# one byte per iteration, in order: hooks record t, c, t, d
mkscript "$S/control/t" 'echo t >>order.log; exit 0'
mkscript "$S/control/c" 'echo c >>order.log; exit 1'
mkscript "$S/control/d" 'echo d >>order.log; exit 0'
ctl "$S" tcd
ok "tcd: all letters executed" wait_until 10 sh -c "[ \$(wc -l <$S/order.log) -ge 4 ]"
is "$(tr '\n' ' ' <"$S/order.log")" "t c t d " "tcd: executed in order, d's stop runs control/t then control/d"
ok "tcd: control/t suppressed TERM" stat_is "$S" "run, want down"
if command -v strace >/dev/null 2>&1; then
  strace -p "$R1" -e trace=read,poll -o "$T/strace" 2>/dev/null &
  st=$!
  sleep 0.5
  ctl "$S" pcpc
  stat_is "$S" run
  sleep 0.3
  kill "$st"; wait "$st" 2>/dev/null
  is "$(grep -c 'read([0-9]*, "[pc]", 1) *= 1' "$T/strace")" 4 "pcpc: four one-byte reads"
  ok "a poll between each" sh -c "[ \$(grep -c '^poll' $T/strace) -ge 4 ]"
else
  skip "one-byte reads seen with strace" "strace not installed"
  skip "a poll between each" "strace not installed"
fi
rm -f "$S/control/t" "$S/control/c" "$S/control/d"

# control/u runs before every start of ./run, automatic restarts included
mkscript "$S/control/u" 'echo u >>u.log'
ctl "$S" u
ok "u: no start while running: control/u not run" sh -c "sleep 0.3; [ ! -e $S/u.log ]"
ctl "$S" k
ok "automatic restart after k runs control/u" wait_until 10 grep -qsx u "$S/u.log"
ok "service back up" stat_is "$S" run
rm "$S/control/u"

# the log service's control FIFO: x is ignored there
mksvc "$T/l" 'echo hello; exec sleep 1000'
mksvc "$T/l/log" 'exec cat >>out'
runsv_start "$T/l"
ok "log runs" stat_is "$T/l/log" run
ctl "$T/l/log" x
sleep 0.3
ok "x on log/supervise/control ignored" stat_is "$T/l/log" run
ctl "$T/l/log" d
ok "d on the log control stops the log" stat_is "$T/l/log" down
ctl "$T/l/log" u
ok "u on the log control starts it" stat_is "$T/l/log" run
ctl "$T/l" x
ok "x: runsv exits" wait_gone "$RSV"
ctl "$S" x
ok "x: first runsv exits" wait_gone "$R1"

finish
