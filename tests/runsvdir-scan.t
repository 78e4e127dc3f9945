#!/bin/sh
# runsvdir's scan rules: one runsv per subdirectory, dot names and
# non-directories skipped, identity by (device, inode) so a rename changes
# nothing, a removed service's runsv gets SIGTERM, -P gives each runsv its
# own session.  A stand-in runsv records every start.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsvdir-lib.sh"
fake_runsv
S=$T/sv
mkservice "$T/src/a"; mkservice "$T/src/b"
ln -s "$T/src/a" "$S/a"
mkdir "$S/real" "$S/.dot"
: >"$S/file"
ln -s "$T/nowhere" "$S/dangling"
start_runsvdir "$S"
ok "a started" wait_until 20 sh -c "grep -q ' a\$' '$T/starts'"
ok "a directory in dir started" wait_until 20 sh -c "grep -q ' real\$' '$T/starts'"
ok "dangling symlink warned about" wait_until 20 grep -q "^runsvdir $S: warning: unable to stat dangling: file does not exist\$" "$T/rd.err"
is "$(starts .dot)$(starts file)$(starts dangling)" 000 "dot dir, file and dangling symlink not started"

ln -s "$T/src/b" "$S/b"
ok "added: b started" wait_until 20 sh -c "grep -q ' b\$' '$T/starts'"
pa=$(pid_of a)
mv "$S/a" "$S/a2"
ln -s "$T/src/a" "$S/a3"      # the same service under a third name
touch "$S"
mkdir "$S/c"                  # a change after which the scan is certain done
ok "c started" wait_until 20 sh -c "grep -q ' c\$' '$T/starts'"
sleep 0.3
is "$(starts a2)$(starts a3)$(starts a)" 001 "rename and second name: no new runsv"
ok "a's runsv still runs" alive "$pa"

pb=$(pid_of b)
rm "$S/b" "$S/a2"
ok "b removed: its runsv got SIGTERM" wait_until 20 dead "$pb"
ok "a still linked as a3: still runs" alive "$pa"
rm "$S/a3"
ok "a removed: its runsv got SIGTERM" wait_until 20 dead "$pa"

# a replaced by a new directory with the same name: a new service
pr=$(pid_of real)
rmdir "$S/real" 2>/dev/null || rm -rf "$S/real"
mkdir "$S/real"
ok "replaced dir: old runsv terminated" wait_until 20 dead "$pr"
ok "replaced dir: new runsv started" wait_until 20 sh -c "[ \$(grep -c ' real\$' '$T/starts') -eq 2 ]"

# the dangling symlink's target appears: picked up at the next change
mkservice "$T/nowhere"
touch "$S"
ok "once its target exists, a symlink is a service" wait_until 20 sh -c "grep -q ' dangling\$' '$T/starts'"

# runsv is started as "runsv NAME" with dir as its working directory
p=$(pid_of c)
cmdline_is() { [ "$(tr '\0' ' ' 2>/dev/null </proc/"$1"/cmdline)" = "$2" ]; }
ok "runsv's exec went on (stand-in sleeps)" wait_until 20 cmdline_is "$p" "sleep 3600 "
is "$(readlink /proc/"$p"/cwd)" "$S" "runsv runs in dir"
is "$(cut -d' ' -f6 /proc/"$p"/stat)" "$(cut -d' ' -f6 /proc/"$RD"/stat)" "without -P: runsvdir's session"

# SIGTERM: runsvdir exits 0 and leaves the runsv's running
kill -TERM "$RD"; wait "$RD"; rc=$?
is "$rc" 0 "SIGTERM: exit 0"
ok "SIGTERM: runsv's left running" alive "$p"
# the child that waits out the kernel's inotify teardown in runsvdir's
# stead (same command line) ends too
ok "SIGTERM: no process of runsvdir's left" wait_until 20 sh -c \
  'for f in /proc/[0-9]*/cmdline; do
     [ "$(tr "\0" " " 2>/dev/null <"$f")" = "$1" ] && exit 1; done; exit 0' sh "$B/runsvdir $S "
kill_started; : >"$T/starts"

# -P: each runsv in its own session
start_runsvdir -P "$S"
ok "-P: c started" wait_until 20 sh -c "grep -q ' c\$' '$T/starts'"
p=$(pid_of c)
is "$(cut -d' ' -f6 /proc/"$p"/stat)" "$p" "-P: runsv leads its own session"
stop_runsvdir
ok "no warning but the dangling one" sh -c "! grep -v 'unable to stat dangling' '$T/rd.err'"
finish
