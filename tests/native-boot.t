#!/bin/sh
# The native boot for Debian's runit (etc/debian-native/, issue 24): its
# pure shell parts, run on a fake root directory ($nb_root) with stub
# commands (fsck, mount, modprobe... that log their arguments), never on
# this machine's own file systems: which rcS.d/rc0.d scripts still run
# and in which phase, the fstab walk, the sysctl.d order and settings, the
# module list, the root fsck's outcomes, the processes and mount points a
# shutdown handles.  Bad input gives one line naming what failed and the
# boot goes on.  Then make install NATIVE_BOOT=yes and make uninstall.
# Not tested here (needs a machine to boot, tests/debian-boot.t's qemu):
# the real mounts, udev, the emergency shell itself, the signals of a
# shutdown outside a pid namespace.
. "$(dirname "$0")/lib.sh"

N=$TOP/etc/debian-native
R=$T/root
STUB=$T/stub
mkdir -p "$R" "$STUB"
export LOG="$T/calls"
: >"$LOG"
# stub NAME [EXIT]: a command that logs "NAME ARGS" and exits EXIT (or
# what $STUB_NAME_EXIT says when set)
stub() {
  printf '#!/bin/sh\necho "%s $*" >>"$LOG"\nexit ${STUB_%s:-%s}\n' "$1" "$(echo "$1" | tr -c 'a-z\n' _)" "${2:-0}" >"$STUB/$1"
  chmod +x "$STUB/$1"
}
for c in fsck mount swapon swapoff umount hwclock reboot sulogin udevadm sync; do stub "$c"; done
PATH=$STUB:$PATH
nb_root=$R
. "$N/native.sh"
calls() { cat "$LOG"; : >"$LOG"; }

# --- static: fragments are sourced by Debian's stage scripts ------------
bad=
for f in "$N/native.sh" "$N"/boot-run/*.sh "$N"/shutdown-run/*.sh; do
  sh -n "$f" || bad="$bad ${f##*/}(syntax)"
  # the code without comments and quoted strings
  grep -v '^[[:space:]]*#' "$f" | sed 's/"[^"]*"//g; s/[A-Za-z_]*=\*)//g' >"$T/code"
  # an exit ends Debian's stage 1 or 3
  grep -qE '(^|[;&|(]|then|do|else)[[:space:]]*(exit|exec)([[:space:]]|;|$)' "$T/code" &&
    bad="$bad ${f##*/}(exit)"
  # only nb_ names (and IFS, restored): the stage scripts' own variables
  # (f, script, LAST) stay as they are
  grep -oE '(^|[;&|]|then|do|else)[[:space:]]*[A-Za-z_][A-Za-z_0-9]*=' "$T/code" |
    grep -vE '[[:space:]]*(nb_[A-Za-z_0-9]*|IFS)=$' | sed "s|^|${f##*/}: |" >>"$T/names"
done
is "$bad" "" "every fragment parses and has no exit or exec"
is "$(cat "$T/names")" "" "every variable a fragment sets begins with nb_"

# --- which rc scripts still run -----------------------------------------
mkdir -p "$R/etc/init.d" "$R/etc/rcS.d" "$R/etc/rc0.d" "$R/etc/runit/no.emulate.sysv.d" "$R/etc/sv/ssh"
script() {   # script NAME EXIT [X-Start-Before]
  printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: %s\n# X-Start-Before: %s\n### END INIT INFO\necho "ran %s $*" >>"$LOG"\nexit %s\n' \
    "$1" "${3:-}" "$1" "$2" >"$R/etc/init.d/$1"
  chmod +x "$R/etc/init.d/$1"
}
script mountkernfs.sh 0
script checkroot.sh 0
script keyboard-setup.sh 0 "checkroot"
script lvm2 0 "checkfs mountall"
script networking 3
script brightness 0
script skipped 0
script ssh 0
script umountfs 0
script sendsigs 0
script noexec 0; chmod -x "$R/etc/init.d/noexec"
script mountnfs.sh 0
for s in S01mountkernfs.sh S02keyboard-setup.sh S03checkroot.sh S03lvm2 \
         S05networking S06noexec S07skipped S08brightness S09mountnfs.sh; do
  ln -s "../init.d/${s#S0?}" "$R/etc/rcS.d/$s"
done
for s in K01sendsigs K01ssh K02brightness K03umountfs; do
  ln -s "../init.d/${s#K0?}" "$R/etc/rc0.d/$s"
done
: >"$R/etc/runit/no.emulate.sysv.d/skipped"
# brightness does something only with a backlight it knows (nb_idle)
mkdir -p "$R/sys/class/backlight/intel_backlight"
: >"$R/sys/class/backlight/intel_backlight/brightness"
ok "mountall.sh is covered" nb_covered mountall.sh
ok "brightness with a backlight: not idle, run" eval '! nb_idle brightness'
mv "$R/sys/class/backlight/intel_backlight" "$R/sys/class/backlight/other"
ok "... without one it knows: idle, not run" nb_idle brightness
mv "$R/sys/class/backlight/other" "$R/sys/class/backlight/intel_backlight"
ok "mountnfs.sh without an fstab: idle" nb_idle mountnfs.sh
ok "lvm2 is never idle" eval '! nb_idle lvm2'
ok "lvm2 is not" eval '! nb_covered lvm2'
is "$(nb_rc_scripts rcS.d S early | sed "s|$R||")" \
"/etc/rcS.d/S02keyboard-setup.sh
/etc/rcS.d/S03lvm2" "early: the uncovered scripts that start before checkroot, checkfs or mountall"
is "$(nb_rc_scripts rcS.d S late | sed "s|$R||")" \
"/etc/rcS.d/S05networking
/etc/rcS.d/S08brightness" "late: the others, in order; not covered, not executable, no.emulate.sysv.d/NAME, idle (mountnfs.sh without nfs) left out"
is "$(nb_rc_scripts rc0.d K | sed "s|$R||")" "/etc/rc0.d/K02brightness" \
  "shutdown: uncovered, and not a service of /etc/sv (stopped with the services)"
out=$(nb_run_rc rcS.d S start late)
is "$out" "native boot: warning: $R/etc/rcS.d/S05networking start failed (exit code 3), going on" \
  "a failing rcS.d script: a line naming it and its exit code"
is "$(calls)" "ran networking start --force-sysv
ran brightness start --force-sysv" "... and the next one still runs; started with --force-sysv, as Debian's stage 1 does"
nb_mod_pid='' nb_tmp_pid='' nb_settle_pid=''
out=$(. "$N/boot-run/60-rest.sh" 2>&1)
is "$out:$(calls | tr '\n' '|')" "native boot: warning: $R/etc/rcS.d/S05networking start failed (exit code 3), going on:ran networking start --force-sysv|ran brightness start --force-sysv|" \
  "60-rest.sh: the late scripts, in order"

# --- the fstab walk -----------------------------------------------------
out=$(nb_fstab 2>&1); rc=$?
is "$rc:$out" "1:native boot: warning: /etc/fstab is missing or unreadable: no local file system is checked or mounted" \
  "no fstab: a line saying so, return 1"
mkdir "$R/etc/fstab"
like "$(nb_fstab_local 2>&1)" "fstab is missing or unreadable" "an fstab that is a directory: the same line"
rmdir "$R/etc/fstab"
cat >"$R/etc/fstab" <<'FSTAB'
# <file system> <mount point> <type> <options> <dump> <pass>
UUID=r00t / ext4 errors=remount-ro 0 1

	# indented comment
UUID=d474 /data ext4 defaults 0 2
/dev/sdz9 /home ext4 defaults 0 2
LABEL=scratch /scratch xfs defaults
tmpfs /tmp tmpfs nosuid,nodev 0 0
/dev/sda2 none swap sw 0 0
/dev/sdb1 /media/usb auto noauto,user 0 0
srv:/export /net nfs defaults 0 0
/dev/sdc1 /iscsi ext4 _netdev 0 2
proc /proc proc defaults 0 0
FSTAB
is "$(nb_fstab_root)" "UUID=r00t ext4 errors=remount-ro 1" "the root entry: spec, type, options, pass"
ok "mountnfs.sh with an nfs entry in the fstab: not idle" eval '! nb_idle mountnfs.sh'
cp "$R/etc/fstab" "$T/fstab.keep"
sed -i 's|^srv:/export /net nfs defaults|srv:/export /net nfs noauto|' "$R/etc/fstab"
ok "... with only a noauto one: idle" nb_idle mountnfs.sh
cp "$T/fstab.keep" "$R/etc/fstab"
is "$(nb_fstab_local)" "UUID=d474 /data ext4 defaults 2
/dev/sdz9 /home ext4 defaults 2
LABEL=scratch /scratch xfs defaults 0
tmpfs /tmp tmpfs nosuid,nodev 0" \
  "the local entries: not /, swap, noauto, nfs, _netdev, proc; short lines completed"
mkdir -p "$R/dev/disk/by-uuid" "$R/proc"
: >"$R/dev/disk/by-uuid/d474"
is "$(nb_device UUID=d474)" "$R/dev/disk/by-uuid/d474" "UUID= found through /dev/disk/by-uuid"
ok "a device that does not exist: nb_device fails" eval '! nb_device /dev/sdz9'
is "$(nb_device tmpfs)" tmpfs "a spec that is no device: itself"

# 40-local.sh on it: /data checked and mounted, /home does not exist,
# /scratch's device neither; /tmp mounted
echo "UUID=r00t / ext4 rw 0 0" >"$R/proc/mounts"
out=$(. "$N/boot-run/40-local.sh" 2>&1)
is "$out" "native boot: warning: fstab: /dev/sdz9 for /home does not exist, not mounted
native boot: warning: fstab: LABEL=scratch for /scratch does not exist, not mounted" \
  "devices that do not exist: a line each, naming device and mount point"
is "$(calls)" "fsck -a -T -t ext4 $R/dev/disk/by-uuid/d474
mount /data
mount /tmp
swapon -a -e" "the rest is checked and mounted, swap on"
# udev still settling: a device not there yet is waited for, only then
mkdir -p "$R/dev/disk/by-label"
( sleep 1; : >"$R/dev/disk/by-label/scratch" ) & nb_settle_pid=$!
# (sourced as the stage script does, not in a subshell: its wait needs its child)
. "$N/boot-run/40-local.sh" >"$T/out" 2>&1
is "$(cat "$T/out")" "native boot: warning: fstab: /dev/sdz9 for /home does not exist, not mounted" \
  "udev settling: a device of the fstab not there yet is waited for (LABEL=scratch found then)"
like "$(calls)" "mount /scratch" "... and mounted"
wait; nb_settle_pid=
rm "$R/dev/disk/by-label/scratch"
export STUB_fsck=4
out=$(. "$N/boot-run/40-local.sh" 2>&1)
unset STUB_fsck
like "$out" "warning: fsck of UUID=d474 for /data failed \(exit code 4\): not mounted" \
  "a failed check of another file system: a line, not mounted, the boot goes on"
is "$(calls | grep -c '^mount /data')" 0 "... /data not mounted"
ok "no temporary file left in /run" test ! -e "$R/run/native-boot"

# --- the root file system ---------------------------------------------------
nb_emergency() { echo "EMERGENCY $*" >>"$LOG"; }
nb_reboot_now() { echo "REBOOT" >>"$LOG"; }
echo "/dev/root / ext4 ro 0 0" >"$R/proc/mounts"
mkdir -p "$R/dev/disk/by-uuid"; : >"$R/dev/disk/by-uuid/r00t"
# shellcheck disable=SC2046
nb_root_fs $(nb_fstab_root) >/dev/null
is "$(calls)" "fsck -a -T -t ext4 $R/dev/disk/by-uuid/r00t
mount -o remount,rw /" "a read-only root: checked, then remounted read-write"
for code in 4 8; do
  export STUB_fsck=$code
  nb_root_fs $(nb_fstab_root) >/dev/null
  like "$(calls)" "EMERGENCY the check of the root file system \(UUID=r00t\) failed \(fsck exit code $code\)" \
    "root fsck exit code $code: the emergency shell, naming the device and code"
done
export STUB_fsck=2
nb_root_fs $(nb_fstab_root) >/dev/null
like "$(calls)" "REBOOT" "root fsck exit code 2 (repaired): reboot"
unset STUB_fsck
echo "console=ttyS0 fastboot" >"$R/proc/cmdline"
nb_root_fs $(nb_fstab_root) >/dev/null
is "$(calls)" "mount -o remount,rw /" "fastboot: no check"
rm "$R/proc/cmdline"
nb_root_fs UUID=gone ext4 defaults 1 >"$T/out"
is "$(cat "$T/out")" "native boot: warning: root file system: UUID=gone (in /etc/fstab) does not exist, not checked" \
  "a root device that does not exist: a line, no check, no emergency"
is "$(calls)" "mount -o remount,rw /" "... still remounted read-write"
nb_root_fs UUID=r00t ext4 ro 0 >/dev/null
is "$(calls)" "" "pass 0 and ro: neither checked nor remounted"
echo "/dev/root / ext4 rw,relatime 0 0" >"$R/proc/mounts"
nb_root_fs $(nb_fstab_root) >/dev/null
is "$(calls)" "" "a root mounted read-write already: nothing"
rm "$R/etc/fstab"
nb_root_fs $(nb_fstab_root 2>/dev/null) >/dev/null
echo "/dev/root / ext4 ro 0 0" >"$R/proc/mounts"
nb_root_fs $(nb_fstab_root 2>/dev/null) >/dev/null
is "$(calls)" "mount -o remount,rw /" "no fstab: the root is made read-write, unchecked"

# --- sysctl -----------------------------------------------------------------
mkdir -p "$R/etc/sysctl.d" "$R/usr/lib/sysctl.d" "$R/run/sysctl.d" "$R/lib/sysctl.d" \
  "$R/proc/sys/net/ipv4/conf/eth0.1" "$R/proc/sys/kernel" "$R/proc/sys/vm"
printf 'kernel.a = 1\n' >"$R/etc/sysctl.d/10-a.conf"
printf 'kernel.a = 0\n' >"$R/usr/lib/sysctl.d/10-a.conf"
printf '; comment\nvm.swappiness=10\n' >"$R/usr/lib/sysctl.d/05-b.conf"
printf 'net.ipv4.ip_forward = 1\n' >"$R/run/sysctl.d/30-c.conf"
printf 'x\n' >"$R/lib/sysctl.d/20-d.notconf"
printf '# last\nkernel.a = 2\n' >"$R/etc/sysctl.conf"
is "$(nb_sysctl_files | sed "s|$R||")" "/usr/lib/sysctl.d/05-b.conf
/etc/sysctl.d/10-a.conf
/run/sysctl.d/30-c.conf
/etc/sysctl.conf" "sysctl files: by name, /etc hides /usr/lib's, only *.conf, sysctl.conf last"
for k in kernel/a vm/swappiness net/ipv4/ip_forward net/ipv4/conf/eth0.1/rp_filter; do
  : >"$R/proc/sys/$k"
done
cat >>"$R/run/sysctl.d/30-c.conf" <<'SYSCTL'
	net/ipv4/conf/eth0.1/rp_filter	=  2   
kernel.nosuch = 1
-kernel.nosuch2 = 1
# kernel.commented = 1
SYSCTL
out=$(nb_sysctl_apply 2>&1)
is "$out" "native boot: warning: sysctl: no such setting: kernel.nosuch in $R/run/sysctl.d/30-c.conf" \
  "a key that does not exist: one line naming it and its file; with a leading -, none"
is "$(cat "$R/proc/sys/kernel/a") $(cat "$R/proc/sys/vm/swappiness") $(cat "$R/proc/sys/net/ipv4/ip_forward") $(cat "$R/proc/sys/net/ipv4/conf/eth0.1/rp_filter")" \
  "2 10 1 2" "the settings written, the last one wins, a slash key keeps its dots"

# --- kernel modules ---------------------------------------------------------
mkdir -p "$R/etc/modules-load.d" "$R/usr/lib/modules-load.d"
printf '# /etc/modules\nloop\n\nbonding mode=1\n' >"$R/etc/modules"
printf 'nosuch\nloop\n' >"$R/etc/modules-load.d/a.conf"
printf 'hidden\n' >"$R/usr/lib/modules-load.d/a.conf"
printf 'tun\n' >"$R/usr/lib/modules-load.d/b.conf"
is "$(nb_modules)" "loop
bonding mode=1
nosuch
tun" "modules: /etc/modules then modules-load.d by name, each once, arguments kept"
printf '#!/bin/sh\necho "modprobe $*" >>"$LOG"\nfor m; do [ "$m" = nosuch ] && exit 1; done\nexit 0\n' >"$STUB/modprobe"
chmod +x "$STUB/modprobe"
out=$(nb_load_modules 2>&1)
is "$out" "native boot: warning: kernel module nosuch: unable to load" \
  "a module that does not load: a line naming it"
is "$(calls)" "modprobe -a -b -q loop nosuch tun
modprobe -b -q loop
modprobe -b -q nosuch
modprobe -b -q tun
modprobe -b -q bonding mode=1" "one modprobe for all; one each only after a failure"

# --- udev not installed (20-devices.sh) -------------------------------------
out=$(. "$N/boot-run/20-devices.sh"; wait 2>&1)
like "$out" "^native boot: udev not installed: devices are the kernel's \(devtmpfs\)" \
  "udev not installed: a line saying so, the boot goes on"
calls >/dev/null

# --- shutdown: processes, mount points --------------------------------------
mkdir -p "$R/proc/1" "$R/proc/2" "$R/proc/100" "$R/proc/200" "$R/proc/$$" "$R/run/sendsigs.omit.d"
mkdir -p "$R/proc/300" "$R/proc/400"
for p in 1 200 $$; do echo "$p (sh) S 1 1 1 0 -1 4194560 0 0" >"$R/proc/$p/stat"; done
echo "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0" >"$R/proc/2/stat"   # PF_KTHREAD
echo "100 (a (b) c) S 1 100 100 0 -1 4194560 0 0" >"$R/proc/100/stat"
echo "300 (gone) Z 1 300 300 0 -1 4194564 0 0" >"$R/proc/300/stat"
echo 200 >"$R/run/sendsigs.omit.d/mdmon"
is "$(nb_user_pids)" 100 "signalled: not 1, kernel threads, zombies, this shell, sendsigs.omit.d's; a name with blanks and parentheses"
mkdir -p "$R/proc/500"; echo "500 (hwclock) S 1 500 500 0 -1 4194560 0 0" >"$R/proc/500/stat"
is "$(nb_keep=' 500'; nb_user_pids)" 100 "signalled: not what the shutdown keeps for itself (nb_keep: 10-save.sh's hwclock)"
rm -r "$R/proc/500"
cat >"$R/proc/mounts" <<'MOUNTS'
/dev/root / ext4 rw 0 0
proc /proc proc rw 0 0
/dev/sda3 /var ext4 rw 0 0
tmpfs /run tmpfs rw 0 0
/dev/sda4 /var/log ext4 rw 0 0
srv:/x /net nfs4 rw 0 0
MOUNTS
is "$(nb_umount_list)" "/net
/var/log
/var" "unmounted innermost first; not /, not the kernel's"

# 30-final.sh in a pid namespace of its own (it signals every process):
# a process that ignores SIGTERM is killed after the bounded wait, every
# mount point but / is unmounted (stubs), / remounted read-only
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 &&
   unshare --pid --fork --mount-proc true 2>/dev/null; then
  timeout 120 unshare --pid --fork --mount-proc sh -c '
    nb_root= nb_term_secs=1
    . "$1/native.sh"
    sleep 1000 & a=$!
    sh -c "trap \"\" TERM; : >\"\$0\"; while :; do sleep 1; done" "$2" & b=$!
    # the trap is set before the TERM comes
    until [ -e "$2" ]; do sleep 0.1; done
    . "$1/shutdown-run/30-final.sh"
    wait
    kill -0 $a 2>/dev/null || kill -0 $b 2>/dev/null || echo "both gone"
  ' sh "$N" "$T/trapped" >"$T/out" 2>&1
  # (the trapping shell may say its sleep was Killed before it is)
  is "$(grep -v -e '^native boot: warning: unable to unmount' -e '^Killed$' "$T/out")" "native boot: sending all processes the TERM signal
native boot: sending all processes the KILL signal
both gone" "shutdown: TERM, a bounded wait, KILL for what ignores TERM"
  is "$(calls | grep -E '^(swapoff|mount -o remount)')" "swapoff -a
mount -o remount,ro /" "shutdown: swap off, then the root remounted read-only"
  timeout 120 unshare --pid --fork --mount-proc sh -c '
    nb_root= nb_term_secs=5
    . "$1/native.sh"
    sleep 1000 &
    . "$1/shutdown-run/30-final.sh"
  ' sh "$N" >"$T/out" 2>&1
  is "$(grep -v '^native boot: warning: unable to unmount' "$T/out")" "native boot: sending all processes the TERM signal" \
    "shutdown: no KILL when every process ended on TERM (the lister is not listed)"
  calls >/dev/null
else
  skip "shutdown signals" "needs root and unshare --pid"
  skip "shutdown without KILL" "needs root and unshare --pid"
  skip "shutdown unmounts" "needs root and unshare --pid"
fi

# --- stage 2 without the rc2.d emulation, decided at every boot ------------
mkdir -p "$R/etc/rc2.d" "$R/run/runit" "$R/var/log" "$R/etc/sv/cron" "$R/etc/default"
for n in bootlogs rmnologin rc.local cron ssh apache2 web; do script "$n" 0; done
for s in S01bootlogs S01cron S01rmnologin S01ssh S02rc.local; do
  ln -s "../init.d/${s#S0?}" "$R/etc/rc2.d/$s"
done
flag=$R/run/runit/no.emulate.sysv
ln -s "$flag" "$R/etc/runit/no.emulate.sysv"
is "$(nb_rc2_left)" "" "Debian's rc2.d: every script done natively or a runit service (/etc/sv)"
ok "... the emulation goes off (nb_stage2)" nb_stage2
ok "... through the flag on /run that the link leads to" test -e "$R/etc/runit/no.emulate.sysv"
ln -s ../init.d/apache2 "$R/etc/rc2.d/S03apache2"
out=$(nb_stage2); rc=$?
is "$rc:$out" "1:native boot: /etc/rc2.d/S03apache2: no runit service /etc/sv/apache2, so Debian's stage 2 runs /etc/rc2.d before the services" \
  "a package's rc2.d script without /etc/sv/NAME: the emulation stays on, the script named"
ok "... the flag of the last boot is gone" test ! -e "$flag"
mkdir "$R/etc/sv/apache2"
ok "the package's runit service appears: off again" nb_stage2
rmdir "$R/etc/sv/apache2"
: >"$R/etc/runit/no.emulate.sysv.d/apache2"
ok "no.emulate.sysv.d/NAME switches the script off: off" nb_stage2
rm "$R/etc/runit/no.emulate.sysv.d/apache2"
chmod -x "$R/etc/init.d/apache2"
ok "a script that is not executable (Debian's stage 2 skips it): off" nb_stage2
chmod +x "$R/etc/init.d/apache2"
rm "$R/etc/rc2.d/S03apache2"
ln -s ../init.d/web "$R/etc/rc2.d/S03httpd"
is "$(nb_rc2_left)" "/etc/rc2.d/S03httpd web" "a link named otherwise: the script's name, as run_sysv_scripts' realpath gives"
mkdir "$R/etc/sv/web"
ok "... and its service found by that name" nb_stage2
rm "$R/etc/runit/no.emulate.sysv"
echo admin >"$R/etc/runit/no.emulate.sysv"
out=$(nb_stage2); rc=$?
is "$rc:$out:$(cat "$R/etc/runit/no.emulate.sysv")" "1::admin" \
  "the administrator's own no.emulate.sysv: left alone, Debian's stage 2 decides; nothing done natively"
ok "... no flag" test ! -e "$flag"
rm "$R/etc/runit/no.emulate.sysv"
ok "no no.emulate.sysv at all: the emulation stays on" eval '! nb_stage2'
ln -s "$flag" "$R/etc/runit/no.emulate.sysv"

# 70-stage2.sh: with the emulation off, rmnologin, bootlogs and rc.local
# done natively
for c in dmesg savelog; do stub "$c"; done
printf '#!/bin/sh\necho "rc.local $*" >>"$LOG"\nexit ${RCLOCAL_EXIT:-0}\n' >"$R/etc/rc.local"
chmod +x "$R/etc/rc.local"
echo 'DELAYLOGIN="yes"' >"$R/etc/default/rcS"
echo "System bootup in progress - please wait" >"$R/run/nologin"
calls >/dev/null
out=$( (. "$N/boot-run/70-stage2.sh"; wait) 2>&1)
like "$out" "^native boot: done, [0-9.]* s after the kernel started" "70-stage2.sh: stage 1's time on the console"
is "$(calls | sort)" "dmesg -s 524288
rc.local " "rc.local executable: run natively; bootlogs' dmesg"
ok "DELAYLOGIN=yes: /run/nologin removed (rmnologin)" test ! -e "$R/run/nologin"
is "$(stat -c %a "$R/var/log/dmesg")" 640 "bootlogs: /var/log/dmesg created, mode 640"
export RCLOCAL_EXIT=3
out=$( (. "$N/boot-run/70-stage2.sh"; wait) 2>&1)
unset RCLOCAL_EXIT
like "$out" "native boot: warning: /etc/rc.local failed \(exit code 3\)" "a failing rc.local: a line naming it and its exit code"
is "$(calls | sort)" "dmesg -s 524288
rc.local 
savelog -q -p -c 5 $R/var/log/dmesg" "... /var/log/dmesg there: kept by savelog first"
chmod -x "$R/etc/rc.local"
(. "$N/boot-run/70-stage2.sh"; wait) >/dev/null 2>&1
is "$(calls | grep -c rc.local)" 0 "rc.local not executable: not run"
chmod +x "$R/etc/rc.local"
ln -s ../init.d/apache2 "$R/etc/rc2.d/S03apache2"
echo "System bootup in progress - please wait" >"$R/run/nologin"
out=$( (. "$N/boot-run/70-stage2.sh"; wait) 2>&1)
is "$(calls)" "" "the emulation on: nothing of rc2.d done natively (Debian's stage 2 runs it)"
ok "... /run/nologin left to rmnologin" test -e "$R/run/nologin"
rm "$R/etc/rc2.d/S03apache2" "$R/run/nologin"

# --- the boot chart ---------------------------------------------------------
like "$(cat "$R/run/runit/boot-chart")" "^[0-9.]+ [0-9.]+ rc2.d emulation off: rmnologin, bootlogs, rc.local done natively \(70-stage2.sh\)
[0-9.]+ [0-9.]+ stage 1 \(/etc/runit/1\)
0.00 [0-9.]+ the kernel and runit, until stage 1 began" "the chart: a line per step, START END STEP, in seconds since the kernel started"
like "$(grep rc.local "$R/run/runit/boot-chart")" "^[0-9.]+ [0-9.]+ /etc/rc.local" "... a job in the background marks its own end"
rm -f "$R/run/runit/boot-chart"
mv "$R/run/runit" "$R/run/runit.x"
nb_mark 1.00 early
ok "/run/runit not there yet: the step is kept" test ! -e "$R/run/runit/boot-chart"
mv "$R/run/runit.x" "$R/run/runit"
nb_mark 2.00 later
like "$(cat "$R/run/runit/boot-chart")" "^1.00 [0-9.]+ early
2.00 [0-9.]+ later$" "... and written with the next one"
out=$(nb_run_rc rcS.d S start late >/dev/null 2>&1; cat "$R/run/runit/boot-chart")
like "$out" "[0-9.]+ [0-9.]+ rcS.d/S05networking start
[0-9.]+ [0-9.]+ rcS.d/S08brightness start" "each rcS.d script run is a step"
like "$(nb_root=; nb_proc_start $$; echo "$nb_up")" '^[0-9]+\.[0-9][0-9]$' "nb_proc_start: a process's start in seconds"
calls >/dev/null

# runit-boot-chart on a fake /proc and service directory
C=$T/chart
pst() {   # pst PID COMM PPID START-TICKS
  mkdir -p "$C/proc/$1"
  echo "$1 ($2) S $3 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 $4 1 1" >"$C/proc/$1/stat"
}
pst 1 runit 0 312
pst 50 runsvdir 1 905
pst 51 runsv 50 1210
pst 52 runsv 50 1208
pst 60 sshd 51 1215
pst 61 svlogd 52 1230
pst 70 "run x" 52 1900
mkdir -p "$C/run/runit" "$C/sv/ssh/supervise" "$C/sv/cron/supervise" "$C/sv/cron/log/supervise" "$C/sv/down/supervise"
printf '3.20 3.50 kernel file systems\n5.10 9.02 stage 1 (/etc/runit/1)\n' >"$C/run/runit/boot-chart"
echo 60 >"$C/sv/ssh/supervise/pid"; echo 70 >"$C/sv/cron/supervise/pid"; echo 61 >"$C/sv/cron/log/supervise/pid"
: >"$C/sv/down/supervise/pid"
is "$(nb_root=$C SVDIR=$C/sv "$N/runit-boot-chart")" "   start       end   length  step (seconds since the kernel started)
    3.20      3.50     0.30  kernel file systems
    5.10      9.02     3.92  stage 1 (/etc/runit/1)
    9.05     12.08     3.03  stage 2 (/etc/runit/2), until runsvdir started its first runsv
   12.15         -           service ssh: ./run started (pid 60, now sshd)
   12.30         -           service cron (log): ./run started (pid 61, now svlogd)
   19.00         -           service cron: ./run started (pid 70, now run x)" \
  "runit-boot-chart: stage 1's steps, stage 2 until runsvdir, each service's ./run"
out=$(nb_root=$T/nowhere "$N/runit-boot-chart" 2>&1); rc=$?
is "$rc:$out" "111:runit-boot-chart: fatal: unable to read $T/nowhere/proc/1/stat" "no /proc: exit code 111, said"

# --- make install NATIVE_BOOT=yes, make uninstall ---------------------------
src=$T/src
mkdir -p "$src"
(cd "$TOP" && tar -cf - --exclude=./.git --exclude=./tests/.cache --exclude=./bench/.cache \
   --exclude=./build --exclude=./command package etc man src) | (cd "$src" && tar -xf -)
printf '#!/bin/sh\nexit 0\n' >"$src/package/compile"   # nothing to build
mkdir -p "$src/command"                                  # stand-ins for the programs
for f in "$src"/src/*.c; do n=${f##*/}; printf '#!/bin/sh\n' >"$src/command/${n%.c}"; chmod +x "$src/command/${n%.c}"; done
(cd "$src" && NO_CHECK=1 PROFILE=debian NATIVE_BOOT=yes DESTDIR=$T/i package/install) >"$T/out" 2>&1
is "$?" 0 "package/install PROFILE=debian NATIVE_BOOT=yes"
is "$(cd "$T/i" && find etc -type f | sort)" "etc/runit/boot-run/00-native.sh
etc/runit/boot-run/10-kernel.sh
etc/runit/boot-run/20-devices.sh
etc/runit/boot-run/30-root.sh
etc/runit/boot-run/40-local.sh
etc/runit/boot-run/50-misc.sh
etc/runit/boot-run/60-rest.sh
etc/runit/boot-run/70-stage2.sh
etc/runit/native.boot.run
etc/runit/shutdown-run/00-native.sh
etc/runit/shutdown-run/10-save.sh
etc/runit/shutdown-run/20-rc.sh
etc/runit/shutdown-run/30-final.sh" "the fragments, native.sh first in each, and the switch"
ok "00-native.sh is native.sh" cmp "$N/native.sh" "$T/i/etc/runit/boot-run/00-native.sh"
is "$(readlink "$T/i/etc/runit/no.emulate.sysv")" /run/runit/no.emulate.sysv \
  "/etc/runit/no.emulate.sysv: a link to the flag the native boot creates on /run"
ok "runit-boot-chart in SBINDIR" test -x "$T/i/usr/sbin/runit-boot-chart"
mkdir -p "$T/i/etc/runit/boot-run/keep"
(cd "$src" && PROFILE=debian NATIVE_BOOT=yes DESTDIR=$T/i package/install --uninstall) >"$T/out" 2>&1
is "$?" 0 "package/install --uninstall NATIVE_BOOT=yes"
is "$(cd "$T/i" && find etc | sort)" "etc
etc/runit
etc/runit/boot-run
etc/runit/boot-run/keep" "uninstall removes what it put there, and nothing else"
mkdir -p "$T/k/etc/runit"
echo mine >"$T/k/etc/runit/no.emulate.sysv"
(cd "$src" && NO_CHECK=1 PROFILE=debian NATIVE_BOOT=yes DESTDIR=$T/k package/install) >"$T/out" 2>&1
like "$(cat "$T/out")" "warning: $T/k/etc/runit/no.emulate.sysv is there and not ours: left as it is" \
  "an administrator's own no.emulate.sysv: not replaced, said"
(cd "$src" && PROFILE=debian NATIVE_BOOT=yes DESTDIR=$T/k package/install --uninstall) >"$T/out" 2>&1
is "$?:$(cat "$T/k/etc/runit/no.emulate.sysv")" "0:mine" "... nor removed by uninstall"
(cd "$src" && NO_CHECK=1 NATIVE_BOOT=yes DESTDIR=$T/j package/install) >"$T/out" 2>&1
is "$?:$(cat "$T/out")" "100:package/install: fatal: NATIVE_BOOT=yes is for Debian's stage scripts: it needs PROFILE=debian" \
  "NATIVE_BOOT=yes without PROFILE=debian: refused"
finish
