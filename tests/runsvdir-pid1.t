#!/bin/sh
# runsvdir as process 1 of a PID namespace (a container's init): TERM, HUP
# and INT stop every service as sv force-stop would (./finish runs, the log
# writes its last line after its service is down), reap everything and exit
# 0; a service that ignores TERM is killed by its timeout-kill and still
# counts as stopped; at the bound (RUNSVDIR_STOP_MS) what is left gets KILL
# and the exit code is 111.  Each case has its own throw-away root.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runit-root.sh"
ns_require
[ "$(support_kind)" = ours ] || skip_all "runsvdir not built (run make)"

# logged: a service logging through svlogd; on TERM it writes a last line
# and leaves; its ./finish leaves a marker.  stubborn: ignores TERM, killed
# by its timeout-kill.  orphan: leaves an orphan that ignores nothing and a
# zombie behind each start.
services() {
  mkroot "$1"
  service "$1" logged 'trap "echo last line; exit 0" TERM
echo first line; while :; do sleep 0.05; done'
  mkdir -p "$1/etc/sv/logged/log" "$1/var/log/logged"
  printf '#!/bin/sh\nexec svlogd -tt /var/log/logged\n' >"$1/etc/sv/logged/log/run"
  printf '#!/bin/sh\necho finished >/tmp/finished.logged\n' >"$1/etc/sv/logged/finish"
  chmod 755 "$1/etc/sv/logged/log/run" "$1/etc/sv/logged/finish"
  service "$1" stubborn 'trap "" TERM; echo >/tmp/up.stubborn; while :; do sleep 0.05; done'
  echo 200 >"$1/etc/sv/stubborn/timeout-kill"
  printf '#!/bin/sh\necho finished >/tmp/finished.stubborn\n' >"$1/etc/sv/stubborn/finish"
  chmod 755 "$1/etc/sv/stubborn/finish"
  service "$1" orphan '(sleep 1000 &) ; (exit 0) & echo >/tmp/up.orphan; exec sleep 1000'
}
up() { # DIR: every service up and logging
  wait_until 120 test -e "$1/tmp/up.stubborn" &&
    wait_until 120 test -e "$1/tmp/up.orphan" &&
    wait_until 120 grep -q "first line" "$1/var/log/logged/current"
}

for s in TERM HUP INT; do
  services "$T/$s"; ns_start "$T/$s" 40 /bin/runsvdir -P /etc/service
done
mkroot "$T/bound"
service "$T/bound" deaf 'trap "" TERM; echo >/tmp/up.deaf; while :; do sleep 0.05; done'
ns_start "$T/bound" 40 /bin/busybox env RUNSVDIR_STOP_MS=300 /bin/runsvdir /etc/service

for s in TERM HUP INT; do
  ok "$s: services up" up "$T/$s"
  ns_kill "$s" "$T/$s"
  is "$(ns_wait "$T/$s")" "exit 0" "$s: process 1 exits 0 once everything has stopped"
  ok "$s: ./finish ran" test -e "$T/$s/tmp/finished.logged"
  ok "$s: the stubborn service's ./finish ran after its timeout-kill" \
    test -e "$T/$s/tmp/finished.stubborn"
  like "$(tail -n 1 "$T/$s/var/log/logged/current")" "last line" \
    "$s: svlogd wrote the service's last line"
done

ok "bound: service up" wait_until 120 test -e "$T/bound/tmp/up.deaf"
ns_kill TERM "$T/bound"
is "$(ns_wait "$T/bound")" "exit 111" "bound: KILL at the bound, exit 111"
like "$(cat "$T/bound.err")" "runsvdir /etc/service: warning: processes left at the stop bound: sending KILL" \
  "bound: says so"

finish
