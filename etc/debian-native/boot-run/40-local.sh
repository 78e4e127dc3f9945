# Native boot, 4 of 7: the other local file systems of /etc/fstab, checked
# in parallel then mounted in the fstab's order; swap; the sysctl
# settings.  Covers checkfs.sh, mountall.sh, procps.  A device that does
# not exist, a failed check, a failed mount: a line naming it, the file
# system is left out, the boot goes on.
nb_now; nb_t0=$nb_up
nb_local=$(nb_fstab_local)
nb_dir=$nb_root/run/native-boot
mkdir -p "$nb_dir"
nb_fsck_pids=
nb_i=0
nb_oldifs=$IFS
IFS='
'
for nb_e in $nb_local; do
  IFS=$nb_oldifs
  nb_i=$((nb_i + 1))
  # shellcheck disable=SC2086
  set -f; set -- $nb_e; set +f
  nb_d=$(nb_device "$1") || { nb_udev_wait "$1 for $2"; nb_d=$(nb_device "$1"); } || nb_d=
  if [ -z "$nb_d" ]; then
    nb_warn "fstab: $1 for $2 does not exist, not mounted"
    echo missing >"$nb_dir/fsck.$nb_i"
  elif [ "$5" != 0 ] && command -v fsck >/dev/null 2>&1 && ! nb_mounted "$2"; then
    nb_t=
    [ "$3" != auto ] && nb_t="-t $3"
    # shellcheck disable=SC2086
    ( nb_now; nb_t1=$nb_up
      fsck -a -T $nb_t "$nb_d" >"$nb_dir/fsck.$nb_i.out" 2>&1
      echo $? >"$nb_dir/fsck.$nb_i"
      nb_mark "$nb_t1" "fsck $2 (in parallel)" ) &
    nb_fsck_pids="$nb_fsck_pids $!"
  fi
done
IFS=$nb_oldifs
# shellcheck disable=SC2086
[ -n "$nb_fsck_pids" ] && wait $nb_fsck_pids
nb_i=0
IFS='
'
for nb_e in $nb_local; do
  IFS=$nb_oldifs
  nb_i=$((nb_i + 1))
  # shellcheck disable=SC2086
  set -f; set -- $nb_e; set +f
  nb_code=0
  [ -r "$nb_dir/fsck.$nb_i" ] && read -r nb_code <"$nb_dir/fsck.$nb_i"
  case $nb_code in
    missing) continue ;;
    0|1|32) ;;
    *) cat "$nb_dir/fsck.$nb_i.out" 2>/dev/null
       nb_warn "fsck of $1 for $2 failed (exit code $nb_code): not mounted, repair it by hand"
       continue ;;
  esac
  nb_mounted "$2" || mount "$2" || nb_warn "unable to mount $2 ($1)"
done
IFS=$nb_oldifs
set --
rm -rf "$nb_dir"
nb_mark "$nb_t0" "local file systems checked, mounted (40-local.sh)"
nb_now; nb_t0=$nb_up
swapon -a -e 2>/dev/null || nb_warn "swapon -a failed: some swap of /etc/fstab is not in use"
nb_sysctl_apply
nb_mark "$nb_t0" "swap, sysctl.d (40-local.sh)"
