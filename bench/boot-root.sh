# The roots of bench/boot.sh and bench/boot-trace.sh.  Source it after
# tests/lib.sh and tests/runit-root.sh.
#
#   boot_root KIND INIT SUPPORT   $T/KIND: a root with this tree's
#       etc/runit/1, 2, 3, runit INIT (ours|debian) as process 1 and the
#       SUPPORT runsvdir, runsv and sv (ours|debian); its one service
#       records the time it came up (/tmp/up, /proc/uptime) and at once
#       asks for "init 0"; stage 3 notes when its sv commands start and
#       end (/tmp/sv0, /tmp/sv1).  Our programs come from $B, the stage
#       scripts from $BOOT_ETC (default: this tree's etc/runit).
boot_root() {
  RUNIT_SUPPORT=$3 mkroot "$T/$1" "$2"
  _e=${BOOT_ETC:-$TOP/etc/runit}
  cp "$_e/1" "$_e/2" "$_e/3" "$T/$1/etc/runit/"
  sed -i 's|^  sv -w196 force-stop|  read u _ </proc/uptime; echo $u >/tmp/sv0\n&|; s|^  sv exit "\$@"|&\n  read u _ </proc/uptime; echo $u >/tmp/sv1|' \
    "$T/$1/etc/runit/3"
  grep -q sv1 "$T/$1/etc/runit/3" || { echo "bench: cannot instrument etc/runit/3" >&2; exit 1; }
  service "$T/$1" hello 'read up idle </proc/uptime; echo "$up" >/tmp/up
/sbin/runit-init 0
exec sleep 1000'
}
