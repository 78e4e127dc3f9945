#!/bin/sh
# sv status: every combination of state, pid, paused, want, got-TERM and
# ./down, the log part with each of its troubles, and bad status records,
# compared byte for byte with Debian's sv on the same (fake) supervise files.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sv-lib.sh"
require_ref
require od

export SVDIR="$T"
fakesv "$T/a"

same() { # DESC ARGS...: our and Debian's output and exit code agree
  # (where a record's age shows in seconds, a second may turn between the
  # two sv's, but not twice in a row: a difference is looked at again once)
  _d=$1; shift
  _o=$($SV "$@" 2>&1); _r=$?
  _w=$($REFSV "$@" 2>&1); _rr=$?
  if [ "$_o rc=$_r" != "$_w rc=$_rr" ]; then
    _o=$($SV "$@" 2>&1); _r=$?
    _w=$($REFSV "$@" 2>&1); _rr=$?
  fi
  is "$_o rc=$_r" "$_w rc=$_rr" "$_d"
}

# a start time in the future shows as 0s on both sides
for state in 0 1 2; do for pid in 0 77; do for paused in 0 1; do
for want in u d; do for term in 0 1; do for down in n y; do
  mkstatus "$T/a" -5 $pid $paused $want $term $state
  if [ $down = y ]; then : > "$T/a/down"; else rm -f "$T/a/down"; fi
  same "status state=$state pid=$pid paused=$paused want=$want term=$term down=$down" status a
done; done; done; done; done; done
rm -f "$T/a/down"

# spelled out
mkstatus "$T/a" -5 13822 0 u 0 1
is "$($SV status a)" 'run: a: (pid 13822) 0s' 'run line'
mkstatus "$T/a" -5 0 0 u 0 0
is "$($SV status a)" 'down: a: 0s, normally up, want up' 'down line in the restart gap'
mkstatus "$T/a" -5 14321 0 d 0 2
is "$($SV status a)" 'finish: a: (pid 14321) 0s, want down' 'finish line'
mkstatus "$T/a" -5 15198 1 d 1 1
: > "$T/a/down"
is "$($SV status a)" 'run: a: (pid 15198) 0s, normally down, paused, want down, got TERM' \
  'all annotations, in order'
rm "$T/a/down"
mkstatus "$T/a" 42 0 0 d 0 0
like "$($SV status a)" '^down: a: 4[23]s, normally up$' 'seconds since the change'
same 'seconds since the change, as Debian' status a
mkstatus "$T/a" -5 4294967295 0 u 0 1
same 'a pid with the top bit set' status a
mkstatus "$T/a" -5 5 0 u 0 3
same 'an unknown state byte' status a
mkstatus "$T/a" -5 5 0 x 0 1
same 'an unknown want byte' status a

# the log part
mkstatus "$T/a" -5 10 0 u 0 1
fakesv "$T/a/log"
mkstatus "$T/a/log" -5 11 0 u 0 1
is "$($SV status a)" 'run: a: (pid 10) 0s; run: log: (pid 11) 0s' 'main and log'
: > "$T/a/log/down"
mkstatus "$T/a/log" -5 0 0 d 0 0
same 'log down, normally down' status a
is "$($SV status a)" 'run: a: (pid 10) 0s; down: log: 0s' 'log down, normally down (text)'
rm "$T/a/log/down"
# a log record that cannot be read: the warning alone (runit then prints
# the main service's record again as the log's, pid and all)
printf 'short' > "$T/a/log/supervise/status"
r=$($SV status a); is "$?:$r" '1:run: a: (pid 10) 0s; warning: a/log: unable to read supervise/status: bad format' \
  'log status of bad format: a warning, no log: part'
like "$($REFSV status a)" '^run: log: \(pid 10\) 0s$' "(Debian's sv: the main pid on a log: line)"
mkstatus "$T/a/log" -5 11 0 u 0 1
mkdir "$T/b" "$T/b/log"; fakesv "$T/b"; mkstatus "$T/b" -5 20 0 u 0 1
r=$($SV status b); is "$?:$r" "1:run: b: (pid 20) 0s; warning: b/log: unable to open supervise/ok: file does not exist" \
  'log without supervise/: a warning, no log: part'
like "$($REFSV status b)" '^run: log: \(pid 20\) 0s$' "(Debian's sv: the main pid on a log: line)"
mkdir "$T/b/log/supervise"; mkdir "$T/b/log/supervise/ok"
r=$($SV status b); is "$?:$r" "1:run: b: (pid 20) 0s; warning: b/log: unable to open supervise/ok: is a directory" \
  'log supervise/ok cannot be opened: a warning, no log: part'
rmdir "$T/b/log/supervise/ok"
mkfifo "$T/b/log/supervise/ok"
same 'log runsv not running' status b
is "$($SV status b)" 'run: b: (pid 20) 0s; fail: b/log: runsv not running' \
  'log runsv not running (text)'
mkdir "$T/c"; fakesv "$T/c"; mkstatus "$T/c" -5 30 0 u 0 1; : > "$T/c/log"
same 'log is not a directory' status c
is "$($SV status c)" 'run: c: (pid 30) 0s; warning: c/log: unable to change directory: not a directory' \
  'log is not a directory (text)'
ln -s down "$T/c/down.x"; ln -s down.x "$T/c/down"
same 'down that cannot be stat()ed' status c
rm "$T/c/down" "$T/c/down.x"

# bad status records (one of zeros started at TAI 0: its age is shown)
for n in 0 19 21 25; do
  head -c $n /dev/zero > "$T/a/supervise/status"
  same "a status of $n bytes" status a
done
head -c 19 /dev/zero > "$T/a/supervise/status"
is "$($SV status a)" 'warning: a: unable to read supervise/status: bad format' \
  'bad format (text)'
$SV status a >/dev/null; is $? 1 'bad format counts as a failure'
rm "$T/a/supervise/status"
same 'no status file' status a
finish
