#!/bin/sh
# runsvchdir: every message and exit code, the links it leaves, $RUNSVDIR
# (runit 2.3.0), and the same script run against Debian's runsvchdir in a
# private mount namespace with a tmpfs over /etc (the machine's /etc is
# never touched).
. "$(dirname "$0")/lib.sh"
[ -x "$B/runsvchdir" ] || skip_all "command/runsvchdir not built"

# scenario PROG: every case, in a fresh $RUNSVDIR-style dir $D; prints
# normalized output (argv0 shown as "runsvchdir")
scenario() {
  P=$1 D=$2
  run() { "$P" "$@" >"$T/sc.out" 2>"$T/sc.err"; _rc=$?
    sed "s|$P|runsvchdir|" "$T/sc.err"; cat "$T/sc.out"; echo "rc=$_rc"; }
  links() { (cd "$D" && for f in current previous current.new; do
    [ -L "$f" ] && echo "$f -> $(readlink "$f")"; done); }
  cd /
  run
  run .hidden
  run ./relative
  rm -rf "$D"
  run default
  mkdir -p "$D/default" "$D/single" "$D/one/two" && : >"$D/file"
  run nosuch
  run file
  run default
  ln -s default "$D/current"
  run default
  run "$D/default"
  run single
  links
  run default
  links
  run one/two
  links
  run "$D/single"
  links
  # unlinking current.new fails (a non-empty directory)
  mkdir -p "$D/current.new/x"
  run default
  rm -rf "$D/current.new"
  # unlinking previous fails
  rm -f "$D/previous"; mkdir -p "$D/previous/x"
  run default
  rm -rf "$D/previous"
  # current dangling
  ln -sfn nowhere "$D/current"
  run default
  ln -sfn default "$D/current"
}

ours=$(RUNSVDIR=$T/rl scenario "$B/runsvchdir" "$T/rl")
like "$ours" '^usage: runsvchdir dir$' "usage"
is "$(printf '%s\n' "$ours" | sed -n 2,3p)" "$(printf '\nrc=1')" "usage: blank line, exit 1"
like "$ours" '^runsvchdir: fatal: \.hidden: must not start with a dot\.$' "dot: message"
like "$ours" '^runsvchdir: fatal: \./relative: must not start with a dot\.$' "./relative: message"
like "$ours" "^runsvchdir: fatal: unable to chdir: $T/rl: file does not exist\$" "no runsvdir dir"
like "$ours" '^runsvchdir: fatal: nosuch: file does not exist$' "missing dir"
like "$ours" '^runsvchdir: fatal: filenot a directory\.$' "not a directory (no separator)"
like "$ours" '^runsvchdir: fatal: unable to stat: current: file does not exist$' "no current"
like "$ours" '^runsvchdir: default: current\.$' "already current"
like "$ours" "^runsvchdir: $T/rl/default: current\\.\$" "already current, absolute"
like "$ours" '^runsvchdir: single: now current\.$' "switched"
like "$ours" '^current -> one/two$' "current is the new link"
like "$ours" '^previous -> default$' "previous is the old link"
like "$ours" '^runsvchdir: fatal: unable to unlink: current\.new: ' "current.new cannot be removed"
like "$ours" '^runsvchdir: fatal: unable to unlink: previous: ' "previous cannot be removed"
n=$(printf '%s\n' "$ours" | grep -c '^rc=111$')
is "$n" 9 "every error exits 111"
is "$(printf '%s\n' "$ours" | grep -c '^rc=0$')" 6 "every success exits 0"

# failing renames, injected with strace
if command -v strace >/dev/null 2>&1; then
  mkdir -p "$T/f/a" "$T/f/b" && ln -s a "$T/f/current"
  inject() { RUNSVDIR=$T/f strace -f -o /dev/null -e inject=rename,renameat,renameat2:error=EACCES:when="$1" \
    "$B/runsvchdir" b 2>&1 | sed "s|$B/runsvchdir|runsvchdir|"; }
  out=$(inject 1; echo "rc=$?")
  is "$out" "runsvchdir: fatal: unable to copy: current to previous: access denied
rc=0" "rename current fails: message"
  out=$(inject 2)
  is "$out" "runsvchdir: fatal: unable to move: current.new to current: access denied" "rename current.new fails: warning"
  is "$(readlink "$T/f/current")" a "rename current.new fails: current restored"
  rc=$(RUNSVDIR=$T/f strace -f -o /dev/null -e inject=rename,renameat,renameat2:error=EACCES:when=2 \
    "$B/runsvchdir" b 2>/dev/null; echo $?)
  is "$rc" 111 "rename current.new fails: exit 111"
  out=$(inject 2+)
  like "$out" 'unable to move previous back to current: access denied$' "restoring fails too"
  rm -rf "$T/f/current.new"; mv "$T/f/previous" "$T/f/current"
else
  skip "failing renames" "strace not found"
fi

# RUNSVDIR set but empty: chdir("") fails, as runit 2.3.0
out=$(RUNSVDIR= "$B/runsvchdir" default 2>&1; echo "rc=$?")
like "$out" '^.*: fatal: unable to chdir: : file does not exist' "empty RUNSVDIR"

# the default directory, and Debian's 2.1.2 (which ignores $RUNSVDIR),
# in a private mount namespace with a tmpfs over /etc
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 &&
   unshare -m sh -c 'mount -t tmpfs tmpfs /etc' 2>/dev/null; then
  require_ref
  ns() { unshare -m sh -c 'mount -t tmpfs tmpfs /etc && . "$1" && unset RUNSVDIR &&
    scenario "$2" /etc/runit/runsvdir' sh "$T/scenario.sh" "$1"; }
  # shellcheck disable=SC2016
  { echo 'T='"$T"; sed -n '/^scenario()/,/^}/p' "$0"; } >"$T/scenario.sh"
  ref=$(ns "$REF/usr/sbin/runsvchdir")
  mine=$(ns "$B/runsvchdir")
  is "$mine" "$ref" "whole scenario in /etc/runit/runsvdir as Debian's"
  is "$(printf '%s\n' "$mine" | sed "s|/etc/runit/runsvdir|$T/rl|g")" "$ours" "\$RUNSVDIR behaves as the default dir"
  ok "the machine's /etc was not touched" [ ! -e /etc/runit/runsvdir/current.new ]
else
  skip "scenario in /etc/runit/runsvdir" "needs root and unshare -m"
fi
finish
