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

# One run of the demo, stopped with signal $1.  A shell ignores SIGINT in
# its background jobs; python gives the demo the default disposition back,
# as a terminal's Ctrl-C would find it.
demo_run() {
  sig=$1 out=$T/demo-$1.out
  mkdir -p "$T/tmp-$sig"
  if [ "$sig" = INT ]; then
    spawn env TMPDIR="$T/tmp-$sig" python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$TOP/package/demo" >"$out" 2>&1
  else
    spawn env TMPDIR="$T/tmp-$sig" "$TOP/package/demo" >"$out" 2>&1
  fi
  pid=$!
  ok "$sig: the demo explains what to try" \
    wait_until 60 grep -q 'Press Ctrl-C' "$out"
  svdir=$(sed -n 's/^  export PATH=.* SVDIR="\(.*\)"$/\1/p' "$out")
  like "$svdir" "^$T/tmp-$sig/runit-demo\.[^/]+/service$" \
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

  kill -"$sig" "$pid"
  ok "$sig: the demo ends" wait_until 30 sh -c "! kill -0 $pid 2>/dev/null"
  wait "$pid"
  is "$?" 0 "$sig: exit code 0"
  left=
  for p in $rsd $procs; do  # zombies do not count: who reaps is not ours
    case $(ps -o stat= -p "$p" 2>/dev/null) in ''|Z*) ;; *) left="$left $p" ;; esac
  done
  is "$left" "" "$sig: no process left behind"
  is "$(ls "$T/tmp-$sig")" "" "$sig: the temporary directory is removed"
}

if command -v python3 >/dev/null 2>&1; then
  demo_run INT
else
  skip "INT: Ctrl-C" "python3 not found"
fi
demo_run TERM

finish
