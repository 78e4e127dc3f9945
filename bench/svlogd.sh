#!/bin/sh
# svlogd throughput: 1,000,000 lines (about 94 MB) through `svlogd -tt`
# with `s1000000` and `n10` (and a large n), beside Debian's svlogd, s6-log
# and multilog with the same rotation.  Everything runs in one temporary
# directory (under $TMPDIR, /tmp by default) so all loggers write to the
# same filesystem; input comes through a pipe, as from runsv.  Prints
# seconds (best of $RUNS rounds; each round runs every logger once, so a
# busy spell of the machine hits them all) and ratios.
#
# A last row times the disk alone: what svlogd -tt writes (the lines and
# their 26-byte stamps) as 1,000,000-byte files, each written at once and
# fsync'ed, no logger: the least time any logger that syncs each file
# before renaming it (runit's promise) can take on that disk.
#
# Options (environment):
#   BEFORE=PROG      also time another build of svlogd (e.g. the previous
#                    commit's), in the same rounds, as "ours before"
#   LOGFS=DIR        the log directories in DIR (e.g. a slow disk mounted
#                    there); the input stays under $TMPDIR
#   SLOWDISK=1       (root) the log directories on a slow disk made for the
#                    run and removed after it: a 1 GiB ext4 image (mkfs
#                    defaults) in the temporary directory, so $TMPDIR must
#                    be on a disk, not tmpfs; on a loop device that writes
#                    through to the image with direct I/O, 4 KiB a request,
#                    unmerged, at most 4 in flight (/sys/block/loopN/queue:
#                    max_sectors_kb 4, nomerges 2, nr_requests 4): writing
#                    out 1 MB takes the disk below 256 small writes, and
#                    the fsync of a finished 1 MB file several milliseconds
#   BREAKDOWN=1      also run ours and Debian's once more each (n10) to
#                    count their system calls (perf stat) and time the
#                    ones a rotation waits in (strace -c -w: fsync,
#                    sync_file_range, rename)
set -e
TOP=$(cd "$(dirname "$0")/.." && pwd)
C=$TOP/bench/.cache
OURS=$TOP/command/svlogd
DEB=$C/runit/usr/bin/svlogd
S6LOG=$C/s6/usr/bin/s6-log
MULTILOG=$C/daemontools/usr/bin/multilog
RUNS=${RUNS:-3}
LINES=${LINES:-1000000}
BEFORE=${BEFORE:-}
[ -x "$OURS" ] || { echo "svlogd.sh: build first (make)" >&2; exit 1; }
[ -z "$BEFORE" ] || [ -x "$BEFORE" ] || { echo "svlogd.sh: BEFORE: $BEFORE is no program" >&2; exit 1; }
[ -x "$DEB" ] && [ -x "$S6LOG" ] && [ -x "$MULTILOG" ] || "$TOP/bench/fetch-peers" >/dev/null
W=$(mktemp -d "${TMPDIR:-/tmp}/svlogd-bench.XXXXXX")
LOOP= MNT= LOGFSDIR=
cleanup() {
  [ -z "$LOGFSDIR" ] || rm -rf "$LOGFSDIR"
  [ -z "$MNT" ] || umount "$MNT" || true
  [ -z "$LOOP" ] || losetup -d "$LOOP" || true
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM PIPE   # e.g. piped into head: still clean up
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average before: $(load)"

L=$W
if [ -n "${SLOWDISK:-}" ]; then
  [ "$(id -u)" = 0 ] || { echo "svlogd.sh: SLOWDISK needs root (losetup, mount)" >&2; exit 1; }
  truncate -s 1G "$W/disk.img"
  mkfs.ext4 -q -F "$W/disk.img"
  MNT=$W/mnt; mkdir "$MNT"
  LOOP=$(losetup -f --show --direct-io=on "$W/disk.img")
  q=/sys/block/${LOOP#/dev/}/queue
  echo none > $q/scheduler; echo 4 > $q/max_sectors_kb; echo 2 > $q/nomerges; echo 4 > $q/nr_requests
  mount "$LOOP" "$MNT"
  L=$MNT
  echo "slow disk: ext4 on $LOOP (direct I/O, 4 KiB requests, unmerged, $(cat $q/nr_requests) in flight)"
elif [ -n "${LOGFS:-}" ]; then
  L=$(mktemp -d "$LOGFS/svlogd-bench.XXXXXX"); LOGFSDIR=$L
fi

# the input: random ids and byte counts, made once
python3 - "$W/in" "$LINES" <<'PY'
import os, random, sys
random.seed(42)
n = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    for i in range(n):
        f.write("2026-11-22 service[%d]: request id=%08x path=/api/v1/items/%d status=200 bytes=%d\n"
                % (1000 + i % 5000, random.getrandbits(32), i, random.randint(100, 999999)))
PY
BYTES=$(( $(wc -c < "$W/in") + 26 * $(wc -l < "$W/in") ))
echo "input: $(wc -l < "$W/in") lines, $(wc -c < "$W/in") bytes, in $W; logs in $L"

# the disk alone: prints the milliseconds it took
cat > "$W/disk.py" <<'PY'
import os, sys, time
d, left = sys.argv[1], int(sys.argv[2])
buf = b"x" * 1000000
i, t = 0, time.monotonic()
while left > 0:
    n = min(len(buf), left)
    fd = os.open("%s/f%d" % (d, i), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, buf[:n]); os.fsync(fd); os.close(fd)
    left -= n; i += 1
print(int((time.monotonic() - t) * 1000))
PY

now() { date +%s%N; }
# once TAG CMD...: one run in a fresh log dir ($CONF its config, if any);
# T_TAG keeps the best milliseconds, F_TAG the rotated files it kept
once() {
  tag=$1; shift
  rm -rf "$L/log"; mkdir "$L/log"
  [ -z "$CONF" ] || printf '%s\n' $CONF > "$L/log/config"
  if [ "$tag" = disk ]; then t=$("$@")
  else t0=$(now); cat "$W/in" | "$@"; t1=$(now); t=$(( (t1 - t0) / 1000000 )); fi
  eval "b=\${T_$tag:-}"
  [ -z "$b" ] || [ "$t" -lt "$b" ] && eval "T_$tag=$t"
  eval "F_$tag=$(ls "$L/log" | grep -c '^@' || true)"
}
row() {
  eval "t=\$T_$2 f=\$F_$2"
  printf '%-34s %7.3f s' "$1" "$(echo "$t / 1000" | bc -l)"
  [ "$2" = disk ] && echo || printf '  (%s rotated files kept)\n' "$f"
}
ratio() { echo "$1 / $2" | bc -l; }

run() {
  n=$1
  echo
  echo "== s1000000, n$n"
  unset T_ours T_before T_deb T_s6 T_ml T_disk
  r=0
  while [ $r -lt "$RUNS" ]; do
    CONF="s1000000 n$n"
    once ours "$OURS" -tt "$L/log"
    [ -z "$BEFORE" ] || once before "$BEFORE" -tt "$L/log"
    once deb "$DEB" -tt "$L/log"
    CONF=
    once s6 env LD_LIBRARY_PATH="$C/libskarnet2.13/usr/lib/x86_64-linux-gnu" "$S6LOG" n$n s1000000 T "$L/log"
    once ml "$MULTILOG" t n$n s1000000 "$L/log"
    once disk python3 "$W/disk.py" "$L/log" "$BYTES"
    r=$((r + 1))
  done
  row "ours: svlogd -tt" ours
  [ -z "$BEFORE" ] || row "ours before: $(basename "$BEFORE") -tt" before
  row "Debian runit 2.1.2: svlogd -tt" deb
  row "s6-log n$n s1000000 T" s6
  row "multilog t n$n s1000000" ml
  row "the disk alone (1 MB files, fsync)" disk
  printf 'ratios: Debian/ours %.1fx   s6-log/ours %.1fx   multilog/ours %.1fx\n' \
    "$(ratio $T_deb $T_ours)" "$(ratio $T_s6 $T_ours)" "$(ratio $T_ml $T_ours)"
  [ -z "$BEFORE" ] || printf 'ours before/ours %.2fx   Debian/ours before %.1fx\n' \
    "$(ratio $T_before $T_ours)" "$(ratio $T_deb $T_before)"
  printf 'Debian/the disk alone %.1fx: about the most any logger that syncs each file gets here\n' \
    "$(ratio $T_deb $T_disk)"
}
run 10
run 1000

if [ "${BREAKDOWN:-}" = 1 ]; then
  # perf counts the system calls; strace, stopping only at the traced
  # ones (seccomp-bpf), times the calls a rotation waits in
  fresh() { rm -rf "$L/log"; mkdir "$L/log"; printf 's1000000\nn10\n' > "$L/log/config"; }
  for p in ours before deb; do
    case $p in ours) prog=$OURS ;; before) prog=$BEFORE ;; deb) prog=$DEB ;; esac
    [ -n "$prog" ] || continue
    echo
    echo "== $p, n10, where the time goes"
    if command -v perf >/dev/null; then
      fresh; cat "$W/in" | perf stat -x, -e raw_syscalls:sys_enter -o "$W/perf.$p" "$prog" -tt "$L/log"
      echo "system calls: $(grep sys_enter "$W/perf.$p" | cut -d, -f1)"
    fi
    fresh
    t0=$(now)
    cat "$W/in" | strace -f --seccomp-bpf -c -w -o "$W/strace.$p" \
      -e trace=fsync,sync_file_range,rename,renameat "$prog" -tt "$L/log"
    t1=$(now)
    echo "wall time under strace: $(( (t1 - t0) / 1000000 )) ms, of it:"
    awk '$NF ~ /^(fsync|sync_file_range|rename|renameat)$/ { print "  " $NF ": " $2 " s, " $4 " calls" }' "$W/strace.$p"
  done
fi
echo
echo "load average after: $(load)"
