#!/bin/sh
# svlogd: a processor that always fails or hangs holds it up for a
# bounded time only (issue 20, item 7).  A rotation or the end of input
# gives a failing processor 5 runs, then gives it up with one warning and
# keeps its .u; after SIGTERM, and once one was given up, it is given up
# at its first failure; a hung one is killed at most 5 s after SIGTERM
# (60 s without).
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
cd "$T"
ended() { ! kill -0 "$1" 2>/dev/null; }

# a typo in the ! line, end of input: runit's and ours before waited forever
mkdir f1; printf 's100\n!exit 1\n' > f1/config
spawn sh -c 'seq 1 100 | "$0" f1 2>f1.err; echo $? > f1.rc' "$S"; pid=$!
ok "failing processor, end of input: svlogd ends" wait_until 60 ended $pid
is "$(cat f1.rc 2>/dev/null)" 0 "exit 0"
is "$(cat f1/@*.u f1/current 2>/dev/null | wc -l)" 100 "every line kept, the unprocessed files as .u"
like "$(cat f1.err)" 'warning: processor failed, giving up, keeping unprocessed: f1/@[0-9a-f]{24}\.u' "says it gives up, and keeps the .u"
is "$(grep -c 'giving up' f1.err)" "$(ls f1 | grep -c '\.u$')" "one warning for each .u given up"
ok "no processor leftover" sh -c '! ls f1 | grep -q "\.t$"'

# the same with input going on, then SIGTERM (the newcomer's case)
mkdir f2; printf 's100\n!exit 1\n' > f2/config
mkfifo p2
spawn sh -c 'exec "$0" f2 <p2 2>f2.err' "$S"; pid=$!
exec 3>p2
i=0; while [ $i -lt 40 ]; do i=$((i + 1)); echo "line $i padding padding" >&3; done
wait_until 10 sh -c 'ls f2 | grep -q "\.u$"'
kill -TERM $pid
ok "failing processor, SIGTERM: svlogd ends" wait_until 30 ended $pid
exec 3>&-
like "$(cat f2.err)" 'processor failed, giving up' "with the warning"

# a hung processor: killed at most 5 s after SIGTERM
mkdir h; printf 's100\n!echo $$ > ppid; exec sleep 1000\n' > h/config
mkfifo p3
spawn sh -c 'exec "$0" h <p3 2>h.err' "$S"; pid=$!
exec 3>p3
seq 1 100 >&3
wait_until 10 sh -c 'ls h | grep -q "\.u$"'
kill -TERM $pid
ok "hung processor, SIGTERM: svlogd ends" wait_until 30 ended $pid
exec 3>&-
like "$(cat h.err)" 'processor did not finish in time, giving up, keeping unprocessed: h/@[0-9a-f]{24}\.u' "says so"
ppid=$(cat h/ppid)
ok "the hung processor was killed" ended "$ppid"
ok "its .u kept" sh -c 'ls h | grep -q "\.u$"'
finish
