#!/bin/sh
# runsv's code pages once it is up: src/runsv.ld puts start-up and rarely
# run code last, and runsv lets go of those pages after its first pass
# (release_cold).  The pages of its code mapping it keeps resident must be
# the ones before the cold part, after start-up and after restarts, stops
# and control letters alike: a cold function called on the way (the
# kernel maps every cached page around a fault) would bring them all
# back.  Only for a build with the cold section (the dietlibc link).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
if [ "${RUNIT_SANITIZE:-}" = 1 ]; then
  # the sanitizer build is linked by the system compiler, without src/runsv.ld
  echo "1..1"; echo "ok 1 # skip the cold section is in the dietlibc build only"; exit 0
fi
require readelf
sect() {  # NAME: "address offset" of section NAME of runsv, hex
  readelf -SW "$RUNSV" 2>/dev/null | sed 's/^ *\[ *[0-9]*\]//' |
    awk -v n="$1" '$1 == n { print $3, $4 }'
}
[ -n "$(sect .text.cold)" ] || skip_all "runsv built without src/runsv.ld (no .text.cold)"
set -- $(sect .text) $(sect .text.cold)
kept=$(( (0x$3 - (0x$1 - 0x$2) + 4095) / 4096 * 4 ))

code_rss() {  # PID: kB resident of its code mapping (the executable one of runsv)
  awk '/^[0-9a-f]+-[0-9a-f]+ / { x = ($2 ~ /x/ && $6 ~ /runsv$/) } x && /^Rss:/ { print $2; exit }' \
    "/proc/$1/smaps"
}

S=$T/s
# the service declares readiness: each start reads a number and a pipe
mksvc "$S" 'echo >&3; exec sleep 1000'; mksvc "$S/log" 'exec cat >/dev/null'
echo 3 >"$S/notification-fd"
runsv_start "$S"
ok "service and log run" stat_is "$S" run
stat_is "$S/log" run
is "$(code_rss "$RSV")" "$kept" "after start-up: $kept kB of code resident, the part before the cold code"
p0=$(pid_of "$S")
ctl "$S" tcu
ok "restarted" wait_until 10 sh -c "[ \"\$(cat '$S/supervise/pid')\" != '$p0' ]"
stat_is "$S" run
ctl "$S" dpcu
stat_is "$S" run
ctl "$S/log" k
stat_is "$S/log" run
is "$(code_rss "$RSV")" "$kept" "after restarts, stops and letters: still $kept kB"
ctl "$S" x
ok "x: runsv exits" wait_gone "$RSV"
finish
