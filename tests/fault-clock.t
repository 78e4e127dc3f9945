#!/bin/sh
# Faults: clock offsets in a time namespace (unshare --time): the
# monotonic and boot-time clocks far ahead (+10^9 s) or near zero (-uptime
# + 60 s).  In each: the restart throttle (at most one start a second),
# sv -w's limit (a start that never gets ready times out after the limit,
# not at once and not never), and runsv's adoption after a SIGKILL (one
# copy).  CLOCK_REALTIME cannot be offset in a namespace; the faults
# report's wall-clock steps were made with an LD_PRELOAD shim.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fault-lib.sh"
require_root
require unshare
for p in runsv sv chpst; do [ -x "$FB/$p" ] || skip_all "$FB/$p not built yet"; done
unshare --time --fork --monotonic 1 true 2>/dev/null || skip_all "no time namespaces (unshare --time, Linux 5.6)"
cd "$T"
up=$(cut -d. -f1 /proc/uptime)

cat >clock.sh <<'EOS'
# $1: a directory for this run; runs inside the time namespace
cd "$1" || exit 1
ms() { echo $(( $(date +%s%N) / 1000000 )); }
running() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat"; }
waitfor() { i=0; until eval "$1"; do sleep 0.02; i=$((i+1)); [ $i -lt 1500 ] || return 1; done; }
# the throttle: ./run exits at once, count starts over 3 s
mkdir t; printf '#!/bin/sh\necho >>count\n' >t/run; chmod +x t/run
runsv t & p=$!
waitfor '[ -s t/count ]'; sleep 3
echo "$(wc -l <t/count)" >starts
printf dx >t/supervise/control; wait $p
# sv -w 2 start on a service whose ./check always fails
mkdir c; printf '#!/bin/sh\nexec sleep 1000\n' >c/run; printf '#!/bin/sh\nexit 1\n' >c/check
touch c/down; chmod +x c/run c/check
runsv c & p=$!
waitfor '[ -p c/supervise/control ] && [ -e c/supervise/status ]'
t0=$(ms); sv -w 2 start "$PWD/c" >/dev/null; echo "$? $(( $(ms) - t0 ))" >svwait
sv -w 5 exit "$PWD/c" >/dev/null; wait $p
# adoption after a SIGKILL of runsv
mkdir a; printf '#!/bin/sh\nexec chpst -b %s sleep 1000\n' "$TOK" >a/run; chmod +x a/run
runsv a & p=$!
waitfor '[ -n "$(grep -lsxzF "$TOK" /proc/[0-9]*/cmdline | grep -v self)" ]'
sleep 1.2; kill -KILL $p; wait $p
runsv a & p=$!
waitfor '[ -e a/supervise/stat ] && grep -q "^run" a/supervise/stat'
sleep 1
echo "$TOK" >pat
grep -lsxzFf pat /proc/[0-9]*/cmdline | wc -l >copies
sv -w 5 exit "$PWD/a" >/dev/null; wait $p
for q in $(grep -lsxzFf pat /proc/[0-9]*/cmdline | sed 's|/proc/\([0-9]*\)/.*|\1|'); do kill -KILL $q; done
EOS

for case in ahead:1000000000 zero:$((60 - up)); do
  name=${case%%:*} off=${case#*:}
  mkdir "$name"
  TOK=w-${T##*/}-$name timeout 120 unshare --time --fork --monotonic "$off" --boottime "$off" \
    sh clock.sh "$T/$name" 2>"$name.err"
  figure "$name (offset $off s): $(cat $name/starts 2>/dev/null) starts in 3 s; sv -w 2 start: exit and ms $(cat $name/svwait 2>/dev/null); copies after a runsv SIGKILL: $(cat $name/copies 2>/dev/null)"
  s=$(cat "$name/starts" 2>/dev/null || echo 0)
  ok "$name: the throttle holds (starts in 3 s: $s)" test "$s" -ge 2 -a "$s" -le 5
  set -- $(cat "$name/svwait" 2>/dev/null) x x
  ok "$name: sv -w 2 times out after its limit ($1, $2 ms)" test "$1" = 1 -a "$2" -ge 1900 -a "$2" -lt 8000
  is "$(cat "$name/copies" 2>/dev/null)" 1 "$name: one copy after runsv's SIGKILL"
done
finish
