#!/bin/sh
# Differential: the same boots with Debian's runit 2.1.2 and with ours as
# process 1 of a PID namespace; runit's own console lines and the stage
# markers must match, and so must what reaches the parent.  (Where we
# follow runit 2.3.0 or add container handling, tests/runit-stages.t and
# tests/runit-signals.t cover the difference; those cases are not here.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runit-root.sh"
ns_require
require_ref
[ -x "$REF/sbin/runit" ] || skip_all "Debian's runit missing in $REF"

mk() { # name kind stage1 stage2 stage3
  mkroot "$T/$1.$2" "$2"
  [ -n "$3" ] && stage "$T/$1.$2" 1 "echo @1; $3"
  [ -n "$4" ] && stage "$T/$1.$2" 2 "echo @2; $4"
  [ -n "$5" ] && stage "$T/$1.$2" 3 "echo @3; $5"
  return 0
}
full() { # name kind
  mkroot "$T/$1.$2" "$2"
  cp "$TOP/etc/runit/1" "$TOP/etc/runit/2" "$TOP/etc/runit/3" "$TOP/etc/runit/ctrlaltdel" "$T/$1.$2/etc/runit/"
  service "$T/$1.$2" hello 'echo @hello up; exec sleep 1000'
}
for k in ours debian; do
  mk exit100 $k 'exit 100' 'exit 0' 'exit 0'
  mk fail $k 'exit 1' 'exit 5' 'exit 6'
  mk restart $k 'exit 0' '[ -e /tmp/again ] && exit 0; : >/tmp/again; exit 111' 'exit 0'
  mk missing $k '' '' ''
  mk cadnox $k 'exit 0' 'exec sleep 1000' 'exit 0'
  stage "$T/cadnox.$k" ctrlaltdel 'echo @cad'; chmod 644 "$T/cadnox.$k/etc/runit/ctrlaltdel"
  full halt $k; full reboot $k; full cad $k
  for c in exit100 fail restart missing cadnox halt reboot cad; do ns_start "$T/$c.$k" 40; done
done

for k in ours debian; do
  on_console "$T/halt.$k" '@hello up' && ns_exec "$T/halt.$k" /sbin/runit-init 0
  on_console "$T/reboot.$k" '@hello up' && ns_exec "$T/reboot.$k" /sbin/runit-init 6
  on_console "$T/cad.$k" '@hello up' && ns_exec "$T/cad.$k" /bin/kill -INT 1
  on_console "$T/cadnox.$k" '^@2' && ns_exec "$T/cadnox.$k" /bin/kill -INT 1 &&
    ns_exec "$T/cadnox.$k" /sbin/runit-init 0
done

for c in exit100 fail restart missing cadnox halt reboot cad; do
  ours=$(ns_wait "$T/$c.ours") ref=$(ns_wait "$T/$c.debian")
  is "$ours" "$ref" "$c: the parent sees the same ($ref)"
  is "$(markers "$T/$c.ours")" "$(markers "$T/$c.debian")" "$c: the same transcript"
done

finish
