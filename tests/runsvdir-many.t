#!/bin/sh
# 2,000 services (more than runit's cap of 1000) under one runsvdir, each
# with ./down so only the supervisors run: every supervise/ok appears, and
# removing them all stops every runsv.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsvdir-lib.sh"
use_real_runsv
N=2000
# each runsv holds a handful of fds and one process: make room
ulimit -n 8192 2>/dev/null || true
# (dash calls the process limit -p, bash -u)
{ ulimit -u 65536 || ulimit -p 65536; } 2>/dev/null || true
lim=$(sed -n "s/^Max processes *\([a-z0-9]*\).*/\1/p" /proc/self/limits)
[ "$lim" = unlimited ] || [ "$lim" -ge $((N + 500)) ] || skip_all "ulimit -u $lim is below $N processes"

S=$T/sv
i=0
while [ $i -lt $N ]; do
  d=$T/src/s$i
  mkdir -p "$d"
  printf '#!/bin/sh\nexec sleep 3600\n' >"$d/run"; chmod +x "$d/run"
  : >"$d/down"
  i=$((i + 1))
done
mv "$T/src"/* "$S"/
start_runsvdir "$S"
count_ok() { _k=0; for _f in "$S"/*/supervise/ok; do [ -p "$_f" ] && _k=$((_k + 1)); done; [ $_k -ge $N ]; }
ok "all $N supervise/ok exist" wait_until 120 count_ok
kids=$(children "$RD" | wc -l)
is "$kids" $N "$N runsv children, no cap"
ok "no warnings" [ ! -s "$T/rd.err" ]
set -- $(cut -d' ' -f14,15 /proc/"$RD"/stat); t0=$(($1 + $2))
sleep 3
set -- $(cut -d' ' -f14,15 /proc/"$RD"/stat); t1=$(($1 + $2))
ok "idle with $N services: $((t1 - t0)) ticks in 3 s" [ $((t1 - t0)) -lt 30 ]
nfd=$(ls /proc/"$RD"/fd | wc -l)
ok "runsvdir holds few fds ($nfd)" [ "$nfd" -lt 12 ]

# remove them all: every runsv gets SIGTERM and is reaped
mkdir -p "$T/away"
mv "$S"/* "$T/away"/
gone() { [ -z "$(children "$RD")" ]; }
ok "all runsvs gone after removal" wait_until 120 gone
zombies=$(for s in /proc/[0-9]*/stat; do { read -r l <"$s"; } 2>/dev/null || continue
  r=${l##*) }; set -- $r; [ "$1" = Z ] && [ "$2" = "$RD" ] && echo z; done | wc -l)
is "$zombies" 0 "no zombies left"
stop_runsvdir
finish
