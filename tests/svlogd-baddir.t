#!/bin/sh
# svlogd: a log directory that cannot be used never blocks the others, and
# signals are acted on whatever state a directory is in.  Every scenario
# runs against Debian's svlogd 2.1.2 too; each description says whether
# ours behaves the same or better:
#   - SIGHUP in the middle of a long line while a directory cannot be
#     reopened (same: both log the rest and the next lines, exit 0 at EOF);
#   - a directory removed under svlogd, then a rotation (better: Debian
#     pauses forever and the other directory gets nothing more);
#   - a directory that loses its permissions (root only): SIGTERM (better:
#     ours gives it up and exits, Debian goes on pausing);
#   - a full disk (a tiny tmpfs, root only): SIGTERM (better: ours exits at
#     once, Debian goes on pausing), SIGHUP with a new config (better: ours
#     rereads it and resumes, Debian never acts on it), the directory
#     removed while paused (better: ours gives it up, Debian pauses forever).
# A full disk needs a private mount namespace: as root the script runs
# itself again under unshare -m.
if [ "$(id -u)" = 0 ] && [ -z "${SVLOGD_BADDIR_NS:-}" ] &&
   command -v unshare >/dev/null 2>&1 && unshare -m --propagation private true 2>/dev/null; then
  SVLOGD_BADDIR_NS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
require_ref
REFS=$REF/usr/bin/svlogd
trap 'umount -l "$T/mnt" 2>/dev/null; _cleanup' EXIT

# start DIR BIN ARGS...: BIN runs in DIR reading the fifo DIR/in, its
# standard error in DIR/err, its pid in $S; fd 3 is the fifo's writing end
start() {
  cd "$1"; shift
  rm -f in; mkfifo in
  spawn sh -c 'exec "$@" <in 2>err' sh "$@"
  S=$!
  exec 3>in
}
# the process ended (a zombie counts: we reap it with wait)
gone() {
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
  [ -z "$st" ] || [ "$st" = Z ]
}
alive() { ! gone "$1"; }
# end a scenario's svlogd (whatever its state) and close the fifo
stop() { exec 3>&-; kill -KILL "$S" 2>/dev/null; wait "$S" 2>/dev/null; }
# its exit code in $R ("running" if it has not ended)
reap() { if gone "$1"; then wait "$1"; R=$?; else R=running; fi; }
count() { grep -c -- "$1" err; }
more() { [ "$(count "$1")" -gt "$2" ]; }

# ---- SIGHUP in the middle of a long line, d2 cannot be reopened -------
# (the issue's reproducer: ours stopped reading and ignored SIGTERM)
hup_midline() {
  impl=$1 bin=$2
  mkdir -p "$T/$impl/hup"; cd "$T/$impl/hup"; mkdir d1 d2
  start "$T/$impl/hup" "$bin" -v -l 10 -b 20 d1 d2
  printf AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA >&3
  wait_until 10 test -s d1/current
  mv d2 d2x; kill -HUP "$S"
  ok "$impl: hup mid-line: d2 cannot be reopened" \
    wait_until 10 grep -q 'unable to open log directory: d2' err
  { head -c 300000 /dev/zero | tr '\0' B; printf 'END\nnext line 1\n'; } >&3 &
  W=$!; _pids="$_pids $W"
  if wait_until 10 grep -qx 'next line 1' d1/current; then
    ok "$impl: hup mid-line: the rest of the line and the next line reach d1 (same as Debian)" true
    printf 'next line 2\n' >&3
    exec 3>&-
    wait "$W"
    ok "$impl: hup mid-line: exits at the end of input" wait_until 10 gone "$S"
    reap "$S"; is "$R" 0 "$impl: hup mid-line: exit code 0 (same as Debian)"
    { printf AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; head -c 300000 /dev/zero | tr '\0' B
      printf 'END\nnext line 1\nnext line 2\n'; } > want
    ok "$impl: hup mid-line: d1 has every byte (same as Debian)" cmp -s want d1/current
    ok "$impl: hup mid-line: nothing reaches the moved d2" sh -c '! grep -q B d2x/current'
  else
    ok "$impl: hup mid-line: the rest of the line and the next line reach d1 (same as Debian)" false
    printf '# %s\n' "$(tail -n 3 err)"
    kill -TERM "$S"
    ok "$impl: hup mid-line: stuck, but SIGTERM acted on" wait_until 2 gone "$S"
    kill -KILL "$W" 2>/dev/null
  fi
  stop
}
hup_midline ref "$REFS"
hup_midline ours "$B/svlogd"

# ---- a directory removed under svlogd, then a rotation there ----------
removed() {
  impl=$1 bin=$2
  mkdir -p "$T/$impl/rm"; cd "$T/$impl/rm"; mkdir d1 d2
  printf 's100\n' > d1/config
  start "$T/$impl/rm" "$bin" d1 d2
  printf 'line 1\n' >&3
  wait_until 10 grep -sqx 'line 1' d2/current
  rm -rf d1
  seq -f 'line %g' 2 30 >&3
}
removed ref "$REFS"
ok "ref: removed dir: Debian pauses on the rotation" \
  wait_until 10 grep -q 'pausing: unable to rename current: d1' err
ok "ref: removed dir: and pauses again" wait_until 10 more pausing 1
ok "ref: removed dir: d2 gets nothing more (ours is better)" sh -c '! grep -qx "line 30" d2/current'
kill -TERM "$S"
n=$(count pausing)
ok "ref: removed dir: SIGTERM is not acted on, it pauses again (ours is better)" \
  wait_until 10 more pausing "$n"
ok "ref: removed dir: still running" alive "$S"
stop

removed ours "$B/svlogd"
ok "ours: removed dir: d2 gets every line (better than Debian)" \
  wait_until 10 grep -sqx 'line 30' d2/current
like "$(cat err)" 'warning: .*giving up: d1' "ours: removed dir: a warning says d1 is given up"
printf 'line 31\n' >&3
ok "ours: removed dir: d2 goes on logging" wait_until 10 grep -sqx 'line 31' d2/current
kill -TERM "$S"
ok "ours: removed dir: SIGTERM acted on (better than Debian)" wait_until 2 gone "$S"
reap "$S"; is "$R" 0 "ours: removed dir: exit code 0"
stop
is "$(seq -f 'line %g' 1 31)" "$(cat d2/current)" "ours: removed dir: d2 complete"

if [ "$(id -u)" != 0 ]; then
  skip "permissions lost, full disk" "needs root"
  finish; exit
fi

# ---- a directory loses its permissions (svlogd runs as nobody) --------
# (no search permission: ours looked for a free name for the rotated
# file in a busy loop)
eacces() {
  impl=$1 bin=$2
  mkdir -p "$T/$impl/acc"; cd "$T/$impl/acc"; mkdir d1 d2
  printf 's100\n' > d1/config; chown nobody d1 d2
  start "$T/$impl/acc" chpst -u nobody "$bin" d1 d2
  printf 'line 1\n' >&3
  wait_until 10 grep -sqx 'line 1' d2/current
  chmod 0600 d1
  seq -f 'line %g' 2 30 >&3
}
eacces ref "$REFS"
ok "ref: permissions lost: Debian pauses on the rotation" \
  wait_until 10 grep -q 'pausing: unable to change directory, want rotate: d1' err
kill -TERM "$S"
n=$(count pausing)
ok "ref: permissions lost: SIGTERM not acted on, it pauses again (ours is better)" \
  wait_until 10 more pausing "$n"
ok "ref: permissions lost: still running" alive "$S"
stop

eacces ours "$B/svlogd"
ok "ours: permissions lost: pausing on the rotation" \
  wait_until 10 grep -q 'pausing: unable to stat new logfile name: d1: access denied' err
kill -TERM "$S"
ok "ours: permissions lost: SIGTERM acted on (better than Debian)" wait_until 2 gone "$S"
reap "$S"; is "$R" 0 "ours: permissions lost: exit code 0"
is "$(cat d2/current)" "$(seq -f 'line %g' 1 30)" "ours: permissions lost: d2 got every line"
like "$(cat err)" 'warning: unable to stat new logfile name, giving up: d1' \
  "ours: permissions lost: a warning says d1 is given up"
stop

# ---- a full disk ------------------------------------------------------
if [ -z "${SVLOGD_BADDIR_NS:-}" ]; then
  skip "full disk" "needs unshare -m"
  finish; exit
fi
mkdir "$T/mnt"
mount -t tmpfs -o size=256k,nr_inodes=1000 tmpfs "$T/mnt" || { ok "mount a tmpfs" false; finish; exit; }

# full IMPL BIN NAME: d1 on the full tmpfs (for full-hup with one old
# rotated file and a new config to rename into place), d2 elsewhere; svlogd pausing on d1 with 'line 1' read
full() {
  impl=$1 bin=$2
  rm -rf "$T/mnt/"*; mkdir -p "$T/$impl/$3"; cd "$T/$impl/$3"
  mkdir "$T/mnt/d1" d2; ln -s "$T/mnt/d1" d1
  if [ "$3" = full-hup ]; then
    head -c 16384 /dev/zero > d1/@400000000000000000000001.s
    printf 'N0\n' > d1/config.new    # renamed into place on the full disk
  fi
  head -c 1M /dev/zero > "$T/mnt/filler" 2>/dev/null
  start "$T/$impl/$3" "$bin" -v d1 d2
  wait_until 10 grep -q 'new: d2/current' err
  printf 'line 1\n' >&3
  ok "$impl: $3: pausing on the full disk" \
    wait_until 10 grep -q 'pausing: unable to write to current: d1' err
}

full ref "$REFS" full-term
kill -TERM "$S"
n=$(count pausing)
ok "ref: full disk: SIGTERM not acted on, it pauses again (ours is better)" \
  wait_until 10 more pausing "$n"
ok "ref: full disk: still running" alive "$S"
stop

full ours "$B/svlogd" full-term
kill -TERM "$S"
ok "ours: full disk: SIGTERM acted on within a second or two (better than Debian)" \
  wait_until 2 gone "$S"
reap "$S"; is "$R" 0 "ours: full disk: exit code 0 after SIGTERM"
stop
is "$(cat d2/current)" "line 1" "ours: full disk: d2 got the line"
like "$(cat err)" 'warning: unable to write to current, giving up: d1: ' \
  "ours: full disk: a warning says d1 is given up"
like "$(cat err)" 'warning: dropped 7 bytes: d1' "ours: full disk: and what was dropped"

# SIGHUP with a config that lets svlogd delete old files (N below n)
full ref "$REFS" full-hup
mv d1/config.new d1/config
kill -HUP "$S"
n=$(count pausing)
ok "ref: full disk: SIGHUP not acted on, it pauses again (ours is better)" \
  wait_until 10 more pausing "$n"
ok "ref: full disk: no sighangup message" sh -c '! grep -q sighangup err'
stop

full ours "$B/svlogd" full-hup
mv d1/config.new d1/config
kill -HUP "$S"
ok "ours: full disk: SIGHUP acted on (better than Debian)" \
  wait_until 2 grep -q 'sighangup received' err
ok "ours: full disk: d1 reopened with its new config" \
  wait_until 10 grep -q 'append: d1/current' err
printf 'line 2\n' >&3
ok "ours: full disk: N0 deletes the old file and d1 logs again" \
  wait_until 10 grep -qx 'line 2' d1/current
is "$(cat d2/current)" "line 1
line 2" "ours: full disk: d2 got every line"
exec 3>&-
ok "ours: full disk: exits at the end of input" wait_until 10 gone "$S"
reap "$S"; is "$R" 0 "ours: full disk: exit code 0"
stop

# the directory removed while svlogd pauses on it
full ref "$REFS" full-rmpaused
rm -rf "$T/mnt/d1"
n=$(count pausing)
ok "ref: removed while paused: pauses again (ours is better)" wait_until 10 more pausing "$n"
printf 'line 2\n' >&3
ok "ref: removed while paused: d2 gets nothing" sh -c '! grep -q "line" d2/current'
stop

full ours "$B/svlogd" full-rmpaused
rm -rf "$T/mnt/d1"
ok "ours: removed while paused: d1 given up (better than Debian)" \
  wait_until 10 grep -q 'giving up: d1' err
printf 'line 2\n' >&3
ok "ours: removed while paused: d2 goes on logging" wait_until 10 grep -qx 'line 2' d2/current
is "$(cat d2/current)" "line 1
line 2" "ours: removed while paused: d2 got every line"
kill -TERM "$S"
ok "ours: removed while paused: SIGTERM acted on" wait_until 2 gone "$S"
reap "$S"; is "$R" 0 "ours: removed while paused: exit code 0"
stop

cd "$T"; umount "$T/mnt"
finish
