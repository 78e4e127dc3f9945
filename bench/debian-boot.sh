#!/bin/sh
# A real Debian 12 boot in qemu (-accel tcg, -smp 1), timed by phase: ours
# (make install PROFILE=debian over Debian's runit) beside Debian's runit
# 2.1.2, the same debootstrapped root, kernel and stage scripts as
# tests/debian-boot.t (tests/debian-root.sh).  The two boot side by side,
# N rounds; medians (min-max) in seconds, from the console as the host
# sees it (each line stamped when it arrives):
#   kernel    qemu start -> runit's "booting." banner (firmware and kernel)
#   stage 1   enter /etc/runit/1 -> leave it (Debian's rcS scripts)
#   stage 2   enter /etc/runit/2 -> cron and sshd running under runsv
#             (the probe service polls every 0.2 s)
#   stage 3   enter /etc/runit/3 -> the kernel's "reboot: Power down"
#   total     qemu start -> power down
# The probe says init 0 as soon as the services are up.
#
#   bench/debian-boot.sh [N]      (root; default N=3; about 1.5-3 min a round)
# BENCH_LOGS=DIR keeps the time-stamped consoles there (KIND.ROUND.ts).
. "$(dirname "$0")/../tests/lib.sh"
. "$TOP/tests/debian-root.sh"
N=${1:-3}
deb_require

deb_stage "$T/stage" || { echo "bench: make install PROFILE=debian failed" >&2; exit 1; }
deb_root "$T/debian" "$T/stage/usr/bin/sv" && deb_root "$T/ours" "$T/stage/usr/bin/sv" &&
  deb_ours "$T/ours" "$T/stage" &&
  deb_image "$T/debian" "$T/debian.img" && deb_image "$T/ours" "$T/ours.img" ||
  { echo "bench: unable to build the images" >&2; exit 1; }
rm -rf "$T/debian" "$T/ours"

# at FILE TEXT: the host's time stamp of the first line holding TEXT
at() { awk -v s="$2" 'index($0, s) { print $1; exit }' "$1"; }
# phases NAME: "kernel stage1 stage2 stage3 total", or "fail"
phases() {
  f=$T/$1.ts
  ban=$(at "$f" ': booting.')
  e1=$(at "$f" '- runit: enter stage: /etc/runit/1') l1=$(at "$f" '- runit: leave stage: /etc/runit/1')
  e2=$(at "$f" '- runit: enter stage: /etc/runit/2') up=$(at "$f" '@probe up cron')
  e3=$(at "$f" '- runit: enter stage: /etc/runit/3') off=$(at "$f" 'reboot: Power down')
  for v in "$ban" "$e1" "$l1" "$e2" "$up" "$e3" "$off"; do
    [ -n "$v" ] || { echo fail; return; }
  done
  echo "$ban $e1 $l1 $e2 $up $e3 $off" |
    awk '{ printf "%.1f %.1f %.1f %.1f %.1f\n", $1, $3 - $2, $5 - $4, $7 - $6, $7 }'
}

for i in $(seq "$N"); do
  for k in ours debian; do
    cp --sparse=always "$T/$k.img" "$T/$k.$i.img"
    spawn deb_boot "$k.$i" "$T/$k.$i.img" init0 600; eval "pid_$k=\$!"
  done
  wait $pid_ours $pid_debian
  for k in ours debian; do
    p=$(phases "$k.$i")
    deb_clean_fs "$T/$k.$i.img" || p="fail (file system not clean)"
    echo "$k $p" >>"$T/results"
    [ -n "${BENCH_LOGS:-}" ] && cp "$T/$k.$i.ts" "$BENCH_LOGS/"
    echo "round $i $k: $p" >&2
    rm -f "$T/$k.$i.img"
  done
done

echo "Debian 12 boot in qemu -accel tcg -smp 1, two at a time; median (min-max) s of $N"
printf '%-10s %-20s %-20s\n' phase ours "Debian's runit"
i=1
for ph in kernel "stage 1" "stage 2" "stage 3" total; do
  printf '%-10s %-20s %-20s\n' "$ph" "$(deb_col ours $i)" "$(deb_col debian $i)"
  i=$((i + 1))
done
fails=$(grep -c fail "$T/results")
[ "$fails" -eq 0 ] || { echo "bench: $fails boot(s) failed" >&2; exit 1; }
