#!/bin/sh
# sv -v / -w and the waiting commands against a real runsv ($RUNSV): ok:
# lines, timeout: and kill: lines, k sent by force-*, ./check, shutdown,
# error counting, SVWAIT, and the trailing-slash fix.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sv-lib.sh"
require_ref
export SVDIR="$T"
cd "$T" || exit 1

mksvc a "trap '' HUP ALRM INT QUIT USR1 USR2; : > ready; exec sleep 3600"; startsv a
r=$($SV -v down a); is "$?:$(echo "$r" | norm)" '0:ok: down: a: Ns, normally up' '-v down'
r=$($SV -v up a); is "$?:$(echo "$r" | norm)" '0:ok: run: a: (pid N) Ns' '-v up'
r=$($SV -v pause a); is "$?:$(echo "$r" | norm)" '0:ok: run: a: (pid N) Ns, paused' '-v pause'
r=$($SV -v cont a); is "$?:$(echo "$r" | norm)" '0:ok: run: a: (pid N) Ns' '-v cont'
for c in hup alarm interrupt quit 1 2 reload; do
  r=$($SV -v $c a); is "$?:$(echo "$r" | norm)" '0:ok: run: a: (pid N) Ns' "-v $c: ok at once"
done
r=$($SV -v once a); is "$?:$(echo "$r" | norm)" '0:ok: run: a: (pid N) Ns, want down' '-v once'
r=$($SV start a); like "$?:$(echo "$r" | norm)" '^0:ok: run: a: \(pid N\) Ns(, want down)?$' \
  'start (a running service passes at once, runit rule)'
r=$($SV stop a); is "$?:$(echo "$r" | norm)" '0:ok: down: a: Ns, normally up' 'stop'
r=$($SV try-restart a); is "$?:$(echo "$r" | norm)" '0:ok: down: a: Ns, normally up' \
  'try-restart of a stopped service passes at once'
r=$($SV check a); is "$?:$(echo "$r" | norm)" '0:ok: down: a: Ns, normally up' 'check: wanted down, is down'
$SV start a >/dev/null
pid1=$(cat a/supervise/pid)
# (no pause first: a restart is told by the record's whole start time,
# not by whole seconds as runit does; tests/sv-restart.t)
r=$($SV restart a); is "$?:$(echo "$r" | norm)" '0:ok: run: a: (pid N) Ns' 'restart'
pid2=$(cat a/supervise/pid)
ok 'restart gave a new process' [ "$pid1" != "$pid2" ]
r=$($SV check a); is "$?:$(echo "$r" | norm)" '0:ok: run: a: (pid N) Ns' 'check: wanted up, is up'

# ./check
printf '#!/bin/sh\nexit 1\n' > a/check; chmod +x a/check
r=$($SV -w 1 start a); is "$?:$(echo "$r" | norm)" '1:timeout: run: a: (pid N) Ns' 'failing ./check: timeout'
r=$($SV -w 1 check a); is "$?:$(echo "$r" | norm)" '1:timeout: run: a: (pid N) Ns' 'check runs ./check'
printf '#!/bin/sh\necho to-stdout; exit 0\n' > a/check
r=$($SV -w 1 start a 2>/dev/null); is "$?:$(echo "$r" | norm)" '0:ok: run: a: (pid N) Ns' \
  'passing ./check; its stdout is closed'
printf '#!/bin/sh\necho run >> "%s/checks"; exit 1\n' "$T" > a/check
$SV -w 3 start a >/dev/null
n=$(wc -l < "$T/checks")
ok "./check runs stay bounded by the backoff ($n runs in 3 s)" [ "$n" -ge 2 -a "$n" -le 30 ]
chmod -x a/check
r=$($SV -w 1 start a 2>"$T/err"); is "$?:$(echo "$r" | norm)" '0:ok: run: a: (pid N) Ns' \
  'a non-executable ./check passes (runit rule)'
is "$(cat "$T/err")" 'warning: unable to run a/check: access denied' '... with a warning on stderr'
rm a/check

# a service that ignores TERM: timeout:, then kill: and k
mksvc b "trap '' TERM; : > ready; exec sleep 3600"; startsv b
# (3 s: the line shows the TERM only if runsv has read the d by then; a
# parallel run under load once starved it for a second)
r=$($SV -w 3 down b); is "$?:$(echo "$r" | norm)" '1:timeout: run: b: (pid N) Ns, want down, got TERM' \
  'down times out'
r=$($SV -w 1 down a b); is "$?:$(echo "$r" | norm)" '1:ok: down: a: Ns, normally up
timeout: run: b: (pid N) Ns, want down, got TERM' 'one ok, one timeout: exit 1'
r=$(SVWAIT=1 $SV stop b); is "$?:$(echo "$r" | norm)" '1:timeout: run: b: (pid N) Ns, want down, got TERM' \
  'SVWAIT sets the limit'
r=$(SVWAIT=junk $SV -w 1 stop b); is "$?:$(echo "$r" | norm)" '1:timeout: run: b: (pid N) Ns, want down, got TERM' \
  '-w overrides SVWAIT'
r=$($SV -w 1 force-stop b); is "$?:$(echo "$r" | norm)" '1:kill: run: b: (pid N) Ns, want down, got TERM' \
  'force-stop: kill: line'
ok 'force-stop sent k: b goes down' wait_until 10 sh -c "[ \"\$(od -An -tu1 -j19 -N1 b/supervise/status | tr -d ' ')\" = 0 ]"
r=$($SV -v up b); is "$?:$(echo "$r" | norm)" '0:ok: run: b: (pid N) Ns' 'b up again'
r=$($SV -w 1 D b); is "$?:$(echo "$r" | norm)" '1:kill: run: b: (pid N) Ns, want down, got TERM' \
  'D is force-stop'
wait_until 10 sh -c "[ \"\$(od -An -tu1 -j19 -N1 b/supervise/status | tr -d ' ')\" = 0 ]"
$SV -v up b >/dev/null
r=$($SV -w 1 check b); is "$?:$(echo "$r" | norm)" '0:ok: run: b: (pid N) Ns' 'check b: up'
$SV down b
wait_until 10 sh -c "[ \"\$(od -An -c -j17 -N1 b/supervise/status | tr -d ' ')\" = d ]"
r=$($SV -w 1 check b); is "$?:$(echo "$r" | norm)" '1:timeout: run: b: (pid N) Ns, want down, got TERM' \
  'check waits for the wanted state, down (runit 2.3.0)'
r=$($REFSV -w 1 check b); is "$?:$(echo "$r" | norm)" '0:ok: run: b: (pid N) Ns, want down, got TERM' \
  "(Debian's 2.1.2 sv passes a running service)"
$SV -w 1 force-stop b >/dev/null

# shutdown waits until runsv is gone
mksvc c; startsv c
r=$($SV -v exit c); is "$?:$r" '0:ok: c: runsv not running' '-v exit waits for runsv to exit'
r=$($SV exit c); is "$?:$r" '0:ok: c: runsv not running' 'exit without runsv: ok'
r=$($SV shutdown c); is "$?:$r" '0:ok: c: runsv not running' 'shutdown without runsv: ok'
r=$($SV up c); is "$?:$r" '1:fail: c: runsv not running' 'up without runsv: fail'
r=$($SV -w 0 start c); is "$?:$r" '1:fail: c: runsv not running' 'start without runsv, -w 0: fail'
r=$($SV status c); is "$?:$r" '1:fail: c: runsv not running' 'status without runsv: fail'

# the trailing-slash fix: runit forgets the rule in its wait loop
mkdir -p "$T/empty"
r=$(SVDIR=$T/empty $SV -v down a/); is "$?:$(echo "$r" | norm)" '0:ok: down: a/: Ns, normally up' \
  '-v down a/ resolves a/ in the wait loop too'
r=$(SVDIR=$T/empty $REFSV -v up a/); is "$?:$r" '1:fail: a/: unable to change to service directory: file does not exist' \
  "(Debian's sv fails there)"

# counting, and the cap at 99
set --; i=0; while [ $i -lt 120 ]; do set -- "$@" "nosuch$i"; i=$((i + 1)); done
$SV up nosuch1 nosuch2 nosuch3 2>/dev/null >/dev/null; is $? 3 'three failures: exit 3'
$SV up "$@" >/dev/null 2>&1; is $? 99 '120 failures: exit 99'
$REFSV up "$@" >/dev/null 2>&1; is $? 99 "(Debian's: 99 too)"
r=$($SV -v up nosuch a); is "$?:$(echo "$r" | norm)" '1:fail: nosuch: unable to change to service directory: file does not exist
ok: run: a: (pid N) Ns' 'failed services are dropped, the rest waited for'
finish
