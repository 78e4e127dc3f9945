#!/bin/sh
# chpst -l/-L and the setlock personality: contention between two
# processes, the lock inherited by the program, runit's inverted setlock
# flags, and the errors.
. "$(dirname "$0")/lib.sh"
require flock

L=$T/lock
# (only once chpst created the file: flock(1) would create it mode 0644)
held() { [ -e "$L" ] && ! flock -n "$L" true; }

# the holder: chpst exec's sleep, which keeps the lock (fd inherited)
spawn chpst -l "$L" sleep 60
holder=$!
ok "the lock is held by the program chpst became" wait_until 20 held
is "$(readlink "/proc/$holder/fd/3")" "$L" "the program has the lock file open on fd 3"
flags=$(awk '/^flags/ { print $2 }' "/proc/$holder/fdinfo/3")
is "$(( 0$flags & 02000 ))" 1024 "opened for appending, as runit does"
[ -e "$L" ] && is "$(stat -c %a "$L")" 600 "lock file created mode 0600"

out=$(chpst -L "$L" echo ran 2>&1)
is "$?/$out" "111/chpst: fatal: unable to lock: $L: temporary failure" "-L fails at once when locked"

# -l waits until the holder goes away
spawn sh -c "chpst -l '$L' sh -c 'echo got-it >\"$T/waiter\"'"
waiter=$!
sleep 0.3
ok "-l waits while the lock is held" test ! -e "$T/waiter"
kill "$holder"
ok "-l gets the lock once released" wait_until 20 test -s "$T/waiter"
is "$(cat "$T/waiter" 2>/dev/null)" "got-it" "the waiting program ran"

# setlock: runit's flags (inverted against daemontools)
ln -s "$B/chpst" "$T/setlock"
S=$T/setlock
spawn "$S" -n "$L" sleep 60
holder=$!
ok "setlock -n takes the lock" wait_until 20 held
out=$("$S" "$L" echo ran 2>&1)
is "$?/$out" "111/chpst: fatal: unable to lock: $L: temporary failure" "setlock: fails at once by default"
out=$("$S" -N "$L" echo ran 2>&1)
is "$?/$out" "111/chpst: fatal: unable to lock: $L: temporary failure" "setlock -N: fails at once"
out=$("$S" -x "$L" echo ran 2>&1)
is "$?/$out" "0/" "setlock -x: exits 0 silently when locked"
out=$("$S" -x -X "$L" echo ran 2>&1)
is "$?" 111 "setlock -X undoes -x"
spawn "$S" -n "$L" sh -c "echo waited >'$T/swaiter'"
swaiter=$!
sleep 0.3
ok "setlock -n waits" test ! -e "$T/swaiter"
kill "$holder"
ok "setlock -n gets the lock when released" wait_until 20 test -s "$T/swaiter"
# (it holds the lock until its program has exited, not only written)
wait_until 20 sh -c "! kill -0 $swaiter 2>/dev/null"
is "$("$S" "$L" echo free)" "free" "setlock runs the program when the lock is free"
is "$("$S" "$L" sh -c 'readlink /proc/$$/fd/3')" "$L" "setlock: the program holds the lock"
out=$("$S" "$T/nodir/lock" true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to open lock: $T/nodir/lock: file does not exist" "setlock: unable to open"
out=$("$S" -x "$T/nodir/lock" true 2>&1)
is "$?/$out" "0/" "setlock -x: open failure exits 0"
out=$("$S" "$L" nosuchprogram-xyz 2>&1)
is "$?/$out" "111/chpst: fatal: unable to run: nosuchprogram-xyz: file does not exist" "setlock: program not found"
out=$("$S" -x "$L" nosuchprogram-xyz 2>&1)
is "$?/$out" "0/" "setlock -x: program not found exits 0"
SU=' [ -nNxX ] file program [ arg ... ]'
out=$("$S" "$L" 2>&1); is "$?/$out" "100/usage: setlock$SU" "setlock without a program: usage"
out=$("$S" -y "$L" true 2>&1); is "$?/$out" "100/setlock: illegal option -- y
usage: setlock$SU" "setlock unknown option"
ln -s "$B/chpst" "$T/dsetlock"
out=$("$T/dsetlock" 2>&1); is "$?/$out" "100/usage: setlock$SU" "a leading d is dropped (runit's quirk): dsetlock is setlock"

# a lock file where it cannot be created
out=$(chpst -l "$T/nodir/lock" true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to open lock: $T/nodir/lock: file does not exist" "-l in a missing directory"
out=$(chpst -L /proc/nolock true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to open lock: /proc/nolock: file does not exist" "-L in /proc"
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$T"; mkdir -m 755 "$T/ro"
  out=$(chpst -u nobody -L "$T/ro/lock" true 2>&1)
  is "$?/$out" "111/chpst: fatal: unable to open lock: $T/ro/lock: access denied" "-L in an unwritable directory (after setuid)"
else
  skip "-L in an unwritable directory" "needs root"
fi

# Debian's chpst agrees
require_ref
D=$REF/usr/bin/chpst
mkdir "$T/ref"; ln -s "$D" "$T/ref/setlock"
spawn chpst -l "$L" sleep 60
holder=$!
wait_until 20 held
for args in "-L $L true" "-l $T/nodir/lock true" "-L /proc/nolock true"; do
  a=$(eval "$D $args" 2>&1; echo "rc=$?")
  b=$(eval "$B/chpst $args" 2>&1; echo "rc=$?")
  is "$b" "$a" "same as Debian: chpst $args"
done
for args in "$L true" "-N $L true" "-x $L true" "-x -X $L true" "-x $T/nodir/l true" \
            "$T/nodir/l true" "$L" "-y $L true"; do
  a=$(eval "$T/ref/setlock $args" 2>&1; echo "rc=$?")
  b=$(eval "$S $args" 2>&1; echo "rc=$?")
  is "$b" "$a" "same as Debian: setlock $args"
done
kill "$holder"
for args in "$T/l2 nosuchprogram-xyz" "-x $T/l2 nosuchprogram-xyz"; do
  a=$(eval "$T/ref/setlock $args" 2>&1; echo "rc=$?")
  b=$(eval "$S $args" 2>&1; echo "rc=$?")
  is "$b" "$a" "same as Debian: setlock $args"
done

finish
