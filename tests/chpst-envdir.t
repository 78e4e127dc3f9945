#!/bin/sh
# chpst -e and the envdir personality: runit's envdir semantics, seen in
# the program's environment, and the errors.
. "$(dirname "$0")/lib.sh"

E=$T/env
mkdir "$E"
printf 'plain\n' >"$E/PLAIN"
printf 'first\nsecond\n' >"$E/FIRST"
printf 'trail \t \t\nnext' >"$E/TRAIL"
printf 'lead  inner' >"$E/NONL"
printf 'a\000b\000' >"$E/NUL"
printf '\n' >"$E/EMPTYVAL"
printf '' >"$E/GONE"
printf 'x\n' >"$E/.hidden"
printf ' \t \n' >"$E/BLANK"
printf 'in\tside\n' >"$E/TAB"

export GONE=still-here OTHER=kept PLAIN=old
chpst -e "$E" env >"$T/out"
val() { grep "^$1=" "$T/out"; }
is "$(val PLAIN)" "PLAIN=plain" "a file sets its first line (and replaces the old value)"
is "$(val FIRST)" "FIRST=first" "only the first line"
is "$(val TRAIL)" "TRAIL=trail" "trailing spaces and tabs stripped"
is "$(val NONL)" "NONL=lead  inner" "no newline: the whole file; inner blanks kept"
is "$(val TAB)" "$(printf 'TAB=in\tside')" "a tab inside is kept"
is "$(val BLANK)" "BLANK=" "a line of blanks becomes empty"
is "$(val EMPTYVAL)" "EMPTYVAL=" "a lone newline sets an empty value"
is "$(val GONE)" "" "an empty file unsets the variable"
is "$(val OTHER)" "OTHER=kept" "other variables kept"
is "$(grep -c hidden "$T/out")" 0 "dot-files skipped"
is "$(grep -c '^PLAIN=' "$T/out")" 1 "each variable once"
got=$(chpst -e "$E" sh -c 'printf %s "$NUL"' | od -An -c | tr -s ' ')
is "$got" " a \\n b \\n" "NUL bytes become newlines"

# envdir personality
ln -s "$B/chpst" "$T/envdir"
is "$("$T/envdir" "$E" sh -c 'echo "$PLAIN/$FIRST/${GONE-unset}"')" "plain/first/unset" "envdir personality"
out=$("$T/envdir" "$E" 2>&1); is "$?/$out" "100/usage: envdir dir child" "envdir usage"
out=$("$T/envdir" 2>&1); is "$?" 100 "envdir without arguments: usage"

# subdirectories: skipped by -e (warning with -v), fatal for envdir
mkdir "$E/SUB"
out=$(chpst -e "$E" sh -c 'echo $PLAIN' 2>&1)
is "$?/$out" "0/plain" "-e skips a subdirectory silently"
out=$(chpst -v -e "$E" true 2>&1)
is "$?/$out" "0/chpst: warning: unable to read $E/SUB: is a directory" "-e -v warns about it"
out=$("$T/envdir" "$E" true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to read $E/SUB: is a directory" "envdir: a subdirectory is fatal"
rmdir "$E/SUB"

# missing or unusable directories
out=$(chpst -e "$T/nonexistent" true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to switch to directory: $T/nonexistent: file does not exist" "-e missing directory"
out=$("$T/envdir" "$T/nonexistent" true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to switch to directory: $T/nonexistent: file does not exist" "envdir missing directory"
out=$(chpst -e "$E/PLAIN" true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to switch to directory: $E/PLAIN: not a directory" "-e a file"

# the working directory is back after reading the envdir
is "$(cd "$T" && chpst -e env pwd)" "$T" "relative envdir; working directory restored"

# an unreadable working directory is no obstacle (runit fails there)
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$T" "$E"; mkdir -m 311 "$T/noread"
  out=$(cd "$T/noread" && chpst -u nobody chpst -e "$E" sh -c 'echo $PLAIN; pwd' 2>&1)
  is "$?/$out" "0/plain
$T/noread" "-e in a working directory the caller cannot read"
else
  skip "-e in a working directory the caller cannot read" "needs root"
fi

# PATH set by the envdir does not change where the program is found
mkdir "$T/bin2" "$T/env2"
printf '#!/bin/sh\necho from-bin2\n' >"$T/bin2/whereami"; chmod +x "$T/bin2/whereami"
echo "$T/bin2" >"$T/env2/PATH"
out=$(chpst -e "$T/env2" whereami 2>&1)
is "$?/$out" "111/chpst: fatal: unable to run: whereami: file does not exist" "the program is looked up in chpst's own PATH"
is "$(PATH=$T/bin2:$PATH chpst -e "$T/env2" sh -c 'whereami; echo $PATH')" "from-bin2
$T/bin2" "... and the program gets the envdir's PATH"

# -e with -U: -U is applied after the envdir
echo fromdir >"$E/UID"
is "$(chpst -e "$E" -U :5:6 sh -c 'echo $UID')" 5 "-U overrides an envdir's UID"
rm "$E/UID"

# Debian's chpst gives the same environment and messages
require_ref
D=$REF/usr/bin/chpst
a=$($D -e "$E" env | grep -v '^_=' | sort)
b=$(chpst -e "$E" env | grep -v '^_=' | sort)
is "$b" "$a" "same environment as Debian's chpst -e"
mkdir "$T/refdir" && ln -s "$D" "$T/refdir/envdir"
a=$("$T/refdir/envdir" "$E" env | grep -v '^_=' | sort)
b=$("$T/envdir" "$E" env | grep -v '^_=' | sort)
is "$b" "$a" "same environment as Debian's envdir"
mkdir "$E/SUB"
for args in "-e $E true" "-v -e $E true" "-e $T/nonexistent true" "-e $E/PLAIN true" "-e $T/env2 whereami"; do
  a=$(eval "$D $args" 2>&1; echo "rc=$?")
  b=$(eval "$B/chpst $args" 2>&1; echo "rc=$?")
  is "$b" "$a" "same as Debian: chpst $args"
done
a=$("$T/refdir/envdir" "$E" true 2>&1; echo "rc=$?")
b=$("$T/envdir" "$E" true 2>&1; echo "rc=$?")
is "$b" "$a" "same as Debian: envdir with a subdirectory"

finish
