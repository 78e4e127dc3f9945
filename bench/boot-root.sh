# The roots of bench/boot.sh and bench/boot-trace.sh, and what both need
# first: tests/lib.sh and tests/runit-root.sh, a namespace, Debian's runit;
# N (cycles, $1, default 9) and OLD (an earlier tree to time beside, $2).
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
. "$(dirname "$0")/../tests/lib.sh"
. "$TOP/tests/runit-root.sh"
N=${1:-9}
OLD=${2:-}
ns_require
require_ref

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
# $T/before from the tree OLD, when given: kinds gets "before" in front
boot_before() {
  [ -n "$OLD" ] || return 0
  [ -x "$OLD/command/runit" ] && [ -x "$OLD/command/runsvdir" ] ||
    { echo "bench: $OLD/command: not built" >&2; exit 1; }
  (B=$OLD/command BOOT_ETC=$OLD/etc/runit; boot_root before ours ours)
  kinds="before $kinds"
}
# the shell's way to the monotonic clock: "now at N nsecs", third line
BOOT_NOW='{ read -r _; read -r _; read -r _ _ now _; } </proc/timer_list'
[ -r /proc/timer_list ] || { echo "bench: /proc/timer_list unreadable" >&2; exit 1; }
