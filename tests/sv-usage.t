#!/bin/sh
# sv: usage errors, -V, unknown options and commands, -w junk, service name
# resolution (SVDIR, paths) and its failure message, against Debian's sv.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sv-lib.sh"
require_ref
cd "$T" || exit 1
export SVDIR="$T"

same() { # DESC ARGS...
  _d=$1; shift
  _o=$($SV "$@" 2>&1); _r=$?
  _w=$($REFSV "$@" 2>&1); _rr=$?
  is "$(echo "$_o rc=$_r" | norm)" "$(echo "$_w rc=$_rr" | norm)" "$_d"
}

$SV 2>"$T/err"; is "$?" 100 'no arguments: exit 100'
is "$(cat "$T/err"; echo .)" 'usage: sv [-v] [-w sec] command service ...

.' 'usage line and a blank line on stderr'
same 'no arguments' 
same 'no service' status
same 'no service, with -v' -v up
same 'an unknown option' -x status a
same 'an option group with an unknown option' -vq status a
same '-w without its argument' -w
same '-- ends the options' -- status nosuch
for c in bogus rattle refresh fix force force-quit U S Z 0 '' Check; do
  same "unknown command '$c'" "$c" a
done
$SV -V status a 2>"$T/err"; is "$?" 100 '-V: exit 100'
like "$(head -n1 "$T/err")" '^runit-[0-9][^ ]* \([a-z]+\)$' '-V prints a version line'
is "$(sed 1d "$T/err")" 'usage: sv [-v] [-w sec] command service ...' '... then the usage'

# -w takes digits up to the first non-digit; junk is 0 (no usage error)
fakesv "$T/a"; mkstatus "$T/a" 100 7 0 d 0 1
same '-w junk means 0' -w junk down a
same '-w 0junk means 0' -w0junk down a
same '-vw0 groups' -vw0 down a

# names: plain names live in $SVDIR, paths are taken as they are
mkdir -p "$T/dir/b"; fakesv "$T/dir/b"; mkstatus "$T/dir/b" -5 8 0 u 0 1
is "$(SVDIR=$T/dir $SV status b)" 'run: b: (pid 8) 0s' 'a plain name is looked up in SVDIR'
is "$(SVDIR=$T/dir/ $SV status b)" 'run: b: (pid 8) 0s' 'SVDIR with a trailing slash'
is "$(SVDIR=/nonexistent $SV status ./dir/b dir/b/ "$T/dir/b")" \
  "run: ./dir/b: (pid 8) 0s
run: dir/b/: (pid 8) 0s
run: $T/dir/b: (pid 8) 0s" 'paths (./, trailing /, absolute) ignore SVDIR'
same 'a missing service' status nosuch
same 'SVDIR missing' status b
r=$(SVDIR=/nonexistent $SV status b); is "$?:$r" \
  '1:fail: b: unable to change to service directory /nonexistent/b: file does not exist' \
  'fail line: a plain name says where it was looked for'
r=$(SVDIR=/nonexistent/ $SV status b); is "$?:$r" \
  '1:fail: b: unable to change to service directory /nonexistent/b: file does not exist' \
  'fail line: SVDIR with a trailing /'
r=$(SVDIR=/nonexistent $SV status ./b); is "$?:$r" \
  '1:fail: ./b: unable to change to service directory: file does not exist' \
  'fail line: a path is named as it was given, as runit does'
: > "$T/file"
same 'a service that is a file' status file
same 'an empty name' status ''
same 'several, in order' status nosuch a dir/b/ ''
finish
