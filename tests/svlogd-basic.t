#!/bin/sh
# svlogd: options, the log directory's files, time stamps, replacement,
# the upstream self-test scenarios, end of input.
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
cd "$T"

# upstream check: usage and -V
out=$("$S" 2>&1; echo x); rc=$?
"$S" 2>/dev/null; rc=$?
is "$out" "usage: $S [-ttv] [-r c] [-R abc] [-l len] [-b buflen] dir ...

x" "no args: usage and a blank line"
is "$rc" 111 "no args: exit 111"
out=$("$S" -V 2>&1); rc=$?
like "$out" '^runit-[0-9][^ ]* \([a-z]+\)$' "-V prints the version line"
like "$out" 'usage: ' "-V then usage"
is "$rc" 111 "-V: exit 111"
out=$("$S" -x d 2>&1 </dev/null); rc=$?
like "$out" '^svlogd: illegal option -- x' "unknown option"
is "$rc" 111 "unknown option: exit 111"
"$S" -r ab d </dev/null 2>/dev/null; is $? 111 "-r with two chars: usage"
"$S" -r '' d </dev/null 2>/dev/null; is $? 111 "-r with no char: usage"
"$S" -l 20 -b 20 d </dev/null 2>/dev/null; is $? 111 "-b not above -l: usage"
"$S" -l 2000 d </dev/null 2>/dev/null; is $? 111 "-l above the default -b: usage"

# upstream check: foo, then append bar baz, then -r: -R fb
mkdir d
echo foo | "$S" d; is $? 0 "echo foo | svlogd d: exit 0"
is "$(cat d/current)" foo "current holds foo"
(echo bar; echo baz) | "$S" d
is "$(cat d/current | tr '\n' ' ')" "foo bar baz " "second run appends"
(echo foo; echo bar; echo baz) | "$S" -r: -R fb d
is "$(tail -3 d/current | tr '\n' ' ')" ":oo :ar :az " "-r: -R fb replaces"
is "$(stat -c %a d/current)" 744 "current is 0744 after a clean exit"
is "$(stat -c %a d/lock)" 600 "lock is 0600"

# upstream check: t2 rotates a non-empty current after 2 s of silence
mkdir t2; echo t2 > t2/config
(echo foo; sleep 3) | "$S" t2; is $? 0 "t2: exit 0"
is "$(cat t2/current)" "" "t2: current empty after the timer"
is "$(cat t2/@*.s)" foo "t2: line in a rotated .s file"

# -R alone implies _, tab and 8-bit bytes are replaced
mkdir r; printf 'a\tb\351c\001d\n' | "$S" -R c r
is "$(cat r/current)" "a_b___d" "-R implies _ and replaces non-printables"
mkdir r2; printf 'a\tb\n' | "$S" r2
is "$(cat r2/current)" "$(printf 'a\tb')" "no replacement without -r/-R"

# time stamps
mkdir ts1 ts2 ts3
echo hi | "$S" -t ts1; echo hi | "$S" -tt ts2; echo hi | "$S" -ttt ts3
like "$(cat ts1/current)" '^@[0-9a-f]{24} hi$' "-t: TAI64N stamp"
like "$(cat ts1/current)" '^@4000000' "-t: TAI64 label"
like "$(cat ts2/current)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{5} hi$' "-tt: UTC with _"
like "$(cat ts3/current)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{5} hi$' "-ttt: UTC with T"
mkdir ts4; echo hi | "$S" -tttt ts4
like "$(cat ts4/current)" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "-tttt is -ttt"
day=$(date -u +%Y-%m-%d)
like "$(cat ts2/current)" "^$day" "-tt: today's UTC date"
# TAI64N seconds agree with the clock
now=$(date +%s)
tai=$(cut -c2-17 ts1/current)
sec=$(( 0x$tai - 0x400000000000000a ))
ok "-t: seconds within 5 s of now" [ $((now - sec)) -le 5 -a $((sec - now)) -le 5 ]
# a stamp is taken when the line starts, not when svlogd started
mkdir ts5; (echo a; sleep 2; echo b) | "$S" -t ts5
a=$(( 0x$(sed -n 1p ts5/current | cut -c2-17) )); b=$(( 0x$(sed -n 2p ts5/current | cut -c2-17) ))
ok "-t: the later line has a later stamp" [ $((b - a)) -ge 1 ]

# several directories
mkdir m1 m2; printf 'x\ny\n' | "$S" m1 m2
is "$(cat m1/current m2/current | tr '\n' ' ')" "x y x y " "every dir gets every line"
# one dir unusable: the others still work, with a warning
out=$(echo z | "$S" m1 nonexistent 2>&1); rc=$?
is "$out" "svlogd: warning: unable to open log directory: nonexistent: file does not exist" "missing dir: warning"
is "$rc" 0 "missing dir beside a good one: exit 0"
out=$(echo z | "$S" nonexistent 2>&1); rc=$?
is "$out" "svlogd: warning: unable to open log directory: nonexistent: file does not exist
svlogd: fatal: no functional log directories." "only a missing dir: fatal"
is "$rc" 111 "no functional dir: exit 111"
touch plain
out=$(echo z | "$S" plain 2>&1)
like "$out" "unable to change directory: plain: not a directory" "a file as dir"

# unwritable directory (not root: run as nobody when we are root)
mkdir ro; chmod 555 ro; chmod 755 "$T"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  out=$(echo z | setpriv --reuid=65534 --regid=65534 --clear-groups "$S" ro 2>&1); rc=$?
  is "$out" "svlogd: warning: unable to lock directory: ro: access denied
svlogd: fatal: no functional log directories." "unwritable dir: message"
  is "$rc" 111 "unwritable dir: exit 111"
elif [ "$(id -u)" != 0 ]; then
  out=$(echo z | "$S" ro 2>&1); rc=$?
  like "$out" "unable to lock directory: ro: access denied" "unwritable dir: message"
  is "$rc" 111 "unwritable dir: exit 111"
else
  skip "unwritable dir" "setpriv not found"; skip "unwritable dir rc" "setpriv not found"
fi

# a directory locked by another svlogd
mkdir lk
mkfifo f1
spawn sh -c 'exec "$0" lk <f1' "$S"
exec 3>f1
wait_until 10 [ -f lk/current ]
out=$(echo z | "$S" lk 2>&1); rc=$?
is "$out" "svlogd: warning: unable to lock directory: lk: temporary failure
svlogd: fatal: no functional log directories." "locked dir: message"
is "$rc" 111 "locked dir: exit 111"

# unclean current (no owner-x bit) becomes a .u on start
mkdir u; printf 'old\n' > u/current; chmod 644 u/current
echo new | "$S" u
is "$(ls u | grep -c '^@[0-9a-f]\{24\}\.u$')" 1 "unclean current renamed to @....u"
is "$(cat u/@*.u)" old "the .u holds the old lines"
is "$(cat u/current)" new "a fresh current"
# a clean (0744) current is appended to
echo more | "$S" u
is "$(cat u/current | tr '\n' ' ')" "new more " "clean current appended"
# an empty unclean current is simply reused
mkdir u2; : > u2/current; echo x | "$S" u2
is "$(ls u2 | grep -c '^@')" 0 "empty current: no .u"
# current is 0644 while svlogd runs
mkdir live
mkfifo f2
spawn sh -c 'exec "$0" live <f2' "$S"
exec 4>f2
# (svlogd creates it 0600 and then makes it 0644: wait for that state)
wait_until 10 [ -f live/current ]
wait_until 10 sh -c '[ "$(stat -c %a live/current)" = 644 ]'
is "$(stat -c %a live/current)" 644 "current is 0644 while open"

# end of input: a last line without newline is logged (deliberate fix)
mkdir e; printf 'foo\nbar' | "$S" e
is "$(cat e/current | od -An -c | tr -s ' ')" " f o o \n b a r \n" "final partial line logged with a newline"
mkdir e2; printf 'foo\n' | "$S" e2
is "$(cat e2/current)" foo "no empty line added at a clean EOF"
mkdir e3; printf '\n\nx\n' | "$S" e3
is "$(wc -l < e3/current)" 3 "empty lines are logged"

# binary input with NUL bytes goes through untouched
mkdir bin; printf 'a\000b\nc\000\000\n' > in.bin
"$S" bin < in.bin
ok "NUL bytes kept" cmp -s in.bin bin/current
mkdir bin2; "$S" -r . bin2 < in.bin
is "$(cat bin2/current | tr '\n' ' ')" "a.b c.. " "NUL bytes replaced with -r"

# a 10 MB line (-l 1000): whole in the log, in one piece
mkdir big; echo s0 > big/config
python3 -c 'import sys; sys.stdout.write("x"*10000000+"\nend\n")' | "$S" big
is "$(wc -c < big/current)" 10000005 "10 MB line logged whole"
is "$(tail -1 big/current)" end "line after it"
# with rotation the long line is split across files at s, nothing lost
mkdir big2; echo s100000 > big2/config; echo n0 >> big2/config
python3 -c 'import sys; sys.stdout.write("y"*10000000+"\nend\n")' | "$S" big2
is "$(cat big2/@* big2/current | wc -c)" 10000005 "10 MB line across files: every byte"
is "$(ls big2 | grep -c '^@')" 100 "split at s100000"

# stdin is a directory: warning, exit 0 (as runit)
mkdir sd; out=$("$S" sd < sd 2>&1); rc=$?
is "$out" "svlogd: warning: unable to read standard input: is a directory" "unreadable stdin: warning"
is "$rc" 0 "unreadable stdin: exit 0"

finish
