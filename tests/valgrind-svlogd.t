#!/bin/sh
# svlogd under valgrind (memcheck, descriptors tracked) over a long-ish
# run: thousands of lines, rotations by size and by SIGALRM, a processor
# (run for every rotation), SIGHUP re-reading the config, patterns, copies
# on standard error, UDP, and the end of input.  Zero errors, and at exit
# no descriptor but svlogd's own three (working directory, self-pipe): no
# log file, lock, processor file or socket left open.  svlogd is built
# for valgrind with cc (see tests/valgrind.sh for why).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/valgrind.sh"
vg_build svlogd
cd "$T"
mkdir d e
printf 's3000\nn4\n!cat\npPFX:\n-*drop*\ne*err*\nu127.0.0.1:9\n' >d/config
printf 's5000\nn0\n' >e/config
mkfifo f
spawn sh -c 'exec $0 "$@" <f 2>stderr' $VG "$VGB/svlogd" -tt d e; pid=$!
exec 3>f
# valgrind takes a while to start: signals before svlogd's handlers kill it
wait_until 60 sh -c 'test -e d/current && test -e e/current' ||
  echo "# svlogd did not open its directories"
fds() { ls /proc/$pid/fd 2>/dev/null | wc -l; }
# a processor running holds descriptors of its own in svlogd: count them
# only while none runs
idle() { wait_until 60 sh -c "[ -z \"\$(cat /proc/$pid/task/*/children 2>/dev/null)\" ]"; }
i=0
while [ $i -lt 8 ]; do
  seq 1 300 | sed "s/^/batch $i line /" >&3
  echo "an err line $i" >&3
  echo "drop this $i" >&3
  case $i in
    2|5) kill -ALRM $pid ;;
    3|6) kill -HUP $pid ;;
  esac
  sleep 0.3
  kill -0 $pid 2>/dev/null || { vg_summary; break; }
  i=$((i + 1))
  # the first batch read and written (a rotation it causes has forked
  # its processor by then), and no processor running: count
  [ $i = 1 ] && wait_until 60 sh -c '[ "$(cat e/@* e/current 2>/dev/null | grep -c "^[^ ]* batch 0 ")" = 300 ]' &&
    idle && fds1=$(fds)
done
# every line read and written before counting again
wait_until 60 sh -c '[ "$(cat e/@* e/current 2>/dev/null | grep -c batch)" = 2400 ]'
idle
ok "files rotated in both directories" \
  sh -c '[ "$(ls d | grep -c "^@")" -ge 2 ] && [ "$(ls e | grep -c "^@")" -ge 2 ]'
is "$(fds)" "$fds1" "as many descriptors open after the run as after the start"
exec 3>&-
ok "svlogd ends at end of input" wait_until 120 sh -c "! kill -0 $pid 2>/dev/null"
wait $pid; rc=$?
is "$rc" 0 "exit 0 under valgrind (99: valgrind found errors)"
is "$(vg_errors)" 0 "valgrind: no errors" || vg_summary
own=$(vg_own_fds | awk '{print $2}' | sort | tr '\n' ',')
is "$own" ",,.," "at exit only the self-pipe and the working directory are open" || vg_summary
grep -v "err line" stderr | sed 's/^/# /'
is "$(grep -c "err line" stderr)" 8 "error lines copied to standard error"
is "$(cat d/@* d/current | grep -c 'drop this')" 0 "-*drop* deselected lines"
is "$(cat e/@* e/current | grep -c 'batch')" 2400 "every line in the second directory"
finish
