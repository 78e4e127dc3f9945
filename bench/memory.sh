#!/bin/sh
# Memory: binary sizes of our programs beside Debian's runit 2.1.2, and the
# resident memory of an idle supervisor watching a sleeping service: our
# runsv and Debian's (each with a log service), s6-supervise and
# daemontools' supervise (service only, since they take the log from their
# scanner), and as the floor a static dietlibc program that only pauses.
# Each is started RUNS times (20) at once, each on its own directory, and
# read after 1.5 s from /proc/PID/smaps_rollup: median and range of RSS,
# of Anonymous (the pages each copy has to itself: data, bss, stack) and
# PSS (shared pages divided among the RUNS copies).  Our runsv is also
# read per mapping (/proc/PID/smaps), and again after `sv restart` (its
# service exited and started again: the loop's whole path has run).
#   usage: bench/memory.sh        (builds first if needed; RUNS=N)
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
RUNS=${RUNS:-20}
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

# awk program for sorted numbers: a[], and m, their median (the mean of
# the middle two for an even count)
MEDIAN='{ a[NR] = $1 } END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'

# the three columns, "median (min-max)" each, of lines "rss anon pss"
summary() {
  for c in 1 2 3; do
    awk -v c="$c" '{ print $c }' "$1" | sort -n |
      awk "$MEDIAN"' END { if (NR) printf "%5s (%s-%s)", m, a[1], a[NR] }'
    printf '  '
  done
}

# rss_of PID: "rss anon pss" in kB
rss_of() {
  awk '/^Rss:/ { r = $2 } /^Anonymous:/ { a = $2 } /^Pss:/ { p = $2 }
       END { print r, a, p }' "/proc/$1/smaps_rollup"
}

# map_of PID BIN: resident kB per kind of mapping, "code data stack heap vdso other"
map_of() {
  awk -v bin="$2" '
    /^[0-9a-f]+-[0-9a-f]+ / { n = $6; k = "other"
      if (n ~ "/" bin "$") k = ($2 ~ /x/) ? "code" : "data"
      else if (n == "[stack]") k = "stack"
      else if (n == "[heap]") k = "heap"
      else if (n ~ /^\[(vdso|vvar)/) k = "vdso" }
    /^Rss:/ { r[k] += $2 }
    END { print r["code"] + 0, r["data"] + 0, r["stack"] + 0, r["heap"] + 0, r["vdso"] + 0, r["other"] + 0 }' \
    "/proc/$1/smaps"
}

# measure NAME LOG CMD...: RUNS copies of CMD <dir> at once; prints the line
# of the table, leaves $tmp/NAME.pids (the supervisors) and $tmp/NAME.dirs
measure() {
  name=$1 log=$2; shift 2
  : >"$tmp/$name.m"; : >"$tmp/$name.pids"; : >"$tmp/$name.dirs"
  i=0
  while [ $i -lt "$RUNS" ]; do
    i=$((i + 1))
    dir=$tmp/$name.$i
    mksvc "$dir" "$log"
    env -i PATH=/usr/bin:/bin ${LDLP:+LD_LIBRARY_PATH=$LDLP} "$@" "$dir" >/dev/null 2>&1 &
    pids="$pids $!"
    echo "$!" >>"$tmp/$name.pids"; echo "$dir" >>"$tmp/$name.dirs"
  done
  sleep 1.5
  for p in $(cat "$tmp/$name.pids"); do
    [ -r "/proc/$p/smaps_rollup" ] && rss_of "$p" >>"$tmp/$name.m"
  done
  printf '%-24s %2s  %s\n' "$name" "$(wc -l <"$tmp/$name.m")" "$(summary "$tmp/$name.m")"
}

# stop NAME: TERM to each supervisor of the series, and wait for it; then
# TERM to what it left running (daemontools' supervise leaves its service)
stop() {
  kids=
  for p in $(cat "$tmp/$1.pids"); do
    kids="$kids $(ps -o pid= --ppid "$p" 2>/dev/null)"
    kill -TERM "$p" 2>/dev/null
  done
  for p in $(cat "$tmp/$1.pids"); do
    n=0; while [ -d "/proc/$p" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
  done
  for k in $kids; do kill -TERM "$k" 2>/dev/null; done
}

echo
echo "== idle supervisor memory (kB), $RUNS copies each, after 1.5 s; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-24s %2s  %-16s  %-16s  %-16s\n' supervisor n 'RSS median (range)' Anonymous PSS
measure ours-runsv+log log command/runsv
{
  for p in $(cat "$tmp/ours-runsv+log.pids"); do
    [ -r "/proc/$p/smaps" ] && map_of "$p" runsv
  done
} >"$tmp/ours.map"
svs=
for d in $(cat "$tmp/ours-runsv+log.dirs"); do
  command/sv restart "$d" >/dev/null 2>&1 & svs="$svs $!"
done
for p in $svs; do wait "$p"; done
sleep 0.5
: >"$tmp/ours-restarted.m"
for p in $(cat "$tmp/ours-runsv+log.pids"); do
  [ -r "/proc/$p/smaps_rollup" ] && rss_of "$p" >>"$tmp/ours-restarted.m"
done
printf '%-24s %2s  %s\n' "  after sv restart" "$(wc -l <"$tmp/ours-restarted.m")" "$(summary "$tmp/ours-restarted.m")"
stop ours-runsv+log
[ -n "$ref" ] && { measure debian-runsv+log log "$ref/usr/bin/runsv"; stop debian-runsv+log; }
measure ours-runsv nolog command/runsv; stop ours-runsv
[ -n "$ref" ] && { measure debian-runsv nolog "$ref/usr/bin/runsv"; stop debian-runsv; }
if [ -x "$peers/s6/usr/bin/s6-supervise" ]; then
  LDLP=$top/$peers/libskarnet2.13/usr/lib/x86_64-linux-gnu
  measure s6-supervise nolog "$peers/s6/usr/bin/s6-supervise"; stop s6-supervise
  LDLP=
fi
[ -x "$peers/daemontools/usr/bin/supervise" ] &&
  { measure daemontools-supervise nolog "$peers/daemontools/usr/bin/supervise"; stop daemontools-supervise; }
# the floor: a static dietlibc program that does nothing, linked as the
# Makefile links ours (the directory argument is ignored)
if command -v diet >/dev/null; then
  printf '#include <unistd.h>\nint main(void) { for (;;) pause(); }\n' >"$tmp/pause.c"
  diet -Os cc -static -Wl,-z,noseparate-code,-z,norelro,--build-id=none -s \
    -o "$tmp/pause" "$tmp/pause.c" 2>/dev/null &&
    { measure floor:dietlibc-pause none "$tmp/pause"; stop floor:dietlibc-pause; }
fi

# how often each RSS came up
dist() {
  printf '%-24s' "$1 RSS:"
  awk '{ print $1 }' "$tmp/$1.m" | sort -n | uniq -c | awk '{ printf " %s kB x%s", $2, $1 }'
  echo
}
echo
dist ours-runsv+log
[ -s "$tmp/floor:dietlibc-pause.m" ] && dist floor:dietlibc-pause

echo
echo "== our runsv+log per mapping (kB, median (range) of $(wc -l <"$tmp/ours.map"))"
for c in 1 2 3 4 5 6; do
  set -- code data+bss stack heap vdso/vvar other
  eval "k=\${$c}"
  printf '%-10s %s\n' "$k" "$(awk -v c="$c" '{ print $c }' "$tmp/ours.map" | sort -n |
    awk "$MEDIAN"' END { if (NR) printf "%s (%s-%s)", m, a[1], a[NR] }')"
done

# the split src/runsv.ld makes: what stays mapped after start-up (headers,
# the loop's code, rodata) and what is released
sect() {  # NAME: "address offset size" of section NAME of command/runsv, in hex
  readelf -SW command/runsv 2>/dev/null | sed 's/^ *\[ *[0-9]*\]//' |
    awk -v n="$1" '$1 == n { print $3, $4, $5 }'
}
if command -v readelf >/dev/null && [ -n "$(sect .text.cold)" ]; then
  set -- $(sect .text) $(sect .text.cold)
  kept=$((0x$4 - (0x$1 - 0x$2)))
  printf 'runsv: %d bytes from the headers to the cold code (%d pages kept mapped), %d bytes cold\n' \
    "$kept" $(( (kept + 4095) / 4096 )) $((0x$6))
fi

med() { awk '{ print $1 }' "$tmp/$1.m" 2>/dev/null | sort -n | awk "$MEDIAN"' END { if (NR) print m }'; }
o=$(med ours-runsv+log); d=$(med debian-runsv+log)
r=$(ratio "$d" "$o")
[ -n "$r" ] && echo "Debian's runsv uses ${r}x the RSS of ours (with log, medians; goal: ours <= 20 kB)"
