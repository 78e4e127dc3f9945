#!/bin/sh
# runsvdir under tight limits: with a few MB of address space or data
# (`ulimit -v`, `chpst -d`), where runit's runsvdir runs, its table grows
# with the services instead of being mapped whole (20 MB) at startup; and
# with too few file descriptors for its self-pipe it says so and exits
# 111 instead of running deaf to signals.  A stand-in runsv records each
# start.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsvdir-lib.sh"
fake_runsv
S=$T/sv
n=0; while [ $n -lt 150 ]; do mkdir "$S/s$n"; n=$((n + 1)); done
nstarts() { [ "$(wc -l <"$T/starts")" -ge "$1" ]; }

# runsvdir LIMIT-OPTION KB: every service started, the table grown past
# its first size (64) twice, under the limit
limited() {
  : >"$T/starts"; : >"$T/rd.err"
  spawn sh -c 'ulimit '"$1 $2"' && exec "$0" "$@"' "$B/runsvdir" "$S" 2>>"$T/rd.err"
  RD=$!
  ok "ulimit $1 $2: all 150 services started" wait_until 30 nstarts 150
  ok "ulimit $1 $2: runsvdir still runs" alive "$RD"
  is "$(cat "$T/rd.err")" "" "ulimit $1 $2: nothing said"
  stop_runsvdir; kill_started
}
if [ -n "${RUNIT_SANITIZE:-}" ]; then
  skip "ulimit -v" "the sanitizer reserves terabytes of address space"
  skip "ulimit -d" "the sanitizer maps its shadow memory"
else
  limited -v 6000   # KB of address space; runit's needs 3 MB, ours used to need 20
  limited -d 1000   # KB of data, as chpst -d 1000000
fi

# ulimit -n 4: stdin, stdout, stderr and one more; the self-pipe needs two
out=$(sh -c 'ulimit -n 4 && exec "$0" "$@"' "$B/runsvdir" "$S" 2>&1 </dev/null & p=$!
      wait_until 20 sh -c "! kill -0 $p 2>/dev/null" || kill -KILL $p; wait $p; echo "rc=$?")
like "$out" "^runsvdir $S: fatal: unable to create selfpipe: " "ulimit -n 4: says the self-pipe failed"
like "$out" "rc=111\$" "ulimit -n 4: exit 111"
kill_started
finish
