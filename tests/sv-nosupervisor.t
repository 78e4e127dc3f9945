#!/bin/sh
# A waiting sv command on a service whose supervisor has not started yet
# (no supervise/ok, or nobody reading it) waits for it within its limit,
# so `ln -s /src/svc /service/; sv start svc` works without a retry loop.
# Non-waiting commands and status fail at once, as runit's do.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sv-lib.sh"
require_ref
export SVDIR="$T/service"
mkdir "$T/service" "$T/src"
PATH=$(dirname "$RUNSV"):$PATH; export PATH

# the supervisor shows up half a second after sv started
mksvc "$T/src/a"; ln -s "$T/src/a" "$T/service/a"
$SV -w 10 start a > "$T/out" 2>&1 & svpid=$!
sleep 0.5; startsv "$T/service/a"
wait $svpid; is "$?:$(norm < "$T/out")" '0:ok: run: a: (pid N) Ns' 'start waits for a new supervisor'

# a stale supervise/ (runsv gone): the ok FIFO has no reader
$SV -v exit a >/dev/null
mksvc "$T/src/b"; : > "$T/src/b/down"; ln -s "$T/src/b" "$T/service/b"
startsv "$T/service/b"; $SV -v exit b > /dev/null
$SV -w 10 force-restart a b > "$T/out" 2>&1 & svpid=$!
sleep 0.5; startsv "$T/service/a"; startsv "$T/service/b"
# each service is reported when it is done: either may come first
wait $svpid; is "$?:$(norm < "$T/out" | sort)" '0:ok: run: a: (pid N) Ns
ok: run: b: (pid N) Ns, normally down' 'force-restart waits for restarted supervisors'
$SV -v exit a b >/dev/null

mksvc "$T/src/c"; ln -s "$T/src/c" "$T/service/c"
$SV -w 10 check c > "$T/out" 2>&1 & svpid=$!
sleep 0.5; startsv "$T/service/c"
wait $svpid; is "$?:$(norm < "$T/out")" '0:ok: run: c: (pid N) Ns' 'check waits for a new supervisor'
$SV -v exit c >/dev/null

# no supervisor within the limit: the usual failure line
mksvc "$T/src/d"; ln -s "$T/src/d" "$T/service/d"
r=$($SV -w 1 start d); is "$?:$r" '1:warning: d: unable to open supervise/ok: file does not exist' \
  'never supervised, -w 1: warning after the limit'
r=$($SV -w 1 start a); is "$?:$r" '1:fail: a: runsv not running' 'runsv gone, -w 1: fail after the limit'
r=$($SV -w 1 stop a d); is "$?:$r" '2:fail: a: runsv not running
warning: d: unable to open supervise/ok: file does not exist' 'two services, two failures'
r=$($REFSV -w 1 start a); is "$?:$r" '1:fail: a: runsv not running' "(Debian's sv says so at once)"

# not waiting: at once, as runit
r=$($SV up a); is "$?:$r" '1:fail: a: runsv not running' 'up fails at once'
r=$($SV up d); is "$?:$r" '1:warning: d: unable to open supervise/ok: file does not exist' 'up, never supervised'
r=$($SV status a d); is "$?:$r" '2:fail: a: runsv not running
warning: d: unable to open supervise/ok: file does not exist' 'status fails at once'
r=$(timeout 30 $SV -w 600 force-stop a d); is "$?:$r" '2:fail: a: runsv not running
warning: d: unable to open supervise/ok: file does not exist' \
  'force-stop does not wait for a supervisor (a stage 3 never hangs on one)'
r=$($SV -w 5 shutdown a); is "$?:$r" '0:ok: a: runsv not running' 'shutdown: no supervisor is success'
r=$($SV -w 5 start nosuch); is "$?:$r" \
  "1:fail: nosuch: unable to change to service directory $SVDIR/nosuch: file does not exist" \
  'a missing service directory fails at once'

# with runsvdir: link, then start at once
RUNSVDIR=$B/runsvdir
[ -x "$RUNSVDIR" ] || RUNSVDIR=$REF/usr/bin/runsvdir
mkdir "$T/scan"
"$RUNSVDIR" "$T/scan" & rsvd=$!; _pids="$_pids $rsvd"
sleep 0.3
mksvc "$T/src/e"
ln -s "$T/src/e" "$T/scan/e"
r=$(SVDIR=$T/scan $SV -w 10 start e); is "$?:$(echo "$r" | norm)" '0:ok: run: e: (pid N) Ns' \
  'ln -s, then sv start (runsvdir)'
# runsvdir leaves its runsv behind on TERM: stop both, in that order
kill -TERM $rsvd; wait $rsvd
SVDIR=$T/scan $SV -v exit e >/dev/null
finish
