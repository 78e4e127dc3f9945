#!/bin/sh
# sv says ok only once runsv has done what was asked: restart (and
# force-restart, try-restart, force-reload, -v term/kill) once the service
# was started again after the command, once -v once it ran, up/start/check
# once a process runs that was not sent TERM, and never on a record that
# predates letters still unread in the control FIFO.  runit compares the
# record's start with its own start in whole seconds, so a service started
# within the same second passed at once with the old pid.  Each case runs
# against Debian's sv too, to show where it differs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sv-lib.sh"
require_ref
require od dd
export SVDIR="$T"

pidof_out() { sed -n 's/.*(pid \([0-9]*\)).*/\1/p'; }

# ---- a fake supervisor: the record changes only when we write it ----
# Dated 5 s ahead: to runit's whole-second rule that is a start within
# the second sv started in.  Nothing restarts, so nothing may pass.
fakesv "$T/a"
prime() { mkstatus "$T/a" -5 "$@"; ctl "$T/a" >/dev/null; }
for c in restart force-restart try-restart force-reload T -v\ term -v\ kill; do
  case $c in force-*|T) k=kill ;; *) k=timeout ;; esac
  # shellcheck disable=SC2086
  { prime 77 0 u 0 1; r=$($SV -w 0 $c a); }
  is "$?:$r" "1:$k: run: a: (pid 77) 0s" "$c, record unchanged: $k, not ok"
  # shellcheck disable=SC2086
  { prime 77 0 u 0 1; r=$($REFSV -w 0 $c a); }
  is "$?:$r" "0:ok: run: a: (pid 77) 0s" "(Debian's sv: ok with the old pid)"
done
prime 77 0 u 0 1; r=$($SV -w 1 restart a)
is "$?:$r" "1:timeout: run: a: (pid 77) 0s" 'restart -w 1: the same after a second'
prime 77 0 u 0 1; $SV -w 0 force-restart a >/dev/null
is "$(ctl "$T/a")" tcuk 'force-restart sent k on timeout'

# once: a down record that did not change means the start has not happened
prime 0 0 d 0 0; r=$($SV -w 0 once a)
is "$?:$r" "1:timeout: down: a: 0s, normally up" 'once of a down service: not ok before it ran'
prime 0 0 d 0 0; r=$($REFSV -w 0 once a)
is "$?:$r" "0:ok: down: a: 0s, normally up" "(Debian's sv: ok at once)"
prime 77 0 d 0 1; r=$($SV -w 0 once a)
is "$?:$r" "0:ok: run: a: (pid 77) 0s, want down" 'once of a running service: ok at once (as runit)'

# up after a down: runsv has read the d, the process has not exited yet
prime 77 0 d 1 1; r=$($SV -w 0 up a)
is "$?:$r" "1:timeout: run: a: (pid 77) 0s, want down, got TERM" 'up while the process is being stopped: not ok'
prime 77 0 d 1 1; r=$($REFSV -w 0 up a)
is "$?:$r" "0:ok: run: a: (pid 77) 0s, want down, got TERM" "(Debian's sv: ok with the old pid)"
prime 77 0 u 1 1; r=$($SV -w 0 start a)
is "$?:$r" "1:timeout: run: a: (pid 77) 0s, got TERM" 'start while the process is being stopped: not ok'
prime 77 0 u 1 1; r=$($SV -w 0 check a)
is "$?:$r" "1:timeout: run: a: (pid 77) 0s, got TERM" 'check while the process is being stopped: not ok'
prime 77 0 u 1 1; r=$($REFSV -w 0 check a)
is "$?:$r" "0:ok: run: a: (pid 77) 0s, got TERM" "(Debian's sv: ok)"

# up after a down: the d still waits in the FIFO, so the record is stale
prime 77 0 u 0 1; printf d > "$T/a/supervise/control"
r=$($SV -w 1 up a)
is "$?:$r" "1:timeout: run: a: (pid 77) 0s" 'up behind an unread d: not ok on the stale record'
is "$(ctl "$T/a")" du '... (u was sent after the d)'
prime 77 0 u 0 1; printf d > "$T/a/supervise/control"
r=$($REFSV -w 1 up a)
is "$?:$r" "0:ok: run: a: (pid 77) 0s" "(Debian's sv: ok with the old pid)"
prime 0 0 d 0 0; printf u > "$T/a/supervise/control"
r=$($SV -w 1 down a)
is "$?:$r" "1:timeout: down: a: 0s, normally up" 'down behind an unread u: not ok on the stale record'
# ...but our own letters unread when the limit passes: judged as runit does
prime 77 0 u 0 1; r=$($SV -w 0 start a)
is "$?:$r" "0:ok: run: a: (pid 77) 0s" 'start, only its own u unread at the limit: ok (as runit)'

# ---- a real runsv ----
# ./run leaves a file named by its pid once it runs; ./check passes for
# the pid in supervise/pid only then.  So an ok names a started process.
mksvc "$T/b" ': > "ready.$$"; exec sleep 3600'
printf '#!/bin/sh\n[ -e "ready.$(cat supervise/pid)" ]\n' > "$T/b/check"
chmod +x "$T/b/check"

restarts() { # NAME: sv start, then three restarts, each right after the last
  old=$($SV start b | pidof_out)
  ok "$1: start names a pid" [ -n "$old" ]
  for i in 1 2 3; do
    r=$($SV restart b); rc=$?
    new=$(echo "$r" | pidof_out)
    s=$($SV status b | pidof_out)
    is "$rc:$(echo "$r" | norm)" '0:ok: run: b: (pid N) Ns' "$1: restart $i: ok"
    ok "$1: restart $i: a new pid ($old -> $new)" test -n "$new" -a "$new" != "$old"
    is "$s" "$new" "$1: restart $i: sv status right after shows that pid"
    ok "$1: restart $i: that process ran ./run" [ -e "$T/b/ready.$new" ]
    old=$new
  done
}

upafterdown() { # NAME: sv down, then sv -w up at once
  old=$(cat "$T/b/supervise/pid")
  for i in 1 2 3; do
    $SV down b
    r=$($SV -w 7 up b); rc=$?
    new=$(echo "$r" | pidof_out)
    s=$($SV status b | pidof_out)
    is "$rc:$(echo "$r" | norm)" '0:ok: run: b: (pid N) Ns' "$1: down; up $i: ok"
    ok "$1: down; up $i: a new pid ($old -> $new)" test -n "$new" -a "$new" != "$old"
    is "$s" "$new" "$1: down; up $i: sv status right after shows that pid"
    old=$new
  done
}

startsv "$T/b"; rsv=$!
restarts 'our runsv'
upafterdown 'our runsv'
$SV -w 7 exit b >/dev/null
wait_until 10 sh -c "! kill -0 $rsv 2>/dev/null"

rm -f "$T/b"/ready.*
oursv=$RUNSV; RUNSV=$REF/usr/bin/runsv
startsv "$T/b"; rsv=$!; RUNSV=$oursv
restarts "Debian's runsv"
upafterdown "Debian's runsv"
$SV -w 7 exit b >/dev/null
wait_until 10 sh -c "! kill -0 $rsv 2>/dev/null"

# Debian's sv on our runsv: how often it names the old pid (not asserted:
# it depends on the second the restart falls in)
startsv "$T/b"; rsv=$!
old=$($SV start b | pidof_out); stale=0
for i in 1 2 3; do
  new=$($REFSV restart b | pidof_out)
  [ "$new" = "$old" ] && stale=$((stale + 1))
  $SV -w 7 check b >/dev/null
  old=$(cat "$T/b/supervise/pid")
done
echo "# Debian's sv: $stale of 3 restarts reported the old pid"
$SV -w 7 exit b >/dev/null
finish
