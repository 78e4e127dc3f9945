# The roots of bench/boot.sh and bench/boot-trace.sh.  Source it after
# tests/lib.sh and tests/runit-root.sh.
#
#   boot_root KIND INIT SUPPORT   $T/KIND: a root with this tree's
#       etc/runit/1, 2, 3, runit INIT (ours|debian) as process 1 and the
#       SUPPORT runsvdir, runsv and sv (ours|debian); its one service
#       records the time it came up (/tmp/up) and at once asks for
#       "init 0"; stage 3 notes when its sv commands start and end
#       (/tmp/sv0, /tmp/sv1).  Times are the monotonic clock in
#       nanoseconds, read by the shell alone from /proc/timer_list.  Our
#       programs come from $B, the stage scripts from $BOOT_ETC (default:
#       this tree's etc/runit).
boot_root() {
  RUNIT_SUPPORT=$3 mkroot "$T/$1" "$2"
  _e=${BOOT_ETC:-$TOP/etc/runit}
  cp "$_e/1" "$_e/2" "$_e/3" "$T/$1/etc/runit/"
  sed -i "s|^  sv -w196 force-stop|  $BOOT_NOW; echo \$now >/tmp/sv0\\n&|; s|^  sv exit \"\\\$@\"|&\\n  $BOOT_NOW; echo \$now >/tmp/sv1|" \
    "$T/$1/etc/runit/3"
  grep -q sv1 "$T/$1/etc/runit/3" || { echo "bench: cannot instrument etc/runit/3" >&2; exit 1; }
  service "$T/$1" hello "$BOOT_NOW; echo \$now >/tmp/up
/sbin/runit-init 0
exec sleep 1000"
}
# the shell's way to the monotonic clock: "now at N nsecs", third line
BOOT_NOW='{ read -r _; read -r _; read -r _ _ now _; } </proc/timer_list'
[ -r /proc/timer_list ] || { echo "bench: /proc/timer_list unreadable" >&2; exit 1; }
