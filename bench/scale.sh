#!/bin/bash
# Scale: N service dirs with ./down (only supervisors run) under one
# runsvdir.  Ours on N=10000 (default), Debian's runit 2.1.2 on 1000 (its
# cap) in the same run, both with the same runsv.  Reports: time until every
# supervise/ok exists and runsvdir's CPU until then (the wall time depends
# on the machine's load, the CPU much less), runsvdir's CPU over 20 idle
# seconds, total memory of
# all supervisors (sum of RSS and of PSS), and the time of one `sv status`
# and of one `sv -o json status` (our sv, both sides) over all of them.  Every process started is stopped by pid at the end.
#   bench/scale.sh            N=10000 NREF=1000 IDLE=20
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/bench/lib.sh"
N=${N:-10000} NREF=${NREF:-1000} IDLE=${IDLE:-20}
ulimit -n 65536 2>/dev/null; ulimit -u unlimited 2>/dev/null || ulimit -u 200000 2>/dev/null
W=$(mktemp -d /tmp/bench-scale.XXXXXX)
rd=
children() { local s l r; for s in /proc/[0-9]*/stat; do { read -r l <"$s"; } 2>/dev/null || continue
  r=${l##*) }; set -- $r; [ "$2" = "$PARENT" ] && { s=${s#/proc/}; echo "${s%/stat}"; }; done; }
stop() {
  [ -n "$rd" ] || return 0
  local kids; PARENT=$rd; kids=$(children)
  kill -HUP "$rd" 2>/dev/null; wait "$rd" 2>/dev/null     # runsvdir TERMs every runsv
  for i in $(seq 1 100); do
    local left=0; for k in $kids; do kill -0 "$k" 2>/dev/null && left=1 && break; done
    [ $left = 0 ] && break; sleep 0.1
  done
  for k in $kids; do kill -KILL "$k" 2>/dev/null; done
  for k in $kids; do    # gone before the caller removes their directories
    for i in $(seq 1 50); do kill -0 "$k" 2>/dev/null || break; sleep 0.1; done
  done
  rd=
}
trap 'stop; rm -rf "$W"' EXIT
trap 'exit 1' HUP INT TERM PIPE   # e.g. piped into head: still clean up
mkdir -p "$W/bin"; ln -s "$RUNSV" "$W/bin/runsv"
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# run TAG RUNSVDIR COUNT: prints "ok_ms cpu_ticks rss_kb pss_kb status_ms
# good_count warnings start_ticks json_ms json_good"
run() {
  local tag=$1 prog=$2 n=$3 i d t0 t1 c0 c1 cs rss=0 pss=0 k v
  mkdir -p "$W/$tag/src" "$W/$tag/sv"
  for i in $(seq 1 "$n"); do
    d=$W/$tag/src/s$i; mkdir "$d"
    printf '#!/bin/sh\nexec sleep 3600\n' >"$d/run"; chmod +x "$d/run"; : >"$d/down"
  done
  mv "$W/$tag/src"/* "$W/$tag/sv"/
  t0=$(ms)
  PATH=$W/bin:$PATH "$prog" "$W/$tag/sv" >/dev/null 2>"$W/$tag.err" &
  rd=$!
  while :; do
    c=0; for f in "$W/$tag/sv"/*/supervise/ok; do [ -p "$f" ] && c=$((c + 1)); done
    [ $c -ge "$n" ] && break
    [ $(( $(ms) - t0 )) -gt 600000 ] && { echo "$tag: timeout ($c of $n)" >&2; break; }
    sleep 0.05
  done
  t1=$(ms)
  set -- $(cut -d' ' -f14,15 /proc/$rd/stat); cs=$(($1 + $2))
  sleep 2
  set -- $(cut -d' ' -f14,15 /proc/$rd/stat); c0=$(($1 + $2))
  sleep "$IDLE"
  set -- $(cut -d' ' -f14,15 /proc/$rd/stat); c1=$(($1 + $2))
  PARENT=$rd
  for k in $(children); do
    while read -r key v _; do
      case $key in Rss:) rss=$((rss + v));; Pss:) pss=$((pss + v));; esac
    done <"/proc/$k/smaps_rollup"
  done 2>/dev/null
  local s0 s1
  s0=$(ms); "$SV" status "$W/$tag/sv"/* >"$W/$tag.status" 2>&1; s1=$(ms)
  local good; good=$(grep -c '^down: ' "$W/$tag.status")
  local j0 j1 jgood
  j0=$(ms); "$SV" -o json status "$W/$tag/sv"/* >"$W/$tag.json" 2>&1; j1=$(ms)
  jgood=$(grep -c '^{"name":.*"state":"down",' "$W/$tag.json")
  echo "$((t1 - t0)) $((c1 - c0)) $rss $pss $((s1 - s0)) $good $(wc -l <"$W/$tag.err") $cs $((j1 - j0)) $jgood"
  stop
}
hz=$(getconf CLK_TCK)
echo "runsv: $RUNSV"; echo "sv:    $SV"
read -r o_ok o_cpu o_rss o_pss o_st o_good o_err o_cs o_js o_jgood < <(run ours "$B/runsvdir" "$N")
read -r r_ok r_cpu r_rss r_pss r_st r_good r_err r_cs r_js r_jgood < <(run runit "$REF/usr/bin/runsvdir" "$NREF")
printf '%-34s %14s %14s %10s\n' "" "ours N=$N" "runit N=$NREF" "per svc ratio"
row() { awk -v l="$1" -v a="$2" -v b="$3" -v u="$4" -v na="$N" -v nb="$NREF" 'BEGIN {
  r = (a > 0 && nb > 0) ? (b / nb) / (a / na) : 0
  printf "%-34s %11s %-2s %11s %-2s %9.2fx\n", l, a, u, b, u, r }'; }
row "time until every supervise/ok" "$o_ok" "$r_ok" ms
row "runsvdir CPU until then" "$o_cs" "$r_cs" tk
printf '%-34s %11s %-2s %11s %-2s\n' "runsvdir CPU over ${IDLE}s idle" "$o_cpu" tk "$r_cpu" tk
echo "  (ticks of 1/$hz s; $o_cpu ticks = $(awk -v t="$o_cpu" -v h="$hz" -v s="$IDLE" 'BEGIN{printf "%.2f%%", 100*t/h/s}') of a CPU)"
row "supervisors' total RSS" "$o_rss" "$r_rss" kB
row "supervisors' total PSS" "$o_pss" "$r_pss" kB
row "sv status over all" "$o_st" "$r_st" ms
row "sv -o json status over all" "$o_js" "$r_js" ms
printf '%-34s %11s %14s\n' "services reported down by sv" "$o_good/$N" "$r_good/$NREF"
printf '%-34s %11s %14s\n' "... by sv -o json" "$o_jgood/$N" "$r_jgood/$NREF"
printf '%-34s %11s %14s\n' "runsvdir warnings" "$o_err" "$r_err"
