#!/bin/sh
# Memory: binary sizes of our programs beside Debian's runit 2.1.2, and the
# resident memory (RSS and PSS from /proc/PID/smaps_rollup) of an idle
# supervisor watching a sleeping service: our runsv and Debian's (each with
# a log service), s6-supervise and daemontools' supervise (service only,
# since they take the log from their scanner).
#   usage: bench/memory.sh        (builds first if needed)
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
make -s >/dev/null || { echo "memory.sh: make failed" >&2; exit 1; }

ref=
for d in tests/.cache/runit bench/.cache/runit; do
  [ -x "$d/usr/bin/runsv" ] && { ref=$d; break; }
done
[ -n "$ref" ] || { bench/fetch-peers >/dev/null 2>&1 && ref=bench/.cache/runit; }
peers=bench/.cache
[ -d "$peers/s6" ] || bench/fetch-peers >/dev/null 2>&1

size() { [ -f "$1" ] && stat -c %s "$1"; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && [ "$2" -gt 0 ] &&
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "== binary sizes (bytes; ours static, Debian's dynamic, libc not counted)"
printf '%-12s %10s %10s %7s\n' program ours debian ratio
for f in command/*; do
  [ -x "$f" ] || continue
  p=${f#command/}
  theirs=
  for d in usr/bin usr/sbin sbin lib/runit; do
    [ -f "$ref/$d/$p" ] && theirs=$(size "$ref/$d/$p")
  done
  printf '%-12s %10s %10s %7s\n' "$p" "$(size "$f")" "${theirs:--}" "$(ratio "$(size "$f")" "$theirs")"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/runit-bench.XXXXXX")
pids=
cleanup() {
  for p in $pids; do kill -TERM "$p" 2>/dev/null; done
  sleep 0.3
  for p in $pids; do kill -KILL "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM PIPE   # the EXIT trap then stops what we started

mksvc() {
  mkdir -p "$1"
  printf '#!/bin/sh\nexec sleep 1000\n' >"$1/run"; chmod 755 "$1/run"
  if [ "$2" = log ]; then
    mkdir -p "$1/log"
    printf '#!/bin/sh\nexec cat >/dev/null\n' >"$1/log/run"; chmod 755 "$1/log/run"
  fi
}

# start NAME LOG CMD...: the supervisor runs CMD <dir>; prints its pid
measure() {
  name=$1 log=$2; shift 2
  dir=$tmp/$name
  mksvc "$dir" "$log"
  env -i PATH=/usr/bin:/bin ${LDLP:+LD_LIBRARY_PATH=$LDLP} "$@" "$dir" >/dev/null 2>&1 &
  p=$!
  pids="$pids $p"
  sleep 1.5
  if [ -r "/proc/$p/smaps_rollup" ]; then
    rss=$(awk '/^Rss:/ { print $2 }' "/proc/$p/smaps_rollup")
    pss=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup")
    printf '%-28s %8s %8s\n' "$name" "$rss" "$pss"
    eval "rss_$(echo "$name" | tr -c 'a-z0-9\n' _)=$rss"
  else
    printf '%-28s %8s\n' "$name" "not running"
  fi
}

echo
echo "== idle supervisor memory (kB), after 1.5 s"
printf '%-28s %8s %8s\n' supervisor RSS PSS
measure ours-runsv+log log command/runsv
[ -n "$ref" ] && measure debian-runsv+log log "$ref/usr/bin/runsv"
measure ours-runsv nolog command/runsv
[ -n "$ref" ] && measure debian-runsv nolog "$ref/usr/bin/runsv"
if [ -x "$peers/s6/usr/bin/s6-supervise" ]; then
  LDLP=$top/$peers/libskarnet2.13/usr/lib/x86_64-linux-gnu
  measure s6-supervise nolog "$peers/s6/usr/bin/s6-supervise"
  LDLP=
fi
[ -x "$peers/daemontools/usr/bin/supervise" ] &&
  measure daemontools-supervise nolog "$peers/daemontools/usr/bin/supervise"

r=$(ratio "${rss_debian_runsv_log:-}" "${rss_ours_runsv_log:-}")
[ -n "$r" ] && echo "Debian's runsv uses ${r}x the RSS of ours (with log; goal: ours <= 20 kB)"
