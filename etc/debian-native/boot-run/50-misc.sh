# Native boot, 5 of 7: what needs the local file systems: the random
# seed and the clean-up of /tmp in the background, utmp and /run/nologin
# as bootmisc.sh does.  Covers urandom, checkroot-bootclean.sh,
# mountall-bootclean.sh, mountnfs-bootclean.sh (a /tmp on NFS is not
# cleaned), bootmisc.sh.  /run needs no clean-up: it is a
# tmpfs mounted at this boot (by 10-kernel.sh or the initramfs).  The
# /run/nologin of DELAYLOGIN=yes is removed by rmnologin, an rc2.d script
# that Debian's stage 2 runs unless /etc/runit/no.emulate.sysv exists;
# without the emulation, 70-stage2.sh removes it.
nb_seed=/var/lib/urandom/random-seed nb_tmp_pid=
# (the old seed into the pool at once; the new one saved at the lowest
# priority, as bootlogs: it goes on while the services start, and must
# not slow them down; nice execs: no process more)
(
  nb_now; nb_t0=$nb_up
  umask 077
  [ -f "$nb_seed" ] && cat "$nb_seed" >/dev/urandom
  { [ -d "${nb_seed%/*}" ] || mkdir -p "${nb_seed%/*}"; } &&
    nice -n 19 dd if=/dev/urandom of="$nb_seed.new" bs=512 count=1 2>/dev/null &&
    nice -n 19 mv -f "$nb_seed.new" "$nb_seed" || nb_warn "unable to save a new random seed in $nb_seed"
  nb_mark "$nb_t0" "random seed (in the background)"
) &
nb_seed_pid=$!
# /tmp: emptied at boot unless TMPTIME (/etc/default/rcS) says otherwise;
# a tmpfs is empty already
nb_tmptime=$(nb_rcS_var TMPTIME)
case ${nb_tmptime:-0} in
  infinite|infinity|-*) ;;
  *) if ! nb_mounted /tmp && [ -d /tmp ]; then
       nb_age=
       [ "${nb_tmptime:-0}" != 0 ] && nb_age="-mtime +$nb_tmptime"
       # shellcheck disable=SC2086
       ( nb_now; nb_t0=$nb_up
         find /tmp -mindepth 1 -maxdepth 1 $nb_age ! -name lost+found ! -name quota.user \
           ! -name aquota.user ! -name quota.group ! -name aquota.group \
           ! -name .journal.dat ! -name .journal -exec rm -rf {} + 2>/dev/null
         nb_mark "$nb_t0" "/tmp cleaned (in the background)" ) &
       nb_tmp_pid=$!
     fi ;;
esac
chmod 1777 /tmp 2>/dev/null
case $(nb_rcS_var DELAYLOGIN) in
  [Yy]*) echo "System bootup in progress - please wait" >/run/nologin ;;
esac
if : >/run/utmp; then
  chgrp utmp /run/utmp 2>/dev/null; chmod 664 /run/utmp
else
  nb_warn "unable to create /run/utmp"
fi
