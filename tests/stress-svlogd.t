#!/bin/sh
# svlogd fed random binary data and very long lines at full speed: no
# crash, and every line written (the files together are the input, with a
# newline added to a last partial line).  Also NUL bytes in config lines
# (found by tests/fuzz/svlogd_config.c).
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
cd "$T"

# concatenation of the rotated files in order, then current
logged() { cat $(ls "$1"/@* 2>/dev/null | sort) "$1/current"; }
with_nl() { cat "$1"; [ -s "$1" ] && [ "$(tail -c1 "$1" | od -An -c | tr -d ' ')" != '\n' ] && echo; }

# 1. 8 MB of random bytes (lines of any length, NULs, no final newline)
head -c 8000000 /dev/urandom >in1
with_nl in1 >want1
mkdir d1; echo s0 >d1/config
"$S" d1 <in1; rc=$?
is "$rc" 0 "random binary: exit 0"
is "$(logged d1 | md5sum)" "$(md5sum <want1)" "random binary: every byte written, in order"

# 2. very long lines (3 MB, longer than any buffer), empty lines, short ones
{ head -c 3000000 /dev/zero | tr '\0' a; echo
  echo; echo short
  head -c 2500000 /dev/urandom | tr -d '\n'; echo
  printf 'no newline at the end'; } >in2
with_nl in2 >want2
mkdir d2; echo s0 >d2/config
"$S" d2 <in2; rc=$?
is "$rc" 0 "long lines: exit 0"
is "$(logged d2 | md5sum)" "$(md5sum <want2)" "long lines: written whole"

# 3. the same with rotations every 100 kB (n0: keep every file)
mkdir d3; printf 's100000\nn0\n' >d3/config
cat in1 in2 | "$S" d3; rc=$?
is "$rc" 0 "rotating: exit 0"
cat in1 in2 >in3; with_nl in3 >want3
is "$(logged d3 | md5sum)" "$(md5sum <want3)" "rotating: the files together are the input"
big=0
for f in d3/@* d3/current; do [ "$(stat -c %s "$f")" -le 100000 ] || big=1; done
is "$big" 0 "rotating: no file above the size limit"

# 4. with -r and a line length of 5: only the first 5 bytes of each line
#    are replaced, the rest is copied raw; svlogd survives it
mkdir d4; echo s0 >d4/config
"$S" -r _ -l 5 d4 <in1; rc=$?
is "$rc" 0 "random binary with -r: exit 0"
is "$(logged d4 | wc -c)" "$(wc -c <want1)" "random binary with -r: as many bytes written"

# 5. a NUL byte in a config line ends its value: prefix and pattern are
#    strings (svlogd wrote the NUL and the rest after the prefix; the same
#    as Debian's svlogd now)
mkdir d5; printf 'pP:\000zz\n-*\n+keep*\000junk\n' >d5/config
printf 'keep1\nother\nkeep2\n' | "$S" d5
is "$(od -An -c d5/current | tr -s ' ')" "$(printf 'P:keep1\nP:keep2\n' | od -An -c | tr -s ' ')" \
  "NUL in config lines: prefix and pattern end there"
if [ -x "$REF/usr/bin/svlogd" ]; then
  mkdir r5; cp d5/config r5/config
  printf 'keep1\nother\nkeep2\n' | "$REF/usr/bin/svlogd" r5
  ok "NUL in config lines: as Debian's svlogd" cmp d5/current r5/current
else
  skip "NUL in config lines: as Debian's svlogd" "Debian's runit not fetched"
fi

# 6. SIGHUP storm while rotations start processors: a processor just
#    forked shares the lock until it execs, so releasing the lock and
#    locking again failed ("unable to lock directory", then "no functional
#    log directories", exit 111; Debian's svlogd too).  The lock is kept
#    over SIGHUP now.
mkdir d6; printf 's200\n!cat\n' >d6/config
mkfifo f6
spawn sh -c 'exec "$0" d6 <f6 2>err6' "$S"; pid=$!
exec 3>f6
# (its signal handlers are in place once it opened the directory)
wait_until 20 test -e d6/current
i=0
while [ $i -lt 400 ] && kill -0 $pid 2>/dev/null; do
  seq 1 30 >&3; kill -HUP $pid; i=$((i + 1))
done
exec 3>&-
ok "SIGHUP storm with processors: svlogd runs on" wait_until 30 sh -c "! kill -0 $pid 2>/dev/null"
wait $pid; rc=$?
is "$rc/$i" 0/400 "SIGHUP storm with processors: exit 0 after all 400 rounds"
is "$(grep -c 'unable to lock' err6)" 0 "SIGHUP storm: the lock was never lost"
grep -v 'processor failed' err6 | head -5 | sed 's/^/# /'
finish
