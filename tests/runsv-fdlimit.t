#!/bin/sh
# runsv under a low descriptor limit (runsv.8, DIAGNOSTICS): at every
# limit it either dies at setup, saying why, before it has started
# anything, or it runs ./run and records it: a ./run that sv calls down
# (supervise/status not written for want of a descriptor) never happens.
# runsv keeps one descriptor spare for its own files.  One that dies
# leaves no xstatus behind, as one that exits does (runsv-purge.t).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od

SV=$B/sv
gone_or_ran() { ! alive "$1" || test -s "$2/ran"; }
recorded() { [ "$("$SV" status "$1" 2>&1 | sed 's/) [0-9]*s.*/)/')" = "run: $1: (pid $(cat "$1/ran"))" ]; }

died=0 ran=0
for n in 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 24 28; do
  S=$T/s$n
  mksvc "$S" 'echo $$ >ran; exec sleep 1000'
  mkdir "$S/log"; mkscript "$S/log/run" 'exec cat >/dev/null'
  spawn sh -c 'ulimit -n "$1" && exec "$2" "$3"' - "$n" "$RUNSV" "$S" 2>"$S.err"
  R=$!
  if ! wait_until 20 gone_or_ran "$R" "$S"; then
    ok "limit $n: runsv neither died nor started ./run" false
  elif ! alive "$R"; then
    died=$((died + 1))
    ok "limit $n: runsv died at setup without starting ./run" test ! -e "$S/ran"
    like "$(cat "$S.err")" "^runsv $S: fatal: " "limit $n: and said why"
    ok "limit $n: and left no xstatus (runsv.8, FILES)" \
      test ! -e "$S/supervise/xstatus" -a ! -e "$S/log/supervise/xstatus"
  else
    ran=$((ran + 1))
    ok "limit $n: ./run started and recorded" wait_until 20 recorded "$S"
    ctl "$S" x
    ok "limit $n: runsv exits" wait_gone "$R" 20
  fi
done
# both cases were seen: the limits above span the threshold
ok "some limits too low for runsv" [ "$died" -gt 0 ]
ok "some limits high enough" [ "$ran" -gt 0 ]
finish
