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
# env undoes a SIGPIPE or SIGINT ignored by whoever started us.
for how in pipe TERM INT HUP; do
  mkfifo "$T/fifo.$how"
  spawn cat "$T/fifo.$how" >/dev/null
  reader=$!
  spawn env --default-signal=PIPE,INT TMPDIR="$T" "$T/inner.t" "$how" \
    >"$T/fifo.$how" 2>"$T/inner.$how.err"
  inner=$!
  ok "$how: the inner test runs" wait_until 30 test -s "$T/inner.$how"
  read -r sleeper innerT <"$T/inner.$how"
  _pids="$_pids $sleeper"   # if the inner test leaves it, we end it
  if [ "$how" = pipe ]; then kill -TERM "$reader"; else kill -"$how" "$inner"; fi
  wait "$inner"
  ok "$how: the inner test ended" sh -c "! kill -0 $inner 2>/dev/null"
  ok "$how: its sleep is gone" sh -c "! kill -0 $sleeper 2>/dev/null"
  ok "$how: its \$T is removed" test ! -e "$innerT"
  kill -TERM "$reader" 2>/dev/null
done

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
