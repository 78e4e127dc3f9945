#!/bin/sh
# runsv startup: usage, errors and exit codes, each compared with
# Debian's runsv when it is there.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd

HAVE_REF=
[ -x "$REF/usr/bin/runsv" ] || "$TOP/tests/fetch-ref" >/dev/null 2>&1
[ -x "$REF/usr/bin/runsv" ] && HAVE_REF=1
[ -n "$HAVE_REF" ] || [ "${CI:-}" != true ] || skip_all "Debian's runit missing"

# run BIN in $T/w/<case> on the fixture made by SETUP; print stderr + rc,
# with the binary's path replaced by "runsv"
fixture() { # case setup...
  _c=$1; shift
  rm -rf "$T/w"; mkdir -p "$T/w"; (cd "$T/w" && eval "$*")
}
attempt() { # bin args...
  _bin=$1; shift
  (cd "$T/w" && timeout 5 "$_bin" "$@" 2>"$T/err" >/dev/null; echo "rc=$?" >"$T/rc")
  sed "s|$_bin|runsv|g" "$T/err"; cat "$T/rc"
}
check() { # name want setup -- args...
  _name=$1 _want=$2 _setup=$3; shift 3
  fixture "$_name" "$_setup"
  _got=$(attempt "$RUNSV" "$@")
  is "$_got" "$_want" "$_name"
  if [ -n "$HAVE_REF" ]; then
    fixture "$_name" "$_setup"
    _ref=$(attempt "$REF/usr/bin/runsv" "$@")
    is "$_got" "$_ref" "$_name: same as Debian's runsv"
  fi
}

nl='
'
check "no arguments" "usage: runsv dir$nl${nl}rc=1" ":"
check "two arguments" "usage: runsv dir$nl${nl}rc=1" ":" a b
check "missing directory" \
  "runsv nodir: fatal: unable to change to directory: file does not exist${nl}rc=111" ":" nodir
check "not a directory" \
  "runsv f: fatal: unable to change to directory: not a directory${nl}rc=111" "touch f" f
check "supervise is a regular file" \
  "runsv s: fatal: unable to open supervise/lock: not a directory${nl}rc=111" \
  "mkdir s && touch s/supervise" s
check "supervise/control is a regular file" \
  "runsv s: fatal: supervise/control exists but is not a fifo${nl}rc=111" \
  "mkdir -p s/supervise && touch s/supervise/control" s
check "log/supervise is a regular file" \
  "runsv s: fatal: unable to open log/supervise/lock: not a directory${nl}rc=111" \
  "mkdir -p s/log && touch s/log/supervise" s
# Debian's 2.1.2 checks supervise/control here (typo fixed in 2.3.0) and
# goes on with a regular file it then polls forever: we follow 2.3.0.
fixture x "mkdir -p s/log/supervise && touch s/log/supervise/control"
is "$(attempt "$RUNSV" s)" \
  "runsv s: fatal: log/supervise/control exists but is not a fifo${nl}rc=111" \
  "log/supervise/control is a regular file (as runit 2.3.0)"
long=$(printf 'a%.0s' $(seq 256))
check "supervise symlink target too long" \
  "runsv s: fatal: unable to readlink ./supervise: name too long${nl}rc=111" \
  "mkdir s && ln -s $long s/supervise" s
check "log/supervise symlink target too long" \
  "runsv s: fatal: unable to readlink ./log/supervise: name too long${nl}rc=111" \
  "mkdir -p s/log && ln -s $long s/log/supervise" s
check "dangling symlink to a missing parent" \
  "runsv s: fatal: unable to open supervise/lock: file does not exist${nl}rc=111" \
  "mkdir s && ln -s x/y/z s/supervise" s

# unsearchable service directory, for an unprivileged user
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
  for bin in "$RUNSV" ${HAVE_REF:+"$REF/usr/bin/runsv"}; do
    rm -rf "$T/u"; mkdir -p "$T/u/s"; chmod 700 "$T/u/s"
    got=$(cd "$T/u" && setpriv --reuid=nobody --regid=nogroup --clear-groups \
      "$bin" s 2>&1; echo "rc=$?")
    is "$got" "runsv s: fatal: unable to change to directory: access denied${nl}rc=111" \
      "unsearchable directory (${bin#$TOP/})"
  done
else
  skip "unsearchable directory" "needs root, nobody and setpriv"
fi

# warnings that do not stop runsv: ./log not a directory, ./log a loop
for kind in file loop; do
  rm -rf "$T/s"; mksvc "$T/s"
  if [ $kind = file ]; then touch "$T/s/log"; else ln -s log "$T/s/log"; fi
  : >"$T/s.err"
  runsv_start "$T/s"
  ok "./log $kind: service runs" stat_is "$T/s" run
  ctl "$T/s" x
  ok "./log $kind: x ends runsv" wait_gone "$RSV"
  if [ $kind = file ]; then want="runsv $T/s: warning: ./log: not a directory."
  else want="runsv $T/s: warning: unable to stat() ./log: : symbolic link loop"; fi
  is "$(cat "$T/s.err")" "$want" "./log $kind: warning"
done

# second runsv on the same directory
rm -rf "$T/s"; mksvc "$T/s"
runsv_start "$T/s"
"$RUNSV" "$T/s" 2>"$T/err2"; rc=$?
is "$rc" 111 "second runsv exits 111"
is "$(cat "$T/err2")" "runsv $T/s: fatal: unable to lock supervise/lock: temporary failure" \
  "second runsv: temporary failure"
ok "first runsv still supervises" stat_is "$T/s" run
ctl "$T/s" x
ok "first runsv exits on x" wait_gone "$RSV"
wait "$RSV"; is "$?" 0 "exit code 0 after x"

# runit's order: the status record, then ok, then the first fork; a
# runsv that cannot make ok (here a dangling link where the FIFO goes)
# dies before it has started anything, so a service directory removed
# under a starting runsv never leaves a ./run behind.
order() {  # DIR STATE: fork, status (first rename to it) and ok (mknod), in order
  strace -f -o "$T/st" -e trace=fork,clone,vfork,rename,mknod,mknodat "$RUNSV" "$1" 2>/dev/null &
  _st=$!
  if [ "$2" = dies ]; then wait_gone "$_st" 20; else
    wait_until 10 ok_open "$1"; stat_is "$1" "$2"
    ctl "$1" x
    wait_gone "$_st" 10 || kill "$_st" 2>/dev/null
  fi
  wait "$_st" 2>/dev/null
  awk 'NR == 1 { p = $1 } $1 != p { next }
       /(fork|clone|vfork)\(/ && !f++ { print "fork" }
       /rename\(.*"supervise\/status"\)/ && !s++ { print "status" }
       /mknod(at)?\(.*"supervise\/ok"/ && !o++ { print "ok" }' "$T/st" | tr '\n' ' '
}
if command -v strace >/dev/null 2>&1; then
  rm -rf "$T/s"; mksvc "$T/s"
  is "$(order "$T/s" run)" "status ok fork " "first start: the status record, ok, then the fork"
  rm -rf "$T/s"; mksvc "$T/s"; mkdir "$T/s/control"; mkscript "$T/s/control/u" ":"
  is "$(order "$T/s" run)" "status ok fork " "with control/u: the same"
  rm -rf "$T/s"; mksvc "$T/s"; : >"$T/s/down"
  is "$(order "$T/s" down)" "status ok " "with down: the record, then ok"
  rm -rf "$T/s"; mksvc "$T/s" 'echo started >started; exec sleep 1000'
  mkdir "$T/s/supervise"; ln -s "$T/nowhere/ok" "$T/s/supervise/ok"
  is "$(order "$T/s" dies)" "status ok " "no ok: runsv tries ok, then dies before any fork"
  ok "no ok: ./run never started" test ! -e "$T/s/started"
else
  skip "first start order" "strace not installed"
  skip "first start order with control/u" "strace not installed"
  skip "first start order with down" "strace not installed"
  skip "no ok: dies before it forks" "strace not installed"
  skip "no ok: ./run never started" "strace not installed"
fi

finish
