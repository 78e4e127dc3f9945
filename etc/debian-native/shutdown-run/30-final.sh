# Native shutdown, 3 of 3: every process left gets SIGTERM, a bounded wait
# (nb_term_secs, 5 s), then SIGKILL; swap off; every file system unmounted
# that can be, innermost first, the others and the root remounted
# read-only; sync.  Covers sendsigs, umountnfs.sh, umountfs, umountroot.
nb_pids=$(nb_user_pids)
if [ -n "$nb_pids" ]; then
  nb_say "sending all processes the TERM signal"
  # shellcheck disable=SC2086
  kill -TERM $nb_pids 2>/dev/null
  nb_i=$((${nb_term_secs:-5} * 10))
  while [ $nb_i -gt 0 ]; do
    nb_left=
    for nb_p in $nb_pids; do nb_alive "$nb_p" && nb_left="$nb_left $nb_p"; done
    nb_pids=$nb_left
    [ -n "$nb_pids" ] || break
    sleep 0.1
    nb_i=$((nb_i - 1))
  done
  nb_pids=$(nb_user_pids)
  if [ -n "$nb_pids" ]; then
    nb_say "sending all processes the KILL signal"
    # shellcheck disable=SC2086
    kill -KILL $nb_pids 2>/dev/null
  fi
fi
if [ -n "${nb_hwclock:-}" ]; then
  wait "$nb_hwclock" || nb_warn "hwclock: unable to save the system clock in /dev/rtc0"
fi
swapoff -a 2>/dev/null || nb_warn "swapoff -a failed"
sync
nb_oldifs=$IFS
IFS='
'
for nb_m in $(nb_umount_list); do
  umount "$nb_m" 2>/dev/null || umount -r "$nb_m" 2>/dev/null ||
    nb_warn "unable to unmount $nb_m or remount it read-only"
done
IFS=$nb_oldifs
mount -o remount,ro / 2>/dev/null || nb_warn "unable to remount the root file system read-only"
sync
