# Native shutdown, 1 of 3: sourced by Debian's /etc/runit/3 once the
# services are stopped, after 00-native.sh.  The random seed and the
# hardware clock saved, in parallel.  Covers urandom and hwclock.sh (stop).
# hwclock --systohc waits for the next second to set the clock (up to a
# second): it goes on beside 20-rc.sh and the signals of 30-final.sh,
# which leaves it alone (nb_keep) and waits for it before unmounting.
nb_seed=/var/lib/urandom/random-seed
(
  umask 077
  mkdir -p "${nb_seed%/*}" &&
    dd if=/dev/urandom of="$nb_seed.new" bs=512 count=1 2>/dev/null &&
    mv -f "$nb_seed.new" "$nb_seed" || nb_warn "unable to save the random seed in $nb_seed"
) &
nb_seed_pid=$!
if [ -e /dev/rtc0 ] && command -v hwclock >/dev/null 2>&1 &&
   [ "$(nb_rcS_var HWCLOCKACCESS)" != no ]; then
  hwclock --rtc=/dev/rtc0 --systohc 2>/dev/null &
  nb_hwclock=$! nb_keep="${nb_keep:-} $!"
fi
wait "$nb_seed_pid"
