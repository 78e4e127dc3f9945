#!/bin/sh
# -V: every program prints the version and the build profile
# (doc/building.md), as one line on stderr, then its usage with its usage
# exit code.  runsv -V still supervises a service directory named -V
# (runsvdir passes bare names), and runit prints it only when it is not
# process 1: as process 1 its arguments are the kernel's, and it boots.
. "$(dirname "$0")/lib.sh"
V='^runit-[0-9][^ ]* \([a-z]+\)$'

vline() { "$@" 2>&1 >/dev/null | head -n 1; }
for p in chpst sv svlogd utmpset runit-init runsv runsvdir runsvchdir runit; do
  like "$(vline "$B/$p" -V)" "$V" "$p -V: the version line"
done
for p in runsv runsvdir runsvchdir; do
  out=$("$B/$p" -V 2>&1); rc=$?
  like "$(printf '%s\n' "$out" | sed -n 2p)" "^usage: .*$p " "$p -V: then the usage"
  is "$rc" 1 "$p -V: exit 1, runit's usage code"
done
is "$("$B/runit" -V 2>&1; echo "|$?")" "$("$B/sv" -V 2>&1 | head -n 1)
|0" "runit -V, not process 1: the version line only, exit 0"
is "$("$B/runit" 2>&1; echo "|$?")" "- runit: fatal: must be run as process no 1.
|111" "runit without -V, not process 1: refuses as before"

# a service directory named -V is supervised, not taken for -V
mkdir "$T/-V"; printf '#!/bin/sh\necho started >started; exec sleep 1000\n' >"$T/-V/run"
chmod +x "$T/-V/run"
(cd "$T" && exec "$B/runsv" -V) & rs=$!; _pids="$_pids $rs"
ok "runsv -V with a directory -V: supervises it" wait_until 30 test -s "$T/-V/started"
kill -TERM "$rs"; wait "$rs"

# runit as process 1 with -V boots (stage 1 exit 100: straight to the halt)
. "$TOP/tests/runit-root.sh"
if (ns_require) >/dev/null 2>&1; then
  R=$T/pid1; mkroot "$R"
  stage "$R" 1 'echo @1; exit 100'
  stage "$R" 3 'echo @3'
  ns_start "$R" 40 /sbin/runit -V
  is "$(ns_wait "$R")" "signal 2" "runit -V as process 1: boots and halts"
  like "$(markers "$R" | tr '\n' '|')" '^- runit: \$Id\$: booting\.\|- runit: enter stage: /etc/runit/1\|@1\|' \
    "runit -V as process 1: ignores -V and runs stage 1"
else
  skip "runit -V as process 1" "no PID namespace or busybox-static"
fi
finish
