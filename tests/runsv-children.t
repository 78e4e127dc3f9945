#!/bin/sh
# What runsv gives its children (runsv.8, SIGNALS): ./run, ./finish and
# the control/<letter> hooks start with every signal at its default
# disposition and none blocked, whatever runsv was started with.  A shell
# that starts runsvdir with `&` (make demo) leaves SIGINT and SIGQUIT
# ignored, and exec keeps what is ignored: sv interrupt and sv quit must
# still work.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od python3

SV=$B/sv
# SigIgn and SigBlk of a process, as two hex words on one line (each
# child execs awk, which reads its own: exec keeps both)
sigs() { awk '/^SigIgn:/ { i = $2 } /^SigBlk:/ { b = $2 } END { print i, b }' "$1"; }
NONE="0000000000000000 0000000000000000"
# glibc keeps signals 32 and 33 for itself (its sigaction refuses them),
# so the sanitizer build (glibc) cannot reset an ignore of those it
# inherited; dietlibc's can.  norm drops them for that build only.
norm() {
  set -- $1
  [ "${RUNIT_SANITIZE:-}" = 1 ] && [ -n "$1" ] && set -- "$(printf '%016x' $((0x$1 & ~0x180000000)))" "$2"
  echo "$1 $2"
}

S=$T/svc
# each child notes its own dispositions and mask in a file of its own
mksvc "$S" 'sh -c '\''exec awk "/^SigIgn:/ { i = \$2 } /^SigBlk:/ { b = \$2 } END { print i, b }" /proc/self/status'\'' >run.sigs
exec sleep 1000'
mkscript "$S/finish" 'exec awk "/^SigIgn:/ { i = \$2 } /^SigBlk:/ { b = \$2 } END { print i, b }" /proc/self/status >finish.sigs'
mkdir "$S/control"
mkscript "$S/control/u" 'exec awk "/^SigIgn:/ { i = \$2 } /^SigBlk:/ { b = \$2 } END { print i, b }" /proc/self/status >hook.sigs'

# runsv started as a background job of a script is: INT and QUIT ignored
# (and, here, USR1 and HUP blocked and PIPE ignored too)
spawn python3 -c '
import os, signal, sys
for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGPIPE): signal.signal(s, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1, signal.SIGHUP])
os.execv(sys.argv[1], sys.argv[1:])' "$RUNSV" "$S" 2>>"$S.err"
RSV=$!
wait_until 10 ok_open "$S" || echo "# runsv did not come up"
ok "runs" stat_is "$S" run
like "$(sigs /proc/$RSV/status)" "^[0-9a-f]*1006 " "runsv itself was given INT, QUIT and PIPE ignored"
ok "./run noted its signals" wait_until 10 test -s "$S/run.sigs"
is "$(norm "$(cat "$S/run.sigs")")" "$NONE" "./run: nothing ignored, nothing blocked"
is "$(norm "$(cat "$S/hook.sigs")")" "$NONE" "control/u: nothing ignored, nothing blocked"
pid=$(pid_of "$S")
is "$(norm "$(sigs /proc/$pid/status)")" "$NONE" "./run after exec: nothing ignored, nothing blocked"

# sv interrupt ends it (SIGINT at its default), ./finish sees the same
"$SV" interrupt "$S" >/dev/null
ok "sv interrupt: ./run ended" wait_until 10 sh -c '[ "$(cat "$1/supervise/pid")" != "$2" ]' - "$S" "$pid"
ok "./finish noted its signals" wait_until 10 test -s "$S/finish.sigs"
is "$(norm "$(cat "$S/finish.sigs")")" "$NONE" "./finish: nothing ignored, nothing blocked"
ok "restarted" stat_is "$S" run
ok "the new ./run noted its signals" wait_until 10 sh -c '[ "$(cat "$1/supervise/pid")" != "$2" ] && test -s "$1/run.sigs"' - "$S" "$pid"
pid=$(pid_of "$S")
"$SV" quit "$S" >/dev/null
ok "sv quit: ./run ended" wait_until 10 sh -c '[ "$(cat "$1/supervise/pid")" != "$2" ]' - "$S" "$pid"

ctl "$S" x
ok "runsv exits" wait_gone "$RSV"
finish
