# Native boot, 1 of 7: the kernel's file systems, the hostname, the
# loopback interface.  Sourced by Debian's /etc/runit/1 after
# 00-native.sh; covers mountkernfs.sh, mountdevsubfs.sh, mount-configfs,
# hostname.sh.  What is mounted is read once, by the shell; no process for what is there.
[ -e /proc/self ] || mount -t proc -o nosuid,nodev,noexec proc /proc ||
  nb_warn "unable to mount /proc"
# the chart's first steps: stage 1 (this shell) began, this fragment begins
nb_proc_start $$ && nb_stage1=$nb_up
nb_now; nb_t0=$nb_up
nb_mounts=
{ while read -r nb_a nb_b nb_rest; do nb_mounts="$nb_mounts $nb_b "; done </proc/mounts; } 2>/dev/null
nb_is() { case $nb_mounts in *" $1 "*) return 0 ;; esac; return 1; }
nb_is /sys || mount -t sysfs -o nosuid,nodev,noexec sysfs /sys ||
  nb_warn "unable to mount /sys"
nb_is /dev || [ -c /dev/null ] ||
  mount -t devtmpfs -o mode=0755,nosuid devtmpfs /dev || nb_warn "unable to mount /dev"
nb_is /run || mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run ||
  nb_warn "unable to mount /run"
[ -d /dev/pts ] && [ -d /dev/shm ] && [ -d /run/lock ] && [ -d /run/runit ] ||
  mkdir -p /dev/pts /dev/shm /run/lock /run/runit
chmod 1777 /run/lock 2>/dev/null
nb_is /dev/pts || mount -t devpts -o mode=0620,gid=5,nosuid,noexec devpts /dev/pts ||
  nb_warn "unable to mount /dev/pts"
nb_is /dev/shm || mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm ||
  nb_warn "unable to mount /dev/shm"
# what mountkernfs.sh and mount-configfs mount when the kernel has it
# (the directory exists once sysfs is mounted)
[ -d /sys/kernel/security ] && ! nb_is /sys/kernel/security &&
  mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
[ -d /sys/fs/pstore ] && ! nb_is /sys/fs/pstore &&
  mount -t pstore pstore /sys/fs/pstore 2>/dev/null
[ -d /sys/firmware/efi/efivars ] && ! nb_is /sys/firmware/efi/efivars &&
  mount -t efivarfs efivarfs /sys/firmware/efi/efivars 2>/dev/null
[ -d /sys/kernel/config ] && ! nb_is /sys/kernel/config &&
  mount -t configfs configfs /sys/kernel/config 2>/dev/null
[ -e /proc/sys/fs/binfmt_misc ] && ! nb_is /proc/sys/fs/binfmt_misc && [ -d /proc/sys/fs/binfmt_misc ] &&
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null

# the hostname, written without a process (hostname.sh)
nb_h=
[ -r /etc/hostname ] && read -r nb_h </etc/hostname
[ -n "$nb_h" ] || nb_h=localhost
{ echo "$nb_h" >/proc/sys/kernel/hostname; } 2>/dev/null ||
  nb_warn "unable to set the hostname to $nb_h"

# the loopback interface up, unless it is (IFF_UP, the flags' lowest bit)
read -r nb_lo 2>/dev/null </sys/class/net/lo/flags || nb_lo=
case $nb_lo in
  0x*[13579bdfBDF]) ;;
  *) if command -v ip >/dev/null 2>&1; then
       ip link set lo up || nb_warn "ip link set lo up failed: no loopback interface"
     elif command -v ifconfig >/dev/null 2>&1; then
       ifconfig lo up || nb_warn "ifconfig lo up failed: no loopback interface"
     else
       nb_warn "neither ip (iproute2) nor ifconfig is installed: the loopback interface stays down"
     fi ;;
esac
nb_mark "$nb_t0" "kernel file systems, hostname, loopback (10-kernel.sh)"
