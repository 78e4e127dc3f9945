#!/bin/sh
# runsv under valgrind (memcheck, descriptors tracked) over a long-ish
# run: a service that restarts by itself every half second, with ./finish
# and a log service that declares readiness (notification-fd, a pipe each
# start); every control letter, a control/t hook; SIGTERM at the end.  Zero errors; the descriptors open stay the same in number over
# the run; runsv exits 0.  runsv is built with cc for valgrind (see
# tests/valgrind.sh).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/valgrind.sh"
vg_build runsv
cd "$T"
mkdir -p s/log s/control
printf '#!/bin/sh\necho run >>runs\nexec sleep 0.5\n' >s/run
printf '#!/bin/sh\necho "finish $1 $2" >>finishes\n' >s/finish
printf '#!/bin/sh\necho >&3\nexec cat >>out\n' >s/log/run
echo 3 >s/log/notification-fd
printf '#!/bin/sh\necho hook-t\nexit 1\n' >s/control/t
chmod 755 s/run s/finish s/log/run s/control/t
spawn $VG "$VGB/runsv" s; rs=$!
ok "runsv runs its service under valgrind" wait_until 60 test -s s/runs
# the log running and ready: its notification pipe is read and closed
log_ready() {
  [ "$(od -An -tu1 -j19 -N1 s/log/supervise/status 2>/dev/null | tr -d " ")" = 1 ] &&
    [ "$(od -An -tu1 -j48 -N1 s/log/supervise/xstatus 2>/dev/null | tr -d " ")" = 114 ]
}
ok "the log runs and is ready" wait_until 30 log_ready
fds1=$(ls /proc/$rs/fd | wc -l)
wait_until 30 sh -c '[ "$(od -An -tu1 -j19 -N1 s/supervise/status | tr -d " ")" = 1 ]'
printf t >s/supervise/control
ok "the control/t hook's output reached the log" wait_until 30 grep -q hook-t s/log/out
for round in 1 2 3; do
  for c in p c h a i q 1 2 t d u o u k u; do
    printf %s "$c" >s/supervise/control
    sleep 0.1
  done
  printf dpcu >s/log/supervise/control
  sleep 0.5
done
sleep 1.5
echo "# $(wc -l <s/runs) starts of ./run, $(wc -l <s/finishes) of ./finish"
ok "it was restarted many times" test "$(wc -l <s/runs)" -ge 5
ok "./finish ran" test -s s/finishes
wait_until 10 sh -c '[ "$(od -An -tu1 -j19 -N1 s/supervise/status | tr -d " ")" = 1 ]'
ok "the log runs and is ready again" wait_until 10 log_ready
is "$(ls /proc/$rs/fd | wc -l)" "$fds1" "as many descriptors open as after the start"
kill -TERM $rs
ok "SIGTERM: runsv exits" wait_until 60 sh -c "! kill -0 $rs 2>/dev/null"
wait $rs; rc=$?
is "$rc" 0 "exit 0 under valgrind (99: valgrind found errors)"
is "$(vg_errors)" 0 "valgrind: no errors" || vg_summary
ok "valgrind's summary was written" grep -q 'FILE DESCRIPTORS' "$T"/vg.$rs.log
finish
