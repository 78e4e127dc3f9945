#!/bin/sh
# Faults: a full disk under svlogd (a small tmpfs in a private mount
# namespace), counting the lines in and out.
#  1. no space: svlogd pauses, the writer blocks, and once space is freed
#     every accepted line is there, once, whole;
#  2. no space, and svlogd is SIGKILLed while paused: a new svlogd on the
#     same pipe; no accepted line may be lost (at-least-once);
#  3. no free inode for the new `current` at a rotation: svlogd pauses,
#     then rotates once inodes are freed; every line there.
# FAULT_BIN=dir (or SVLOGD=path) tries another svlogd (bench/faults.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fault-lib.sh"
require_root
require unshare mkfifo
S=${SVLOGD:-$FB/svlogd}
[ -x "$S" ] || skip_all "svlogd not built yet"
unshare -m true 2>/dev/null || skip_all "no mount namespaces (unshare -m)"
cd "$T"
mkdir mnt
N=20000

cat >disk.sh <<EOS
# runs in a private mount namespace; every figure goes into a file of $T
mnt() { cd "$T" && mount -t tmpfs -o "\$1" tmpfs "$T/mnt" && cd "$T/mnt" &&
  [ "\$(stat -f -c %T .)" = tmpfs ] || { echo "no tmpfs"; exit 1; }; }
waitfor() { i=0; until grep -q "\$1" "\$2" 2>/dev/null; do sleep 0.05; i=\$((i+1)); [ \$i -lt 600 ] || return 1; done; }

# 1. out of space, then space back
mnt size=1m
mkdir d1; echo s100000 >d1/config
head -c 960k /dev/zero >filler 2>/dev/null
seq 1 $N | "$S" d1 2>"$T/err1" & pid=\$!
waitfor pausing "$T/err1" && { kill -0 \$pid && echo blocked >"$T/state1"; }
t0=\$(date +%s%N); rm filler
wait \$pid; echo \$? >"$T/rc1"
echo \$(( (\$(date +%s%N) - t0) / 1000000 )) >"$T/ms1"
cat d1/@* d1/current >"$T/out1" 2>/dev/null
cd "$T"; umount "$T/mnt"

# 2. out of space, svlogd SIGKILLed while paused, a new one takes the pipe
mnt size=1m
mkdir d2; echo s100000 >d2/config
head -c 960k /dev/zero >filler 2>/dev/null
mkfifo "$T/fifo"
exec 3<>"$T/fifo"                # the pipe outlives the svlogd killed
(seq 1 $N >"$T/fifo"; echo done >"$T/prod2") 3>&- &
"$S" d2 <"$T/fifo" 2>"$T/err2" 3>&- & pid=\$!
if waitfor pausing "$T/err2"; then
  kill -KILL \$pid; wait \$pid
  rm filler
  "$S" d2 <"$T/fifo" 2>>"$T/err2" 3>&- & pid=\$!
  waitfor done "$T/prod2"
  exec 3>&-                      # the writer is done: end of file
  wait \$pid; echo \$? >"$T/rc2"
fi
exec 3>&-
cat d2/@* d2/current >"$T/out2" 2>/dev/null
cd "$T"; umount "$T/mnt"

# 3. no free inode at the rotation
mnt size=16m,nr_inodes=64
mkdir d3; printf 's4000\nn0\n' >d3/config; : >d3/current; : >d3/lock
i=0; while [ \$i -lt 1000 ] && touch "f\$i" 2>/dev/null; do i=\$((i+1)); done
echo \$i >"$T/fillers3"
seq 1 $N | "$S" d3 2>"$T/err3" & pid=\$!
waitfor 'pausing' "$T/err3" && { kill -0 \$pid && echo blocked >"$T/state3"; }
rm -f f*
wait \$pid; echo \$? >"$T/rc3"
ls d3 | grep -c '^@' >"$T/rot3"
cat d3/@* d3/current >"$T/out3" 2>/dev/null
cd "$T"; umount "$T/mnt"
EOS
timeout 600 unshare -m sh disk.sh 2>disk.err

is "$(cat state1 2>/dev/null)" blocked "no space: svlogd pauses, the writer waits"
like "$(head -n 1 err1)" '^svlogd: pausing: unable to write' "no space: says so"
is "$(cat rc1 2>/dev/null)" 0 "no space, then space back: exit 0"
set -- $(lines_count $N out1)
figure "ENOSPC, space back: $((N - $1))/$N lines, $1 lost, $2 dup, $3 torn; done $(cat ms1 2>/dev/null) ms after space returned"
is "$1 $2 $3" "0 0 0" "no space, then space back: 0 lost, 0 duplicated, 0 torn"

if [ -s rc2 ]; then
  set -- $(lines_count $N out2)
  figure "ENOSPC, svlogd SIGKILLed while paused: $1 of $N lost, $2 dup, $3 torn"
  must \
    "no space, svlogd SIGKILLed while paused: no accepted line lost" test "$1" = 0
  is "$3" 0 "no space, svlogd SIGKILLed while paused: no line torn"
else
  ok "no space, svlogd SIGKILLed while paused: svlogd paused" false
fi

is "$(cat state3 2>/dev/null)" blocked "no inode at rotation: svlogd pauses, the writer waits"
like "$(cat err3)" 'unable to (create|move|write)' "no inode at rotation: says so"
is "$(cat rc3 2>/dev/null)" 0 "no inode, then inodes freed: exit 0"
set -- $(lines_count $N out3)
figure "no free inode at rotation ($(cat fillers3 2>/dev/null) filler files): $1 of $N lost, $2 dup, $3 torn, $(cat rot3 2>/dev/null) rotations"
is "$1 $2 $3" "0 0 0" "no inode, then inodes freed: 0 lost, 0 duplicated, 0 torn"
grep -v 'Killed' disk.err | sed 's/^/# disk.sh: /'
finish
