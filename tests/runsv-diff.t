#!/bin/sh
# Differential: the same scenarios under our runsv and Debian's, comparing
# transcripts of stat, pid (empty or not), the status record (time and pid
# masked), ./finish arguments, exit codes and stderr (paths normalized).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od
require_ref

# snap DIR WANTSTAT: wait for the stat line, then record the files (read
# until two readings agree: runsv replaces them one after the other)
reading() {
  printf '%s | stat=%s | pid=%s | %s\n' "${1#$W/}" "$(cat "$1/supervise/stat")" \
    "$( [ -s "$1/supervise/pid" ] && echo N || { [ -e "$1/supervise/pid" ] && echo empty || echo none; })" \
    "$(status_norm "$1")"
}
snap() {
  stat_is "$1" "$2" || echo "timeout waiting for '$2'" >>"$OUT"
  a=$(reading "$1"); b=
  while [ "$a" != "$b" ]; do sleep 0.05; b=$a; a=$(reading "$1"); done
  echo "$a" >>"$OUT"
}
note() { echo "$*" >>"$OUT"; }

scenario() { # bin outfile
  bin=$1 OUT=$2
  W=$T/w; rm -rf "$W"; mkdir -p "$W"
  : >"$OUT"

  # 1: service and log through the letters
  S=$W/a
  mksvc "$S" 'echo hello; exec sleep 1000'
  mksvc "$S/log" 'exec cat >>out'
  spawn "$bin" "$S" 2>"$W/a.err"; r=$!
  snap "$S" run; snap "$S/log" run
  ctl "$S" p; snap "$S" "run, paused"
  ctl "$S" c; snap "$S" run
  ctl "$S" d; snap "$S" down
  ctl "$S" p; snap "$S" "down, paused"
  ctl "$S" u; snap "$S" run
  ctl "$S" o; snap "$S" "run, want down"
  ctl "$S" u; snap "$S" run
  ctl "$S/log" d; snap "$S/log" down
  ctl "$S/log" u; snap "$S/log" run
  ctl "$S/log" x; sleep 0.3; snap "$S/log" run
  ctl "$S" x
  wait_gone "$r" 10 || note "runsv did not exit"
  wait "$r"; note "exit $?"
  snap "$S" down; snap "$S/log" down
  note "log: $(cat "$S/log/out" | tr '\n' ' ')"

  # 2: ./finish arguments and states
  S=$W/b
  mksvc "$S" 'exit 3'
  touch "$S/down"
  mkscript "$S/finish" 'echo "$@" >>args; exec sleep 1'
  spawn "$bin" "$S" 2>"$W/b.err"; r=$!
  snap "$S" down
  ctl "$S" o; snap "$S" "finish, want down"; snap "$S" down
  mkscript "$S/run" 'exec sleep 1000'
  ctl "$S" o; snap "$S" "run, want down"
  ctl "$S" t; snap "$S" "finish, want down"; snap "$S" down
  ctl "$S" u; snap "$S" run
  ctl "$S" k; snap "$S" "finish"; snap "$S" run 15
  rm "$S/run"
  ctl "$S" d; snap "$S" "finish, want down"; snap "$S" down
  ctl "$S" o
  wait_until 10 sh -c "[ \$(wc -l <$S/args) -ge 5 ]"
  snap "$S" down
  ctl "$S" x
  wait_gone "$r" 10 || note "runsv did not exit"
  wait "$r"; note "exit $?"
  note "finish args: $(tr '\n' ',' <"$S/args")"

  # 3: ./down, then u; a crashing service
  S=$W/c
  mksvc "$S" 'exit 1'
  touch "$S/down"
  spawn "$bin" "$S" 2>"$W/c.err"; r=$!
  snap "$S" down
  chmod 644 "$S/run"
  ctl "$S" u
  wait_until 10 grep -q access "$W/c.err"
  # (Debian's runsv answers d only after its one-second sleep)
  ctl "$S" d; wait_until 10 sh -c ". $TOP/tests/runsv.sh; [ \"\$(status_norm $S)\" = 'pid:0 0 d 0 0' ]"
  snap "$S" down
  ctl "$S" x
  wait_gone "$r" 10 || note "runsv did not exit"
  wait "$r"; note "exit $?"

  # 4: a second runsv, and the first one's SIGTERM
  S=$W/d
  mksvc "$S"
  spawn "$bin" "$S" 2>"$W/d.err"; r=$!
  snap "$S" run
  "$bin" "$S" 2>>"$W/d.err"; note "second runsv: exit $?"
  kill -TERM "$r"
  wait_gone "$r" 10 || note "runsv did not exit"
  wait "$r"; note "SIGTERM: exit $?"
  snap "$S" down

  for e in a b c d; do
    note "stderr $e: $(sed "s|$W/||g" "$W/$e.err" | sort -u | tr '\n' '|')"
  done
}

scenario "$RUNSV" "$T/ours"
scenario "$REF/usr/bin/runsv" "$T/ref"
diff "$T/ref" "$T/ours" >"$T/diff"
is "$(cat "$T/diff")" "" "transcripts equal"
ok "transcript has content" test "$(wc -l <"$T/ours")" -gt 40
if [ -s "$T/diff" ]; then sed 's/^/# /' "$T/ours"; fi

finish
