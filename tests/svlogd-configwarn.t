#!/bin/sh
# svlogd: a config line it does not understand is warned about, one
# warning a line, and still read as runit reads it (issue 20, item 9).
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
cd "$T"
mkdir ty
printf 'size 100\nn 2\ns300\r\n# a comment\n\nn5\nt10m\nxyz\nN3q\ns1k\n' > ty/config
err=$(seq 500 | "$S" ty 2>&1 >/dev/null); rc=$?
is "$rc" 0 "typos: svlogd runs"
is "$(printf '%s\n' "$err" | grep -c 'config line not understood')" 5 "one warning per line not understood"
like "$err" "warning: config line not understood: ty/config: size 100" "the line is named with its directory"
like "$err" "not understood: ty/config: n 2" "n with junk"
like "$err" "not understood: ty/config: xyz" "an unknown setting"
like "$err" "not understood: ty/config: N3q" "a number with a trailing letter"
like "$err" "not understood: ty/config: s300" "s with a carriage return"
case $err in *comment*|*n5*|*t10m*|*s1k*) ok "no warning for comments and good lines" false ;;
  *) ok "no warning for comments and good lines" true ;; esac
# read as runit does: 's300\r' is s300, the last s1k wins
ok "settings still taken" [ "$(ls ty | grep -c '^@')" -gt 0 ]
mkdir good
printf 's100\nn2\nN1\nt5\n!cat\npx\n+*\n-a*\ne*\nE*\nu127.0.0.1:9\n' > good/config
err=$(echo hi | "$S" good 2>&1 >/dev/null)
is "$err" "" "a config of good lines: no warning"
finish
