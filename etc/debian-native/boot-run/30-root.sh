# Native boot, 3 of 7: the rcS.d scripts that must run before the local
# file systems (keyboard-setup.sh, lvm2, cryptdisks: nb_early), once udev
# has settled, then the root file system checked and remounted as
# /etc/fstab says (after udev has settled only when its device is not
# there yet: a LABEL= or UUID= link).  Covers
# checkroot.sh.  A failed check (fsck's exit code above 3) stops here, in
# an emergency shell on the console; 2 or 3 (repaired, reboot needed)
# reboots.
nb_list=$(nb_rc_scripts rcS.d S early)
[ -n "$nb_list" ] && nb_udev_wait "before the rcS.d scripts"
nb_run_list "$nb_list" start

nb_now; nb_t0=$nb_up
nb_e=$(nb_fstab_root)
[ -n "$nb_e" ] && ! nb_device "${nb_e%% *}" >/dev/null && nb_udev_wait "the root file system's device"
# shellcheck disable=SC2086
nb_root_fs $nb_e
nb_mark "$nb_t0" "root file system checked, read-write (30-root.sh)"
