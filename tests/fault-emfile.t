#!/bin/sh
# Faults: too few file descriptors (EMFILE) at each threshold.
#  1. runsv with a log under `ulimit -n` 3..20: at every limit it either
#     refuses with a fatal message (exit 111), or runs the service and its
#     status says so (sv status names the running copy);
#  2. runsvdir under `ulimit -n` 3..7: a fatal message, or it runs and
#     ends on SIGTERM.
# The outcome at each limit is printed as a "# figure:" line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fault-lib.sh"
for p in runsv runsvdir sv chpst; do [ -x "$FB/$p" ] || skip_all "$FB/$p not built yet"; done
# the sanitizers' runtime and the dynamic loader need descriptors of their own
if [ "${RUNIT_SANITIZE:-}" = 1 ] && [ -z "${FAULT_BIN:-}" ]; then
  skip "descriptor limits" "the sanitizer build needs descriptors of its own"; finish; exit
fi
tag=w-${T##*/}
cd "$T"

# alive and not a zombie (a child of ours not reaped yet)
running() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat"; }
svpid() { timeout 5 sv status "$1" 2>/dev/null | sed -n 's/^run: [^ ]*: (pid \([0-9]*\)).*/\1/p'; }
outcome() { # NAME PID: sets o to refused / runs / stale / silent(rc)
  _dir=$T/$1 _p=$2 _tok=$tag-$1
  up() { ! running "$_p" && return 0
         [ -n "$(pids_of "$_tok")" ] && [ "$(svpid "$_dir")" = "$(pids_of "$_tok")" ]; }
  wait_until 10 up
  if ! running "$_p"; then
    wait "$_p"; _rc=$?
    if [ "$_rc" = 111 ] && grep -q 'fatal: ' "$_dir.err"; then o=refused; else o="silent($_rc)"; fi
  elif up; then o=runs
  else o=stale; fi
}

results= bad= stale=
for n in $(seq 3 20); do
  mkdir -p "r$n/log"
  printf '#!/bin/sh\nexec chpst -b %s sleep 1000\n' "$tag-r$n" >"r$n/run"
  printf '#!/bin/sh\nexec cat >/dev/null\n' >"r$n/log/run"
  chmod +x "r$n/run" "r$n/log/run"
  spawn sh -c "ulimit -n $n && exec runsv r$n" 2>"r$n.err"; p=$!
  outcome "r$n" "$p"
  results="$results $n:$o"
  case $o in refused|runs) ;; stale) stale="$stale $n" ;; *) bad="$bad $n:$o" ;; esac
  timeout 10 sv -w 3 exit "$T/r$n" >/dev/null 2>&1
  kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null
  for q in $(pids_of "$tag-r$n"); do kill -KILL "$q" 2>/dev/null; done
done
figure "runsv with a log, ulimit -n 3..20:$results"
is "$bad" "" "runsv at every limit: a fatal message or a running service"
must \
  "runsv at every limit: never a status that says down while the service runs" test -z "$stale"

mkdir d; for s in 1 2 3; do mkdir "d/$s"; printf '#!/bin/sh\nexec sleep 1000\n' >"d/$s/run"; chmod +x "d/$s/run"; done
results= bad=
for n in 3 4 5 6 7; do
  spawn sh -c "ulimit -n $n && exec runsvdir '$T/d'" 2>"d$n.err"; p=$!
  wait_until 2 sh -c "! grep -qs '^[0-9]* (.*) [^Z] ' /proc/$p/stat"
  if ! running "$p"; then
    wait "$p"; rc=$?
    if grep -q 'fatal: ' "d$n.err"; then o="refused($rc)"; else o="silent($rc)"; bad="$bad $n:$o"; fi
  else
    kill -TERM "$p"
    if wait_until 10 sh -c "! grep -qs '^[0-9]* (.*) [^Z] ' /proc/$p/stat"; then o=runs; else o=deaf; bad="$bad $n:$o"; fi
    wait "$p" 2>/dev/null
  fi
  results="$results $n:$o"
  [ "$n" = 4 ] && o4=$o
  for s in 1 2 3; do timeout 10 sv -w 3 exit "$T/d/$s" >/dev/null 2>&1; done
done
figure "runsvdir over 3 services, ulimit -n 3..7:$results"
is "$bad" "" "runsvdir at every limit: a fatal message, or it runs and obeys TERM"
must \
  "runsvdir at 4 descriptors (no room for its self-pipe): refuses" sh -c "case '$o4' in refused*) ;; *) false;; esac"
finish
