#!/bin/sh
# Faults: memory limits for every long-running program.  Under chpst -m,
# chpst -d and ulimit -v, at each size, svlogd, runsv, runsvdir and runit
# (process 1 of a PID namespace) either work or refuse with a message;
# never a silent crash (a signal, or an exit with nothing said).  Debian's
# work from a few MB; ours must too, at 4 MB.  runit as process 1 under
# ulimit -v FAULT_MEM_OK (16 MB) runs its three stages.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fault-lib.sh"
for p in runsv runsvdir svlogd chpst sv; do [ -x "$FB/$p" ] || skip_all "$FB/$p not built yet"; done
# the sanitizers reserve terabytes of address space: no limit applies
if [ "${RUNIT_SANITIZE:-}" = 1 ] && [ -z "${FAULT_BIN:-}" ]; then
  skip "memory limits" "the sanitizer build needs unlimited address space"; finish; exit
fi
CHPST=$B/chpst   # the limits are set by our chpst (or ulimit), whatever runs under them
cd "$T"
mkdir -p s/log; printf '#!/bin/sh\necho started >started; exec sleep 1000\n' >s/run
printf '#!/bin/sh\nexec cat >/dev/null\n' >s/log/run; chmod +x s/run s/log/run
mkdir sd; mkdir sd/x; cp s/run sd/x/run

# nothing left of sd/x's service: its runsv told to exit, else killed
sd_gone() {
  timeout 10 "$B/sv" -w 3 exit "$T/sd/x" >/dev/null 2>&1
  for _q in $(runsv_of "$T/sd/x"); do kill -KILL "$_q" 2>/dev/null; done
  _i=0   # until the killed ones are gone (a state, not a time)
  while [ -n "$(runsv_of "$T/sd/x")" ] && [ $_i -lt 500 ]; do sleep 0.02; _i=$((_i + 1)); done
}

# try PROG-KIND SIZE: sets r to works / refused / crash(...)
try() {
  _how=$1 _size=$2 _prog=$3; rm -f s/started sd/x/started "$T/err"
  case $_how in
    m) set -- "$CHPST" -m "$_size" ;;
    d) set -- "$CHPST" -d "$_size" ;;
    v) set -- sh -c 'ulimit -v $(( $1 / 1024 )) && shift && exec "$@"' - "$_size" ;;
  esac
  case $_prog in
    svlogd) mkdir -p "$T/l"; seq 1 1000 | "$@" "$FB/svlogd" "$T/l" 2>"$T/err"; _rc=$?
            if [ $_rc = 0 ] && [ "$(cat "$T/l/current" | wc -l)" -ge 1000 ]; then r=works; rm -rf "$T/l"; return; fi ;;
    runsv) "$@" "$FB/runsv" s 2>"$T/err" & _p=$!
           wait_until 5 sh -c "test -e s/started || ! grep -qs '^[0-9]* (.*) [^Z] ' /proc/$_p/stat"
           if [ -e s/started ]; then r=works; timeout 10 "$B/sv" -w 3 exit "$T/s" >/dev/null 2>&1; kill -KILL $_p 2>/dev/null; wait $_p; return; fi
           kill -KILL $_p 2>/dev/null; wait $_p; _rc=$? ;;
    runsvdir) "$@" "$FB/runsvdir" sd 2>"$T/err" & _p=$!
           wait_until 5 sh -c "test -e sd/x/started || ! grep -qs '^[0-9]* (.*) [^Z] ' /proc/$_p/stat"
           if [ -e sd/x/started ]; then r=works; kill -TERM $_p; wait $_p; sd_gone; return; fi
           kill -KILL $_p 2>/dev/null; wait $_p; _rc=$?
           # a runsv it started under the limit holds sd/x's lock: the
           # next runsvdir would wait for it (and start nothing)
           sd_gone ;;
  esac
  # alive but not starting the service (killed by us: 137) counts as a
  # refusal when it says why
  if { [ "$_rc" -gt 128 ] && [ "$_rc" != 137 ]; } || ! [ -s "$T/err" ]; then r="crash($_rc)"
  else r=refused; fi
}

OK=${FAULT_MEM_OK:-16000000}
LOW=4000000   # where Debian's work
for prog in svlogd runsv runsvdir; do
  line= crashes=
  for how in m d v; do
    for size in 2000000 4000000 8000000 $OK; do
      try $how $size $prog
      line="$line $how$((size / 1000000))M:$r"
      case $r in crash*) crashes="$crashes $how$size" ;; esac
      [ "$size" = "$LOW" ] && eval "low_$how=\$r"
    done
  done
  figure "$prog under chpst -m, chpst -d, ulimit -v (MB):$line"
  case $prog in
    svlogd) must "$prog: never a silent crash" test -z "$crashes" ;;
    *) is "$crashes" "" "$prog: never a silent crash" ;;
  esac
  for how in m d v; do
    eval "got=\$low_$how"
    case $prog/$how in
      runsvdir/*) must "$prog works under -$how $LOW" test "$got" = works ;;
      svlogd/*) must "$prog works under -$how $LOW" test "$got" = works ;;
      *) is "$got" works "$prog works under -$how $LOW" ;;
    esac
  done
done

# runit as process 1 under ulimit -v: boots, runs its stages, halts
. "$TOP/tests/runit-root.sh"
if [ -z "${FAULT_BIN:-}" ] && (ns_require) >/dev/null 2>&1; then
  for size in 2000 4000 $((OK / 1000)); do
    R=$T/pid1-$size; mkroot "$R"
    stage "$R" 1 'echo @1; exit 0'; stage "$R" 2 'echo @2; exit 0'; stage "$R" 3 'echo @3'
    ns_start "$R" 40 /bin/sh -c "ulimit -v $size && exec /sbin/runit"
    res=$(ns_wait "$R")
    m=$(markers "$R" | grep -c '^@')
    figure "runit as process 1 under ulimit -v ${size}k: $res, $m of 3 stages"
    [ "$size" = $((OK / 1000)) ] && is "$res $m" "signal 2 3" "runit under ulimit -v ${size}k: three stages, then halt"
  done
else
  skip "runit under ulimit -v" "no PID namespace, or another implementation"
fi
finish
