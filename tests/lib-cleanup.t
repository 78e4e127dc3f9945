#!/bin/sh
# tests/lib.sh ends what a test started and removes $T however the test
# ends, even when the reader of its output (prove) is gone first: a write to
# the dead pipe must not kill the test before its cleanup runs.  The same
# for every script that cleans up in a trap (package/, bench/, tests/): a
# shell (dash) killed by a signal it does not trap runs no EXIT trap, so
# each one traps HUP, INT, TERM and PIPE too, itself or through lib.sh.
. "$(dirname "$0")/lib.sh"
env --default-signal=PIPE true 2>/dev/null ||
  skip_all "env has no --default-signal (coreutils 8.31)"

# An inner test: starts a sleep, says where its $T is, then writes until
# its output is gone.
cat >"$T/inner.t" <<EOF
#!/bin/sh
. "$TOP/tests/lib.sh"
spawn sleep 1000
echo "\$! \$T" >"$T/inner.\$1"
while :; do echo "ok - tick"; sleep 0.01; done
EOF
chmod +x "$T/inner.t"

# by SIG: the inner test is sent SIG; by pipe: its reader dies first.
# env undoes an ignore of the signal sent that the inner test would inherit
# from whoever started us (nohup ignores HUP): a shell cannot undo it.
for how in pipe TERM INT HUP; do
  mkfifo "$T/fifo.$how"
  spawn cat "$T/fifo.$how" >/dev/null
  reader=$!
  spawn env --default-signal=PIPE,INT,TERM,HUP TMPDIR="$T" "$T/inner.t" "$how" \
    >"$T/fifo.$how" 2>"$T/inner.$how.err"
  inner=$!
  ok "$how: the inner test runs" wait_until 30 test -s "$T/inner.$how"
  read -r sleeper innerT <"$T/inner.$how"
  _pids="$_pids $sleeper"   # if the inner test leaves it, we end it
  if [ "$how" = pipe ]; then kill -TERM "$reader"; else kill -"$how" "$inner"; fi
  ok "$how: the inner test ended" wait_until 60 sh -c "! kill -0 $inner 2>/dev/null"
  kill -KILL "$inner" 2>/dev/null; wait "$inner"
  ok "$how: its sleep is gone" sh -c "! kill -0 $sleeper 2>/dev/null"
  ok "$how: its \$T is removed" test ! -e "$innerT"
  kill -TERM "$reader" 2>/dev/null
done

# A test started with the signals ignored (nohup, a script's background
# job) starts again with them at their defaults, so that what it starts can
# be signalled.
cat >"$T/ign.t" <<EOF
#!/bin/sh
. "$TOP/tests/lib.sh"
sed -n 's/^SigIgn:[[:space:]]*//p' /proc/\$\$/status
EOF
chmod +x "$T/ign.t"
ign=$(sh -c "trap '' HUP INT QUIT TERM PIPE USR1 USR2 ALRM; exec '$T/ign.t'")
is "$(( 0x${ign:-ffff} & 0x7a07 ))" 0 "started with signals ignored: lib.sh resets them ($ign)"

# make check runs each file through tests/timeout-run: a file that hangs
# fails with its name, its process group ended
cat >"$T/hang.t" <<EOF
#!/bin/sh
. "$TOP/tests/lib.sh"
echo "ok 1 - before"
sleep 1000 & echo \$! >"$T/hang.pid"
wait
EOF
chmod +x "$T/hang.t"
start=$(date +%s)
out=$(RUNIT_TEST_TIMEOUT=2 "$TOP/tests/timeout-run" "$T/hang.t" 2>/dev/null); rc=$?
like "$out" '^not ok - hang\.t: timed out after 2 s' "a hung file: not ok with its name"
is "$rc" 124 "a hung file: exit 124"
ok "a hung file: ended within 30 s" test $(( $(date +%s) - start )) -lt 30
ok "a hung file: its children are gone" wait_until 30 sh -c "! kill -0 \$(cat '$T/hang.pid') 2>/dev/null"
is "$(RUNIT_TEST_TIMEOUT=20 "$TOP/tests/timeout-run" "$T/ign.t" >/dev/null; echo $?)" 0 \
  "a file within its limit: its own exit code"

# A cleanup trap at the top level of a script, and whether the script, or
# tests/lib.sh below it (sourced, or its _cleanup called), traps all four.
traps() { grep -E '^([^ #].*; *)?trap ' "$1"; }
traps_all() {
  traps "$1" | grep -w HUP | grep -w INT | grep -w TERM | grep -qw PIPE
}
cd "$TOP" || exit 1
for f in package/* bench/*.sh tests/*.sh tests/*.t; do
  [ -f "$f" ] || continue
  traps "$f" | grep -qE ' (EXIT|INT|TERM)( |$)' || continue
  if traps_all "$f"; then
    ok "$f: cleanup trap; HUP INT TERM PIPE trapped too" true
  elif grep -qE '^\. "\$\(dirname "\$0"\)/(\.\./tests/)?lib\.sh"|_cleanup' "$f"; then
    ok "$f: cleanup trap; HUP INT TERM PIPE trapped by tests/lib.sh" traps_all tests/lib.sh
  else
    ok "$f: cleanup trap; HUP INT TERM PIPE trapped too" false
  fi
done

finish
