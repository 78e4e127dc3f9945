#!/bin/sh
# Interop: Debian's sv driving our runsv must print what it prints for
# Debian's runsv (pids and seconds normalized); daemontools' svstat and
# svok read our files.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od
require_ref
SV=$REF/usr/bin/sv

norm() { sed -E "s|$W/||g; s/\(pid [0-9]+\)/(pid N)/g; s/ [0-9]+s/ Ns/g"; }
step() { # sv args...: record output and exit code
  out=$("$SV" "$@" 2>&1); rc=$?
  printf '%s [%s]\n' "$out" "$rc" | norm >>"$OUT"
}
waitstat() { stat_is "$1" "$2" || echo "timeout waiting for $2" >>"$OUT"; }

scenario() { # runsv-binary outfile
  bin=$1 OUT=$2
  W=$T/w; rm -rf "$W"; mkdir -p "$W"; : >"$OUT"
  S=$W/svc
  # signals that would end sleep are ignored, so those steps do not race
  # with a restart
  mksvc "$S" 'trap "" HUP ALRM INT USR1 USR2; exec sleep 1000'
  mksvc "$S/log" 'exec cat >/dev/null'
  "$SV" status "$S" >>"$OUT" 2>&1; echo "[$?]" >>"$OUT"   # before runsv
  spawn "$bin" "$S" 2>"$W/err"; r=$!
  waitstat "$S" run; waitstat "$S/log" run
  step status "$S"
  step -v up "$S"
  step down "$S"; waitstat "$S" down; step status "$S"
  step -v up "$S"
  step pause "$S"; waitstat "$S" "run, paused"; step status "$S"
  step cont "$S"; waitstat "$S" run; step status "$S"
  step -v down "$S"
  step status "$S"
  sleep 1.1   # past any restart throttle, so the once start is not delayed
  step -v once "$S"
  step status "$S"
  step term "$S"; waitstat "$S" down; step status "$S"
  step -v up "$S"
  step kill "$S"; waitstat "$S" down; step status "$S"
  step -w 3 -v up "$S"
  step hup "$S"; step alarm "$S"; step interrupt "$S"; step 1 "$S"; step 2 "$S"
  waitstat "$S" run
  p=$(pid_of "$S")
  step -v restart "$S"
  wait_until 10 sh -c "[ \"\$(cat $S/supervise/pid)\" != $p ]"
  waitstat "$S" run
  step status "$S/log"
  step check "$S"
  step -v exit "$S"
  wait_gone "$r" 10 || echo "runsv did not exit" >>"$OUT"
  wait "$r"; echo "runsv exit $?" >>"$OUT"
  step status "$S"
}

scenario "$RUNSV" "$T/ours"
scenario "$REF/usr/bin/runsv" "$T/ref"
diff "$T/ref" "$T/ours" >"$T/diff"
is "$(cat "$T/diff")" "" "Debian's sv: same output for our runsv as for Debian's"
ok "transcript has content" test "$(grep -c '^run:\|^ok:\|^down:' "$T/ours")" -gt 10
[ -s "$T/diff" ] && sed 's/^/# /' "$T/ours"

# status line byte for byte, log included (seconds and pid masked above;
# here the raw line with the same shape)
W=$T/w2; mkdir -p "$W"; S=$W/s
mksvc "$S"; mksvc "$S/log" 'exec cat >/dev/null'
runsv_start "$S"
stat_is "$S/log" run; stat_is "$S" run
like "$("$SV" status "$S")" "^run: $S: \(pid $(pid_of "$S")\) [0-9]+s; run: log: \(pid $(pid_of "$S/log")\) [0-9]+s$" \
  "sv status: run line with both pids"

# daemontools' svstat and svok read our status (bytes 0-17 are its format)
DT=$TOP/bench/.cache/daemontools/usr/bin
if [ -x "$DT/svstat" ]; then
  like "$("$DT/svstat" "$S")" "^$S: up \(pid $(pid_of "$S")\) [0-9]+ seconds$" "svstat: up (pid N)"
  ok "svok: runsv is alive" "$DT/svok" "$S"
  ctl "$S" d; stat_is "$S" down
  like "$("$DT/svstat" "$S")" "^$S: down [0-9]+ seconds, normally up$" "svstat: down, normally up"
  ctl "$S" x
  ok "x: runsv exits" wait_gone "$RSV"
  ok "svok: runsv gone" wait_until 3 sh -c "! $DT/svok $S"
  for f in /proc/[0-9]*/fd/*; do
    [ "$(readlink "$f" 2>/dev/null)" = "$S/supervise/ok" ] && echo "# still open: $f $(tr '\0' ' ' <"${f%/fd/*}/cmdline")"
  done
else
  ctl "$S" x
  skip "daemontools svstat" "bench/.cache/daemontools missing (bench/fetch-peers)"
fi

finish
