#!/bin/sh
# utmpset: usage, -V and exit codes (runit's utmpset.check), compared with
# Debian's utmpset.  Records are tested in utmpset-records.t.
. "$(dirname "$0")/lib.sh"

out=$(utmpset 2>&1); rc=$?
is "$out" "usage: utmpset [-w] line" "no arguments: usage"
is "$rc" 1 "usage exits 1"
is "$(utmpset 2>&1 | tail -c 2 | od -An -c | tr -d ' ')" '\n\n' "usage ends with a blank line"
out=$("$B/utmpset" 2>&1)
is "$out" "usage: $B/utmpset [-w] line" "usage names argv[0] verbatim"
out=$(utmpset -V 2>&1); rc=$?
like "$(printf '%s\n' "$out" | head -1)" '^runit-[0-9][^ ]* \([a-z]+\)$' "-V prints a version line"
is "$(printf '%s\n' "$out" | sed -n 2p)" "usage: utmpset [-w] line" "-V then the usage"
is "$rc" 1 "-V exits 1"
out=$(utmpset -x tty1 2>&1); rc=$?
is "$rc/$(printf '%s\n' "$out" | head -1)" "1/utmpset: illegal option -- x" "unknown option"
out=$(utmpset -w 2>&1); is "$?" 1 "-w without a line: usage"
long=0123456789012345678901234567890123
out=$(utmpset "$long" 2>&1)
is "$?/$out" "111/utmpset: fatal: unable to logout line $long in utmp: name too long" \
   "a line longer than 32 bytes is refused before anything is opened (runit 2.3.0)"

require_ref
D=$REF/usr/sbin/utmpset
mkdir "$T/a" "$T/b"
ln -s "$D" "$T/a/utmpset"; ln -s "$B/utmpset" "$T/b/utmpset"
norm() { sed 's/^\$Id: [0-9a-f]* \$$/$Id$/; s/^runit-[0-9][^ ]* ([a-z]*)$/$Id$/'; }
for args in "" "-V" "-x tty1" "-w" "-w -V"; do
  a=$(cd "$T/a" && ./utmpset $args 2>&1; echo "rc=$?")
  b=$(cd "$T/b" && ./utmpset $args 2>&1; echo "rc=$?")
  is "$(printf '%s\n' "$b" | norm)" "$(printf '%s\n' "$a" | norm)" "same as Debian: utmpset $args"
done
finish
