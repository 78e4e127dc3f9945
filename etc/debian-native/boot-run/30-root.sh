# Native boot, 3 of 7: the rcS.d scripts that must run before the local
# file systems (keyboard-setup.sh, lvm2, cryptdisks: nb_early), then the
# root file system checked and remounted as /etc/fstab says.  Covers
# checkroot.sh.  A failed check (fsck's exit code above 3) stops here, in
# an emergency shell on the console; 2 or 3 (repaired, reboot needed)
# reboots.
nb_now; nb_t0=$nb_up
[ -n "$nb_settle_pid" ] && wait "$nb_settle_pid" && nb_mark "$nb_t0" "waiting for udev to settle"
nb_run_rc rcS.d S start early

nb_now; nb_t0=$nb_up
# shellcheck disable=SC2046
nb_root_fs $(nb_fstab_root)
nb_mark "$nb_t0" "root file system checked, read-write (30-root.sh)"
