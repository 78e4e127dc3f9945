#!/bin/sh
# svlogd: differential checks against Debian's svlogd 2.1.2 on the same
# input: file contents with stamps stripped, file names' shape and modes,
# exit codes and messages.  Expected differences (doc/differences.md):
# a final line without newline is logged by ours; Debian counts only .s
# files for n (upstream, and ours, count .u too).
. "$(dirname "$0")/lib.sh"
require_ref
REFS=$REF/usr/bin/svlogd
cd "$T"

# run NAME CONFIG ARGS INPUTFILE: both binaries, in ref/NAME and ours/NAME
run() {
  for impl in ref ours; do
    [ $impl = ref ] && bin=$REFS || bin=$B/svlogd
    mkdir -p $impl; rm -rf "$impl/$1"; mkdir "$impl/$1"
    [ -n "$2" ] && printf '%s\n' "$2" > "$impl/$1/config"
    (cd $impl && "$bin" $3 "$1" < "$T/$4" > "$1.err" 2>&1; echo "rc=$?" >> "$1.err")
    sed -E -i 's/@[0-9a-f]{24}/@TAI/g; s/^[0-9]{4}-[0-9]{2}-[0-9]{2}[_T][0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{5} /STAMP /' "$impl/$1.err"
    (cd "$impl/$1" && for f in *; do
       echo "$f $(stat -c %a "$f")" | sed -E 's/@[0-9a-f]{24}/@TAI/'; done) > "$impl/$1.names"
    (cd "$impl/$1" && cat $(ls | grep '^@') current) |
      sed -E 's/^(@[0-9a-f]{24}|[0-9]{4}-[0-9]{2}-[0-9]{2}[_T][0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{5}) /STAMP /' > "$impl/$1.cat"
    (cd "$impl/$1" && for f in $(ls | grep '^@') current; do wc -c < "$f"; done | tr '\n' ' ') > "$impl/$1.sizes"
  done
}
same() {
  is "$(cat ours/$1.err)" "$(cat ref/$1.err)" "$1: same messages and exit code"
  is "$(cat ours/$1.names)" "$(cat ref/$1.names)" "$1: same file names and modes"
  ok "$1: same contents (stamps stripped)" cmp -s ours/$1.cat ref/$1.cat
  is "$(cat ours/$1.sizes)" "$(cat ref/$1.sizes)" "$1: same file sizes (same rotation points)"
}

seq 1 5000 > seq.in
(seq 1 2000; head -c 30000 /dev/urandom; echo; yes 'abcdefghijklmnopqrstuvwxyz0123456789' | head -2000) > mixed.in
# (empty lines first: on an empty line runit's +c compares c with a stale
# byte of the previous line, see doc/differences.md)
printf '\n\nhello\nbar\n0123456789\n012345678\n01234567890123\nhttpd: worker pid 42\n' > short.in

run plain "" "" seq.in; same plain
run size "s2000
n0" "-v" seq.in; same size
run smallsize "s100
n0" "" seq.in; same smallsize
run nlimit "s3000
n4" "-v" seq.in; same nlimit
run stamp "s5000
n0" "-tt -l 20 -b 21" mixed.in; same stamp
run repl "s4000
n0" "-t -l 20 -b 21 -r : -R 12" mixed.in; same repl
run pat "-*pid*
+*1*
-+0*
e*
E*2*
pP:" "-ttt -l 10 -b 11" short.in; same pat
run pat2 "-*
+*: worker pid *
e*: worker*" "" short.in; same pat2
run udp "u1.2.3
u127.0.0.1:0" "-v" short.in; same udp
# svlogd.8's size rule: s below -l fills every file to exactly s bytes and
# splits lines; s at least twice -l keeps lines whole (same as Debian)
seq -f 'line %05g xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' 1 400 > long.in
# rotated files of ours/$1 that do not end a line
unended() {
  for f in $(ls "ours/$1" | grep '^@'); do
    [ "$(tail -c 1 "ours/$1/$f" | od -An -tx1 | tr -d ' ')" = 0a ] || echo "$f"
  done | wc -l
}
run split "s200
n0" "" long.in; same split
is "$(tr ' ' '\n' < ours/split.sizes | sed '$d' | sort -u | tr '\n' ' ')" "200 " \
  "split: s200 with -l 1000: every rotated file has exactly 200 bytes"
ok "split: so lines are split across files" [ "$(unended split)" -gt 0 ]
run whole "s2000
n0" "-l 100 -b 101" long.in; same whole
is "$(unended whole)" 0 "whole: s2000 with -l 100: every rotated file ends a line"
run junk "sjunk
n-3
Nx
t
!
p
s99999999999999999999999999" "" seq.in
# ours warns once a line it does not understand (doc/differences.md), and
# otherwise reads the junk as Debian does
is "$(grep -c 'warning: config line not understood: junk/config: ' ours/junk.err)" 4 \
  "junk: ours warns of the 4 lines not understood (sjunk n-3 Nx t)"
sed -i '/config line not understood/d' ours/junk.err
same junk

# usage and bad directories: same message (program name aside) and code
for args in "" "-V" "-x d" "-r ab d" "-l 2000 d" "-b 5 -l 5 d"; do
  a=$("$REFS" $args </dev/null 2>&1 | sed "s|$REFS|svlogd|g"; echo "rc=$?")
  rr=$("$REFS" $args </dev/null >/dev/null 2>&1; echo $?)
  o=$("$B/svlogd" $args </dev/null 2>&1 | sed "s|$B/svlogd|svlogd|g")
  ro=$("$B/svlogd" $args </dev/null >/dev/null 2>&1; echo $?)
  # the version line: runit's $Id$, ours runit-<version> (<profile>)
  is "$(echo "$o" | grep -Ev '^(\$Id|runit-[0-9])')" "$(echo "$a" | grep -Ev '^(\$Id|runit-[0-9])' | grep -v '^rc=')" "args '$args': same message"
  is "$ro" "$rr" "args '$args': same exit code"
done
for impl in ref ours; do
  [ $impl = ref ] && bin=$REFS || bin=$B/svlogd
  (cd $impl && touch afile && echo x | "$bin" missing afile > bad.err 2>&1; echo "rc=$?" >> bad.err)
done
is "$(cat ours/bad.err)" "$(cat ref/bad.err)" "missing dir and a plain file: same messages"

# expected differences
printf 'foo\nbar' > partial.in
run partial "" "" partial.in
is "$(cat ref/partial.cat)" foo "Debian drops a final line without newline"
is "$(cat ours/partial.cat | tr '\n' ' ')" "foo bar " "ours logs it (deliberate)"
mkdir -p ours ref
for impl in ref ours; do
  [ $impl = ref ] && bin=$REFS || bin=$B/svlogd
  rm -rf $impl/nu; mkdir $impl/nu; printf 's100\nn3\n!cat\n' > $impl/nu/config
  touch $impl/nu/@400000000000000000000001.u
  (cd $impl && seq 1 150 | "$bin" nu 2>/dev/null)
done
is "$(ls ref/nu | grep -c '^@')" 5 "Debian: n3 counts only .s (one .u + four .s kept)"
is "$(ls ours/nu | grep -c '^@')" 3 "ours: n3 counts .u too (upstream)"

finish
