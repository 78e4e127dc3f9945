#!/bin/sh
# sv as an LSB init script (called through a link named like the service):
# usage (exit 2), status exit codes 0/3/4 and 1, the log not masking the
# main service (runit 2.3.0), other commands, and fatal errors (151).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sv-lib.sh"
require_ref
export SVDIR="$T"
mkdir "$T/ours" "$T/ref"
ln -s "$SV" "$T/ours/foo"; ln -s "$REFSV" "$T/ref/foo"
FOO=$T/ours/foo RFOO=$T/ref/foo

same() { # DESC ARGS...
  _d=$1; shift
  _o=$($FOO "$@" 2>&1); _r=$?
  _w=$($RFOO "$@" 2>&1); _rr=$?
  is "$(echo "$_o rc=$_r" | sed -E 's/(unable to change to service directory) [^:]*:/\1:/')" \
    "$_w rc=$_rr" "$_d"
}

$FOO 2>"$T/err"; is "$?" 2 'no command: exit 2'
is "$(cat "$T/err")" 'usage: foo [-w sec] command' 'usage names the link'
same 'usage as Debian' 
same 'stat is not status in LSB mode' stat
same 'an unknown command' bogus
same 'an unknown option' -x status
$FOO -V status 2>"$T/err"; is "$?" 2 '-V: exit 2'
like "$(head -n1 "$T/err")" '^runit-[0-9][^ ]* \([a-z]+\)$' '-V prints the version'
same 'no service directory: exit 1' status
is "$($FOO status)" "fail: foo: unable to change to service directory $T/foo: file does not exist" \
  'no service directory: says where it looked'

fakesv "$T/foo"
mkstatus "$T/foo" -5 123 0 u 0 1
r=$($FOO status); is "$?:$r" '0:run: foo: (pid 123) 0s' 'running: 0'
same 'running, as Debian' status
r=$($FOO status extra args); is "$?:$r" '0:run: foo: (pid 123) 0s' 'extra arguments are ignored'
mkstatus "$T/foo" -5 0 0 d 0 0
r=$($FOO status); is "$?:$r" '3:down: foo: 0s, normally up' 'down: 3'
same 'down, as Debian' status
mkstatus "$T/foo" -5 55 0 d 1 2
r=$($FOO status); is "$?:$r" '0:finish: foo: (pid 55) 0s, want down, got TERM' 'finishing: 0'
printf 'junk' > "$T/foo/supervise/status"
r=$($FOO status); is "$?:$r" '4:warning: foo: unable to read supervise/status: bad format' 'unreadable: 4'
same 'unreadable, as Debian' status
ln -s down.x "$T/foo/down"; ln -s down "$T/foo/down.x"
mkstatus "$T/foo" -5 123 0 u 0 1
$FOO status >/dev/null 2>&1; is "$?" 4 './down cannot be stat()ed: 4'
rm "$T/foo/down" "$T/foo/down.x"

# the log does not decide the exit code (runit 2.3.0; 2.1.2 let it)
fakesv "$T/foo/log"
mkstatus "$T/foo/log" -5 0 0 u 0 0
r=$($FOO status); is "$?:$r" '0:run: foo: (pid 123) 0s; down: log: 0s, normally up, want up' \
  'main up, log down: 0'
$RFOO status >/dev/null; is "$?" 3 "(Debian's 2.1.2 says 3)"
mkstatus "$T/foo" -5 0 0 d 0 0
mkstatus "$T/foo/log" -5 9 0 u 0 1
r=$($FOO status); is "$?:$r" '3:down: foo: 0s, normally up; run: log: (pid 9) 0s' 'main down, log up: 3'
$RFOO status >/dev/null; is "$?" 0 "(Debian's 2.1.2 says 0)"
rm "$T/foo/log/supervise/ok"; mkfifo "$T/foo/log/supervise/ok"
r=$($FOO status); is "$?:$r" '3:down: foo: 0s, normally up; fail: foo/log: runsv not running' \
  'main down, log runsv gone: 3'

# other commands: the failure count
mkstatus "$T/foo" -5 123 0 d 0 1; ctl "$T/foo" >/dev/null
r=$($FOO -w 0 stop); is "$?:$(echo "$r" | norm)" '1:timeout: run: foo: (pid N) Ns, want down' 'stop times out: 1'
is "$(ctl "$T/foo")" d 'stop sent d'
# (-w 0: nothing reads the fake control FIFO, and sv waits for its u to
# be read until the limit, then judges the record as runit does)
r=$($FOO -w 0 start); is "$?:$(echo "$r" | norm)" '0:ok: run: foo: (pid N) Ns, want down' 'start: 0'
is "$(ctl "$T/foo")" u 'start sent u'
rm "$T/foo/supervise/ok"; mkfifo "$T/foo/supervise/ok"
same 'status without runsv: 1' status
same 'up without runsv: 1' up

# fatal errors exit 151 (100 as plain sv)
if command -v setpriv >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  mkdir "$T/locked"; chmod 0 "$T/locked"
  drop() { (cd "$T/locked" && setpriv --reuid=65534 --regid=65534 --clear-groups "$@"); }
  r=$(drop "$FOO" status 2>&1); is "$?:$r" '151:fatal: unable to open current directory: access denied' \
    'fatal error: 151'
  r=$(drop "$SV" status foo 2>&1); is "$?:$r" '100:fatal: unable to open current directory: access denied' \
    'fatal error as sv: 100'
  is "$(drop "$RFOO" status 2>&1; echo $?)" "$(drop "$FOO" status 2>&1; echo $?)" 'fatal, as Debian'
else
  skip 'fatal error: 151' 'needs root and setpriv'
fi
finish
