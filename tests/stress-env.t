#!/bin/sh
# Every program in a hostile start: standard input, output and error
# closed; an empty environment; a huge argv; a read-only working
# directory.  None may crash (a signal, or a sanitizer's report under make
# check SANITIZE=1); each answers with its usual exit code and, where it
# can still write, a runit-style message.  runit and runit-init run
# inside a fresh PID namespace only (sh is process 1 there, so they are
# not), with arguments that request nothing; runsvchdir only without
# arguments (with one it would switch the machine's runlevel).
. "$(dirname "$0")/lib.sh"
cd "$T"
for p in sv svlogd chpst utmpset runit-init runit runsv runsvdir runsvchdir; do
  [ -x "$B/$p" ] || skip_all "$p not built (run make)"
done
require_root
require unshare
unshare --pid --fork --mount-proc true 2>/dev/null || skip_all "PID namespaces unavailable"

# inns CMD...: CMD in a new PID and mount namespace, as a child of sh
# (process 1 there; never CMD itself: runit-init as process 1 would start
# runit), then CMD's exit code on standard output
inns() { unshare --pid --fork --mount-proc sh -c '"$@"; r=$?; echo $r' sh "$@"; }
# priv CMD...: CMD with tmpfs over /var/run and /var/log in a private
# mount namespace (utmpset must never write the machine's utmp or wtmp)
priv() {
  unshare -m --propagation private sh -c \
    'mount -t tmpfs tmpfs /var/run && mount -t tmpfs tmpfs /var/log && "$@"' sh "$@"
}
# run NAME CMD...: CMD's exit code, standard error in $T/NAME.err
run() { _nm=$1; shift; "$@" 2>"$T/$_nm.err"; echo $?; }
notsig() { [ "$1" -lt 128 ]; }

# the same invocations in every situation: "name|expected code|command"
cat >cases <<'EOF2'
sv|1|sv status nosuch
svlogd|111|svlogd
chpst|111|chpst -e /nonexistent true
chpst-run|0|chpst -v true
utmpset|1|utmpset
utmpset-w|1|utmpset -w
runit-init|0|runit-init x
runit|111|runit x
runsv|1|runsv
runsv-dir|111|runsv /nonexistent
runsvdir|1|runsvdir
runsvchdir|1|runsvchdir
EOF2

# 1. standard input, output and error closed
while IFS='|' read -r nm code cmd; do
  set -- $cmd; p=$1; shift
  case $p in runit*) r=$(inns sh -c '"$0" "$@" <&- >&- 2>&-' "$B/$p" "$@") ;;
             *) r=$(sh -c '"$0" "$@" <&- >&- 2>&-; echo $?' "$B/$p" "$@") ;; esac
  is "$r" "$code" "$nm with 0, 1, 2 closed: exit $code, no crash"
done <cases
# a logger with stdout and stderr closed still logs its input
mkdir c1
echo hello | sh -c '"$0" c1 >&- 2>&-' "$B/svlogd"
is "$(cat c1/current)" hello "svlogd with 1, 2 closed: logs"

# 2. an empty environment (no PATH, no HOME, no SVDIR)
while IFS='|' read -r nm code cmd; do
  set -- $cmd; p=$1; shift
  case $p in runit*) r=$(inns sh -c 'exec env -i "$0" "$@" >/dev/null' "$B/$p" "$@" 2>"$nm.err") ;;
             *) r=$(env -i "$B/$p" "$@" 2>"$nm.err" >/dev/null; echo $?) ;; esac
  is "$r" "$code" "$nm with an empty environment: exit $code"
done <cases
like "$(cat chpst.err)" '^chpst: fatal: unable to switch to directory: /nonexistent: file does not exist$' \
  "chpst, empty environment: runit-style message"
like "$(cat runit.err)" '^- runit: fatal: must be run as process no 1\.$' "runit, empty environment: its message"
out=$(env -i "$B/chpst" true 2>&1); rc=$?
is "$rc/$out" "0/" "chpst without PATH finds true in /bin:/usr/bin"

# 3. a huge argv (about 1.5 MB: 100000 arguments)
set -- $(seq 1 100000 | sed 's/^/n/')
cat >huge.sh <<'EOF2'
huge() { _p=$1; _a=$2; shift 2; set -- $(seq 1 100000 | sed 's/^/n/'); "$_p" $_a "$@"; }
EOF2
. ./huge.sh
r=$( (huge "$B/sv" status >sv.out 2>sv.err); echo $?)
is "$r" 99 "sv status with 100000 services: exit 99 (failures counted, capped)"
is "$(wc -l <sv.out)" 100000 "... one line each"
r=$( (huge "$B/svlogd" "" </dev/null 2>svlogd.err); echo $?)
is "$r/$(cat svlogd.err)" "111/svlogd: fatal: too many log directories." "svlogd with 100000 directories: refused"
r=$( (huge "$B/chpst" true 2>chpst.err); echo $?)
is "$r" 0 "chpst passes 100000 arguments on"
r=$( (priv sh -c '. "$0"; huge "$1" -w' "$T/huge.sh" "$B/utmpset" 2>utmpset.err); echo $?)
is "$r" 111 "utmpset -w with 100000 arguments: no utmp here, exit 111"
like "$(cat utmpset.err)" '^utmpset: fatal: unable to open /var/run/utmp: file does not exist$' "... says so"
r=$( (huge "$B/runsv" "" 2>/dev/null); echo $?)
is "$r" 1 "runsv with 100000 arguments: usage, exit 1"
r=$(inns "$B/runit" "$@" 2>/dev/null)
is "$r" 111 "runit with 100000 arguments: refuses (not process 1)"
r=$(inns "$B/runit-init" "$@" 2>/dev/null)
is "$r" 0 "runit-init with 100000 arguments: usage"
# single huge arguments: 120 kB (the kernel takes at most 128 kB per
# string) as a service name, a user name and a number
long=$(head -c 120000 /dev/zero | tr '\0' x)
r=$("$B/sv" status "$long" >/dev/null 2>&1; echo $?)
is "$r" 1 "sv with a 120 kB service name: fails cleanly"
r=$("$B/chpst" -u "$long" true 2>long.err; echo $?)
is "$r" 111 "chpst -u with a 120 kB user name: unknown user"
like "$(head -c 40 long.err)" '^chpst: fatal: unknown user/group: xxx' "... says so"
r=$("$B/svlogd" -l "$long" d 2>/dev/null </dev/null; echo $?)
ok "svlogd -l with a 120 kB junk number: no crash (exit $r)" notsig "$r"

# 4. a read-only working directory (a read-only tmpfs: root ignores modes)
mkdir ro
ro() { priv sh -c 'mount -t tmpfs -o ro tmpfs "$0" && cd "$0" && "$@"' "$T/ro" "$@"; }
r=$(ro sh -c 'echo x | "$0" . 2>&1; echo "rc=$?"' "$B/svlogd")
like "$r" '^svlogd: warning: unable to lock directory: \.: read-only file system' \
  "svlogd in a read-only directory: runit-style warning"
like "$r" 'svlogd: fatal: no functional log directories\.' "... then fatal"
like "$r" 'rc=111$' "... exit 111"
r=$(ro sh -c '"$0" -l lock true 2>&1; echo "rc=$?"' "$B/chpst")
like "$r" '^chpst: fatal: unable to open lock: lock: read-only file system' "chpst -l in a read-only directory: message"
r=$(ro sh -c '"$0" status . 2>&1; echo "rc=$?"' "$B/sv")
like "$r" '^warning: \.: unable to open supervise/ok: file does not exist' "sv status . in a read-only directory: message"
r=$(ro sh -c '"$0" . 2>&1; echo "rc=$?"' "$B/runsv")
# (runsv ignores mkdir's failure and then misses the lock file, as
# Debian's runsv does, word for word)
like "$r" '^runsv \.: fatal: unable to open supervise/lock: file does not exist' \
  "runsv in a read-only directory: fatal, as Debian's runsv says it"
like "$r" 'rc=111$' "... exit 111"
r=$(ro sh -c '"$0" ok 2>&1; echo "rc=$?"' "$B/utmpset")
like "$r" 'rc=[0-9]+$' "utmpset in a read-only directory: no crash"
finish
