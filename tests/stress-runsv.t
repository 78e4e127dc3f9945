#!/bin/sh
# runsv under bad input and load (issue 8):
#  1. a storm of random control bytes (every byte but 'x', which would
#     rightly end runsv) from four writers at once, into the service's and
#     the log's control FIFOs, for a minute (STORM_SECONDS): runsv stays
#     up; every second its status names a child of runsv (or a process
#     that has just ended), and once the storm is over the status agrees
#     with the process table exactly;
#  2. a service that exits at once, forever: at most one start per second,
#     runsv's CPU time under 1 percent of the window (utime + stime from
#     /proc, a resource bound), control letters answered meanwhile (the
#     latency is printed; the bound asserted is generous).
# RUNSV=path tries another runsv (e.g. Debian's) with the same test.
. "$(dirname "$0")/lib.sh"
require python3
RUNSV=${RUNSV:-$B/runsv}
[ -x "$RUNSV" ] || skip_all "runsv not built yet"
cd "$T"

# status fields: pid (little-endian at 12), want (17), state (19)
st_pid() { od -An -tu4 -j12 -N4 "$1/supervise/status" 2>/dev/null | tr -d ' '; }
st_want() { od -An -c -j17 -N1 "$1/supervise/status" 2>/dev/null | tr -d ' '; }
st_state() { od -An -tu1 -j19 -N1 "$1/supervise/status" 2>/dev/null | tr -d ' '; }
ppid_of() { awk '{print $4}' "/proc/$1/stat" 2>/dev/null; }
children() { for s in /proc/[0-9]*/stat; do awk -v p="$1" '$4 == p {print $1}' "$s" 2>/dev/null; done; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# ---- 1. the storm ----
mkdir -p s1/log
printf '#!/bin/sh\nexec sleep 1000\n' >s1/run
printf '#!/bin/sh\nexit 0\n' >s1/finish
printf '#!/bin/sh\nexec cat >/dev/null\n' >s1/log/run
chmod 755 s1/run s1/finish s1/log/run
spawn "$RUNSV" s1; rs=$!
ok "runsv started the service" wait_until 20 sh -c \
  '[ "$(od -An -tu1 -j19 -N1 s1/supervise/status 2>/dev/null | tr -d " ")" = 1 ]'
wait_until 20 test -p s1/log/supervise/control
storm() {  # FIFO SECONDS: random bytes without 'x', in small bursts;
           # non-blocking writes: a full FIFO drops the burst
  _end=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$_end" ]; do
    head -c 64 /dev/urandom | tr -d x |
      dd of="$1" oflag=nonblock conv=notrunc,nocreat status=none 2>/dev/null
    sleep 0.01
  done
}
secs=${STORM_SECONDS:-60}
writers=
for w in 1 2 3; do storm s1/supervise/control $secs & writers="$writers $!"; done
storm s1/log/supervise/control $secs & writers="$writers $!"
# a pid in the status is runsv's child, or gone: it may have ended since
stray() {  # DIR: print the status's pid if it is alive and not runsv's
  _p=$(st_pid "$1")
  [ -n "$_p" ] && [ "$_p" != 0 ] || return 0
  _pp=$(ppid_of "$_p") || return 0
  [ -z "$_pp" ] || [ "$_pp" = "$rs" ] || echo "$1:$_p"
}
alive=1 i=0 strays= samples=0
while [ $i -lt $secs ]; do
  sleep 1; i=$((i + 1))
  kill -0 $rs 2>/dev/null || { alive=0; break; }
  strays="$strays$(stray s1)$(stray s1/log)"; samples=$((samples + 2))
done
for w in $writers; do wait $w; done
is "$strays" "" "during the storm the status names only runsv's children ($samples samples)"
# let runsv read what is still queued (it reads a byte per round)
cat >queued <<'EOF2'
import os, fcntl, termios, array, sys
n = array.array("i", [0])
for f in sys.argv[1:]:
    fd = os.open(f, os.O_RDONLY | os.O_NONBLOCK)
    fcntl.ioctl(fd, termios.FIONREAD, n)
    if n[0]: sys.exit(1)
EOF2
ok "runsv reads every byte queued" wait_until 60 \
  python3 queued s1/supervise/control s1/log/supervise/control
ok "runsv stays up through the storm" test $alive = 1
ok "... and after it" kill -0 $rs
# quiet now: 'c' (a 'p' may have stopped it), then 'u'; the status must
# settle on a running service whose pid is runsv's child
printf cu >s1/supervise/control
printf cu >s1/log/supervise/control
ok "the service runs again after c, u" wait_until 20 sh -c \
  'p=$(od -An -tu4 -j12 -N4 s1/supervise/status | tr -d " "); [ "$p" != 0 ] && kill -0 $p 2>/dev/null &&
   [ "$(od -An -tu1 -j19 -N1 s1/supervise/status | tr -d " ")" = 1 ]'
p=$(st_pid s1)
is "$(ppid_of "$p")" "$rs" "the status's pid is runsv's child"
is "$(cat s1/supervise/pid)" "$p" "supervise/pid agrees with the status"
ok "the log service runs again" wait_until 20 sh -c \
  '[ "$(od -An -tu1 -j19 -N1 s1/log/supervise/status | tr -d " ")" = 1 ]'
lp=$(st_pid s1/log)
ok "... as runsv's child" test "$(ppid_of "$lp")" = "$rs"
is "$(children $rs | sort -n | tr '\n' ' ')" "$(printf '%s\n' "$p" "$lp" | sort -n | tr '\n' ' ')" \
  "runsv has exactly these two children (no leftovers, no zombies)"
like "$(head -1 s1/supervise/stat)" '^run' "supervise/stat says run"
fds=$(ls /proc/$rs/fd | wc -l)
printf tc >s1/supervise/control; sleep 0.5; printf cu >s1/supervise/control
wait_until 20 sh -c '[ "$(od -An -tu1 -j19 -N1 s1/supervise/status | tr -d " ")" = 1 ]'
is "$(ls /proc/$rs/fd | wc -l)" "$fds" "no descriptor leaked by a restart"
printf x >s1/supervise/control
ok "x after the storm: runsv exits" wait_until 20 sh -c "! kill -0 $rs 2>/dev/null"

# ---- 2. a service that exits at once, forever ----
mkdir s2
printf '#!/bin/sh\necho >>count\nexit 0\n' >s2/run
chmod 755 s2/run
spawn "$RUNSV" s2; rs=$!
wait_until 20 test -s s2/count
sleep 1
hz=$(getconf CLK_TCK)
c0=$(wc -l <s2/count) t0=$(ticks $rs) w0=$(date +%s%N)
sleep 6
c1=$(wc -l <s2/count) t1=$(ticks $rs) w1=$(date +%s%N)
win_ms=$(( (w1 - w0) / 1000000 ))
starts=$((c1 - c0))
cpu_permille=$(( (t1 - t0) * 1000 * 1000 / hz / win_ms ))
echo "# $starts starts in $win_ms ms; runsv CPU $((t1 - t0)) ticks (${cpu_permille} per mille)"
ok "at most one start per second ($starts in $win_ms ms)" \
  test "$starts" -le $(( win_ms / 1000 + 1 ))
ok "it is restarted all the same" test "$starts" -ge 2
ok "runsv CPU under 1 percent of the window" test "$cpu_permille" -lt 10
# control letters while it cycles: d and u, each until the status shows it
lat() {  # LETTER WANT: ms until the status shows want WANT
  _t0=$(date +%s%N)
  printf %s "$1" >s2/supervise/control
  wait_until 10 sh -c "[ \"\$(od -An -c -j17 -N1 s2/supervise/status | tr -d ' ')\" = $2 ]" || { echo 99999; return; }
  echo $(( ($(date +%s%N) - _t0) / 1000000 ))
}
all= max=0
for k in 1 2 3 4 5; do
  a=$(lat d d); sleep 0.3; b=$(lat u u); sleep 0.7
  all="$all $a $b"
  for v in $a $b; do [ "$v" -gt "$max" ] && max=$v; done
done
echo "# control latencies (ms, includes the shell's polling every 20 ms):$all"
ok "control letters answered while the service cycles (max $max ms, bound 5000)" test "$max" -lt 5000
finish
