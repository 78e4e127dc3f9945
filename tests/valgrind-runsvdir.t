#!/bin/sh
# runsvdir under valgrind (memcheck, descriptors tracked): services added,
# removed, renamed and replaced for a while, a runsv killed (restarted),
# the log argument given (valgrind hides the rewritten argv from ps, so
# it is not checked here); SIGHUP at the end
# (every runsv gets SIGTERM, runsvdir exits 111).  Zero errors, no more
# descriptors open at the end than at the start.  runsvdir is built with
# cc for valgrind (tests/valgrind.sh); the runsv it starts are ours.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/valgrind.sh"
[ -x "$B/runsv" ] || skip_all "runsv not built yet"
vg_build runsvdir
cd "$T"
mkdir S
mksvc() { mkdir "S/$1" && printf '#!/bin/sh\necho "%s says hello" >&2\nexec sleep 1000\n' "$1" >"S/$1/run" &&
          chmod 755 "S/$1/run"; }
up() { [ "$(od -An -tu1 -j19 -N1 "S/$1/supervise/status" 2>/dev/null | tr -d ' ')" = 1 ]; }
mksvc a; mksvc b
spawn $VG "$VGB/runsvdir" "$T/S" "log: ........................................................"; rd=$!
# However the test ends: lib.sh's SIGTERM to runsvdir leaves its runsv's
# running, and they hold prove's pipe (prove then waits for ever).  End
# every runsv and service this test started, found by their directory.
stop_all() {
  kill -HUP "$rd" 2>/dev/null
  for d in /proc/[0-9]*; do
    case $(readlink "$d/cwd" 2>/dev/null) in "$T"/S/*) kill -TERM "${d#/proc/}" 2>/dev/null;; esac
  done
}
trap 'stop_all; _cleanup' EXIT
cat >up.sh <<'EOF2'
up() { [ "$(od -An -tu1 -j19 -N1 "S/$1/supervise/status" 2>/dev/null | tr -d ' ')" = 1 ]; }
EOF2
ok "runsvdir starts the services under valgrind" wait_until 60 sh -c '. ./up.sh; up a && up b'
fds1=$(ls /proc/$rd/fd | wc -l)
i=0
while [ $i -lt 6 ]; do
  mksvc n$i
  [ $i -ge 2 ] && rm -rf "S/n$((i - 2))"
  [ $i = 3 ] && mv S/b S/b2
  if [ $i = 4 ]; then
    # a's runsv killed: runsvdir starts another, which stops the ./run
    # the dead one left running (runsv.8, "An earlier runsv")
    orphan=$(cat S/a/supervise/pid)
    for d in /proc/[0-9]*; do
      [ "$(readlink $d/cwd)" = "$T/S/a" ] && [ "$(awk '{print $4}' $d/stat)" = $rd ] &&
        kill -KILL ${d#/proc/}
    done
  fi
  sleep 1
  i=$((i + 1))
done
ok "the last new services run" wait_until 60 sh -c '. ./up.sh; up n4 && up n5'
ok "every runsv is there again" wait_until 60 sh -c \
  '[ "$(for s in /proc/[0-9]*/stat; do awk -v p='"$rd"' '"'"'$4 == p'"'"' $s 2>/dev/null; done | wc -l)" = 4 ]'
is "$(ls /proc/$rd/fd | wc -l)" "$fds1" "as many descriptors open as at the start"
kill -HUP $rd
ok "SIGHUP: runsvdir exits" wait_until 60 sh -c "! kill -0 $rd 2>/dev/null"
wait $rd; rc=$?
is "$rc" 111 "exit 111, as runit's (99: valgrind found errors)"
is "$(vg_errors)" 0 "valgrind: no errors" || vg_summary
ok "valgrind's summary was written" grep -q 'FILE DESCRIPTORS' "$T"/vg.$rd.log
ok "the ./run left by the killed runsv was stopped" wait_until 30 sh -c "! kill -0 $orphan 2>/dev/null"
ok "every runsv and service stopped" wait_until 30 sh -c \
  'for d in /proc/[0-9]*; do case $(readlink $d/cwd 2>/dev/null) in '"$T"'/S/*) exit 1;; esac; done; exit 0'
finish
