#!/bin/sh
# runsvdir restarted while the runsvs of the old one still run (a
# systemd unit with Restart=always and KillMode=process): it starts no
# runsv where supervise/lock is held, which would only say "fatal:
# unable to lock" and exit, every second; it warns once per service and
# looks again every 5 s, so a service gets its runsv once the old one
# is gone.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsvdir-lib.sh"
use_real_runsv
S=$T/sv
mkservice "$S/a"; mkservice "$S/b"
start_runsvdir "$S"
ok "a up" wait_until 20 test -p "$S/a/supervise/ok"
ok "b up" wait_until 20 test -p "$S/b/supervise/ok"
runsv_in() {   # runsvdir's runsv for service $1
  for _k in $(children "$RD"); do
    [ "$(readlink /proc/"$_k"/cwd)" = "$S/$1" ] && [ "$(tr '\0' ' ' </proc/"$_k"/cmdline 2>/dev/null)" = "runsv $1 " ] && echo "$_k"
  done
}
has_runsv() { [ -n "$(runsv_in "$1")" ]; }
ok "a's runsv has exec'ed" wait_until 20 has_runsv a
ok "b's runsv has exec'ed" wait_until 20 has_runsv b
olda=$(runsv_in a); oldb=$(runsv_in b)
trap 'kill -TERM $olda $oldb 2>/dev/null; kill_started; _cleanup' EXIT
kill -TERM "$RD"; wait "$RD"
ok "the old runsvs outlive their runsvdir" alive "$olda"

: >"$T/rd.err"
start_runsvdir "$S"
warned() { [ "$(grep -c "^runsvdir $S: warning: not starting runsv $1: supervise/lock is held" "$T/rd.err")" = 1 ]; }
ok "a: warned about the held lock" wait_until 20 warned a
ok "b: warned about the held lock" wait_until 20 warned b
# (only gives the old behaviour, a runsv a second, time to show)
sleep 3
ok "the new runsvdir started no runsv meanwhile" [ -z "$(children "$RD")" ]
kill -TERM "$olda"
ok "the old runsv a is gone" wait_until 20 dead "$olda"
ok "a gets a new runsv (within 5 s)" wait_until 20 has_runsv a
ok "a's new runsv takes the lock and runs" wait_until 20 sh -c "[ \"\$(cat '$S/a/supervise/stat' 2>/dev/null)\" = run ]"
ok "b: still the old runsv" alive "$oldb"
is "$(grep -c 'unable to lock' "$T/rd.err")" 0 "no 'unable to lock' from a runsv"
is "$(grep -c 'not starting runsv a' "$T/rd.err")" 1 "a: one warning in all"
is "$(grep -c 'not starting runsv b' "$T/rd.err")" 1 "b: one warning in all"
kill -TERM "$oldb"
ok "b gets a new runsv once the old one is gone" wait_until 20 has_runsv b
stop_runsvdir
finish
