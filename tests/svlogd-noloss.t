#!/bin/sh
# svlogd: nothing lost.  1,000,000 lines through 100+ rotations; a full
# filesystem (a tiny tmpfs in a private mount namespace) pauses svlogd and
# it resumes without loss, or with N deletes old files instead.
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
cd "$T"

mkdir big; printf 's50000\nn0\n' > big/config
seq 1 1000000 > in
"$S" big < in; rc=$?
is "$rc" 0 "1,000,000 lines: exit 0"
n=$(ls big | grep -c '^@.*\.s$')
ok "more than 100 rotations ($n)" [ "$n" -gt 100 ]
ok "concatenated in name order: every line, in order" sh -c 'cat big/@* big/current | cmp -s - in'
# the same through a pipe with time stamps and several dirs
mkdir big2 big3; printf 's70000\nn0\n' > big2/config; printf 's90000\nn0\n' > big3/config
cat in | "$S" -tt big2 big3
ok "-tt, two dirs, through a pipe: dir 1 complete" sh -c 'cat big2/@* big2/current | cut -d" " -f2 | cmp -s - in'
ok "-tt, two dirs, through a pipe: dir 2 complete" sh -c 'cat big3/@* big3/current | cut -d" " -f2 | cmp -s - in'

# full filesystem
[ "$(id -u)" = 0 ] || { skip "full disk" "needs root for unshare -m"; finish; exit; }
command -v unshare >/dev/null || { skip "full disk" "unshare not found"; finish; exit; }
mkdir mnt
cat > full.sh <<EOS
set -e
mount -t tmpfs -o size=256k tmpfs "$T/mnt"
cd "$T/mnt"
# pause: no N
mkdir d; echo s0 > d/config
head -c 200k /dev/zero > filler
seq 1 30000 > "$T/in2"
"$S" d < "$T/in2" 2> "$T/err1" &
pid=\$!
i=0; while ! grep -q pausing "$T/err1"; do sleep 0.1; i=\$((i+1)); [ \$i -lt 200 ] || break; done
kill -0 \$pid && echo alive > "$T/alive1"
rm filler
wait \$pid; echo \$? > "$T/rc1"
cp d/current "$T/out1"
rm -rf d
# N: delete old files instead of pausing
mkdir d2; printf 's20000\nn20\nN1\n' > d2/config
seq 1 100000 > "$T/in3"
"$S" d2 < "$T/in3" 2> "$T/err2"; echo \$? > "$T/rc2"
cat d2/@* d2/current > "$T/out2"
EOS
unshare -m sh full.sh 2>"$T/full.err"
is "$(cat alive1 2>/dev/null)" alive "disk full: svlogd waits"
like "$(head -1 err1)" '^svlogd: pausing: unable to write to current: d: out of disk space$' "disk full: runit's message"
is "$(cat rc1)" 0 "disk full, then space freed: exit 0"
ok "disk full, then space freed: every line, in order" cmp -s out1 in2
like "$(head -1 err2)" '^svlogd: warning: out of disk space, delete: d2/@[0-9a-f]{24}\.s$' "N: deletes the oldest"
is "$(grep -c pausing err2)" 0 "N: no pause"
is "$(cat rc2)" 0 "N: exit 0"
first=$(head -1 out2)
ok "N: what is kept is the newest lines, contiguous, ending with the last" \
  sh -c "seq $first 100000 | cmp -s - out2"

finish
