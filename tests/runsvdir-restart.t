#!/bin/sh
# A runsv that dies is started again promptly (reaped on SIGCHLD, not at
# the next poll), but never more than once a second per service; SIGHUP
# sends SIGTERM to every runsv and exits 111; a runsv that dies while the
# directory cannot be opened is tried again each second, not in a loop.
# The real runsv is used for
# the SIGKILL case, a stand-in for the one that keeps dying.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsvdir-lib.sh"
use_real_runsv
S=$T/sv
mkservice "$S/a"
start_runsvdir "$S"
ok "runsv a up" wait_until 20 test -p "$S/a/supervise/ok"
ok "a's run started" wait_until 20 sh -c "[ -s '$S/a/supervise/pid' ]"
runsv=$(children "$RD")
is "$(echo "$runsv" | wc -w)" 1 "one runsv child"
orphan=$(cat "$S/a/supervise/pid")
kill -KILL "$runsv"
kill -TERM "$orphan"   # a killed runsv leaves its service behind (runit does too)
new_child() { _c=$(children "$RD"); [ -n "$_c" ] && [ "$_c" != "$runsv" ]; }
ok "runsv killed with SIGKILL is started again" wait_until 20 new_child
new=$(children "$RD")
ok "a new runsv pid" [ -n "$new" ] && [ "$new" != "$runsv" ]
# (the new child shows runsvdir's command line until its exec)
cmdline_is() { [ "$(tr '\0' ' ' 2>/dev/null </proc/"$1"/cmdline)" = "$2" ]; }
ok "it is runsv a" wait_until 20 cmdline_is "$new" "runsv a "

# SIGHUP: every runsv gets SIGTERM, runsvdir exits 111
mkservice "$S/b"
ok "runsv b up" wait_until 20 test -p "$S/b/supervise/ok"
kids=$(children "$RD")
kill -HUP "$RD"; wait "$RD"; rc=$?
is "$rc" 111 "SIGHUP: exit 111"
for k in $kids; do
  ok "SIGHUP: runsv $k terminated" wait_until 20 sh -c "! kill -0 $k 2>/dev/null"
done

# a runsv that keeps dying: restarted, at most once a second
fake_runsv
S=$T/sv2; mkdir -p "$S"
mkservice "$S/d"; : >"$S/d/die"
mkservice "$S/e"
: >"$T/rd.err"
start_runsvdir "$S"
ok "dying runsv started" wait_until 20 sh -c "grep -q ' d\$' '$T/starts'"
ok "and restarted" wait_until 20 sh -c "[ \$(grep -c ' d\$' '$T/starts') -ge 3 ]"
t0=$(date +%s%N); n0=$(starts d)
sleep 4
t1=$(date +%s%N); n1=$(starts d)
secs=$(( (t1 - t0) / 1000000000 + 1 ))
ok "not more than once a second: $((n1 - n0)) starts in about 4 s" [ $((n1 - n0)) -le "$secs" ]
is "$(starts e)" 1 "the healthy service beside it was started once"
set -- $(cut -d" " -f14,15 /proc/"$RD"/stat); cpu=$(($1 + $2))
ok "runsvdir does not spin ($cpu ticks)" [ "${cpu:-0}" -lt 100 ]
stop_runsvdir

# a runsv that dies while dir cannot be opened: tried again every second,
# without spinning meanwhile, and started again once dir is back
S=$T/sv3; mkdir -p "$S"
mkservice "$S/f"
: >"$T/rd.err"
start_runsvdir "$S"
ok "runsv f started" wait_until 20 sh -c "grep -q ' f\$' '$T/starts'"
t0=$(date +%s)
mv "$S" "$T/sv3.away"
kill -KILL "$(pid_of f)"
warned() { grep -c 'unable to change directory' "$T/rd.err"; }
cpu() { set -- $(cut -d" " -f14,15 /proc/"$RD"/stat); echo $(($1 + $2)); }
c0=$(cpu)
ok "dir gone: the scans say so" wait_until 20 sh -c "[ \$(grep -c 'unable to change directory' '$T/rd.err') -ge 3 ]"
n=$(warned); c1=$(cpu); secs=$(( $(date +%s) - t0 + 1 ))
ok "about once a second, not in a loop: $n warnings in about $secs s" [ "$n" -le $((secs + 2)) ]
ok "runsvdir does not spin meanwhile ($((c1 - c0)) ticks)" [ $((c1 - c0)) -lt 20 ]
mv "$T/sv3.away" "$S"
ok "dir back: f started again" wait_until 20 sh -c "[ \$(grep -c ' f\$' '$T/starts') -ge 2 ]"
stop_runsvdir
finish
