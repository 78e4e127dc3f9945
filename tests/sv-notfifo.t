#!/bin/sh
# supervise/ok and supervise/control must be FIFOs (runsv.8, sv.8): a
# regular file opens whether or not a runsv reads it, so sv would call a
# dead runsv running and write letters into the file, where they vanish.
# runsv refuses to start on a regular-file ok (as on a control); sv says
# what it found instead of trusting it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od

SV=$B/sv

# runsv: a regular file in place of supervise/ok
S=$T/reg
mksvc "$S" 'echo $$ >ran; exec sleep 1000'
mkdir "$S/supervise"; : >"$S/supervise/ok"
spawn "$RUNSV" "$S" 2>"$S.err"; R=$!
ok "runsv: regular-file ok: runsv exits" wait_gone "$R" 20
is "$(cat "$S.err")" "runsv $S: fatal: supervise/ok exists but is not a fifo" \
  "runsv: regular-file ok: said"
ok "runsv: regular-file ok: ./run never started" test ! -e "$S/ran"

# sv: runsv killed while ./run ran (its record says run), then ok replaced
# by a regular file: not "run", a warning
S=$T/dead
mksvc "$S" 'exec sleep 1000'
runsv_start "$S"
ok "dead runsv: runs" stat_is "$S" run
kill -KILL "$RSV"; wait_gone "$RSV"
kill -TERM "$(pid_of "$S")"
rm "$S/supervise/ok"; : >"$S/supervise/ok"
out=$("$SV" status "$S" 2>&1); rc=$?
is "$rc:$out" "1:warning: $S: supervise/ok is not a fifo" "sv status: regular-file ok: a warning, not run"
out=$("$SV" up "$S" 2>&1); rc=$?
is "$rc:$out" "1:warning: $S: supervise/ok is not a fifo" "sv up: regular-file ok: a warning"
out=$("$SV" -o json status "$S" 2>&1); rc=$?
is "$rc:$out" "1:{\"name\":\"$S\",\"error\":\"supervise/ok is not a fifo\"}" \
  "sv -o json status: regular-file ok: an error object"

# sv: ok a FIFO someone reads (here the test), control a regular file
F=$T/ctl; mkdir -p "$F/supervise"; mkfifo "$F/supervise/ok"
exec 7<>"$F/supervise/ok"
cp "$S/supervise/status" "$F/supervise/status"
: >"$F/supervise/control"
out=$("$SV" down "$F" 2>&1); rc=$?
is "$rc:$out" "1:warning: $F: supervise/control is not a fifo" "sv down: regular-file control: a warning"
is "$(wc -c <"$F/supervise/control")" 0 "sv down: nothing written into it"
exec 7>&-
finish
