#!/bin/sh
# svlogd: a processor that always fails is run again at most once per
# second (runit restarts it at once, forever: a fork loop), and logging
# goes on while the restart waits.  See doc/differences.md, svlogd.
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
cd "$T"
mkdir d
echo '!echo x >>starts; exit 1' >d/config
mkfifo f
spawn sh -c 'exec "$0" d <f 2>err' "$S"; pid=$!
exec 3>f
echo one >&3
wait_until 10 grep -sq one d/current
kill -ALRM $pid
ok "rotation starts the processor" wait_until 10 test -s d/starts
ok "it is run again after failing" \
  wait_until 10 sh -c '[ "$(wc -l <d/starts)" -ge 2 ]'
n0=$(wc -l <d/starts)
sleep 3
n1=$(wc -l <d/starts)
# an upper bound on restarts (at most one per second over the 3 s, plus
# one at each edge of the window); unthrottled this is in the thousands
ok "at most one restart per second ($((n1 - n0)) in 3 s)" \
  test $((n1 - n0)) -le 5
ok "still restarting (not given up)" test $((n1 - n0)) -ge 1
echo during >&3
ok "lines logged while the restart waits" wait_until 10 grep -sq during d/current
like "$(grep -c 'processor failed, restart: d$' err)" '^[1-9][0-9]*$' \
  "a warning per failure"
is "$(ls d | grep -c '\.u$')" 1 "the .u waits for its processor"
ok "svlogd is still running" kill -0 $pid

# a rotation while a restart is pending waits for that processor first
# (here: removing the processor by SIGHUP lets it go)
echo '' >d/config
kill -HUP $pid
sleep 1.5
n2=$(wc -l <d/starts)
sleep 1.5
is "$(wc -l <d/starts)" "$n2" "processor removed by SIGHUP: no more restarts"
exec 3>&-
ok "end of input: svlogd exits" wait_until 10 sh -c "! kill -0 $pid 2>/dev/null"
is "$(ls d | grep -c '\.u$')" 1 "the unprocessed .u is kept"
finish
