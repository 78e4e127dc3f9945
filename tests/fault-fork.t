#!/bin/sh
# Faults: fork fails (a pids cgroup: cgroup2 where it has the pids
# controller, else cgroup v1's pids hierarchy).
#  1. runsv whose fork fails: says so, retries, and obeys `sv exit` at
#     once (runit 2.1.2 sleeps through it);
#  2. the same, then the limit is raised: the service is up soon after;
#  3. runsvdir over 10 services with room for 4 processes, then the limit
#     raised: all 10 up.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fault-lib.sh"
require_root
for p in runsv runsvdir sv; do [ -x "$FB/$p" ] || skip_all "$FB/$p not built yet"; done
CG=
for root in /sys/fs/cgroup/unified /sys/fs/cgroup; do
  if grep -qw pids "$root/cgroup.controllers" 2>/dev/null && mkdir "$root/${T##*/}" 2>/dev/null; then
    CG=$root/${T##*/}; break
  fi
done
[ -n "$CG" ] || { [ -w /sys/fs/cgroup/pids ] && mkdir "/sys/fs/cgroup/pids/${T##*/}" 2>/dev/null &&
  CG=/sys/fs/cgroup/pids/${T##*/}; }
[ -n "$CG" ] || skip_all "no pids cgroup to make (cgroup2 pids controller or cgroup v1 pids)"
[ -e "$CG/pids.max" ] || { rmdir "$CG"; skip_all "$CG has no pids.max"; }
trap 'for p in $(cat "$CG/cgroup.procs" 2>/dev/null); do kill -KILL "$p"; done; sleep 0.2; rmdir "$CG" 2>/dev/null; _cleanup' EXIT
cd "$T"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
incg() { sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' - "$CG" "$@"; }
running() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat"; }
gone() { ! running "$1"; }

mkdir a; printf '#!/bin/sh\necho started >started; exec sleep 1000\n' >a/run; chmod +x a/run
echo 1 >"$CG/pids.max"
incg runsv a 2>a.err & p=$!
ok "fork fails: runsv says so" wait_until 30 grep -q . a.err
figure "runsv, fork failing: $(head -n 1 a.err)"
t0=$(ms); printf x >a/supervise/control
ok "fork fails: runsv obeys sv exit" wait_until 30 gone $p
figure "runsv, fork failing: gone $(( $(ms) - t0 )) ms after x"
kill -KILL $p 2>/dev/null; wait $p   # one deaf to x (runit 2.1.2) must not hang us

rm -f a.err; incg runsv a 2>a.err & p=$!
wait_until 30 grep -q . a.err
t0=$(ms); echo max >"$CG/pids.max"
ok "limit raised: the service starts" wait_until 30 test -e a/started
figure "runsv, fork failing: up $(( $(ms) - t0 )) ms after the limit was raised"
timeout 10 sv -w 5 exit "$T/a" >/dev/null 2>&1; wait_until 10 gone $p; kill -KILL $p 2>/dev/null; wait $p

mkdir d
for i in 0 1 2 3 4 5 6 7 8 9; do
  mkdir "d/$i"; printf '#!/bin/sh\necho started >started; exec sleep 1000\n' >"d/$i/run"; chmod +x "d/$i/run"
done
echo 4 >"$CG/pids.max"
incg runsvdir "$T/d" 2>d.err & rd=$!; _pids="$_pids $rd"
allup() { for _i in 0 1 2 3 4 5 6 7 8 9; do [ -e "d/$_i/started" ] || return 1; done; }
wait_until 30 grep -q . d.err
n=$(ls d/*/started 2>/dev/null | wc -l)
t0=$(ms); echo max >"$CG/pids.max"
ok "runsvdir: all 10 up once the limit is raised" wait_until 60 allup
figure "runsvdir over 10 services, pids.max=4: $n up before; all 10 up $(( $(ms) - t0 )) ms after the limit was raised; first message: $(head -n 1 d.err)"
kill -TERM $rd; wait $rd
for i in 0 1 2 3 4 5 6 7 8 9; do timeout 10 sv -w 3 exit "$T/d/$i" >/dev/null 2>&1; done
# what did not exit (all of it in our cgroup) must not outlive the test
for i in 0 1 2 3 4 5 6 7 8 9; do for q in $(runsv_of "$T/d/$i"); do kill -KILL "$q"; done; done
for q in $(cat "$CG/cgroup.procs" 2>/dev/null); do kill -KILL "$q"; done
finish
