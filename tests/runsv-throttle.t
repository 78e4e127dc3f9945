#!/bin/sh
# The one-second restart throttle is a deadline, not a sleep: starts of
# ./run stay at least a second apart, and control letters are answered
# while runsv waits.  A failed fork is retried the same way.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od

ms() { echo $(( $(date +%s%N) / 1000000 )); }

# a ./run that exits at once: starts at most once per second
S=$T/crash
mksvc "$S" 'date +%s%N >>starts; exit 1'
runsv_start "$S"
RCRASH=$RSV
ok "crash loop: several starts" wait_until 20 sh -c "[ \$(wc -l <$S/starts) -ge 4 ]"
gaps=$(awk 'NR > 1 { printf "%d ", ($1 - prev) / 1000000 } { prev = $1 }' "$S/starts")
ok "starts are >= 1 s apart (ms: $gaps)" \
  sh -c "for g in $gaps; do [ \$g -ge 950 ] || exit 1; done"

# letters are answered during the throttle, well before the restart: p is
# seen while the service is still down (runit answered only after its
# blocking one-second sleep, when the restart followed at once)
answered=0
for try in 1 2 3 4 5; do
  stat_is "$S" down || continue
  t0=$(ms)
  ctl "$S" p
  wait_until 5 sh -c "od -An -tu1 -j16 -N1 $S/supervise/status | grep -q 1"
  t1=$(ms)
  st=$(cat "$S/supervise/stat")
  ctl "$S" c
  if [ "$st" = "down, paused" ] && [ $((t1 - t0)) -lt 700 ]; then answered=1; break; fi
  echo "# try $try: '$st' after $((t1 - t0)) ms"
done
is "$answered" 1 "p answered while down in the throttle"

# u and o during the throttle: the start waits for the deadline
S=$T/once
mksvc "$S" 'date +%s%N >>starts; exit 0'
touch "$S/down"
runsv_start "$S"
ctl "$S" o
ok "o: started once" wait_until 10 test -s "$S/starts"
ok "o: back down" stat_is "$S" down
ctl "$S" o
ok "second o: started again" wait_until 10 sh -c "[ \$(wc -l <$S/starts) -ge 2 ]"
ctl "$S" u
ok "u: started again" wait_until 10 sh -c "[ \$(wc -l <$S/starts) -ge 3 ]"
ctl "$S" d
gaps=$(awk 'NR > 1 { printf "%d ", ($1 - prev) / 1000000 } { prev = $1 }' "$S/starts")
ok "o, o, u: starts >= 1 s apart (ms: $gaps)" \
  sh -c "for g in $gaps; do [ \$g -ge 950 ] || exit 1; done"

# x during the throttle ends runsv at once
S=$T/crash
ok "crash loop is down for a moment" stat_is "$S" down
ctl "$S" x
ok "x during the throttle: runsv exits" wait_gone "$RCRASH" 5
ctl "$T/once" x

# fork failure: warning every 5 s, letters still served (runit blocked
# in its retry loop, deaf even to SIGTERM)
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null &&
   command -v bash >/dev/null; then
  mkdir -p "$T/nf"; chmod 755 "$T" "$T/nf"
  S=$T/nf/s
  mksvc "$S"
  chown -R nobody "$T/nf"
  # nobody may run just one more process: runsv itself
  n=$(( $(ps -u nobody --no-headers | wc -l) + 1 ))
  spawn setpriv --reuid=nobody --regid=nogroup --clear-groups bash -c \
    'ulimit -u "$1"; exec "$2" "$3"' - "$n" "$RUNSV" "$S" 2>"$T/nf.err"
  RSV=$!
  ok "fork failure: warning" wait_until 10 grep -q "unable to fork, sleeping: temporary failure" "$T/nf.err"
  is "$(head -n 1 "$T/nf.err")" "runsv $S: warning: unable to fork, sleeping: temporary failure" \
    "fork failure: message"
  ok "status written: down, want up" stat_is "$S" down
  ctl "$S" d
  ok "d answered during the fork retry" wait_until 4 sh -c "od -An -c -j17 -N1 $S/supervise/status | grep -q d"
  ctl "$S" u
  kill -TERM "$RSV"
  ok "SIGTERM answered during the fork retry" wait_gone "$RSV" 4
else
  skip "fork failure" "needs root, nobody, setpriv and bash"
fi

finish
