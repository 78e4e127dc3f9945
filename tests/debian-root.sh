# A debootstrapped Debian 12 booted in qemu, with Debian's runit (the
# control) or ours as init: shared by tests/debian-boot.t and
# bench/debian-boot.sh.  Source it after lib.sh.
#
#   deb_require               skip_all unless root, qemu, debootstrap, zstd,
#                             e2fsprogs are there; sets DEB (tests/fetch-debian)
#   deb_root DIR OURSV        extract the cached root into DIR and add the
#                             test's files: fstab, hostname, the probe service,
#                             Debian's sv and ours side by side for comparison
#                             (/usr/local/lib/runit-test/debian/sv, ours/sv:
#                             named sv, or sv acts as an LSB init script)
#   deb_stage STAGE [VAR=VALUE...]  build ours with PROFILE=debian in a copy
#                             of the tree (command/ stays as it is, made
#                             once) and install it there with make install
#                             DESTDIR=STAGE and the VARs (NATIVE_BOOT=yes)
#   deb_extras DIR            put into the root DIR what the probe's
#                             "system" line and the console's @testpkg
#                             lines show: a sysctl.d setting
#                             (vm.swappiness = 17), files in /tmp to be
#                             cleaned, and a package's System V script
#                             /etc/init.d/testpkg (LSB header, rcS.d S
#                             link, rc0.d and rc6.d K links) that says
#                             "@testpkg start, / rw" (or ro: whether it
#                             could write to /var/lib) on the console at
#                             boot and "@testpkg stop, / rw" at shutdown
#   deb_ours DIR STAGE        put the nine programs of the staging root STAGE
#                             (make install PROFILE=debian DESTDIR=STAGE) into
#                             DIR, over Debian's (merged /usr: links kept)
#   deb_image DIR IMG         an ext4 image of DIR (mkfs.ext4 -d, no mounting)
#   deb_boot NAME IMG ACTION [SECS]  boot IMG in qemu under timeout; the
#                             console, time-stamped by the host, goes to
#                             $T/NAME.raw, and once qemu is gone, cleaned to
#                             $T/NAME.log (no stamps) and $T/NAME.ts;
#                             the monitor listens on $T/NAME.mon;
#                             DEB_MEM (MB, default 384) and DEB_APPEND
#                             (more kernel arguments) for the benchmark
#   deb_kill                  stop the qemu still running (on an early exit)
#   deb_sendkey NAME KEY      press KEY through NAME's qemu monitor
#   deb_clean_fs IMG          succeeds when IMG was unmounted cleanly
#
# The probe service reads testaction= from the kernel command line, waits
# until cron and sshd run as children of their runsv (the daemons
# themselves: Debian's run scripts work for seconds before they exec),
# reports on /dev/console in lines starting with "@probe" ("up", then
# "system": vm.swappiness, how many of deb_extras' files are left in
# /tmp, where udev's /dev/disk/by-label/debroot points), then acts:
#   full      sv restart ssh, sv down/up cron, sv status through both sv's,
#             then init 0
#   init0, init6, poweroff, reboot   that command
#   cad       says "@probe ready cad" and waits for the key
#   pkgNAME   sources /usr/local/lib/runit-test/pkgNAME.sh (the test puts it
#             there), with say, daemon and until_ at hand
# NINE lists Debian's places of the nine programs (dpkg -c runit runit-init).

NINE='usr/sbin/runit usr/lib/runit/runit-init usr/sbin/runsvchdir usr/sbin/utmpset
usr/bin/chpst usr/bin/runsv usr/bin/runsvdir usr/bin/sv usr/bin/svlogd'

deb_require() {
  require_root
  require qemu-system-x86_64 debootstrap zstd mkfs.ext4 dumpe2fs debugfs perl timeout
  # qemu runs under timeout, in a process group of its own: stop it by
  # the pid it wrote, then lib.sh's clean-up
  trap 'deb_kill; _cleanup' EXIT
  DEB=$("$TOP/tests/fetch-debian") || skip_all "tests/fetch-debian failed (debootstrap, apt-get download)"
  [ -s "$DEB/rootfs.tar.zst" ] && [ -s "$DEB/vmlinuz" ] || skip_all "nothing in $DEB"
}

deb_root() {
  _r=$1
  rm -rf "$_r"; mkdir -p "$_r"
  zstd -dcq "$DEB/rootfs.tar.zst" | tar -C "$_r" --numeric-owner -xpf - || return 1
  echo '/dev/nvme0n1 / ext4 errors=remount-ro 0 1' >"$_r/etc/fstab"
  echo debboot >"$_r/etc/hostname"
  mkdir -p "$_r/usr/local/lib/runit-test/debian" "$_r/usr/local/lib/runit-test/ours"
  cp "$_r/usr/bin/sv" "$_r/usr/local/lib/runit-test/debian/sv"
  cp "$2" "$_r/usr/local/lib/runit-test/ours/sv"
  mkdir -p "$_r/etc/sv/probe"
  cat >"$_r/etc/sv/probe/run" <<'EOF'
#!/bin/sh
# the test's probe (tests/debian-root.sh)
PATH=/usr/sbin:/usr/bin:/sbin:/bin
# (a line of its own: getty's "login: " prompt ends without a newline)
say() { printf '\n@probe %s\n' "$*" >/dev/console; }
read -r cmdline </proc/cmdline
a=none
for w in $cmdline; do case $w in testaction=*) a=${w#testaction=};; esac; done
[ -e /run/probe.done ] && exec sleep 1000000
: >/run/probe.done
# daemon SERVICE COMM: the pid runsv holds for SERVICE when it is COMM and a
# child of "runsv SERVICE"; prints "PID PPID"
daemon() {
  p=$(cat "/etc/service/$1/supervise/pid" 2>/dev/null) || return 1
  [ -n "$p" ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$2" ] || return 1
  pp=$(sed 's/^.*) . \([0-9]*\) .*/\1/' "/proc/$p/stat") || return 1
  [ "$(tr '\0' ' ' <"/proc/$pp/cmdline" 2>/dev/null)" = "runsv $1 " ] || return 1
  echo "$p $pp"
}
# until SECS CMD...: poll CMD every 0.2 s
until_() { n=$(($1 * 5)); shift; until "$@" >/dev/null 2>&1; do n=$((n - 1)); [ $n -gt 0 ] || return 1; sleep 0.2; done; }
until_ 600 daemon cron cron && until_ 600 daemon ssh sshd || say "timeout waiting for cron and sshd"
set -- $(daemon cron cron) $(daemon ssh sshd)
say "up cron $1 parent $2 (runsv cron) ssh $3 parent $4 (runsv ssh)"
cron=$1 ssh=$3
# what the boot made of the system: a sysctl.d setting applied (deb_extras
# puts vm.swappiness = 17 in), /tmp cleaned of the image's files, the
# root's label linked by udev
tmp=$(ls -A /tmp | grep -c '^runit-test')
lab=$(readlink /dev/disk/by-label/debroot) || lab=missing
say "system vm.swappiness $(cat /proc/sys/vm/swappiness), $tmp of the image's files left in /tmp, /dev/disk/by-label/debroot -> $lab"
if [ "$a" = full ]; then
  say "sv restart ssh: $(sv restart ssh 2>&1)"
  newssh() { x=$(daemon ssh sshd) && set -- $x && [ "$1" != "$ssh" ]; }
  until_ 120 newssh || say "timeout waiting for a new sshd"
  set -- $(daemon ssh sshd)
  say "ssh restarted: sshd $ssh -> $1 parent $2 (runsv ssh)"
  say "sv down cron: $(sv down cron 2>&1)"
  gone() { ! kill -0 "$cron" 2>/dev/null && sv status cron | grep -q '^down: '; }
  until_ 60 gone || say "timeout waiting for cron $cron to exit"
  say "cron $cron gone: $(sv status cron 2>&1 | sed 's/ [0-9][0-9]*s/ Ns/g')"
  say "sv up cron: $(sv up cron 2>&1 | sed 's/ [0-9][0-9]*s/ Ns/g')"
  newcron() { x=$(daemon cron cron) && set -- $x && [ "$1" != "$cron" ]; }
  until_ 120 newcron || say "timeout waiting for a new cron"
  set -- $(daemon cron cron)
  say "cron up again: cron $1 parent $2 (runsv cron)"
  # the same status through Debian's sv and ours (ages in seconds elided;
  # a getty may move between the two reads: look again a few times)
  st() {
    o=$(/usr/local/lib/runit-test/$1/sv status /etc/service/* 2>&1); r=$?
    printf '%s\nrc %s\n' "$o" "$r" | sed 's/) [0-9][0-9]*s/) Ns/g; s/: [0-9][0-9]*s/: Ns/g'
  }
  i=0
  while :; do
    d=$(st debian); o=$(st ours)
    [ "$d" = "$o" ] && break
    i=$((i + 1)); [ $i -lt 10 ] || break
    sleep 1
  done
  echo "$d" | while read -r l; do say "sv debian: $l"; done
  echo "$o" | while read -r l; do say "sv ours: $l"; done
  [ "$d" = "$o" ] && say "sv status: same through both" || say "sv status: differs"
  a=init0
fi
say "action $a"
case $a in
  init0) init 0 ;;
  init6) init 6 ;;
  poweroff) poweroff ;;
  reboot) reboot ;;
  cad) say "ready cad" ;;
  pkg*) . "/usr/local/lib/runit-test/$a.sh" ;;   # tests/debian-package.t's
esac
exec sleep 1000000
EOF
  chmod 755 "$_r/etc/sv/probe/run"
  ln -s /etc/sv/probe "$_r/etc/runit/runsvdir/default/probe"
}

deb_stage() {
  _s=$1; shift
  if [ ! -f "$T/tree/Makefile" ]; then
    rm -rf "$T/tree"; mkdir -p "$T/tree"
    (cd "$TOP" && tar -cf - Makefile package src man etc) | tar -C "$T/tree" -xf - || return 1
  fi
  make -C "$T/tree" install PROFILE=debian DESTDIR="$_s" NO_CHECK=1 "$@" >"$T/make.log" 2>&1 ||
    { cat "$T/make.log" >&2; return 1; }
}

deb_extras() {
  mkdir -p "$1/etc/sysctl.d" "$1/etc/init.d" "$1/tmp/runit-test.d" &&
    echo 'vm.swappiness = 17' >"$1/etc/sysctl.d/60-runit-test.conf" &&
    echo stale >"$1/tmp/runit-test.stale" && echo stale >"$1/tmp/runit-test.d/file" &&
    chmod 1777 "$1/tmp" || return 1
  cat >"$1/etc/init.d/testpkg" <<'EOF'
#!/bin/sh
### BEGIN INIT INFO
# Provides:          testpkg
# Required-Start:    $local_fs
# Required-Stop:     $local_fs
# Default-Start:     S
# Default-Stop:      0 6
# Short-Description: a package's boot step (tests/debian-root.sh)
### END INIT INFO
. /lib/lsb/init-functions
case $1 in
  start|stop)
    # whether / was writable: a start after the local file systems are
    # mounted, a stop before they are unmounted
    if : >"/var/lib/testpkg.$1" 2>/dev/null; then fs=rw; else fs=ro; fi
    echo "@testpkg $1, / $fs" >/dev/console ;;
  *) echo "Usage: /etc/init.d/testpkg {start|stop}" >&2; exit 3 ;;
esac
exit 0
EOF
  chmod 755 "$1/etc/init.d/testpkg" &&
    ln -sf ../init.d/testpkg "$1/etc/rcS.d/S14testpkg" &&
    ln -sf ../init.d/testpkg "$1/etc/rc0.d/K01testpkg" &&
    ln -sf ../init.d/testpkg "$1/etc/rc6.d/K01testpkg"
}

deb_ours() {
  # the staging tree has real sbin/, lib/ directories; the root's are
  # links into usr/ (merged /usr): keep them
  tar -C "$2" -cf - . | tar -C "$1" --keep-directory-symlink --no-same-owner -xf - || return 1
  for _f in $NINE; do
    [ -f "$1/$_f" ] && [ ! -L "$1/$_f" ] || { echo "deb_ours: $1/$_f missing" >&2; return 1; }
  done
}

deb_image() {
  rm -f "$2"
  mkfs.ext4 -q -F -L debroot -d "$1" "$2" 640M >/dev/null
}

deb_boot() {
  rm -f "$T/$1.mon"
  timeout "${4:-480}" qemu-system-x86_64 -accel tcg -nographic -no-reboot -m "${DEB_MEM:-384}" -smp 1 \
    -nic none -monitor "unix:$T/$1.mon,server,nowait" -pidfile "$T/$1.qpid" \
    -kernel "$DEB/vmlinuz" \
    -drive "file=$2,if=none,id=d0,format=raw" -device nvme,drive=d0,serial=debboot \
    -append "console=ttyS0 root=/dev/nvme0n1 ro rootfstype=ext4 devtmpfs.mount=1 PATH=/usr/sbin:/usr/bin:/sbin:/bin panic=-1 mitigations=off no_timer_check quiet testaction=$3${DEB_APPEND:+ $DEB_APPEND}" \
    </dev/null 2>&1 |
    perl -MTime::HiRes=time -e '$| = 1; $t = time; while (<STDIN>) { printf "%.3f %s", time - $t, $_ }' >"$T/$1.raw"
  rm -f "$T/$1.qpid"
  tr -d '\r\000' <"$T/$1.raw" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1b[c78]//g' >"$T/$1.ts"
  sed 's/^[0-9.]* //' "$T/$1.ts" >"$T/$1.log"
}

deb_kill() {
  for _f in "$T"/*.qpid; do
    _p=$(cat "$_f" 2>/dev/null) || continue
    # only a qemu of ours: its command line names our directory
    tr '\0' ' ' <"/proc/$_p/cmdline" 2>/dev/null | grep -qF -- "$T/" && kill -KILL "$_p" 2>/dev/null
  done
  return 0
}

deb_sendkey() {
  wait_until 10 test -S "$T/$1.mon" || return 1
  if command -v socat >/dev/null 2>&1; then
    { sleep 0.3; echo "sendkey $2"; sleep 0.5; } | socat - "UNIX-CONNECT:$T/$1.mon" >/dev/null
  else
    python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); time.sleep(0.3)
s.sendall(("sendkey %s\n" % sys.argv[2]).encode()); time.sleep(0.5); s.close()' "$T/$1.mon" "$2"
  fi
}

deb_clean_fs() {
  _h=$(dumpe2fs -h "$1" 2>/dev/null) || return 1
  printf '%s\n' "$_h" | grep -Eq '^Filesystem state: +clean$' &&
    ! printf '%s\n' "$_h" | grep -q needs_recovery
}

# deb_col KIND FIELD [FORMAT [DIV]]: median (min-max) of FIELD / DIV over
# the rounds of KIND in $T/results (lines "KIND V1 V2 ...", or "KIND fail
# ..."), printed with FORMAT (%.1f); "-" when there is none (the Debian
# boot benches' tables)
deb_col() {
  awk -v k="$1" -v f="$2" -v d="${4:-1}" '$1 == k && $2 != "fail" { print $(f + 1) / d }' "$T/results" |
    sort -n | awk -v fmt="${3:-%.1f}" '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit }
      printf fmt " (" fmt "-" fmt ")", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
