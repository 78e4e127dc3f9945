#!/bin/sh
# runsvdir: usage, option quirks, early warnings and exit codes, compared
# with Debian's runsvdir where runit 2.1.2 behaves the same.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsvdir-lib.sh"
require_ref

# run PROG ARGS...: stderr with the program's path replaced by "runsvdir",
# then "rc=N"; a program still running after 1.5 s is stopped (rc=running)
run() {
  _p=$1; shift
  ( cd "$T/cwd" && exec "$_p" "$@" ) 2>"$T/err" &
  _k=$!
  _i=0
  while kill -0 $_k 2>/dev/null && [ $_i -lt 15 ]; do sleep 0.1; _i=$((_i + 1)); done
  if kill -0 $_k 2>/dev/null; then
    kill -TERM $_k; wait $_k; _rc=running
  else
    wait $_k; _rc=$?
  fi
  sed "s|$_p|runsvdir|" "$T/err"
  echo "rc=$_rc"
}
mkdir -p "$T/cwd"

for args in "" "-P" "--"; do
  # shellcheck disable=SC2086
  ours=$(run "$B/runsvdir" $args)
  is "$ours" "$(printf 'usage: runsvdir [-P] dir\n\nrc=1')" "usage with args '$args'"
  # shellcheck disable=SC2086
  is "$ours" "$(run "$REF/usr/bin/runsvdir" $args)" "usage with '$args' as Debian's"
done

# only one option is consumed: "-P --" runs with dir "--"
ours=$(run "$B/runsvdir" -P --)
like "$ours" "^runsvdir --: warning: unable to stat --: file does not exist" "-P -- takes -- as dir"
is "$(echo "$ours" | sort -u)" "$(run "$REF/usr/bin/runsvdir" -P -- | sort -u)" "-P -- as Debian's"

# an unknown option is not consumed: it becomes dir (then stat fails)
ours=$(run "$B/runsvdir" -x)
like "$ours" '^runsvdir -x: warning: unable to stat -x: file does not exist$' "-x is taken as the directory"
is "$(echo "$ours" | tail -n 1)" "rc=running" "-x: runsvdir keeps running"
is "$(echo "$ours" | sort -u)" "$(run "$REF/usr/bin/runsvdir" -x | sort -u)" "-x as Debian's"

# a missing dir is warned about about once a second, not fatal
ours=$(run "$B/runsvdir" "$T/none")
like "$ours" "^runsvdir $T/none: warning: unable to stat $T/none: file does not exist\$" "missing dir: warning"
n=$(echo "$ours" | grep -c 'unable to stat')
ok "missing dir: warned again while pending ($n times)" [ "$n" -ge 2 ]
is "$(echo "$ours" | sort -u)" "$(run "$REF/usr/bin/runsvdir" "$T/none" | sort -u)" "missing dir as Debian's"

# dir is a regular file
: >"$T/file"
ours=$(run "$B/runsvdir" "$T/file")
like "$ours" "^runsvdir $T/file: warning: unable to change directory to $T/file: not a directory\$" "dir is a file: warning"
is "$(echo "$ours" | sort -u)" "$(run "$REF/usr/bin/runsvdir" "$T/file" | sort -u)" "dir is a file as Debian's"

# a short log argument: two warnings, log disabled, still runs
mkdir -p "$T/empty"
ours=$(run "$B/runsvdir" "$T/empty" 'log:..')
is "$ours" "$(printf 'runsvdir %s: warning: log must have at least seven characters.\nrunsvdir %s: warning: log service disabled.\nrc=running' "$T/empty" "$T/empty")" "log shorter than 7 characters"
is "$ours" "$(run "$REF/usr/bin/runsvdir" "$T/empty" 'log:..')" "short log as Debian's"
ours=$(run "$B/runsvdir" -P "$T/empty" 'log:..' extra args)
like "$ours" 'log must have at least seven' "-P, then the log argument; later args ignored"

# -Pxyz counts as -P (only the second character is looked at)
ours=$(run "$B/runsvdir" -Pxyz)
is "$ours" "$(printf 'usage: runsvdir [-P] dir\n\nrc=1')" "-Pxyz is -P"

# SIGTERM: exit 0
ours=$(run "$B/runsvdir" "$T/empty")
is "$ours" "rc=running" "an empty dir: silent"

# the current directory cannot be opened (unreadable, as nobody): fatal, 100
cwdgone() {
  mkdir -p "$T/noread"
  chmod 0311 "$T/noread"
  chmod 0755 "$T"
  ( cd "$T/noread" && exec setpriv --reuid=65534 --regid=65534 --clear-groups "$1" /tmp ) 2>&1 |
    sed "s|$1|runsvdir|"
}
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
  ours=$(cwdgone "$B/runsvdir")
  rc=$(cd "$T/noread" && setpriv --reuid=65534 --regid=65534 --clear-groups "$B/runsvdir" /tmp 2>/dev/null; echo $?)
  is "$ours" "runsvdir /tmp: fatal: unable to open current directory: access denied" "cwd unreadable: fatal message"
  is "$rc" 100 "cwd unreadable: exit 100"
  is "$ours" "$(cwdgone "$REF/usr/bin/runsvdir")" "cwd unreadable as Debian's"
else
  skip "cwd unreadable" "needs root and setpriv"
fi
finish
