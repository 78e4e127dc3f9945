#!/bin/sh
# chpst: usage, -V, exit codes, and the upstream self-test scenarios
# (runit's chpst.check), compared with Debian's chpst where it exists.
. "$(dirname "$0")/lib.sh"

U=' [-vVP012] [-u user[:group]] [-U user[:group]] [-b argv0] [-e dir] [-/ root] [-C pwd] [-n nice] [-l|-L lock] [-m n] [-d n] [-o n] [-p n] [-f n] [-c n] [-t n] prog'

out=$(chpst 2>&1); rc=$?
is "$out" "usage: chpst$U" "no arguments: usage (with -C, as runit 2.2.0)"
is "$rc" 100 "no arguments: exit 100"
last=$(chpst 2>&1 | tail -c 2 | od -An -c | tr -d ' ')
is "$last" '\n\n' "usage ends with a blank line"
is "$(chpst true 2>&1 >/dev/null | wc -c)" 0 "chpst true prints nothing"

out=$(chpst -V 2>&1); rc=$?
like "$(printf '%s\n' "$out" | head -1)" '^runit-[0-9][^ ]* \([a-z]+\)$' "-V prints a version line"
is "$(printf '%s\n' "$out" | sed -n 2p)" "usage: chpst$U" "-V then the usage"
is "$rc" 100 "-V exits 100"

out=$(chpst -x true 2>&1); rc=$?
is "$(printf '%s\n' "$out" | head -1)" "chpst: illegal option -- x" "unknown option named"
is "$rc" 100 "unknown option: exit 100"
out=$(chpst -u 2>&1); rc=$?
is "$(printf '%s\n' "$out" | head -1)" "chpst: option requires an argument -- u" "missing option argument"
is "$rc" 100 "missing option argument: exit 100"
chpst -v -P 2>/dev/null; is $? 100 "options but no program: usage"
out=$(chpst -l "$T/a" -L "$T/b" true 2>&1); rc=$?
is "$rc/$(printf '%s\n' "$out" | head -1)" "100/usage: chpst$U" "-l and -L together: usage"
chpst -l "$T/a" -l "$T/b" true 2>/dev/null; is $? 100 "-l twice: usage"
for o in m d o p f c r t; do
  chpst -$o 12k true 2>/dev/null; r1=$?
  chpst -$o -1 true 2>/dev/null; r2=$?
  is "$r1$r2" 100100 "-$o with a non-numeric value: usage"
done
chpst -n x true 2>/dev/null; is $? 100 "-n x: usage"
chpst -n -5x true 2>/dev/null; is $? 100 "-n -5x: usage"

# the program's exit status is chpst's (exec)
chpst sh -c 'exit 7'; is $? 7 "the program's exit status passes through"
out=$(chpst -- sh -c 'echo $$' 2>&1)
like "$out" '^[0-9]+$' "-- ends the options"
out=$(sh -c 'echo $$; exec chpst sh -c "echo \$\$"')
is "$(printf '%s\n' "$out" | sort -u | wc -l | tr -d ' ')" 1 "the program replaces chpst (same pid)"

out=$(chpst nosuchprogram-xyz 2>&1); rc=$?
is "$out" "chpst: fatal: unable to run: nosuchprogram-xyz: file does not exist" "program not found"
is "$rc" 111 "program not found: exit 111"
out=$(chpst -b other nosuchprogram-xyz 2>&1)
is "$out" "chpst: fatal: unable to run: other: file does not exist" "with -b the message names argv0 (as runit)"
out=$(chpst "$T" 2>&1); rc=$?
is "$rc/$out" "111/chpst: fatal: unable to run: $T: access denied" "a directory as the program"

# runit's chpst.check, our expected output
mkdir "$T/env" && echo 1 >"$T/env/test"
ok "check: -e dir puts test=1 in the environment" sh -c "chpst -e '$T/env' env | grep -qx test=1"
chpst -l "$T/lock" true; is $? 0 "check: -l file true"
chpst -L "$T/lock" true; is $? 0 "check: -L file true"
chpst -P true; is $? 0 "check: -P true"
chpst -012 true; is $? 0 "check: -012 true"

# Debian's 2.1.2 chpst: same messages and codes, except the usage line
# (2.1.2 does not know -C and shows no "[-C pwd]")
require_ref
D=$REF/usr/bin/chpst
norm() { sed -e 's/ \[-C pwd\]//' -e 's/^\$Id: [0-9a-f]* \$$/$Id$/' -e 's/^runit-[0-9][^ ]* ([a-z]*)$/$Id$/'; }
for args in "" "-V" "-x" "-u" "-l a -L b true" "-m 12k true" "-n x true" \
            "-u nosuchuser-xyz true" "-u root:nosuchgroup-xyz true" \
            "-u :abc true" "-u :1000 true" "-u root: true" "-U nosuchuser-xyz true" \
            "nosuchprogram-xyz" "-b other nosuchprogram-xyz" "/nonexistent/prog" \
            "-e /nonexistent true" "-/ /nonexistent true" "-L /proc/nonexistent true" \
            "-l /nonexistent/lock true" "sh -c 'exit 3'" "-P -012 true" "-v true"; do
  a=$(cd "$T" && eval "$D $args" 2>&1; echo "rc=$?")
  b=$(cd "$T" && eval "$B/chpst $args" 2>&1; echo "rc=$?")
  is "$(printf '%s\n' "$b" | norm)" "$(printf '%s\n' "$a" | norm)" "same as Debian: chpst $args"
done
# Debian rejects -C (2.1.2); we follow 2.2.0, which has it
out=$($D -C / true 2>&1); is "$?/$(printf '%s\n' "$out" | head -1)" "100/chpst: illegal option -- C" "Debian's chpst rejects -C"
chpst -C / true; is $? 0 "ours accepts -C"

finish
