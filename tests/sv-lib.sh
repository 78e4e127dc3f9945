# Helpers for the sv tests; source after lib.sh.
#
#   $SV      our sv;  $REFSV Debian's sv
#   $RUNSV   the runsv under test: $RUNSV if set, else ours if built, else
#            Debian's (so sv can be tested before our runsv exists)
#   mkstatus DIR AGO PID PAUSED WANT TERM STATE
#            write DIR/supervise/status: started AGO seconds ago (negative:
#            in the future), pid, paused flag, want letter, got-TERM, state
#   fakesv DIR   a service dir whose supervise/ok and control FIFOs are held
#            open by a sleeping process: sv sees a live runsv, and what it
#            writes stays in the control FIFO for ctl to read
#   ctl DIR  print (and consume) the bytes waiting in DIR/supervise/control
#   mksvc DIR [RUN-BODY]  a service dir with an executable ./run
#   startsv DIR  start $RUNSV on DIR and wait until it is up
#   st DIR   the state byte of DIR/supervise/status (0 down, 1 run, 2 finish)
#   norm     sed filter: pids and seconds made constant
SV=$B/sv
REFSV=$REF/usr/bin/sv
if [ -z "${RUNSV:-}" ]; then
  if [ -x "$B/runsv" ]; then RUNSV=$B/runsv; else RUNSV=$REF/usr/bin/runsv; fi
fi

_byte() { printf "\\$(printf '%03o' "$1")"; }

mkstatus() {
  _t=$(( $(date +%s) + 10 - $2 ))
  _p=$3
  {
    _byte 64; _byte 0; _byte 0; _byte 0
    _byte $(( (_t >> 24) & 255 )); _byte $(( (_t >> 16) & 255 ))
    _byte $(( (_t >> 8) & 255 )); _byte $(( _t & 255 ))
    _byte 0; _byte 0; _byte 0; _byte 0
    _byte $(( _p & 255 )); _byte $(( (_p >> 8) & 255 ))
    _byte $(( (_p >> 16) & 255 )); _byte $(( (_p >> 24) & 255 ))
    _byte "$4"; printf '%s' "$5"; _byte "$6"; _byte "$7"
  } > "$1/supervise/status.new"
  mv "$1/supervise/status.new" "$1/supervise/status"
}

fakesv() {
  mkdir -p "$1/supervise"
  [ -p "$1/supervise/ok" ] || mkfifo "$1/supervise/ok"
  [ -p "$1/supervise/control" ] || mkfifo "$1/supervise/control"
  spawn sleep 3600 3<>"$1/supervise/ok" 4<>"$1/supervise/control"
}

ctl() {
  dd if="$1/supervise/control" iflag=nonblock bs=256 count=1 2>/dev/null
}

mksvc() {
  mkdir -p "$1"
  printf '#!/bin/sh\n%s\n' "${2:-exec sleep 3600}" > "$1/run"
  chmod +x "$1/run"
}

st() { od -An -tu1 -j19 -N1 "$1/supervise/status" 2>/dev/null | tr -d ' '; }

_okfifo() { [ -p "$1/supervise/ok" ] && [ -s "$1/supervise/status" ]; }
startsv() {
  spawn "$RUNSV" "$1"
  wait_until 10 _okfifo "$1"
  if [ -d "$1/log" ]; then wait_until 10 _okfifo "$1/log"; fi
  # a run script that sets traps says when they are set, so a signal sent
  # next cannot reach the shell before them
  if grep -q ': > ready' "$1/run"; then wait_until 10 test -e "$1/ready"; fi
}

# (our fail line for a plain name says where it looked: runit's does not)
norm() { sed -E 's/\(pid [0-9]+\)/(pid N)/g; s/ [0-9]+s(;|,|$)/ Ns\1/g; s/(unable to change to service directory) [^:]*:/\1:/'; }
