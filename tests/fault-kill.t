#!/bin/sh
# Faults: SIGKILL storms while services start, stop and log.
#  1. runsv: FAULT_KILLS (40) SIGKILLs of a random runsv under runsvdir,
#     between random up, down, restart, once and term: afterwards every
#     service runs exactly once and sv status names that copy;
#  2. runsvdir: FAULT_KILLS/2 SIGKILLs of runsvdir, restarted at once:
#     one runsv and one copy per service;
#  3. svlogd: killed every 0.3 s under runsv while ./run writes 30,000
#     lines: no accepted line lost or torn (duplicates are counted);
#  4. runsv with a log: killed 10 times while ./run writes, restarted:
#     one writer, one logger, no accepted line lost, none duplicated.
# The figures (copies seen, lines lost, duplicated, torn) are printed as
# "# figure:" lines; bench/faults.sh runs the same against Debian's runit.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fault-lib.sh"
require pgrep
for p in runsv runsvdir svlogd sv chpst; do [ -x "$FB/$p" ] || skip_all "$FB/$p not built yet"; done
K=${FAULT_KILLS:-40}
tag=w-${T##*/}
cd "$T"

# ---- 1 and 2: runsv and runsvdir storms ----
mkdir sv
for s in a b c d; do
  mkdir "sv/$s"
  printf '#!/bin/sh\nexec chpst -b %s sleep 1000\n' "$tag-$s" >"sv/$s/run"
  chmod +x "sv/$s/run"
done
spawn runsvdir "$T/sv"; rd=$!
allone() { for _s in a b c d; do [ "$(copies "$tag-$_s")" = 1 ] || return 1; done; }
ok "four services up" wait_until 60 allone

rand() { echo $(( $(od -An -tu2 -N2 /dev/urandom) % $1 )); }
maxcopies=0
sample() { for _s in a b c d; do _c=$(copies "$tag-$_s"); [ "$_c" -le "$maxcopies" ] || maxcopies=$_c; done; }
i=0 kills=0
while [ $i -lt "$K" ]; do
  s=$(echo a b c d | cut -d' ' -f$(( $(rand 4) + 1 )))
  act=$(echo up down restart once term | cut -d' ' -f$(( $(rand 5) + 1 )))
  timeout 5 sv "$act" "$T/sv/$s" >/dev/null 2>&1
  s=$(echo a b c d | cut -d' ' -f$(( $(rand 4) + 1 )))
  for p in $(runsv_of "$T/sv/$s"); do kill -KILL "$p" 2>/dev/null && kills=$((kills + 1)); done
  sample
  sleep 0.1
  i=$((i + 1))
done
# the final state asked for: every service up
settled() {
  for _s in a b c d; do
    timeout 5 sv up "$T/sv/$_s" >/dev/null 2>&1
    [ "$(copies "$tag-$_s")" = 1 ] || return 1
    [ "$(timeout 5 sv status "$T/sv/$_s" | sed -n 's/^run: [^ ]*: (pid \([0-9]*\)).*/\1/p')" = "$(pids_of "$tag-$_s")" ] || return 1
  done
}
ok "runsv storm: every service ends up running, sv status names it" wait_until 60 settled
final=$(for s in a b c d; do copies "$tag-$s"; done | tr '\n' ' ')
figure "runsv storm: $kills SIGKILLs; most copies of a service seen: $maxcopies; afterwards: $final"
is "$final" "1 1 1 1 " "runsv storm: no service duplicated"
ok "runsv storm: at most one copy at any sample" test "$maxcopies" -le 1

i=0 k2=$((K / 2))
while [ $i -lt $k2 ]; do
  kill -KILL "$rd"; wait "$rd" 2>/dev/null
  spawn runsvdir "$T/sv"; rd=$!
  sample
  sleep 0.2
  i=$((i + 1))
done
onerunsv() { for _s in a b c d; do [ "$(runsv_of "$T/sv/$_s" | wc -l)" = 1 ] || return 1; done; }
ok "runsvdir storm: one runsv per service" wait_until 60 onerunsv
ok "runsvdir storm: one copy per service" wait_until 60 settled
final=$(for s in a b c d; do copies "$tag-$s"; done | tr '\n' ' ')
figure "runsvdir storm: $k2 SIGKILLs; most copies seen: $maxcopies; afterwards: $final"
for s in a b c d; do _pids="$_pids $(runsv_of "$T/sv/$s" | tr '\n' ' ')"; done
kill -TERM "$rd"; wait "$rd" 2>/dev/null
for s in a b c d; do timeout 10 sv -w 5 exit "$T/sv/$s" >/dev/null 2>&1; done
for s in a b c d; do for p in $(pids_of "$tag-$s"); do kill -KILL "$p" 2>/dev/null; done; done

# ---- 3 and 4: svlogd and runsv killed while ./run writes ----
N=30000
mklog() { # DIR
  mkdir -p "$1/log/main"
  # a restarted ./run goes on from the last chunk written: stopped with
  # TERM (as a runsv that takes over stops it), it ends after the chunk
  # it is writing and its pos, so that every line is written once by the
  # writers and a duplicate or a loss is the supervision's (a SIGKILL
  # would make it write a chunk twice); pos is replaced by rename, never
  # left empty
  printf '#!/bin/sh\n[ -e done ] && exec chpst -b %s sleep 1000\nstop=\ntrap stop=1 TERM\ni=$(cat pos 2>/dev/null || echo 0)\nwhile [ $i -lt %d ] && [ -z "$stop" ]; do seq $((i + 1)) $((i + 200)); i=$((i + 200)); echo $i >pos.new; mv pos.new pos; sleep 0.02; done\n[ -n "$stop" ] && exit 0\n: >done\nexec chpst -b %s sleep 1000\n' \
    "$tag-${1##*/}" $N "$tag-${1##*/}" >"$1/run"
  printf '#!/bin/sh\nexec chpst -b %s svlogd main\n' "$tag-${1##*/}-log" >"$1/log/run"
  printf 's200000\nn0\n' >"$1/log/main/config"
  chmod +x "$1/run" "$1/log/run"
}
drained() { cat "$1"/log/main/@* "$1/log/main/current" 2>/dev/null | grep -qx "$N"; }

mklog "$T/l3"
spawn runsv "$T/l3"; r3=$!
k=0
while [ ! -e l3/done ]; do
  p=$(cat l3/log/supervise/pid 2>/dev/null)
  [ -n "$p" ] && [ "$p" != 0 ] && kill -KILL "$p" 2>/dev/null && k=$((k + 1))
  sleep 0.3
done
wait_until 60 drained l3   # the last line: lost lines are counted below
set -- $(lines_count $N l3/log/main/@* l3/log/main/current)
figure "svlogd storm: $k SIGKILLs; $1 of $N accepted lines lost, $2 duplicated, $3 torn"
must "svlogd storm: no accepted line lost" test "$1" = 0
is "$3" 0 "svlogd storm: no line torn"
timeout 10 sv -w 5 exit "$T/l3/log" "$T/l3" >/dev/null 2>&1

# writers DIR: the ./run shells working in DIR (the writer has no token)
writers() {
  for _p in /proc/[0-9]*; do
    [ "$(readlink "$_p/cwd" 2>/dev/null)" = "$1" ] &&
      [ "$(tr '\0' ' ' <"$_p/cmdline" 2>/dev/null)" = "/bin/sh ./run " ] && echo "${_p#/proc/}"
  done | wc -l | tr -d ' '
}
mklog "$T/l4"
spawn runsv "$T/l4"; r4=$!
k=0 most=0
while [ $k -lt 10 ] && [ ! -e l4/done ]; do
  sleep 0.5
  c=$(writers "$T/l4"); [ "$c" -le "$most" ] || most=$c
  kill -KILL "$r4"; wait "$r4" 2>/dev/null; k=$((k + 1))
  spawn runsv "$T/l4"; r4=$!
  c=$(writers "$T/l4"); [ "$c" -le "$most" ] || most=$c
done
ok "runsv storm with a log: ./run finishes" wait_until 120 test -e l4/done
wait_until 30 drained l4   # the last line: lost lines are counted below
set -- $(lines_count $N l4/log/main/@* l4/log/main/current)
figure "runsv storm with a log: $k SIGKILLs; most writers seen: $most; $1 of $N lost, $2 duplicated, $3 torn; loggers now: $(copies "$tag-l4-log")"
is "$(copies "$tag-l4") $(copies "$tag-l4-log")" "1 1" "runsv storm with a log: one writer, one logger"
must \
  "runsv storm with a log: no accepted line lost" test "$1" = 0
must "runsv storm with a log: no line duplicated" test "$2" = 0
is "$3" 0 "runsv storm with a log: no line torn"
timeout 10 sv -w 5 exit "$T/l4/log" "$T/l4" >/dev/null 2>&1
for s in l3 l3-log l4 l4-log; do for p in $(pids_of "$tag-$s"); do kill -KILL "$p" 2>/dev/null; done; done
finish
