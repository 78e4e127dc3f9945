#!/bin/sh
# Taking over from a runsv that was killed (runsv.8, "An earlier runsv";
# review 2026-12-07 items 6-8 and 10, faults U1-U3 and D1):
#   - only the very process: its start in clock ticks since boot, which
#     xstatus records, equal to /proc's, so a recycled pid (forced with
#     ns_last_pid in a PID namespace) is left alone, and a new process
#     group on an adopted group's number is never signalled;
#   - a drain (the rest of a kill-group ./run) and a takeover that a
#     killed runsv left half done are finished by the next runsv;
#   - the earlier logger reads its pipe to the end: no line is lost;
#   - nothing is taken over from a supervise/ another user can write,
#     and no file of supervise/ is written through a symlink;
#   - xstatus goes with status only when it holds status byte for byte.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require python3 perl od setsid

# alive and not a zombie
live() { _s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1); [ -n "$_s" ] && [ "$_s" != Z ]; }
all_gone() { for p; do live "$p" && return 1; done; return 0; }
lines() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }
count_live() { n=0; for p in $(cat "$1"); do live "$p" && n=$((n + 1)); done; echo $n; }

# a PID namespace whose process 1 reaps every orphan: pids recycle there
NS=
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 &&
   unshare --pid --fork --mount-proc true 2>/dev/null; then NS=1; fi
in_ns() {  # SCRIPT: run sh SCRIPT as process 1's only child, in a new PID namespace
  timeout 60 unshare --pid --fork --mount-proc perl -e \
    'my $k = fork; if (!$k) { exec @ARGV; die } while ((my $p = wait()) > 0) { last if $p == $k }' \
    sh "$@"
}
# common part of the namespaced scripts
printf 'B=%s\n' "$B" >"$T/ns.sh"
cat >>"$T/ns.sh" <<'EOF'
PATH=$B:$PATH
wait_until() { _t=$(( $1 * 50 )); shift; while [ $_t -gt 0 ]; do "$@" && return 0; sleep 0.02; _t=$((_t-1)); done; return 1; }
live() { _s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1); [ -n "$_s" ] && [ "$_s" != Z ]; }
gone() { ! live "$1"; }
stat_is() { [ "$(cat "$1/supervise/stat" 2>/dev/null)" = "$2" ]; }
lines() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }
no_group() { ! ps -eo pgid= | grep -qx " *$1"; }
recycle() { echo $(($1 - 1)) > /proc/sys/kernel/ns_last_pid; }
EOF

# 1. a pid recycled soon after ./run ended is not ./run (review 6)
cat >"$T/r6.sh" <<'EOF'
. "$NSH"; d=$W/r6; mkdir $d
printf '#!/bin/sh\necho $$ >>runs\nexec sleep 1000\n' > $d/run; chmod +x $d/run
runsv $d 2>>$d.err & R=$!
wait_until 10 lines $d/runs 1; wait_until 10 stat_is $d run; P=$(cat $d/runs)
kill -KILL $R $P; wait_until 10 gone $R    # runsv and ./run gone; status: run, pid P
wait_until 10 gone $P; sleep 0.03          # reaped; a clock tick later:
recycle $P; sleep 1000 & V=$!              # an unrelated process on pid P
echo "recycled $V $P"
runsv $d 2>>$d.err & R=$!
wait_until 20 lines $d/runs 2
live $V && echo "unrelated alive"
printf x > $d/supervise/control; wait_until 10 gone $R; kill $V
EOF
# 1b. an adopted kill-group that emptied: a new group on its number is
# not signalled (review 7)
cat >"$T/r7.sh" <<'EOF'
. "$NSH"; d=$W/r7; mkdir $d; touch $d/kill-group; echo 2000 >$d/timeout-kill
printf '#!/bin/sh\nsh -c "trap \\"\\" TERM; echo \\$\\$ >kid; exec sleep 1000" &\necho $$ >>runs\nexec sleep 1000\n' > $d/run; chmod +x $d/run
runsv $d 2>>$d.err & R=$!
wait_until 10 lines $d/runs 1; wait_until 10 test -s $d/kid; P=$(cat $d/runs); K=$(cat $d/kid)
kill -KILL $R; wait_until 10 gone $R
runsv $d 2>>$d.err & R=$!                 # adopts group P: TERM now, KILL in 2 s
wait_until 10 gone $P                     # the leader went on TERM; the kid ignores it
kill -KILL $K; wait_until 10 gone $K; wait_until 10 no_group $P
recycle $P; setsid sleep 1000 & U=$!      # a new group, led by pid P
echo "recycled $U $P $(ps -o pgid= -p $U | tr -d ' ')"
wait_until 20 lines $d/runs 2             # the takeover is over
live $U && echo "new group alive"
printf x > $d/supervise/control; wait_until 10 gone $R; kill $U
EOF

if [ -n "$NS" ]; then
  NSH=$T/ns.sh W=$T in_ns "$T/r6.sh" >"$T/r6.out" 2>&1
  P=$(awk '/^recycled/ { print ($2 == $3) }' "$T/r6.out")
  if [ "$P" = 1 ]; then
    ok "recycled pid: ./run started" lines "$T/r6/runs" 2
    ok "recycled pid: the unrelated process on ./run's pid was left alone" grep -q 'unrelated alive' "$T/r6.out"
    is "$(grep -c stopping "$T/r6.err")" 0 "recycled pid: no takeover message"
  else
    sed 's/^/# /' "$T/r6.out"; for i in 1 2 3; do skip "recycled pid $i" "ns_last_pid did not give the pid"; done
  fi
  NSH=$T/ns.sh W=$T in_ns "$T/r7.sh" >"$T/r7.out" 2>&1
  P=$(awk '/^recycled/ { print ($2 == $3 && $3 == $4) }' "$T/r7.out")
  if [ "$P" = 1 ]; then
    ok "adopted group: the takeover ended, ./run started" lines "$T/r7/runs" 2
    ok "adopted group: a new group on its number after it emptied was left alone" grep -q 'new group alive' "$T/r7.out"
  else
    sed 's/^/# /' "$T/r7.out"; for i in 1 2; do skip "recycled group $i" "ns_last_pid did not give the pid"; done
  fi
else
  for i in 1 2 3 4 5; do skip "recycled pids $i" "needs root and unshare --pid (ns_last_pid)"; done
fi

# 1c. the clock set between the start and the takeover (faults U3): the
# record's time an hour off, as after a step; the start ticks decide
S=$T/step
mksvc "$S" 'echo $$ >>runs; exec sleep 1000'
runsv_start "$S"
ok "clock step: started" wait_until 10 lines "$S/runs" 1
ok "clock step: state run" stat_is "$S" run
old=$(cat "$S/runs")
kill -9 "$RSV"; wait_gone "$RSV"
python3 - "$S/supervise" <<'PY'
import struct, sys
d = sys.argv[1]
def step(b, at):
    sec, = struct.unpack('>Q', b[at:at + 8])
    return b[:at] + struct.pack('>Q', sec - 3600) + b[at + 8:]
st = step(open(d + '/status', 'rb').read(), 0)
x = step(open(d + '/xstatus', 'rb').read(), 0)
if len(x) >= 72: x = step(x, 52)
open(d + '/xstatus', 'wb').write(x)
open(d + '/status', 'wb').write(st)
PY
runsv_start "$S"
ok "clock step: the earlier ./run is still known, and stopped" wait_until 10 all_gone "$old"
ok "clock step: then ./run starts" wait_until 10 lines "$S/runs" 2
is "$(count_live "$S/runs")" 1 "clock step: one ./run"
ctl "$S" x; wait_gone "$RSV"

# 2. a drain interrupted: the rest of a kill-group ./run that exited
# (record: finish, the group) is ended by the next runsv (faults U1)
S=$T/drain
mksvc "$S" "sh -c \"trap '' TERM; echo \\\$\\\$ >>kids; exec sleep 1000\" &
echo \$\$ >>runs; exec sleep 1000"
touch "$S/kill-group"; echo 600000 >"$S/timeout-kill"
runsv_start "$S"
ok "drain: started" wait_until 10 lines "$S/kids" 1
ctl "$S" d
ok "drain: ./run gone, its group draining" stat_is "$S" "finish, want down"
kid=$(cat "$S/kids")
kill -9 "$RSV"; wait_gone "$RSV"
ok "drain: the kid outlives runsv" live "$kid"
echo 300 >"$S/timeout-kill"
runsv_start "$S"
ok "drain: the next runsv ends the rest of the group" wait_until 20 all_gone "$kid"
ok "drain: then ./run starts" wait_until 20 lines "$S/runs" 2
is "$(grep -c 'stopping ./run left running by an earlier runsv' "$S.err")" 1 "drain: said so"
ctl "$S" x; wait_gone "$RSV"

# 2b. a takeover interrupted: the third runsv ends what the second was
# ending (faults U2)
S=$T/twice
mksvc "$S" "echo \$\$ >>runs; trap '' TERM; exec sleep 1000"
echo 600000 >"$S/timeout-kill"
runsv_start "$S"
ok "twice: started" wait_until 10 lines "$S/runs" 1
old=$(cat "$S/runs")
kill -9 "$RSV"; wait_gone "$RSV"
runsv_start "$S"                    # TERM (ignored), KILL in 10 minutes
ok "twice: the second runsv is ending it" stat_is "$S" finish
kill -9 "$RSV"; wait_gone "$RSV"
echo 300 >"$S/timeout-kill"
runsv_start "$S"
ok "twice: the third runsv ends it" wait_until 20 all_gone "$old"
ok "twice: then ./run starts" wait_until 20 lines "$S/runs" 2
is "$(count_live "$S/runs")" 1 "twice: one ./run"
ctl "$S" x; wait_gone "$RSV"
ok "twice: none left" wait_until 10 all_gone $(cat "$S/runs")

# 3. the earlier logger reads its pipe to the end (faults D1): 1000 lines
# wait in the old pipe, the logger reads nothing before ./go exists
S=$T/log
mksvc "$S" 'seq 1 1000 | sed "s/^/$$ /"; echo $$ >>runs; exec sleep 1000'
echo 600000 >"$S/timeout-kill"      # the old logger's TERM deadline after it
mkdir -p "$S/log"
mkscript "$S/log/run" 'echo $$ >>../logruns; while [ ! -e ../go ]; do sleep 0.05; done; exec cat >>../logged'
runsv_start "$S"
ok "log: 1000 lines written" wait_until 10 lines "$S/runs" 1
old=$(cat "$S/runs"); oldlog=$(cat "$S/logruns")
kill -9 "$RSV"; wait_gone "$RSV"
runsv_start "$S"
ok "log: the old ./run is stopped" wait_until 10 all_gone "$old"
ok "log: the old logger is not" live "$oldlog"
touch "$S/go"
old_lines() { [ "$(grep -c "^$old " "$S/logged" 2>/dev/null)" = 1000 ]; }
ok "log: it logged every line left in its pipe" wait_until 20 old_lines
ok "log: and ended by itself" wait_until 10 all_gone "$oldlog"
ok "log: a new logger" wait_until 10 lines "$S/logruns" 2
is "$(grep -c "^$old " "$S/logged")" 1000 "log: 1000 of 1000 lines"
ctl "$S" x; wait_gone "$RSV"

# 4. supervise/ that another user can write: nothing taken over from it
# (review 8); a record naming a live process, its start taken from /proc
forge() {  # DIR PID: status and xstatus naming PID as a running ./run
  python3 - "$1/supervise" "$2" <<'PY'
import struct, sys
d, pid = sys.argv[1], int(sys.argv[2])
f = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
ticks = int(f[19])
bt = [int(l.split()[1]) for l in open('/proc/stat') if l.startswith('btime')][0]
ms = bt * 1000 + ticks * 10 + 500
start = struct.pack('>QL', 2**62 + 10 + ms // 1000, (ms % 1000) * 1000000)
rec = start + struct.pack('<L', pid) + bytes([0, ord('u'), 0, 1])
x = start + struct.pack('<L', pid) + bytes(24) + struct.pack('<LL', 0, 0) + b'\0\0\0u'
x += rec + struct.pack('<Q', ticks) + b'\0'
open(d + '/xstatus', 'wb').write(x)
open(d + '/status', 'wb').write(rec)
PY
}
S=$T/forged
mksvc "$S" 'echo $$ >>runs; exec sleep 1000'
mkdir -p "$S/supervise"
spawn sleep 1000; victim=$!
forge "$S" "$victim"; chmod 777 "$S/supervise"
runsv_start "$S"
ok "forged: ./run started" wait_until 10 lines "$S/runs" 1
ok "forged: the process it names is left alone" alive "$victim"
like "$(cat "$S.err")" "warning: not stopping pid $victim named in supervise/status: another user can write supervise" \
  "forged: a warning says why"
ctl "$S" x; wait_gone "$RSV"
# the same record in a supervise/ of ours alone: that process is stopped
rm -f "$S.err" "$S/runs"; chmod 700 "$S/supervise"; forge "$S" "$victim"
runsv_start "$S"
ok "own supervise/: the process named is taken for ./run and stopped" wait_until 10 all_gone "$victim"
ok "own supervise/: then ./run started" wait_until 10 lines "$S/runs" 1
ctl "$S" x; wait_gone "$RSV"

# no file of supervise/ is written through a symlink (runit's runsv does)
S=$T/link
mksvc "$S"
mkdir -p "$S/supervise"
echo precious >"$T/precious"
for f in stat.new status.new xstatus.new pid.new; do ln -s "$T/precious" "$S/supervise/$f"; done
runsv_start "$S"
ok "symlinks: state run" stat_is "$S" run
ctl "$S" p
ok "symlinks: paused" stat_is "$S" "run, paused"
is "$(cat "$T/precious")" precious "symlinks: the file they point to is untouched"
ok "symlinks: stat is a file" test -f "$S/supervise/stat" -a ! -L "$S/supervise/stat"
ctl "$S" x; wait_gone "$RSV"
rm -rf "$S/supervise"; mkdir "$S/supervise"
ln -s "$T/precious" "$S/supervise/lock"
timeout 5 "$RUNSV" "$S" 2>"$T/lock.err"; rc=$?
is "$rc" 111 "symlinks: supervise/lock a symlink: fatal"
is "$(cat "$T/precious")" precious "symlinks: not even opened"

# 10. xstatus goes with status only when it holds it byte for byte: a
# kill-group ./run that exited keeps status's start and pid, not its state
F=$T/stand-in; mkdir -p "$F/supervise"; mkfifo "$F/supervise/ok"
exec 7<>"$F/supervise/ok"
python3 - "$F/supervise" <<'PY'
import struct, sys
d = sys.argv[1]
start = struct.pack('>QL', 2**62 + 10 + 1700000000, 500)
run = start + struct.pack('<L', 100) + bytes([0, ord('u'), 0, 1])
fin = start + struct.pack('<L', 100) + bytes([0, ord('u'), 0, 2])
x = start + struct.pack('<L', 100) + bytes(24) + struct.pack('<LL', 100, 0) + b'\0e\7u'
open(d + '/xstatus', 'wb').write(x + fin + struct.pack('<Q', 5) + b'g')
open(d + '/status', 'wb').write(run)
PY
touch -d '1 hour ago' "$F/supervise/xstatus"
like "$("$B/sv" -o json status "$F")" '"state":"run".*"last-exit":null' \
  "key: a run status does not take the exit of an xstatus of that run's drain"
exec 7<&-
# and runsv writes the two of one moment
S=$T/key
mksvc "$S" 'echo $$ >>runs; exit 7'
touch "$S/kill-group" "$S/down"
runsv_start "$S"
ok "key: down" stat_is "$S" down
is "$(od -An -tx1 -j52 -N20 "$S/supervise/xstatus")" "$(od -An -tx1 "$S/supervise/status")" \
  "key: xstatus holds the status record"
ctl "$S" o
ok "key: ran once" wait_until 10 lines "$S/runs" 1
ok "key: down again" stat_is "$S" down
is "$(od -An -tx1 -j52 -N20 "$S/supervise/xstatus")" "$(od -An -tx1 "$S/supervise/status")" \
  "key: after the run, too"
ctl "$S" x; wait_gone "$RSV"

# a runsv that failed the above may have left copies: end those this
# test started (pids its services wrote down, still in its directories)
for p in $(cat "$T"/*/runs "$T"/*/kids "$T"/*/logruns 2>/dev/null); do
  case $(readlink "/proc/$p/cwd" 2>/dev/null) in "$T"/*) kill -9 "$p" 2>/dev/null ;; esac
done
finish
