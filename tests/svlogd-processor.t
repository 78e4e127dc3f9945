#!/bin/sh
# svlogd: the processor protocol, signals (HUP, ALRM, TERM) and the
# backward-clock fix.
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
cd "$T"
setup() { d=$1; rm -rf "$d"; mkdir "$d"; shift; printf '%s\n' "$@" > "$d/config"; }

# success: fd 0 the .u, fd 1 the output (.t -> .s), fd 4 state, fd 5 newstate
setup p1 s100 '!sed s/^/P/; cat <&4 >&5; echo seen >&5'
seq 1 60 | "$S" p1; rc=$?
is "$rc" 0 "processor run: exit 0"
is "$(ls p1 | grep -c '\.s$')" 1 "processed file is a .s"
is "$(ls p1 | grep -c '\.[ut]$')" 0 "no .u or .t left"
is "$(head -1 p1/@*.s)" P1 "processor output replaces the rotated file"
is "$(stat -c %a p1/@*.s)" 744 "processed file is 0744"
is "$(cat p1/state)" seen "newstate renamed to state"
ok "newstate gone" [ ! -e p1/newstate ]
# state is handed to the next run on fd 4
seq 1 60 | "$S" p1
is "$(grep -c seen p1/state)" "$(ls p1 | grep -c '\.s$')" "state fed back on fd 4 (one line per run)"

# failure: restarted on the same .u until it succeeds
setup p2 s100 '!n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count; cat; [ $n -ge 2 ]'
err=$(seq 1 60 | "$S" p2 2>&1)
is "$(cat p2/count)" 3 "failing processor retried until it succeeded"
is "$(echo "$err" | grep -c '^svlogd: warning: processor failed, restart: p2$')" 2 "warning per failure"
is "$(cat p2/@*.s | head -1)" 1 "the same input each time"
is "$(ls p2 | grep -c '\.[ut]$')" 0 "no .u/.t left after success"

# the processor runs in the log dir with the rotated file on stdin
setup p3 s100 '!pwd >&2; cat'
err=$(seq 1 60 | "$S" p3 2>&1)
like "$err" "/p3\$" "processor runs in the log directory"

# svlogd keeps logging while a processor runs
setup p4 s100 '!sleep 2; cat'
mkfifo f4
spawn sh -c 'exec "$0" p4 <f4' "$S"
exec 3>f4
seq 1 60 >&3
wait_until 10 sh -c 'ls p4 | grep -q "\.u$"'
echo during >&3
ok "lines logged while the processor runs" wait_until 1 grep -q during p4/current
exec 3>&-
wait_until 15 sh -c '! ls p4 | grep -q "\.u$"'
ok "processor finished before exit" sh -c 'ls p4 | grep -q "\.s$"'

# a processor running at SIGHUP is still waited for, its result kept
setup h1 s100 '!sleep 1; cat'
mkfifo fh
spawn sh -c 'exec "$0" h1 <fh' "$S"; hpid=$!
exec 7>fh
seq 1 60 >&7
wait_until 10 sh -c 'ls h1 | grep -q "\.u$"'
kill -HUP $hpid
ok "processor across SIGHUP: its .s appears" wait_until 10 sh -c 'ls h1 | grep -q "\.s$"'
ok "processor across SIGHUP: no .u left" wait_until 10 sh -c '! ls h1 | grep -q "\.u$"'
exec 7>&-

# 2.3.0 fix: the .u just rotated is never the one deleted, even when its
# name sorts first (clock stepped back): files named in the future
setup k1 s100 n2 '!cat'
touch k1/@4fffffff000000000000000a.s k1/@4fffffff000000000000000b.s
seq 1 60 | "$S" k1
is "$(ls k1 | grep -c '\.s$')" 2 "n2 kept"
ok "the processed file survives (was named oldest)" sh -c 'cat k1/@*.s | grep -q "^1$"'
ok "a future-named file deleted instead" [ ! -e k1/@4fffffff000000000000000a.s ]

# SIGALRM: rotate now; SIGHUP: reopen, config reread, current appended
setup a1
mkfifo fa
spawn sh -c 'exec "$0" a1 <fa' "$S"; pid=$!
exec 5>fa
echo one >&5
wait_until 10 grep -sq one a1/current
kill -ALRM $pid
ok "SIGALRM rotates" wait_until 10 sh -c 'cat a1/@*.s 2>/dev/null | grep -q one'
echo 'pNEW:' > a1/config
kill -HUP $pid
sleep 0.5
echo two >&5
ok "SIGHUP rereads config" wait_until 10 grep -sq '^NEW:two$' a1/current
is "$(ls a1 | grep -c '^@')" 1 "SIGHUP does not rotate"
# SIGTERM in the middle of a line: the line is read to its end and logged
printf 'par' >&5
sleep 0.3
kill -TERM $pid
sleep 0.3
printf 'tial\n' >&5
ok "SIGTERM: svlogd exits after the line" wait_until 10 sh -c "! kill -0 $pid 2>/dev/null"
is "$(tail -1 a1/current)" "NEW:partial" "SIGTERM mid-line: the whole line logged"
is "$(stat -c %a a1/current)" 744 "SIGTERM: current closed 0744"
exec 5>&-

# SIGTERM with nothing pending: exits at once, every line read is written
setup a2
mkfifo fb
spawn sh -c 'exec "$0" a2 <fb' "$S"; pid=$!
exec 6>fb
seq 1 1000 >&6
wait_until 10 sh -c '[ "$(wc -l 2>/dev/null <a2/current)" = 1000 ]'
kill -TERM $pid
ok "SIGTERM at a line boundary: exit" wait_until 10 sh -c "! kill -0 $pid 2>/dev/null"
is "$(cat a2/current | md5sum)" "$(seq 1 1000 | md5sum)" "all lines written"
exec 6>&-

finish
