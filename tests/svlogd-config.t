#!/bin/sh
# svlogd: every config line, patterns, stderr copies, rotation rules.
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
cd "$T"
conf() { rm -rf "$1"; mkdir "$1"; shift; printf '%s\n' "$@" > "${d:-x}/config"; }
nrot() { ls "$1" | grep -c '^@[0-9a-f]\{24\}\.[su]$'; }
setup() { d=$1; rm -rf "$d"; mkdir "$d"; shift; printf '%s\n' "$@" > "$d/config"; }

# s: size limit; files stay <= s and (s > len) end on a line boundary
setup s1 s2000 n0
seq 1 3000 | "$S" s1
ok "s2000: rotated" [ "$(nrot s1)" -gt 5 ]
big=$(for f in s1/@*; do wc -c < "$f"; done | sort -n | tail -1)
ok "s2000: no file above 2000 bytes" [ "$big" -le 2000 ]
is "$(cat s1/@* s1/current | wc -l)" 3000 "s2000: no line lost"
is "$(cat s1/@* s1/current | md5sum)" "$(seq 1 3000 | md5sum)" "s2000: in order"
ends=$(for f in s1/@*; do tail -c1 "$f" | od -An -c | tr -d ' '; done | sort -u)
is "$ends" '\n' "s2000: every rotated file ends with a newline"
# s below len: cut at exactly s bytes
setup s2 s100 n0
seq 1 100 | "$S" s2
is "$(for f in s2/@*; do wc -c < "$f"; done | sort -u)" 100 "s100: files of exactly 100 bytes"
setup s3 s1k n0
seq 1 1000 | "$S" s3
ok "s1k: k suffix (1024)" [ "$(for f in s3/@*; do wc -c < "$f"; done | sort -n | tail -1)" -le 1024 ]
setup s4 s1m n0
seq 1 300000 | "$S" s4
is "$(nrot s4)" 1 "s1m: m suffix (1048576)"
setup s5 s0
seq 1 300000 | "$S" s5
is "$(nrot s5)" 0 "s0: never rotates by size"
for junk in sjunk s-5 's 100' s99999999999999999999999999; do
  setup s6 "$junk"
  seq 1 300000 | "$S" s6; rc=$?
  is "$(nrot s6):$rc" 0:0 "config '$junk': no size limit, no crash"
done

# n: old-file limit, one deletion per rotation; .u files count (upstream)
setup n1 s100 n3
seq 1 300 | "$S" n1
is "$(nrot n1)" 3 "n3: three old files kept"
is "$(cat n1/@* n1/current | tail -1)" 300 "n3: the newest kept"
setup n2 s100 n0
seq 1 300 | "$S" n2
ok "n0: unlimited" [ "$(nrot n2)" -ge 10 ]
setup n3 s100 n2
touch n3/@400000000000000000000001.u n3/@400000000000000000000002.u n3/@400000000000000000000003.s
seq 1 60 | "$S" n3
is "$(nrot n3)" 3 "n2 with older .u files: the oldest deleted (.u counted, one per rotation)"
ok "n2: the oldest .u went first" [ ! -e n3/@400000000000000000000001.u ]
setup n4 s100 nbogus
seq 1 300 | "$S" n4
ok "n junk: 0, unlimited" [ "$(nrot n4)" -ge 10 ]
# t.. files are deleted at rotation (processor leftovers)
setup n5 s100
touch n5/@400000000000000000000001.t
seq 1 100 | "$S" n5
ok ".t leftovers deleted at rotation" [ ! -e n5/@400000000000000000000001.t ]

# p: prefix in the log, after the stamp
setup p1 'pfoo: '
echo bar | "$S" p1
is "$(cat p1/current)" "foo: bar" "p: prefix"
setup p2 'pX'
echo bar | "$S" -tt p2
like "$(cat p2/current)" '^[0-9-]{10}_[0-9:.]{14} Xbar$' "p: prefix after the stamp"

# patterns: + - decide the log, last match wins
setup m1 '-*' '+a*' '-ab*'
printf 'a\nab\nabc\nb\n' | "$S" m1
is "$(cat m1/current | tr '\n' ' ')" "a " "+ and -: last matching wins"
setup m2 '-*pid*'
echo 'httpd: worker pid 42' | "$S" m2
is "$(cat m2/current)" "httpd: worker pid 42" "-*pid* does not drop (no backtracking)"
setup m3 '-*: worker pid *'
printf 'httpd: worker pid 42\nkeep\n' | "$S" m3
is "$(cat m3/current)" keep "-*: worker pid * drops it"
setup m4 '-'
printf 'a\n\nb\n' | "$S" m4
is "$(cat m4/current | tr '\n' ' ')" "a b " "a lone - drops empty lines"
setup m5 '-+x'
printf 'x\nxxx\nxy\n' | "$S" m5
is "$(cat m5/current)" xy "-+x: one or more x"
# matching is on the first len chars only
setup m6 '-abc'
printf 'abcdef\nabc\n' | "$S" -l 3 -b 10 m6
is "$(cat m6/current)" "" "-l 3: abcdef matches abc on its first 3 chars"
# e E: copies to stderr, not instead of the log
setup m7 'e*' 'E*x*'
err=$(printf 'one\ntwox\n' | "$S" m7 2>&1)
is "$err" one "e/E select stderr copies"
is "$(cat m7/current | tr '\n' ' ')" "one twox " "stderr copies are still logged"
setup m8 'pP:' 'e*'
err=$(printf 'short\n0123456789abc\n0123456789\n' | "$S" -tt -l 10 -b 11 m8 2>&1)
like "$(echo "$err" | sed -n 1p)" '^[0-9-]{10}_[0-9:.]{14} P:short$' "stderr copy: stamp and prefix"
like "$(echo "$err" | sed -n 2p)" ' P:0123456789\.\.\.$' "stderr copy: truncated to len with ..."
like "$(echo "$err" | sed -n 3p)" ' P:0123456789\.\.\.$' "stderr copy: a line of exactly len gets ... (runit)"
like "$(sed -n 2p m8/current)" ' P:0123456789abc$' "the log gets the whole long line"
setup m9 '-*' 'e*'
err=$(echo gone | "$S" m9 2>&1)
is "$err:$(cat m9/current)" "gone:" "deselected for the log, still on stderr"
# unknown and comment lines are ignored; a config without final newline works
setup c1 '# comment' 'zzz' 'Q' ''
printf 's100' > c1/config
seq 1 100 | "$S" c1
ok "config without final newline: s100 applies" [ "$(nrot c1)" -gt 1 ]

# t: timed rotation of a non-empty current
setup t1 t1
(echo a; sleep 2.5; echo b; sleep 2.5) | "$S" t1
is "$(nrot t1)" 2 "t1: both lines rotated by the timer"
is "$(cat t1/current)" "" "t1: current empty at the end"
setup t2 t0
(echo a; sleep 1.5) | "$S" t2
is "$(nrot t2)" 0 "t0: no timer"

# -v messages
setup v1 s100
out=$(seq 1 40 | "$S" -v v1 2>&1)
like "$out" "svlogd: info: read: v1/config" "-v: read"
like "$out" "svlogd: info: new: v1/current" "-v: new"
like "$out" "svlogd: info: rename: v1/current @[0-9a-f]{24}\.s 100" "-v: rename with size"
like "$out" "svlogd: info: close: v1" "-v: close"

finish
