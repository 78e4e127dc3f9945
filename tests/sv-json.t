#!/bin/sh
# sv -o json status (sv.8, "Machine-readable status"): one JSON object per
# line for each service and its log, parsed by python3's json module, in
# every state runsv can be in; errors as objects; the record our runsv
# writes beside status (supervise/xstatus) and its absence with runit's
# runsv (fields only it knows are null); and the command line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od python3 date strace

SV=$B/sv
KEYS="name state pid pgid want paused got-term normally-up since ready ready-since last-exit last-signal restarts"

# j SV-ARGS... -- FIELDS...: sv's output, each line checked to be one JSON
# object with exactly the documented keys in order (or name and error),
# printed as the FIELDS asked for (true/false/null as in JSON)
j() {
  _a=
  while [ "$1" != -- ]; do _a="$_a $1"; shift; done; shift
  # shellcheck disable=SC2086
  "$SV" $_a 2>/dev/null | python3 -c '
import json, sys
keys = sys.argv[1].split()
for line in sys.stdin:
    assert line.endswith("\n") and "\n" not in line[:-1], repr(line)
    o = json.loads(line)
    if "error" in o:
        assert list(o) == ["name", "error"], list(o)
        print(o["name"], "error:", o["error"]); continue
    assert list(o) == keys, list(o)
    print(" ".join(json.dumps(o[k]) if not isinstance(o[k], str) else o[k]
                   for k in sys.argv[2:]))' "$KEYS" "$@"
}
restarted() { [ "$(j -o json status "$1" -- restarts)" = 1 ]; }

# a service with a log: both run
S=$T/svc
mksvc "$S" 'echo $$ >pid.run; exec sleep 1000'
mkdir -p "$S/log"
mkscript "$S/log/run" 'exec cat >/dev/null'
runsv_start "$S"
ok "run: up" stat_is "$S" run
ok "run: log up" stat_is "$S/log" run
got=$(j -o json status "$S" -- name state want paused got-term normally-up ready ready-since last-exit last-signal restarts)
is "$got" "$S run up false false true null null null null 0
$S/log run up false false true null null null null 0" "run: both objects, main then log"
is "$(j -o json status "$S" -- pid | sed -n 1p)" "$(pid_of "$S")" "run: pid is supervise/pid"
is "$(j -o json status "$S" -- pid | tail -n 1)" "$(pid_of "$S/log")" "run: log pid"
is "$(j -o json status "$S" -- pgid | sed -n 1p)" null "run: no pgid without kill-group"
now=$(date +%s)
since=$(j -o json status "$S" -- since | sed -n 1p)
ok "run: since is Unix seconds with nanoseconds ($since, now $now)" python3 -c "
import sys; s = float('$since'); sys.exit(not ($now - 600 < s <= $now + 1))"
like "$("$SV" -o json status "$S" | sed -n 1p)" '"since":[0-9]+\.[0-9]{9},' "run: since has nine decimals"
is "$(j status -o json "$S" -- state | sed -n 1p)" run "sv status -o json SERVICE: the same"

# paused, got TERM, want down
ctl "$S" p
ok "paused" stat_is "$S" "run, paused"
is "$(j -o json status "$S" -- state paused | sed -n 1p)" "run true" "paused: paused true"
ctl "$S" c
ok "continued" stat_is "$S" run
is "$(j -o json status "$S" -- paused | sed -n 1p)" false "continued: paused false"

S2=$T/stubborn
mksvc "$S2" "trap '' TERM; echo x >ready; exec sleep 1000"
touch "$S2/down"
runsv_start "$S2"
ok "normally down: down" stat_is "$S2" down
is "$(j -o json status "$S2" -- state pid want normally-up restarts)" "down null down false 0" \
  "down, normally down: no pid, want down, restarts 0"
ctl "$S2" u
ok "normally down: up" wait_until 10 test -s "$S2/ready"
ctl "$S2" d
ok "got TERM, want down" stat_is "$S2" "run, got TERM, want down"
is "$(j -o json status "$S2" -- state want got-term normally-up)" "run down true false" \
  "got TERM: want down, got-term true, normally-up false"
ctl "$S2" k
ok "killed: down" stat_is "$S2" down
is "$(j -o json status "$S2" -- state want last-exit last-signal)" "down down null 9" \
  "killed: last-signal 9, no last-exit"

# finish, exit codes, restarts
S3=$T/fin
mksvc "$S3" 'n=$(cat n 2>/dev/null || echo 0); echo $((n + 1)) >n
[ -e stop ] || { : >up; exec sleep 1000; }; exit 7'
# (./finish waits for go, or until runsv is gone)
mkscript "$S3/finish" 'while [ ! -e go ] && kill -0 $PPID 2>/dev/null; do sleep 0.02; done; rm -f go'
runsv_start "$S3"
ok "finish: runs" stat_is "$S3" run
ok "finish: past its test of stop" wait_until 10 test -e "$S3/up"
touch "$S3/stop"; ctl "$S3" t
ok "finish: in ./finish" stat_is "$S3" finish
is "$(j -o json status "$S3" -- state last-exit last-signal want)" "finish null 15 up" \
  "finish: state finish; ./run's TERM shows as last-signal"
touch "$S3/go"
ok "exit 7: runs again" wait_until 20 sh -c '[ "$(cat "$1/n")" -ge 2 ]' - "$S3"
ok "exit 7: ./finish again" stat_is "$S3" finish 20
is "$(j -o json status "$S3" -- last-exit last-signal)" "7 null" "exit 7: last-exit 7"
rm -f "$S3/stop"; touch "$S3/go"
ok "exit 7: up again" stat_is "$S3" run 20
r=$(j -o json status "$S3" -- restarts)
is "$r" "$(( $(cat "$S3/n") - 1 ))" "restarts: starts of ./run minus one ($r)"

# kill-group: pgid
S4=$T/grp
mksvc "$S4" 'exec sleep 1000'
touch "$S4/kill-group"
runsv_start "$S4"
ok "kill-group: runs" stat_is "$S4" run
is "$(j -o json status "$S4" -- pgid)" "$(pid_of "$S4")" "kill-group: pgid is ./run's pid"

# x: want exit, as the record cannot say it
S5=$T/exit
mksvc "$S5" "trap '' TERM; exec sleep 1000"
runsv_start "$S5"
ok "x: runs" stat_is "$S5" run
ctl "$S5" x
ok "x: got TERM" stat_is "$S5" "run, got TERM, want exit"
is "$(j -o json status "$S5" -- state want)" "run exit" "x: want exit"
ctl "$S5" k
ok "x: runsv gone" wait_gone "$RSV" 20

# errors are objects; the exit code counts them
is "$(j -o json status "$S5" "$T/none" -- state)" "$S5 error: runsv not running
$T/none error: unable to change to service directory: file does not exist" \
  "errors: runsv not running, no directory"
"$SV" -o json status "$S5" "$T/none" "$S" >/dev/null 2>&1; rc=$?
is "$rc" 2 "errors: exit code counts them"
"$SV" -o json status "$S" >/dev/null 2>&1; rc=$?
is "$rc" 0 "no error: exit 0"

# names: quotes, backslashes, control bytes, UTF-8 and bytes that are not
N=$T/'q"b\c'"$(printf '\001')"'é'
mkdir -p "$N"; mkscript "$N/run" 'exec sleep 1000'
runsv_start "$N"
ok "odd name: runs" stat_is "$N" run
is "$(j -o json status "$N" -- name)" "$N" "odd name: decodes to the directory's name"
X=$T/"$(printf 'bad\377name')"
mkdir -p "$X"; mkscript "$X/run" 'exec sleep 1000'
runsv_start "$X"
ok "not UTF-8: runs" stat_is "$X" run
is "$(j -o json status "$X" -- name)" "$T/bad$(printf '\357\277\275')name" "not UTF-8: U+FFFD in its place"

# plain sv status is untouched by xstatus: the same line as Debian's sv
if [ -x "$REF/usr/bin/sv" ]; then
  is "$("$SV" status "$S" | sed 's/[0-9]*s/Ns/g')" "$("$REF/usr/bin/sv" status "$S" | sed 's/[0-9]*s/Ns/g')" \
    "plain status: the same as Debian's sv"
else
  skip "plain status against Debian's sv" "no reference (tests/fetch-ref)"
fi

# runit's runsv writes no xstatus: what only it knows is null; an xstatus
# an earlier runsv of ours left does not match its records and is ignored
if [ -x "$REF/usr/bin/runsv" ]; then
  R=$T/ref
  mksvc "$R" 'exec sleep 1000'
  runsv_start "$R" "$REF/usr/bin/runsv"
  ok "runit's runsv: runs" stat_is "$R" run
  is "$(j -o json status "$R" -- state want ready pgid last-exit last-signal restarts)" \
    "run up null null null null null" "runit's runsv: xstatus fields null"
  ctl "$R" x; wait_gone "$RSV" 20
  mksvc "$R" 'exec sleep 1000'
  runsv_start "$R"
  ok "stale: ours runs" stat_is "$R" run
  ctl "$R" k
  ok "stale: ours restarted it" wait_until 20 restarted "$R"
  cp "$R/supervise/xstatus" "$T/xstatus.ours"
  ctl "$R" x; wait_gone "$RSV" 20
  cp "$T/xstatus.ours" "$R/supervise/xstatus"
  runsv_start "$R" "$REF/usr/bin/runsv"
  ok "stale: runit's runsv runs" stat_is "$R" run
  is "$(j -o json status "$R" -- restarts last-signal)" "null null" "stale xstatus: ignored"
  ctl "$R" x; wait_gone "$RSV" 20
else
  skip "runit's runsv: xstatus fields null" "no reference (tests/fetch-ref)"
  skip "stale xstatus ignored" "no reference (tests/fetch-ref)"
fi

# an xstatus one update ahead of status (runsv between its two renames) is
# waited for: status read again after 1, 2 ... 256 ms; one older than
# status is an earlier runsv's, absent at once.  A stand-in supervise/
# (the test holds ok open as runsv would), sv's calls seen by strace.
F=$T/stand-in; mkdir -p "$F/supervise"; mkfifo "$F/supervise/ok"
exec 7<>"$F/supervise/ok"
# records: status of pid 100; xstatus of pid PID (100: the same moment)
records() {
  python3 - "$F/supervise" "$1" <<'PY'
import struct, sys
d, pid = sys.argv[1], int(sys.argv[2])
start = struct.pack('>QL', 2**62 + 10 + 1700000000, 500)
open(d + '/status', 'wb').write(start + struct.pack('<L', 100) + bytes([0, ord('u'), 0, 1]))
x = start + struct.pack('<L', pid) + bytes(24) + struct.pack('<LL', 0, 7) + b'\0\0\0u'
open(d + '/xstatus', 'wb').write(x)
PY
}
traced() {  # sv -o json status on the stand-in: "restarts sleeps status-reads"
  strace -f -qq -e trace=nanosleep,clock_nanosleep,open,openat -o "$T/st.trace" \
    "$SV" -o json status "$F" >"$T/st.out" 2>&1
  printf '%s %s %s\n' "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["restarts"])' <"$T/st.out")" \
    "$(grep -c 'nanosleep(' "$T/st.trace")" "$(grep -c 'supervise/status"' "$T/st.trace")"
}
records 100
is "$(traced)" "7 0 1" "xstatus of the same moment: used, no wait"
records 101; touch -d '1 hour ago' "$F/supervise/xstatus"
is "$(traced)" "None 0 1" "xstatus older than status: absent at once"
records 101; touch -d '1 hour' "$F/supervise/xstatus"
is "$(traced)" "None 9 10" "xstatus ahead: status read again 9 times, then absent"
records 100; touch -d '1 hour' "$F/supervise/xstatus"
is "$(traced)" "7 0 1" "xstatus newer and matching: used"
exec 7<&-

# status cannot be written after xstatus was (status.new a directory
# stands for any failure of that step): runsv puts the xstatus of the
# status that stays back, so sv never waits for a status that will not come
W=$T/stuck
mksvc "$W" 'exec sleep 1000'
runsv_start "$W"
ok "status fails: runs" stat_is "$W" run
old=$(pid_of "$W")
mkdir "$W/supervise/status.new"
ctl "$W" t
newpid() { p=$(pid_of "$W"); [ -n "$p" ] && [ "$p" != "$old" ]; }
ok "status fails: a new ./run" wait_until 10 newpid
ok "status fails: xstatus goes with status again" wait_until 10 sh -c \
  '[ "$(od -An -tu4 -j12 -N4 "$1/supervise/xstatus")" = "$(od -An -tu4 -j12 -N4 "$1/supervise/status")" ]' - "$W"
strace -f -qq -e trace=nanosleep,clock_nanosleep -o "$T/stuck.trace" "$SV" -o json status "$W" >"$T/stuck.out" 2>&1
is "$(grep -c 'nanosleep(' "$T/stuck.trace")" 0 "status fails: sv -o json status does not wait"
is "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])' <"$T/stuck.out")" "$old" \
  "status fails: the object is of the status that stays"
strace -f -qq -e trace=nanosleep,clock_nanosleep -o "$T/stuck.trace" "$SV" -w 3 check "$W" >/dev/null 2>&1
is "$(grep -c 'nanosleep(' "$T/stuck.trace")" 0 "status fails: sv check does not wait"
rmdir "$W/supervise/status.new"

# a ./down that cannot be stat'ed: the service's object is an error
ln -s down "$W/down"
"$SV" -o json status "$W" >"$T/down.out" 2>"$T/down.err"; rc=$?
is "$rc:$(cat "$T/down.out")" "1:{\"name\":\"$W\",\"error\":\"unable to stat down: symbolic link loop\"}" \
  "down cannot be stat'ed: an error object, a failure"
is "$(cat "$T/down.err")" "" "down cannot be stat'ed: nothing on stderr"
rm "$W/down"
ctl "$W" x

# the command line
"$SV" -o yaml status "$S" >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 100 "-o yaml: usage error, exit 100"
is "$(cat "$T/err")" "usage: sv [-w sec] -o json status service ..." "-o yaml: the usage line says what -o takes"
"$SV" status -o xml "$S" >/dev/null 2>"$T/err"
is "$(cat "$T/err")" "usage: sv [-w sec] -o json status service ..." "status -o xml: the same"
"$SV" -o json up "$S" >"$T/out" 2>"$T/err"; rc=$?
is "$rc" 100 "-o json with up: usage error"
is "$(cat "$T/out")" "" "-o json with up: nothing sent, nothing printed"
is "$(cat "$T/err")" "usage: sv [-w sec] -o json status service ..." "-o json with up: the usage line says -o is for status"

ctl "$S2" k
for d in "$S" "$S2" "$S3" "$S4" "$N" "$X"; do ctl "$d" x; done
finish
