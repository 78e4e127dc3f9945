# Native boot, 3 of 6: the rcS.d scripts that must run before the local
# file systems (keyboard-setup.sh, lvm2, cryptdisks: nb_early), then the
# root file system checked and remounted as /etc/fstab says.  Covers
# checkroot.sh.  A failed check (fsck's exit code above 3) stops here, in
# an emergency shell on the console; 2 or 3 (repaired, reboot needed)
# reboots.
[ -n "$nb_settle_pid" ] && wait "$nb_settle_pid"
nb_run_rc rcS.d S start early

nb_root_fs() {
  # SPEC TYPE OPTIONS PASS of the fstab, or nothing
  nb_rdev=${1:-} nb_rtype=${2:-auto} nb_ropts=${3:-defaults} nb_rpass=${4:-0}
  nb_check=yes nb_force=
  [ -z "$nb_rdev" ] || [ "$nb_rpass" = 0 ] && nb_check=no
  [ -e /run/initramfs/fsck-root ] && nb_check=no
  case " $(cat /proc/cmdline 2>/dev/null) " in
    *" fastboot "*|*" fsck.mode=skip "*) nb_check=no ;;
    *" forcefsck "*|*" fsck.mode=force "*) nb_force=-f ;;
  esac
  [ -e /fastboot ] && nb_check=no
  [ -e /forcefsck ] && nb_force=-f
  [ "$nb_rtype" = btrfs ] && nb_check=no
  nb_mounted / rw && nb_check=no    # fsck only what is read-only
  command -v fsck >/dev/null 2>&1 || nb_check=no
  if [ $nb_check = yes ]; then
    if nb_d=$(nb_device "$nb_rdev"); then
      nb_fix=-a
      [ "$(nb_rcS_var FSCKFIX)" = yes ] && nb_fix=-y
      nb_say "checking the root file system ($nb_rdev)"
      nb_t=
      [ "$nb_rtype" != auto ] && nb_t="-t $nb_rtype"
      # shellcheck disable=SC2086
      fsck $nb_force $nb_fix -T $nb_t "$nb_d"
      nb_code=$?
      case $nb_code in
        0|1|32) ;;
        2|3)
          nb_say "fsck repaired the root file system ($nb_rdev): rebooting"
          sync; echo b >/proc/sysrq-trigger 2>/dev/null; reboot -f ;;
        *) nb_emergency "the check of the root file system ($nb_rdev) failed (fsck exit code $nb_code)" ;;
      esac
    else
      nb_warn "root file system: $nb_rdev (in /etc/fstab) does not exist, not checked"
    fi
  fi
  if nb_hasopt "$nb_ropts" ro; then
    :
  elif ! nb_mounted / rw; then
    mount -o remount,rw / || nb_warn "unable to remount the root file system read-write"
  fi
}
# shellcheck disable=SC2046
nb_root_fs $(nb_fstab_root)
