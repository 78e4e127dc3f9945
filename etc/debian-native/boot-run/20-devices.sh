# Native boot, 2 of 7: udev when installed (started; triggered and
# settled in the background with a bounded wait, which the boot waits for
# only where it needs a device udev makes: nb_udev_wait), the kernel modules of /etc/modules
# and modules-load.d and the hardware clock, both in the background too.
# Covers udev, kmod, hwclock.sh.
nb_settle_pid='' nb_mod_pid='' nb_udevd=''
nb_now; nb_t0=$nb_up
for nb_x in /lib/systemd/systemd-udevd /usr/lib/systemd/systemd-udevd /sbin/udevd; do
  [ -x "$nb_root$nb_x" ] && { nb_udevd=$nb_x; break; }
done
if [ -n "$nb_udevd" ] && command -v udevadm >/dev/null 2>&1; then
  # the kernel must not start a helper of its own for each event
  [ -w /proc/sys/kernel/hotplug ] && echo >/proc/sys/kernel/hotplug
  if "$nb_udevd" --daemon; then
    nb_mark "$nb_t0" "udevd started"
    ( nb_now; nb_t0=$nb_up
      udevadm trigger --type=subsystems --action=add
      udevadm trigger --type=devices --action=add
      udevadm settle --timeout="${nb_settle_secs:-30}" ||
        nb_warn "udev: the devices did not settle within ${nb_settle_secs:-30} seconds, going on"
      nb_mark "$nb_t0" "udev trigger and settle (in the background)" ) &
    nb_settle_pid=$!
  else
    nb_warn "udev: $nb_udevd did not start; devices are the kernel's (devtmpfs)"
  fi
else
  nb_say "udev not installed: devices are the kernel's (devtmpfs)"
fi
( nb_now; nb_t0=$nb_up; nb_load_modules
  nb_mark "$nb_t0" "kernel modules (in the background)" ) & nb_mod_pid=$!
# the system clock from the hardware clock, unless udev's rule does it
# (what hwclock.sh does); the kernel has usually set it already
if [ ! -d "$nb_root/run/udev" ] && [ -e "$nb_root/dev/rtc0" ] && command -v hwclock >/dev/null 2>&1; then
  hwclock --rtc=/dev/rtc0 --hctosys 2>/dev/null ||
    nb_warn "hwclock: unable to set the system clock from /dev/rtc0" &
fi
