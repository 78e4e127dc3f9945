# Shared by tests/runsvdir-*.t (sourced after lib.sh).
#
# $RUNSV: the runsv under test, ours when built, else Debian's.  It is
# linked into $T/bin, first in PATH, so runsvdir's PATH search finds it.
# fake_runsv installs a stand-in that records each start instead.
# start_runsvdir ARGS...: run runsvdir in the background, pid in $RD.
# stop_runsvdir: SIGHUP (every runsv gets SIGTERM), then wait for it and
# for the runsvs it had started.

[ -x "$B/runsvdir" ] || skip_all "command/runsvdir not built"
if [ -z "${RUNSV:-}" ]; then
  if [ -x "$B/runsv" ]; then RUNSV=$B/runsv; else RUNSV=$REF/usr/bin/runsv; fi
fi
if [ -z "${SV:-}" ] && [ -x "$B/sv" ]; then SV=$B/sv; fi
mkdir -p "$T/bin" "$T/sv"
PATH=$T/bin:$PATH
export PATH

use_real_runsv() {
  [ -x "$RUNSV" ] || "$TOP/tests/fetch-ref" >/dev/null 2>&1
  [ -x "$RUNSV" ] || skip_all "no runsv to test with ($RUNSV)"
  ln -sf "$RUNSV" "$T/bin/runsv"
}

# A runsv that logs "<pid> <name>" to $T/starts and then sleeps, or, with
# FAKE_DIE set in its service dir, exits at once.  Its pids are killed at exit.
fake_runsv() {
  rm -f "$T/bin/runsv"   # never write through a link to a real runsv
  cat >"$T/bin/runsv" <<EOS
#!/bin/sh
echo "\$\$ \$1" >>"$T/starts"
[ -e "\$1/die" ] && exit 1
exec sleep 3600
EOS
  chmod +x "$T/bin/runsv"
  : >"$T/starts"
}

kill_started() {
  [ -f "$T/starts" ] || return 0
  while read -r p _; do kill -KILL "$p" 2>/dev/null; done <"$T/starts"
}
trap 'kill_started; _cleanup' EXIT

starts() { grep -c " $1\$" "$T/starts"; }
pid_of() { grep " $1\$" "$T/starts" | tail -n 1 | cut -d' ' -f1; }
alive() { kill -0 "$1" 2>/dev/null; }
dead() { ! kill -0 "$1" 2>/dev/null; }

# a service dir whose ./run sleeps
mkservice() {
  mkdir -p "$1"
  printf '#!/bin/sh\nexec sleep 3600\n' >"$1/run"
  chmod +x "$1/run"
}

start_runsvdir() {
  spawn "$B/runsvdir" "$@" >/dev/null 2>>"$T/rd.err"  # no orphan keeps the TAP pipe
  RD=$!
}

stop_runsvdir() {
  _kids=$(children "$RD")
  kill -HUP "$RD" 2>/dev/null
  wait "$RD" 2>/dev/null
  # the runsvs it sent TERM stop their services and write supervise/:
  # gone before the test goes on or removes $T
  wait_until 20 sh -c 'for k; do kill -0 "$k" 2>/dev/null && exit 1; done; exit 0' - $_kids
}

# the direct children of a pid, from /proc
children() {
  for _s in /proc/[0-9]*/stat; do
    { read -r _l <"$_s"; } 2>/dev/null || continue
    _r=${_l##*) }
    set -- "$1" $_r
    [ "$3" = "$1" ] && { _p=${_s#/proc/}; echo "${_p%/stat}"; }
    set -- "$1"
  done
}
