#!/bin/sh
# ./finish: its two arguments, the finish state, exec failures, and k
# during ./finish (which runit answered by running ./finish twice).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od

# case NAME RUNBODY|- LETTERS WANT: RUNBODY "-" means no ./run at all
fin_case() {
  name=$1 body=$2 letters=$3 want=$4
  S=$T/$name
  mkdir -p "$S"; touch "$S/down"
  [ "$body" = - ] || mkscript "$S/run" "$body"
  mkscript "$S/finish" 'echo "$@" >>finish.args; exec sleep 0.2'
  runsv_start "$S"
  ctl "$S" "$letters"
  ok "$name: ./finish ran" wait_until 15 test -s "$S/finish.args"
  ok "$name: back down" stat_is "$S" "down"
  is "$(head -n 1 "$S/finish.args")" "$want" "$name: ./finish $want"
  ctl "$S" x
  ok "$name: runsv exits" wait_gone "$RSV"
}

fin_case exit0 'exit 0' o "0 0"
fin_case exit3 'exit 3' o "3 0"
fin_case term 'exec sleep 1000' od "-1 15"
fin_case kill 'exec sleep 1000' ok "-1 9"
fin_case norun - o "111 0"
mkdir -p "$T/noexec"; touch "$T/noexec/down"
mkscript "$T/noexec/run" 'exit 0'; chmod 644 "$T/noexec/run"
mkscript "$T/noexec/finish" 'echo "$@" >>finish.args'
runsv_start "$T/noexec"
ctl "$T/noexec" o
ok "non-executable run: ./finish ran" wait_until 15 test -s "$T/noexec/finish.args"
is "$(cat "$T/noexec/finish.args")" "111 0" "non-executable run: ./finish 111 0"
ctl "$T/noexec" x
ok "runsv exits" wait_gone "$RSV"
is "$(cat "$T/noexec.err")" "runsv $T/noexec: fatal: unable to start ./run: access denied" \
  "non-executable run: message"
is "$(cat "$T/norun.err")" "runsv $T/norun: fatal: unable to start ./run: file does not exist" \
  "missing run: message"

# state finish: stat, pid of ./finish, state byte 2, start time kept
S=$T/fin
mksvc "$S" 'exit 0'
touch "$S/down"
mkscript "$S/finish" 'echo $$ >finish.pid; echo "$@" >>finish.args; exec sleep 3'
runsv_start "$S"
ctl "$S" o
ok "finish state" stat_is "$S" "finish, want down"
ok "finish wrote its pid" wait_until 10 test -s "$S/finish.pid"
is "$(pid_of "$S")" "$(cat "$S/finish.pid")" "supervise/pid is ./finish's pid"
status_is "$S" "pid:N 0 d 0 2" "status: state byte 2"
# d, t and signals do nothing to ./finish
ctl "$S" dth
sleep 0.3
ok "d t h during finish: still finishing" stat_is "$S" "finish, want down"
# k during finish: ./finish is not killed and not run a second time
ctl "$S" k
sleep 0.3
ok "k during finish: state stays finish" stat_is "$S" "finish, want down"
ok "finish done" stat_is "$S" down 15
sleep 1.5
is "$(wc -l <"$S/finish.args")" 1 "k during finish: ./finish ran once"
ctl "$S" x
ok "runsv exits" wait_gone "$RSV"

# ./finish that cannot be executed: readable is enough to be chosen
S=$T/finx
mksvc "$S" 'exit 0'
touch "$S/down"
echo 'echo never' >"$S/finish"
runsv_start "$S"
ctl "$S" o
ok "non-executable finish: back down" stat_is "$S" down
sleep 0.3
ctl "$S" x
ok "runsv exits" wait_gone "$RSV"
is "$(cat "$S.err")" "runsv $S: fatal: unable to start ./finish: access denied" \
  "non-executable finish: message"

finish
