#!/bin/sh
# Readiness (runsv.8 and sv.8, notification-fd): ./run gets a pipe at the
# descriptor the file names and writes a newline when it is ready; runsv
# records when; sv start, up -w and check wait for it instead of ./check;
# a ./run that ends before it is ready is reported, at once, as such.
# The services here become ready when the test creates a file ("go"):
# sv's waiting is shown by the state (ready or not), never by a time.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od python3 date

SV=$B/sv
# one field of the main part of sv -o json status, as JSON prints it
jf() { "$SV" -o json status "$1" | head -n 1 | python3 -c '
import json, sys
print(json.dumps(json.load(sys.stdin)[sys.argv[1]]).strip("\""))' "$2"; }
jf_is() { [ "$(jf "$1" "$2")" = "$3" ]; }
# a background sv's output, once it has printed its line
said() { [ -s "$1" ]; }

# ./run is ready when the file go exists; it fails (exit 3) before it is
# ready while the file fail exists; it counts its starts in runs
RUN='echo $$ >>runs
while [ ! -e go ]; do [ -e fail ] && exit 3; sleep 0.02; done
echo ready >&3
exec sleep 1000'

S=$T/svc
mksvc "$S" "$RUN"
echo 3 >"$S/notification-fd"
runsv_start "$S"
ok "waiting: runs" stat_is "$S" run
ok "waiting: readiness waiting" wait_until 10 jf_is "$S" ready waiting
is "$(jf "$S" ready-since)" null "waiting: no ready-since"
is "$("$SV" status "$S" | sed 's/[0-9]*s$/Ns/; s/pid [0-9]*/pid N/')" "run: $S: (pid N) Ns" \
  "waiting: plain status says nothing of it"

# sv -w check waits for readiness (no ./check: runit's sv passes at once)
"$SV" -w 2 check "$S" >"$T/to.out" 2>&1; rc=$?
like "$(cat "$T/to.out")" "^timeout: run: $S: " "not ready: check times out"
is "$rc" 1 "not ready: check exit 1"
spawn "$SV" -w 300 check "$S" >"$T/check.out" 2>&1
spawn "$SV" -w 300 up "$S" >"$T/up.out" 2>&1
is "$(jf "$S" ready)" waiting "check, up -w: still not ready"
touch "$S/go"
ok "ready: check answers" wait_until 30 said "$T/check.out"
ok "ready: up -w answers" wait_until 30 said "$T/up.out"
like "$(cat "$T/check.out")" "^ok: run: $S: \\(pid [0-9]+\\) [0-9]+s\$" "ready: check ok"
like "$(cat "$T/up.out")" "^ok: run: $S: \\(pid [0-9]+\\) [0-9]+s\$" "ready: up -w ok"
is "$(jf "$S" ready)" ready "ready: readiness ready"
ok "ready: ready-since at or after since" python3 -c "
import json, subprocess, sys
o = json.loads(subprocess.run(['$SV', '-o', 'json', 'status', '$S'], capture_output=True).stdout.splitlines()[0])
sys.exit(not (o['ready-since'] >= o['since']))"
is "$(od -An -tu1 -j48 -N1 "$S/supervise/xstatus" | tr -d ' ')" 114 "ready: xstatus byte 48 is 'r'"

# restart: waits for the new ./run's readiness, not the old one's
rm -f "$S/go"
spawn "$SV" -w 300 restart "$S" >"$T/restart.out" 2>&1
ok "restart: a new ./run" wait_until 30 sh -c '[ "$(wc -l <"$1/runs")" -ge 2 ]' - "$S"
ok "restart: new one waiting" wait_until 10 jf_is "$S" ready waiting
is "$(cat "$T/restart.out")" "" "restart: nothing said while the new one is not ready"
touch "$S/go"
ok "restart: answers once ready" wait_until 30 said "$T/restart.out"
like "$(cat "$T/restart.out")" "^ok: run: $S: " "restart: ok"

# dies before it is ready: reported at once, not after the wait
rm -f "$S/go"; touch "$S/fail"
"$SV" -w 300 restart "$S" >"$T/died.out" 2>&1; rc=$?
is "$(cat "$T/died.out")" "fail: $S: ./run ended before it was ready" "died: sv restart says so"
is "$rc" 1 "died: exit 1"
is "$(jf "$S" ready)" died-before-ready "died: readiness died-before-ready"
is "$(jf "$S" last-exit)" 3 "died: last-exit 3"
is "$(jf "$S" ready-since)" null "died: no ready-since"
# it keeps being restarted; once it can, it becomes ready (after death)
n=$(wc -l <"$S/runs")
rm -f "$S/fail"
ok "after death: started again" wait_until 30 sh -c '[ "$(wc -l <"$1/runs")" -gt "$2" ]' - "$S" "$n"
spawn "$SV" -w 300 start "$S" >"$T/start.out" 2>&1
ok "after death: waiting again" wait_until 10 jf_is "$S" ready waiting
touch "$S/go"
ok "after death: start answers" wait_until 30 said "$T/start.out"
like "$(cat "$T/start.out")" "^ok: run: $S: " "after death: start ok, ready"
is "$(jf "$S" ready)" ready "after death: readiness ready"

# a ready service killed: its readiness goes with it
ctl "$S" d
ok "down: down" stat_is "$S" down
is "$(jf "$S" ready)" null "down after ready: no readiness shown"
is "$(jf "$S" last-signal)" 15 "down: last-signal 15"

# the time limit still holds
rm -f "$S/go"
"$SV" -w 1 up "$S" >"$T/to.out" 2>&1; rc=$?
like "$(cat "$T/to.out")" "^timeout: " "never ready: timeout after -w"
is "$rc" 1 "never ready: exit 1"
touch "$S/go"
ok "never ready: until it is" wait_until 30 jf_is "$S" ready ready
ctl "$S" x; wait_gone "$RSV" 20

# notification-fd that is not a descriptor from 3: a warning, no readiness
S2=$T/bad
mksvc "$S2" 'exec sleep 1000'
echo 1 >"$S2/notification-fd"
runsv_start "$S2"
ok "bad notification-fd: runs" stat_is "$S2" run
like "$(cat "$S2.err")" "runsv $S2: warning: notification-fd: not a descriptor from 3 to 1023: 1" \
  "bad notification-fd: warned"
is "$(jf "$S2" ready)" null "bad notification-fd: no readiness"
like "$("$SV" -w 10 check "$S2")" "^ok: run: " "bad notification-fd: check passes as runit's"
ctl "$S2" x; wait_gone "$RSV" 20

# ready, then the descriptor closed and ./run running on: stays ready;
# closed without a newline: never ready
S3=$T/close
mksvc "$S3" '[ -e nl ] && echo >&3; exec 3>&-; exec sleep 1000'
echo 3 >"$S3/notification-fd"
touch "$S3/nl"
runsv_start "$S3"
ok "newline, closed: ready" wait_until 10 jf_is "$S3" ready ready
rm -f "$S3/nl"; ctl "$S3" t
ok "closed without newline: waiting" wait_until 10 jf_is "$S3" ready waiting
ok "closed without newline: runsv alive" ok_open "$S3"
ctl "$S3" x; wait_gone "$RSV" 20

# written to without a newline (a stream, a program that uses the
# descriptor for something else): after 4096 bytes runsv stops reading
# and lets the pipe go, so the writer gets EPIPE (or SIGPIPE) instead of
# keeping runsv reading; the service is never ready
S6=$T/stream
mksvc "$S6" 'cat /dev/zero >&3; echo "$?" >catend; exec sleep 1000'
echo 3 >"$S6/notification-fd"
runsv_start "$S6"
ok "stream: runs" stat_is "$S6" run
ok "stream: the writer finds the pipe gone" wait_until 20 test -s "$S6/catend"
like "$(cat "$S6.err")" "runsv $S6: warning: notification-fd: no newline in the first 4096 bytes: not read any more, not ready" \
  "stream: warned"
is "$(jf "$S6" ready)" waiting "stream: not ready"
ok "stream: runsv answers" sh -c '"$1" -w 10 down "$2" >/dev/null' - "$SV" "$S6"
ctl "$S6" x; wait_gone "$RSV" 20

# a notification-fd runsv's descriptor limit does not leave room for:
# ./run starts without it, and the warning names the limit
S7=$T/limit
mksvc "$S7" 'exec sleep 1000'
echo 900 >"$S7/notification-fd"
spawn sh -c 'ulimit -n 64 && exec "$1" "$2"' - "$RUNSV" "$S7" 2>>"$S7.err"
RSV=$!
ok "above the limit: runs" stat_is "$S7" run
like "$(cat "$S7.err")" "runsv $S7: warning: notification-fd: not below the descriptor limit 64 \\(ulimit -n\\): 900" \
  "above the limit: warned, naming the limit"
is "$(grep -c fatal "$S7.err")" 0 "above the limit: no fatal line"
is "$(jf "$S7" ready)" null "above the limit: no readiness"
ctl "$S7" x; wait_gone "$RSV" 20

# a ./run that lives a second or more before it ends unready is restarted
# at once (no throttle), so the 'd' of readiness is on record only for a
# moment: sv tells from the next start that the one it waited for ended
S8=$T/late
mksvc "$S8" 'echo $$ >>runs; sleep 1.5; exit 1'
echo 3 >"$S8/notification-fd"
touch "$S8/down"
runsv_start "$S8"
ok "dies late: down" stat_is "$S8" "down"
"$SV" -w 30 start "$S8" >"$T/late.out" 2>&1; rc=$?
is "$rc:$(cat "$T/late.out")" "1:fail: $S8: ./run ended before it was ready" \
  "dies late: sv start says so, not timeout"
ctl "$S8" d; ctl "$S8" x; wait_gone "$RSV" 20

# the log service: log/notification-fd
S4=$T/logged
mksvc "$S4" 'exec sleep 1000'
mkdir -p "$S4/log"
mkscript "$S4/log/run" 'while [ ! -e ../go ]; do sleep 0.02; done; echo >&5; exec cat >/dev/null'
echo 5 >"$S4/log/notification-fd"
runsv_start "$S4"
ok "log: runs" stat_is "$S4/log" run
ok "log: waiting" wait_until 10 sh -c '"$1" -o json status "$2" | tail -n 1 | grep -q "\"ready\":\"waiting\""' - "$SV" "$S4"
touch "$S4/go"
ok "log: ready" wait_until 10 sh -c '"$1" -o json status "$2" | tail -n 1 | grep -q "\"ready\":\"ready\""' - "$SV" "$S4"
is "$(jf "$S4" ready)" null "log: the main service declares nothing"
ctl "$S4" x; wait_gone "$RSV" 20

# runit's sv knows nothing of readiness: it still drives our runsv
if [ -x "$REF/usr/bin/sv" ]; then
  S5=$T/ref
  mksvc "$S5" "$RUN"
  echo 3 >"$S5/notification-fd"
  touch "$S5/go"
  runsv_start "$S5"
  ok "runit's sv: runs" stat_is "$S5" run
  like "$("$REF/usr/bin/sv" -w 10 check "$S5")" "^ok: run: $S5: " "runit's sv: check through our runsv"
  like "$("$REF/usr/bin/sv" -w 10 restart "$S5")" "^ok: run: $S5: " "runit's sv: restart"
  ctl "$S5" x; wait_gone "$RSV" 20
else
  skip "runit's sv: runs" "no reference (tests/fetch-ref)"
  skip "runit's sv drives a runsv with notification-fd" "no reference (tests/fetch-ref)"
  skip "runit's sv: restart" "no reference (tests/fetch-ref)"
fi
finish
