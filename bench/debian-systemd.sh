#!/bin/sh
# Debian 12 booted by systemd and by runit, in qemu, on the same root
# (issue 24): the root of tests/debian-boot.t (tests/fetch-debian: bookworm
# minbase with udev, cron, openssh-server, getty) booted as
#   systemd   with systemd-sysv and dbus instead of runit
#             (tests/fetch-debian systemd)
#   debian    Debian's runit 2.1.2 and its stage scripts
#   ours      ours over it (make install PROFILE=debian), Debian's stage
#             scripts
#   native    ours with the native boot (make install PROFILE=debian
#             NATIVE_BOOT=yes: etc/debian-native/)
#   tree      with TREE, another checkout of this project: ours with the
#             native boot, both from TREE (git -C BRANCH archive HEAD |
#             tar -x -C TREE: no need to build it, it is built in a copy)
# each in qemu-system-x86_64 -accel tcg, one CPU, 512 MB, Debian's cloud
# kernel, one VM at a time (BENCH_JOBS=2: two), the kinds in turn in each
# round, each round starting one kind further; median (min-max) of N
# rounds.  Every figure is the guest's:
#   sshd      kernel start to sshd listening on port 22 (/proc/uptime)
#   all       kernel start to getty, cron and sshd all running
#   mem       memory in use 10 s after that: MemTotal - MemAvailable
#   init Pss  the sum of /proc/PID/smaps_rollup's Pss of the init system's
#             own processes at the same moment: systemd, systemd-journal(d),
#             systemd-logind, dbus-daemon; runit, runsvdir, every runsv,
#             every svlogd.  udevd is left out of every kind.
#   poweroff  the shutdown request (systemctl poweroff; init 0 for runit)
#             to the kernel's "reboot: Power down" (its printk time stamp)
# Each boot is checked too: a sysctl.d setting applied, a file left in
# /tmp cleaned, udevd running and /dev/disk/by-label/debroot made, the file
# system clean after the power-off; a boot that fails a check is shown.
#
# The probe: the kernel starts /usr/local/sbin/bench-init (init=), a
# sh script that starts the probe in the background and execs /sbin/init:
# the same process at the same moment whatever init is.  The probe
# (bench/debian-probe.c, static) waits for /proc, then every 0.2 s reads
# /proc/net/tcp and tcp6 for a LISTEN socket on :0016, cron's pid file
# and /run/utmp (agetty's LOGIN record), each pid checked in
# /proc/PID/comm, until all three are there; every 5 s, if cron or getty
# is still missing, it also reads the comm of every process.  It prints
# "@bench" lines with the uptime on the console, its own CPU time (what
# it cost), then execs the figures' script, which asks for the power-off.
#
#   bench/debian-systemd.sh [N [TREE]]   (root; N=3; on an idle machine a
#                                         round takes about 5 minutes)
# BENCH_KINDS="systemd native" boots only those kinds, BENCH_JOBS=2 two at
# a time; BENCH_LOGS=DIR keeps the time-stamped consoles there
# (KIND.ROUND.ts).
. "$(dirname "$0")/../tests/lib.sh"
. "$TOP/tests/debian-root.sh"
N=${1:-3}
TREE=${2:-}
KINDS=${BENCH_KINDS:-systemd debian ours native${TREE:+ tree}}
JOBS=${BENCH_JOBS:-1}
[ -z "$TREE" ] || [ -f "$TREE/etc/debian-native/native.sh" ] ||
  { echo "bench: $TREE has no etc/debian-native/native.sh" >&2; exit 100; }
deb_require
SD=$("$TOP/tests/fetch-debian" systemd) && [ -s "$SD/rootfs.tar.zst" ] ||
  { echo "bench: tests/fetch-debian systemd failed" >&2; exit 1; }
export DEB_MEM=512 DEB_APPEND="init=/usr/local/sbin/bench-init printk.time=1"

# stage FROM DEST NATIVE: make install PROFILE=debian NATIVE_BOOT=NATIVE
# DESTDIR=DEST, built in a copy of the tree FROM
stage() {
  rm -rf "$T/tree"; mkdir -p "$T/tree"
  (cd "$1" && tar -cf - Makefile package src man etc) | tar -C "$T/tree" -xf - &&
    make -C "$T/tree" install PROFILE=debian NATIVE_BOOT="$3" DESTDIR="$2" NO_CHECK=1 \
      >"$T/make.log" 2>&1 || { cat "$T/make.log" >&2; return 1; }
  rm -rf "$T/tree"
}

# root DIR TARBALL: the root, with the probe
root() {
  rm -rf "$1"; mkdir -p "$1"
  zstd -dcq "$2" | tar -C "$1" --numeric-owner -xpf - || return 1
  echo '/dev/nvme0n1 / ext4 errors=remount-ro 0 1' >"$1/etc/fstab"
  echo debboot >"$1/etc/hostname"
  echo 'vm.swappiness = 13' >"$1/etc/sysctl.d/90-bench.conf"
  : >"$1/tmp/bench-stale"
  mkdir -p "$1/usr/local/sbin" "$1/usr/local/lib/bench"
  cat >"$1/usr/local/sbin/bench-init" <<'EOF'
#!/bin/sh
# bench/debian-systemd.sh: the probe, then init, as process 1
/usr/local/lib/bench/probe /usr/local/lib/bench/after &
exec /sbin/init "$@"
EOF
  cp "$T/probe" "$1/usr/local/lib/bench/probe"
  cat >"$1/usr/local/lib/bench/after" <<'EOF'
#!/bin/bash
# bench/debian-systemd.sh: what the probe execs once the services run
PATH=/usr/sbin:/usr/bin:/sbin:/bin
say() { echo "@bench $*"; }
up() { read -r u _ </proc/uptime; }
sleep 10
read -r init1 </proc/1/comm
if [ "$init1" = systemd ]; then own=' systemd systemd-journal systemd-logind dbus-daemon '
else own=' runit runsvdir runsv svlogd '; fi
while read -r k v _; do
  case $k in MemTotal:) mt=$v ;; MemAvailable:) ma=$v ;; esac
done </proc/meminfo
say "mem $((mt - ma)) kB"
pss=0 all=0 udev=no
for d in /proc/[1-9]*; do
  read -r c 2>/dev/null <"$d/comm" || continue
  p=
  while read -r k v _; do [ "$k" = Pss: ] && { p=$v; break; }; done 2>/dev/null <"$d/smaps_rollup"
  [ -n "$p" ] || continue
  all=$((all + p))
  case $own in *" $c "*) pss=$((pss + p)) ;; esac
  [ "$c" = systemd-udevd ] && udev=yes
  say "proc $c ${d#/proc/} $p"
done
say "pss $pss kB (every process: $all kB)"
read -r s </proc/sys/vm/swappiness
chk="sysctl=$([ "$s" = 13 ] && echo ok || echo "no($s)")"
chk="$chk tmp=$([ -e /tmp/bench-stale ] && echo no || echo ok)"
chk="$chk udevd=$udev label=$([ -L /dev/disk/by-label/debroot ] && echo ok || echo no)"
say "checks $chk"
dmesg 2>/dev/null | grep -Ei 'clocksource|tsc' | while read -r l; do say "clock $l"; done
if [ "$init1" = systemd ]; then
  timeout 20 systemd-analyze 2>&1 | while read -r l; do say "analyze $l"; done
  timeout 20 systemd-analyze blame 2>&1 | head -n 12 | while read -r l; do say "blame $l"; done
fi
up; say "request $u"
echo "<2>bench: power-off request" >/dev/kmsg
if [ "$init1" = systemd ]; then systemctl poweroff; else init 0; fi
exec sleep 1000000
EOF
  chmod 755 "$1/usr/local/sbin/bench-init" "$1/usr/local/lib/bench/after"
}

echo "bench: building the images" >&2
if command -v diet >/dev/null; then probecc="diet -Os cc -static"
else probecc="cc -O2 -static"; fi
$probecc -o "$T/probe" "$TOP/bench/debian-probe.c" ||
  { echo "bench: cannot build bench/debian-probe.c" >&2; exit 1; }
for k in $KINDS; do
  case $k in
    systemd) root "$T/r" "$SD/rootfs.tar.zst" ;;
    debian) root "$T/r" "$DEB/rootfs.tar.zst" ;;
    ours) stage "$TOP" "$T/s" no && root "$T/r" "$DEB/rootfs.tar.zst" && deb_ours "$T/r" "$T/s" ;;
    native) stage "$TOP" "$T/s" yes && root "$T/r" "$DEB/rootfs.tar.zst" && deb_ours "$T/r" "$T/s" ;;
    tree) stage "$TREE" "$T/s" yes && root "$T/r" "$DEB/rootfs.tar.zst" && deb_ours "$T/r" "$T/s" ;;
    *) echo "bench: unknown kind $k" >&2; exit 100 ;;
  esac && deb_image "$T/r" "$T/$k.img" || { echo "bench: unable to build the $k image" >&2; exit 1; }
  rm -rf "$T/r" "$T/s"
done

# val FILE KEY: the first word after "@bench KEY " on the console
val() { awk -v k="@bench $2 " 'i = index($0, k) { split(substr($0, i + length(k)), w, " "); print w[1]; exit }' "$1"; }
# printk FILE TEXT: the kernel's time stamp of the line holding TEXT
printk() { awk -v s="$2" 'index($0, s) && match($0, /\[ *[0-9]+\.[0-9]+\]/) {
  print substr($0, RSTART + 1, RLENGTH - 2) + 0; exit }' "$1"; }
# host FILE TEXT: the host's time stamp of the first line holding TEXT
host() { awk -v s="$2" 'index($0, s) { print $1; exit }' "$1"; }

# result NAME IMG: "sshd all poweroff mem pss" or "fail WHY"; the rest to stderr
result() {
  f=$T/$1.ts
  sshd=$(val "$f" sshd) all=$(val "$f" all) mem=$(val "$f" mem) pss=$(val "$f" pss)
  req=$(val "$f" request) off=$(printk "$f" 'reboot: Power down')
  for v in "$sshd" "$all" "$mem" "$pss" "$req" "$off"; do
    [ -n "$v" ] || { echo "fail (a figure is missing)"; return; }
  done
  # the host's stamps hold the firmware and the kernel's loading too, so
  # the guest's uptime at the probe's start is below the host's time; when
  # it is not, the guest's clock ran ahead while the kernel booted (TCG
  # under load: timer ticks delivered late, all at once) and its uptimes
  # are not the boot's
  o=$(awk -v h="$(host "$f" "@bench start ")" -v s="$(val "$f" start)" 'BEGIN { printf "%.1f", h - s }')
  case $o in -*) echo "fail (the guest's clock ran ${o#-} s ahead of the host's while the kernel booted)"; return ;; esac
  chk=$(awk 'i = index($0, "@bench checks ") { print substr($0, i + 14); exit }' "$f")
  deb_clean_fs "$2" && chk="$chk fs=ok" || chk="$chk fs=no"
  case $chk in *=no*) echo "fail (checks: $chk)"; return ;; esac
  echo "$sshd $all $req $off $mem $pss" |
    awk '{ printf "%.2f %.2f %.2f %d %d\n", $1, $2, $4 - $3, $5, $6 }'
  # where the time went: runit's stages (host stamps moved to the guest's
  # clock by the probe's "sshd" line) or systemd-analyze; the power-off
  # request's printk stamp beside its uptime
  o=$(awk -v h="$(host "$f" "@bench sshd ")" -v s="$sshd" 'BEGIN { print h - s }')
  e1=$(host "$f" 'runit: enter stage: /etc/runit/1') e2=$(host "$f" 'runit: enter stage: /etc/runit/2')
  {
    printf '%s: probe from %s s, its cpu %s, kmsg request %s (uptime %s)' "$1" "$(val "$f" start)" \
      "$(awk 'i = index($0, "@bench probe-cpu ") { print substr($0, i + 17); exit }' "$f")" \
      "$(printk "$f" 'bench: power-off request')" "$req"
    [ -n "$e1" ] && [ -n "$e2" ] && awk -v o="$o" -v a="$e1" -v b="$e2" \
      'BEGIN { printf ", stage 1 at %.1f, stage 2 at %.1f", a - o, b - o }'
    grep -o '@bench analyze Startup finished.*' "$f" | sed 's/^@bench analyze /, /' | tr -d '\n'
    echo
  } >&2
}

load() { cut -d' ' -f1 /proc/loadavg; }
# one KIND ROUND: boot it (in the background with JOBS=2), then report
one() {
  cp --sparse=always "$T/$1.img" "$T/$1.$2.img"
  deb_boot "$1.$2" "$T/$1.$2.img" none 900
}
report() {
  r=$(result "$1.$2" "$T/$1.$2.img")
  echo "$1 $r" >>"$T/results"
  [ -n "${BENCH_LOGS:-}" ] && cp "$T/$1.$2.ts" "$BENCH_LOGS/"
  echo "round $2 $1: $r (load $l0 -> $(load))" >&2
  rm -f "$T/$1.$2.img"
}
: >"$T/results" >"$T/loads"
for i in $(seq "$N"); do
  # the kinds in turn, JOBS at a time; each round starts one kind further
  set -- $KINDS
  j=1; while [ $j -lt $i ]; do x=$1; shift; set -- "$@" "$x"; j=$((j + 1)); done
  while [ $# -gt 0 ]; do
    a=$1 b=; shift
    [ "$JOBS" = 2 ] && [ $# -gt 0 ] && { b=$1; shift; }
    l0=$(load)
    one "$a" "$i" & pa=$!
    [ -z "$b" ] || { one "$b" "$i" & pb=$!; }
    wait $pa; [ -z "$b" ] || wait $pb
    echo "$l0 $(load)" >>"$T/loads"
    report "$a" "$i"; [ -z "$b" ] || report "$b" "$i"
  done
done

lo=$(tr ' ' '\n' <"$T/loads" | sort -n | sed -n '1p;$p' | tr '\n' ' ')
echo "Debian 12 in qemu -accel tcg -smp 1 -m 512, $JOBS at a time; median (min-max) of $N; host load ${lo% }"
printf '%-8s %-18s %-18s %-16s %-20s %-20s\n' kind "sshd listening s" "getty+cron+sshd s" \
  "power-off s" "memory in use MB" "init's Pss MB"
for k in $KINDS; do
  printf '%-8s %-18s %-18s %-16s %-20s %-20s\n' "$k" "$(deb_col "$k" 1 %.1f)" "$(deb_col "$k" 2 %.1f)" \
    "$(deb_col "$k" 3 %.1f)" "$(deb_col "$k" 4 %.1f 1024)" "$(deb_col "$k" 5 %.2f 1024)"
done
fails=$(grep fail "$T/results" | grep -vc "clock ran")
grep "clock ran" "$T/results" | sed 's/^/left out: /' >&2
[ "$fails" -eq 0 ] || { grep fail "$T/results" >&2; echo "bench: $fails boot(s) failed" >&2; exit 1; }
