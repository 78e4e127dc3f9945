#!/bin/sh
# svlogd reads a pipe at least once (issue 20, item 6): it consumes from
# the pipe only what the directories were given, so a svlogd killed while
# paused on a full disk loses no line: the next one reads them again (the
# pipe's other end held open meanwhile, as runsv holds it).
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
cd "$T"

# 15 SIGKILLs at random moments while a writer logs, each followed by a
# new svlogd on the same pipe: no line lost (ours before: 271 in 26)
mkdir k; printf 's20000\nn0\n' > k/config
mkfifo kp
seq 1 300000 > kin
exec 3<>kp
(while read -r l; do echo "$l"; done < kin > kp) 3>&- &
w=$!
k=0
while [ $k -lt 15 ]; do
  "$S" k < kp 2>>k.err 3>&- &
  s=$!
  sleep 0.$(( $(od -An -N1 -tu1 /dev/urandom) % 3 + 1 ))
  kill -9 $s; wait $s 2>/dev/null
  k=$((k + 1))
done
"$S" k < kp 2>>k.err 3>&- &
s=$!
wait $w
exec 3>&-
wait $s
for f in k/@* k/current; do cat "$f"; echo; done > kout
is "$(grep -vxFf kout kin | wc -l)" 0 "15 kills while logging: no line lost"
kdups=$(grep -x '[0-9]*' kout | sort | uniq -d | wc -l)
ok "at most one copy (64 KiB: 9362 lines here) duplicated a kill ($kdups in all)" [ "$kdups" -le $((15 * 9362)) ]

[ "$(id -u)" = 0 ] || { skip "full disk" "needs root for a tmpfs in a mount namespace"; finish; exit; }
command -v unshare >/dev/null || { skip "full disk" "unshare not found"; finish; exit; }
seq 1 30000 > in
mkdir mnt
cat > full.sh <<EOS
set -e
mount -t tmpfs -o size=256k tmpfs "$T/mnt"
cd "$T/mnt"
mkdir d; echo s0 > d/config
head -c 200k /dev/zero > filler
mkfifo p
exec 3<>p                        # held open, as runsv holds a log pipe
cat "$T/in" > p 3>&- &
wpid=\$!
"$S" d < p 2> "$T/err1" 3>&- &
pid=\$!
i=0; while ! grep -q pausing "$T/err1"; do sleep 0.05; i=\$((i+1)); [ \$i -lt 400 ] || break; done
kill -9 \$pid
wait \$pid || true
ls d > "$T/files1"
rm filler
"$S" d < p 2> "$T/err2" 3>&- &
pid=\$!
wait \$wpid
exec 3>&-
wait \$pid; echo \$? > "$T/rc2"
for f in d/@* d/current; do cat "\$f"; echo; done > "$T/out"
cat d/@* > "$T/u"; cp d/current "$T/cur"
EOS
unshare -m sh full.sh 2>"$T/full.err"
like "$(head -1 err1)" '^svlogd: pausing: unable to write to current: d: out of disk space$' "paused on the full disk, then killed"
like "$(cat files1)" '@[0-9a-f]{24}\.u|current' "what it wrote is there"
is "$(cat rc2)" 0 "the next svlogd: exit 0 at the end of input"
missing=$(grep -vxFf out in | wc -l)
is "$missing" 0 "no line lost"
dups=$(grep -x '[0-9]*' out | sort | uniq -d | wc -l)
ok "duplicates at most one copy (64 KiB) ($dups)" [ "$dups" -le 16384 ]
# the killed one's file: lines 1 to k (its last maybe cut short); the
# next one's: from at most k + 1 on to the end, in order
k=$(grep -x '[0-9]*' u | tail -2 | head -1)
first=$(head -1 cur)
ok "the killed svlogd's file holds lines 1 to $k in order" sh -c "seq 1 $k | cmp -s - '$T/u' || seq 1 $k | cmp - '$T/u' 2>&1 | grep -q EOF"
ok "the next one's goes on from $first (<= $((k + 1))) to the end, in order" \
  sh -c "[ $first -le $((k + 1)) ] && seq $first 30000 | cmp -s - '$T/cur'"
finish
