#!/bin/sh
# runit and runsvdir as a container's process 1 under runc, against tini
# and dumb-init, in the same run; median of N.
#
#   bench/container.sh [N]   (root, runc, static busybox; default N=5)
#
# Rows: runit (etc/container stages) and runsvdir -P supervising 10
# services; tini and dumb-init running one (they supervise nothing).
# Columns, wall time in ms from the host's clock:
#   ready  from just before "runc run" until the first service has started
#          (its run script has created a file the host polls for, every
#          2 ms); includes runc's own container set-up, the same for all
#   stop   from "runc kill TERM" until "runc run" has returned (every
#          service stopped, the container gone)
#   rss    process 1's resident set (VmRSS, kB) while the services run
# The bundles are tests/container-lib.sh's.
. "$(dirname "$0")/../tests/lib.sh"
. "$(dirname "$0")/../tests/runit-root.sh"
. "$(dirname "$0")/../tests/container-lib.sh"
N=${1:-5}
ctr_require
trap 'ctr_cleanup; _cleanup' EXIT
TINI=$(command -v tini-static 2>/dev/null)
DUMBINIT=$(command -v dumb-init 2>/dev/null)

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

setup() { # KIND
  _d=$T/$1
  bundle "$_d" "$1" >/dev/null || exit 1
  rm -rf "$_d/rootfs/etc/service"/*
  for i in 0 1 2 3 4 5 6 7 8 9; do
    case $1 in tini|dumb-init) [ $i = 0 ] || break ;; esac
    mkdir -p "$_d/rootfs/etc/service/s$i"
    printf '#!/bin/sh\n[ %s = 0 ] && : >/tmp/ready\nexec sleep 1000\n' $i \
      >"$_d/rootfs/etc/service/s$i/run"
    chmod 755 "$_d/rootfs/etc/service/s$i/run"
  done
  case $1 in
    tini) cfg "$_d" "c['process']['args'] = ['/sbin/tini', '--', '/etc/service/s0/run']" ;;
    dumb-init) cfg "$_d" "c['process']['args'] = ['/sbin/dumb-init', '/etc/service/s0/run']" ;;
  esac
}

run_once() { # KIND: prints "ready stop rss"
  _d=$T/$1
  rm -f "$_d/rootfs/tmp/ready"
  runc --root "$CTR_STATE" delete -f "$1" >/dev/null 2>&1
  t0=$(now_ms)
  ctr_start "$_d"
  while [ ! -e "$_d/rootfs/tmp/ready" ]; do sleep 0.002; done
  t1=$(now_ms)
  ctr_running "$_d"
  case $1 in runit|runsvdir) wait_until 60 ctr_exec "$_d" 'sv check /etc/service/* >/dev/null' ;; esac
  pid=$(runc --root "$CTR_STATE" state "$1" | sed -n 's/.*"pid": \([0-9]*\).*/\1/p')
  rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status")
  t2=$(now_ms)
  ctr_kill TERM "$_d"
  while [ ! -s "$_d.rc" ]; do sleep 0.002; done
  t3=$(now_ms)
  echo "$((t1 - t0)) $((t3 - t2)) $rss $(cat "$_d.rc")"
}

printf '%-10s %8s %8s %8s %6s %s\n' "pid 1" services "ready" "stop" "rss" "exit"
for k in runit runsvdir tini dumb-init; do
  case $k in
    tini) [ -n "$TINI" ] || { echo "tini: no tini-static"; continue; } ;;
    dumb-init) [ -n "$DUMBINIT" ] || { echo "dumb-init: not installed"; continue; } ;;
  esac
  setup $k
  : >"$T/$k.runs"
  i=0
  while [ $i -lt "$N" ]; do run_once $k >>"$T/$k.runs"; i=$((i + 1)); done
  case $k in tini|dumb-init) n=1 ;; *) n=10 ;; esac
  printf '%-10s %8s %6s ms %5s ms %6s %s\n' $k $n \
    "$(cut -d' ' -f1 "$T/$k.runs" | median)" "$(cut -d' ' -f2 "$T/$k.runs" | median)" \
    "$(cut -d' ' -f3 "$T/$k.runs" | median)" "$(cut -d' ' -f4 "$T/$k.runs" | sort -u | tr '\n' ' ')"
done
