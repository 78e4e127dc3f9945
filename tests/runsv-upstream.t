#!/bin/sh
# runit's own runsv self-test scenarios (spec 12.2, runsv a-d), run with
# our runsv and, when present, Debian's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd

bins=$RUNSV
[ -x "$REF/usr/bin/runsv" ] || "$TOP/tests/fetch-ref" >/dev/null 2>&1
if [ -x "$REF/usr/bin/runsv" ]; then bins="$bins $REF/usr/bin/runsv"
elif [ "${CI:-}" = true ]; then skip_all "Debian's runit missing"; fi

nl='
'
for bin in $bins; do
  who=${bin#$TOP/}
  W=$T/$(echo "$who" | tr / _)
  mkdir -p "$W"; cd "$W" || exit 1

  # (a) usage
  "$bin" >"$W/a.out" 2>&1; rc=$?
  is "$(sed "s|$bin|runsv|" "$W/a.out"; echo "$rc")" "usage: runsv dir$nl${nl}1" "$who: (a) usage, exit 1"

  # (b) control/t prints term and fails: TERM still sent, service restarted
  mksvc "$W/s" 'echo starting; exec sleep 14'
  spawn "$bin" "$W/s" >"$W/b.out" 2>&1
  r=$!
  ok "$who: (b) run" stat_is "$W/s" run
  mkdir "$W/s/control"
  mkscript "$W/s/control/t" 'echo term; exit 1'
  ctl "$W/s" t
  ok "$who: (b) restarted" wait_until 10 sh -c "[ \$(grep -c starting $W/b.out) -ge 2 ]"
  stat_is "$W/s" run
  ctl "$W/s" x
  ok "$who: (b) x ends runsv" wait_gone "$r"
  wait "$r"; rc=$?
  is "$(cat "$W/b.out")$nl$rc" "starting${nl}term${nl}starting${nl}term${nl}0" \
    "$who: (b) output: starting term starting term, exit 0"

  # (c) log/run = exec cat >foo; control/i says no interrupt, exits 0
  mkdir -p "$W/s/log"
  mkscript "$W/s/log/run" 'exec cat >foo'
  mkscript "$W/s/control/i" 'echo no interrupt; exit 0'
  spawn "$bin" "$W/s" 2>"$W/c.err"
  r=$!
  ok "$who: (c) log runs" stat_is "$W/s/log" run
  ok "$who: (c) run" stat_is "$W/s" run
  wait_until 10 grep -q starting "$W/s/log/foo"
  ctl "$W/s" i
  sleep 0.2
  ctl "$W/s" x
  ok "$who: (c) x ends runsv" wait_gone "$r"
  wait "$r"; rc=$?
  is "$rc" 0 "$who: (c) exit 0"
  is "$(cat "$W/s/log/foo")" "starting${nl}no interrupt${nl}term" \
    "$who: (c) log/foo: starting, no interrupt, term"

  # (d) dangling supervise symlinks are created
  rm -rf "$W/s/supervise" "$W/s/log/supervise" "$W/s/log/foo"
  ln -s foo "$W/s/supervise"
  ln -s bar "$W/s/log/supervise"
  spawn "$bin" "$W/s" 2>"$W/d.err"
  r=$!
  ok "$who: (d) foo/ok created" wait_until 10 ok_open "$W/s/foo/.."
  ok "$who: (d) log/bar created" wait_until 10 test -p "$W/s/log/bar/ok"
  stat_is "$W/s" run
  timeout 5 sh -c "printf x >$W/s/foo/control"
  ok "$who: (d) x through foo/control ends runsv" wait_gone "$r"
  wait "$r"; rc=$?
  is "$rc$nl$(cat "$W/s/log/foo")" "0${nl}starting${nl}term" "$who: (d) 0, starting, term"
  ok "$who: (d) foo is a directory" test -d "$W/s/foo" -a -d "$W/s/log/bar"
  cd "$T" || exit 1
done

finish
