#!/bin/sh
# package/demo (make demo): supervises a copy of etc/demo in a temporary
# directory, says how to reach it, and on Ctrl-C (SIGINT) or SIGTERM stops
# every process it started and removes the directory.
. "$(dirname "$0")/lib.sh"

missing=
for p in runsvdir runsv sv svlogd; do
  [ -x "$B/$p" ] || missing="$missing $p"
done
[ -z "$missing" ] ||
  skip_all "our programs are not built yet (command/):$missing"
require ps
env --default-signal=INT true 2>/dev/null ||
  skip_all "env has no --default-signal (coreutils 8.31)"

# One run of the demo, stopped with signal $1.  A shell ignores SIGINT in
# its background jobs, and our own parent may ignore SIGPIPE; env gives the
# demo the default dispositions back, as a terminal's Ctrl-C would find
# them.  With $2 = pipe, the demo's output goes through a pipe to a reader
# that dies before the signal is sent, as in `make demo 2>&1 | tee demo.log`
# and Ctrl-C, where tee dies first: stopping must not depend on a writable
# output.
demo_run() {
  sig=$1 how=${2:-file}
  name=$sig-$how out=$T/demo-$sig-$how.out
  mkdir -p "$T/tmp-$name"
  to=$out
  if [ "$how" = pipe ]; then
    to=$T/pipe-$name
    mkfifo "$to"
    spawn cat "$to" >"$out"
    reader=$!
  fi
  spawn env --default-signal=INT,PIPE TMPDIR="$T/tmp-$name" \
    "$TOP/package/demo" >"$to" 2>&1
  pid=$!
  sig="$sig ($how)"
  ok "$sig: the demo explains what to try" \
    wait_until 60 grep -q 'Press Ctrl-C' "$out"
  svdir=$(sed -n 's/^  export PATH=.* SVDIR="\(.*\)"$/\1/p' "$out")
  like "$svdir" "^$T/tmp-$name/runit-demo\.[^/]+/service$" \
    "$sig: in a temporary directory under \$TMPDIR"
  ok "$sig: clock and worker run" wait_until 20 sh -c \
    "SVDIR='$svdir' '$B/sv' status clock worker 2>&1 | grep -c '^run: ' | grep -qx 2"
  ok "$sig: clock's log writes into the temporary directory" \
    wait_until 20 test -s "$svdir/clock/log/main/current"
  # Every process below the demo's runsvdir, to check they are all gone.
  rsd=$(ps -o pid= --ppid "$pid" | tr -d ' ' | head -n 1)
  procs=$(ps -o pid= --ppid "$rsd" | tr -d ' ')
  for p in $procs; do procs="$procs $(ps -o pid= --ppid "$p")"; done
  ok "$sig: runsvdir and its runsv's found" test -n "$rsd" -a -n "$procs"
  _pids="$_pids $rsd $procs"   # should the demo leave them, lib.sh ends them

  if [ "$how" = pipe ]; then
    kill -TERM "$reader"; wait "$reader" 2>/dev/null   # (no "Terminated" from the shell)
  fi
  kill -"${sig%% *}" "$pid"
  ok "$sig: the demo ends" wait_until 30 sh -c "! kill -0 $pid 2>/dev/null"
  wait "$pid"
  is "$?" 0 "$sig: exit code 0"
  left=
  for p in $rsd $procs; do  # zombies do not count: who reaps is not ours
    case $(ps -o stat= -p "$p" 2>/dev/null) in ''|Z*) ;; *) left="$left $p" ;; esac
  done
  is "$left" "" "$sig: no process left behind"
  is "$(ls "$T/tmp-$name")" "" "$sig: the temporary directory is removed"
}

demo_run INT
demo_run INT pipe
demo_run TERM
demo_run TERM pipe

finish
