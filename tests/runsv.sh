# Helpers for the runsv tests (sourced after lib.sh).
#
#   mksvc DIR [RUNBODY]     service dir with an executable ./run (#!/bin/sh + body)
#   mkscript FILE BODY      executable #!/bin/sh script
#   runsv_start DIR [CMD]   spawn CMD (default our runsv; split on blanks) on DIR; pid in $RSV,
#                           stderr in DIR.err; waits until supervise/ok is open
#   ctl DIR LETTERS         write LETTERS to DIR/supervise/control (5 s timeout)
#   stat_is DIR LINE [SECS] wait until supervise/stat reads LINE (and the
#                           status record agrees)
#   pid_of DIR              contents of supervise/pid
#   status_of DIR           the 20 status bytes, decimal, one line
#   status_norm DIR         status bytes with time and pid masked:
#                           "pid:<0|N> paused want term state"
#   alive PID               kill -0
#   wait_gone PID [SECS]    wait until PID has exited (reaps if our child)
#   ok_open DIR             1 if supervise/ok opens for writing (runsv alive)

RUNSV=$B/runsv

mkscript() { printf '#!/bin/sh\n%s\n' "$2" > "$1" && chmod 755 "$1"; }

mksvc() {
  mkdir -p "$1"
  mkscript "$1/run" "${2:-exec sleep 1000}"
}

runsv_start() {
  spawn ${2:-$RUNSV} "$1" 2>>"$1.err"
  RSV=$!
  wait_until 10 ok_open "$1" || echo "# runsv on $1 did not come up"
}

ctl() { timeout 5 sh -c 'printf "%s" "$2" > "$1/supervise/control"' - "$1" "$2"; }

# runsv writes supervise/stat, then supervise/status (as runit does): a
# test reading the status record next must also find it agreeing
_status_word() {  # DIR: the state, paused and got TERM parts of stat, from status
  set -- $(od -An -tu1 -j16 -N4 "$1/supervise/status" 2>/dev/null)
  [ $# = 4 ] || return 1
  case $4 in 0) _w=down ;; 1) _w=run ;; 2) _w=finish ;; *) return 1 ;; esac
  [ "$1" = 0 ] || _w="$_w, paused"
  [ "$3" = 0 ] || _w="$_w, got TERM"
  echo "$_w"
}
_stat_eq() {
  [ "$(cat "$1/supervise/stat" 2>/dev/null)" = "$2" ] &&
    [ "$(_status_word "$1")" = "${2%%, want*}" ]
}
stat_is() { wait_until "${3:-10}" _stat_eq "$1" "$2"; }

pid_of() { cat "$1/supervise/pid" 2>/dev/null; }

status_of() { od -An -tu1 -v "$1/supervise/status" | tr -s ' \n' '  ' | sed 's/^ //; s/ $//'; }

status_norm() {
  status_of "$1" | awk '{ p = $13 + 256 * $14 + 65536 * $15 + 16777216 * $16;
    printf "pid:%s %d %c %d %d\n", (p ? "N" : "0"), $17, $18, $19, $20 }'
}

# status_is DIR WANT DESC: supervise/status (status_norm) becomes WANT.
# runsv writes stat before status, as runit does: a reader that saw the
# new stat waits for the status record
_status_eq() { [ "$(status_norm "$1")" = "$2" ]; }
status_is() { wait_until 10 _status_eq "$1" "$2"; is "$(status_norm "$1")" "$2" "$3"; }

alive() { kill -0 "$1" 2>/dev/null; }

_gone() { ! kill -0 "$1" 2>/dev/null; }
wait_gone() { wait_until "${2:-10}" _gone "$1"; }

ok_open() {
  dd if=/dev/null of="$1/supervise/ok" oflag=nonblock conv=notrunc,nocreat status=none 2>/dev/null
}

