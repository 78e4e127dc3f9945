#!/bin/sh
# runit as process 1 of a PID namespace: the stage sequence.  Stage 1 exit
# 100 or a crash skips stage 2; stage 2 exit 111 or a crash restarts it
# after 5 s; other exits go on; a missing stage file counts as an exit;
# stage children start with no blocked and no ignored SIGCONT.  Each case
# has its own throw-away root; all run at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runit-root.sh"
ns_require

# a stage that prints @<name> and ends as told
mk() { # case stage1 stage2 stage3
  mkroot "$T/$1"
  [ -n "$2" ] && stage "$T/$1" 1 "echo @1; $2"
  [ -n "$3" ] && stage "$T/$1" 2 "echo @2; $3"
  [ -n "$4" ] && stage "$T/$1" 3 "echo @3; $4"
  ns_start "$T/$1" 40
}

mk s1exit100 'exit 100' 'echo @never' 'exit 0'
mk s1crash 'kill -SEGV $$' 'echo @never' 'exit 0'
mk s1fail 'exit 3' 'exit 0' 'exit 4'
mk s2exit111 'exit 0' '[ -e /tmp/again ] && exit 0; : >/tmp/again; exit 111' 'exit 0'
mk s2crash 'exit 0' '[ -e /tmp/again ] && exit 7; : >/tmp/again; kill -KILL $$' 'exit 0'
mk missing '' '' ''
mk no2 'exit 0' '' 'exit 0'
mk sigs 'exit 0' 'grep -E "^Sig(Blk|Ign)" /proc/self/status | sed "s/^/@/"' 'exit 0'
# the process group of a restarted stage 2 is cleared: a leftover
# background child must be gone when stage 2 runs again
mk s2group 'exit 0' 'if [ -e /tmp/pid ]; then kill -0 $(cat /tmp/pid) 2>/dev/null && echo @alive || echo @gone; exit 0; fi
sleep 1000 & echo $! >/tmp/pid; exit 111' 'exit 0'

is "$(ns_wait "$T/s1exit100")" "signal 2" "stage 1 exit 100: halted (SIGINT to the parent)"
is "$(markers "$T/s1exit100")" '- runit: $Id$: booting.
- runit: enter stage: /etc/runit/1
@1
- runit: warning: child failed: /etc/runit/1
- runit: leave stage: /etc/runit/1
- runit: warning: skipping stage 2...
- runit: enter stage: /etc/runit/3
@3
- runit: leave stage: /etc/runit/3
- runit: sending KILL signal to all processes...
- runit: power off...' "stage 1 exit 100 skips stage 2"

is "$(ns_wait "$T/s1crash")" "signal 2" "stage 1 crash: halted"
is "$(markers "$T/s1crash" | sed -n '3,6p')" '@1
- runit: warning: child crashed: /etc/runit/1
- runit: leave stage: /etc/runit/1
- runit: warning: skipping stage 2...' "stage 1 crash skips stage 2 (runit 2.3.0)"

is "$(ns_wait "$T/s1fail")" "signal 2" "stage 1 exit 3: halted after stage 3"
is "$(markers "$T/s1fail")" '- runit: $Id$: booting.
- runit: enter stage: /etc/runit/1
@1
- runit: warning: child failed: /etc/runit/1
- runit: leave stage: /etc/runit/1
- runit: enter stage: /etc/runit/2
@2
- runit: leave stage: /etc/runit/2
- runit: enter stage: /etc/runit/3
@3
- runit: warning: child failed: /etc/runit/3
- runit: leave stage: /etc/runit/3
- runit: sending KILL signal to all processes...
- runit: power off...' "other stage 1 failures still run stage 2; stage 2 exit 0 goes to stage 3"

is "$(ns_wait "$T/s2exit111")" "signal 2" "stage 2 exit 111: halted in the end"
is "$(markers "$T/s2exit111" | sed -n '5,12p')" '- runit: enter stage: /etc/runit/2
@2
- runit: warning: child failed: /etc/runit/2
- runit: warning: killing all processes in stage 2...
- runit: warning: restarting.
- runit: enter stage: /etc/runit/2
@2
- runit: leave stage: /etc/runit/2' "stage 2 exit 111 is restarted"

is "$(ns_wait "$T/s2crash")" "signal 2" "stage 2 crash: halted in the end"
is "$(markers "$T/s2crash" | sed -n '5,14p')" '- runit: enter stage: /etc/runit/2
@2
- runit: warning: child crashed: /etc/runit/2
- runit: warning: killing all processes in stage 2...
- runit: warning: restarting.
- runit: enter stage: /etc/runit/2
@2
- runit: warning: child failed: /etc/runit/2
- runit: leave stage: /etc/runit/2
- runit: enter stage: /etc/runit/3' "stage 2 crash is restarted (runit 2.3.0); exit 7 is not"

is "$(ns_wait "$T/s2group")" "signal 2" "stage 2 group: halted in the end"
like "$(console "$T/s2group")" '@gone' "stage 2's process group is killed before the restart"

is "$(ns_wait "$T/missing")" "signal 2" "no stage files at all: still halts"
is "$(markers "$T/missing")" '- runit: $Id$: booting.
- runit: enter stage: /etc/runit/1
- runit: fatal: unable to start child: /etc/runit/1: file does not exist
- runit: leave stage: /etc/runit/1
- runit: enter stage: /etc/runit/2
- runit: fatal: unable to start child: /etc/runit/2: file does not exist
- runit: leave stage: /etc/runit/2
- runit: enter stage: /etc/runit/3
- runit: fatal: unable to start child: /etc/runit/3: file does not exist
- runit: leave stage: /etc/runit/3
- runit: sending KILL signal to all processes...
- runit: power off...' "a missing stage file counts as an exit"

is "$(ns_wait "$T/no2")" "signal 2" "missing stage 2 only: halted"
like "$(markers "$T/no2" | tr '\n' '|')" 'unable to start child: /etc/runit/2: file does not exist\|- runit: leave stage: /etc/runit/2\|- runit: enter stage: /etc/runit/3\|@3' \
  "a missing stage 2 goes on to stage 3"

is "$(ns_wait "$T/sigs")" "signal 2" "dispositions case: halted"
blk=$(sed -n 's/^@SigBlk:[[:space:]]*//p' "$T/sigs.console")
ign=$(sed -n 's/^@SigIgn:[[:space:]]*//p' "$T/sigs.console")
is "$blk" 0000000000000000 "stage children start with no signal blocked"
# SIGCONT is signal 18: bit 17 of the mask, 0x20000
ok "stage children do not inherit an ignored SIGCONT (runit 2.3.0) [SigIgn $ign]" \
  test -n "$ign" -a $(( 0x$ign & 0x20000 )) -eq 0

finish
