#!/bin/sh
# halt, poweroff, reboot and shutdown: runit-init linked under those names
# (halt(8), shutdown(8)).  Without -f they ask runit as init 0 / init 6 do
# (stage 3 runs, then SIGINT or SIGHUP reaches the parent); with -f they
# call reboot(2) at once (no stage 3); -f refused to non-root, and exit 111
# without CAP_SYS_BOOT; Debian's "halt -d -f -i -p -h" at the end of stage
# 3; the personalities as process 1; the options refused, and the request
# files left alone when refused.  Everything inside PID namespaces, each
# case in its own throw-away root, all at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runit-root.sh"
ns_require

links() {
  for _l in halt poweroff reboot shutdown; do ln -sf runit-init "$1/sbin/$_l"; done
}
# a root with our etc/runit scripts and a service that says when it is up
# and when it has been stopped
full() { full_root "$T/$1"; links "$T/$1"; }
# a root whose stage 2 only waits, and whose stage 3 says it ran
bare() {
  mkroot "$T/$1"; links "$T/$1"
  stage "$T/$1" 1 'echo @1'
  stage "$T/$1" 2 'echo @2; exec sleep 1000'
  stage "$T/$1" 3 "${2:-echo @3 ran}"
}
no_stage3() { ! grep -Eq '@3|enter stage: /etc/runit/3' "$1.console"; }
# strace -f of a command run inside DIR's namespaces: its sync and reboot calls
straced() {
  _r=$1; shift
  _p=$(ns_pid "$_r") || return 1
  strace -f -qq -e trace=sync,reboot -o "$_r.strace" nsenter -t "$_p" -p -m -r -w "$@"
}
STRACE=$(command -v strace 2>/dev/null)
# every case starts now and is exercised in turn: a long time on a busy
# machine, so the namespaces' own limit only catches a hang
SECS=300

for c in reboot poweroff halt shut_r shut_h shut_P; do full $c; ns_start "$T/$c" $SECS; done
for c in freboot fpoweroff fhalt fhalt_p fnosync nonroot; do bare $c; ns_start "$T/$c" $SECS; done
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>"$T/nonroot/etc/passwd"
# without CAP_SYS_BOOT: -f from stage 2, which has no CAP_SYS_BOOT either
# (nsenter would bring the host's)
bare noboot
stage "$T/noboot" 2 'for c in "reboot -f" "poweroff -f" "halt -f"; do
  /sbin/$c; echo "@$c rc $?"
done
echo @2; exec sleep 1000'
NS_NOBOOT=1 ns_start "$T/noboot" $SECS
# Debian's rc0.d ends with this line, inside stage 3 (busybox's sh would
# run its own halt applet for a bare "halt")
DEBLINE='echo @3 ran; /sbin/halt -d -f -i -p -h; echo "@3 after $?"'
bare debline "$DEBLINE"; ns_start "$T/debline" $SECS
bare debline_noboot "$DEBLINE"
NS_NOBOOT=1 ns_start "$T/debline_noboot" $SECS
# as process 1 there is no runit to ask (and none in this root)
for c in pid1reboot pid1halt; do mkroot "$T/$c"; links "$T/$c"; rm "$T/$c/sbin/runit"; done
ns_start "$T/pid1reboot" $SECS /sbin/reboot
ns_start "$T/pid1halt" $SECS /sbin/halt

# refusals and the request files: process 1 is a plain shell (it has no
# SIGCONT handler, so the signal is dropped); it prints what happened
R=$T/refuse; mkroot "$R"; links "$R"
ln -s runit-init "$R/sbin/init"; ln -s runit-init "$R/sbin/halt2"
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>"$R/etc/passwd"
cat >"$R/refuse.sh" <<'EOF'
exec >/dev/console 2>&1
modes() { stat -c %a /etc/runit/stopit /etc/runit/reboot 2>&1 | tr "\n" " "; }
try() { out=$("$@" 2>&1); echo "@[$*] $? $(echo "$out" | head -n 1)"; }
for p in halt poweroff reboot; do
  try /sbin/$p -x; try /sbin/$p -w; try /sbin/$p -B; try /sbin/$p now
  try /sbin/$p -n; try /sbin/$p -V
done
try /sbin/shutdown -V
echo "@version $(/sbin/runit-init -V 2>&1 | head -n 1)"
try /sbin/shutdown -r +5
try /sbin/shutdown -h 23:00
try /sbin/shutdown -P 0
try /sbin/shutdown -r
try /sbin/shutdown now
try /sbin/shutdown -c
try /sbin/shutdown -k now
try /sbin/shutdown -f now
try /sbin/shutdown -t 5 -r now
try /sbin/shutdown --help
echo "@refused: $(ls /etc/runit)"
su -s /bin/sh nobody -c '/sbin/halt -f; echo "rc $?"' 2>&1 | sed 's/^/@user /'
su -s /bin/sh nobody -c '/sbin/reboot; echo "rc $?"' 2>&1 | sed 's/^/@user6 /'
/sbin/reboot; echo "@reboot $? $(modes)"
/sbin/halt; echo "@halt $? $(modes)"
/sbin/reboot -d -i -h; echo "@reboot-dih $? $(modes)"
/sbin/poweroff -p; echo "@poweroff-p $? $(modes)"
/sbin/shutdown -r now; echo "@shutdown-r $? $(modes)"
/sbin/shutdown -P +0 going down now; echo "@shutdown-P $? $(modes)"
/sbin/shutdown -h -r +00; echo "@shutdown-hr $? $(modes)"
/sbin/shutdown -r -H now; echo "@shutdown-rH $? $(modes)"
/sbin/init 6; echo "@init6 $? $(modes)"
rm /etc/runit/stopit /etc/runit/reboot
echo "@halt2 $(/sbin/halt2 -f 2>&1 | head -n 1) $(ls /etc/runit)"
EOF
ns_start "$R" $SECS /bin/sh /refuse.sh

# --- without -f: runit's stage 3, then reboot(2) ---
for c in reboot:1:reboot poweroff:2:poweroff halt:2:halt \
         shut_r:1:'shutdown -r now' shut_h:2:'shutdown -h now' \
         shut_P:2:'shutdown -P +0 maintenance, back soon'; do
  R=$T/${c%%:*} cmd=${c#*:*:} sig=${c#*:}; sig=${sig%%:*}
  ok "$cmd: the service came up" on_console "$R" '@hello up'
  ns_exec "$R" /sbin/$cmd
  is "$(ns_wait "$R")" "signal $sig" "$cmd: the parent sees signal $sig"
  ok "$cmd: stage 3 stopped the service before the end" stopped_in_order "$R"
  if [ "$sig" = 1 ]; then end='system reboot\.$'; else end='power off\.\.\.$'; fi
  like "$(markers "$R" | tail -n 1)" "$end" "$cmd: runit ends it"
done

# --- -f: reboot(2) at once, no stage 3 ---
for c in freboot:1:reboot_-f:CMD_RESTART fpoweroff:2:poweroff_-f:CMD_POWER_OFF \
         fhalt:2:halt_-f:CMD_HALT fhalt_p:2:halt_-fp:CMD_POWER_OFF \
         fnosync:1:reboot_-nf:CMD_RESTART; do
  R=$T/${c%%:*} sig=${c#*:}; sig=${sig%%:*} cmd=${c#*:*:}; cmd=${cmd%:*}
  rb=${c##*:}; cmd=$(echo "$cmd" | tr _ ' ')
  ok "$cmd: stage 2 is up" on_console "$R" '^@2'
  if [ -n "$STRACE" ]; then
    straced "$R" /sbin/$cmd >/dev/null 2>&1
    like "$(grep reboot "$R.strace")" "LINUX_REBOOT_$rb" "$cmd: reboot(2) with $rb"
    case $cmd in
      *n*) ok "$cmd: no sync()" sh -c "! grep -q 'sync()' '$R.strace'" ;;
      *) like "$(grep -A9999 'sync()' "$R.strace" | grep reboot)" "LINUX_REBOOT_$rb" \
           "$cmd: sync() before reboot(2)" ;;
    esac
  else
    ns_exec "$R" /sbin/$cmd
    skip "$cmd: reboot(2) with $rb" "strace not installed"
    skip "$cmd: sync() or not" "strace not installed"
  fi
  is "$(ns_wait "$R")" "signal $sig" "$cmd: the parent sees signal $sig"
  ok "$cmd: stage 3 never ran" no_stage3 "$R"
done

# --- -f by a user: refused, nothing happens ---
R=$T/nonroot
ok "user's halt -f: stage 2 is up" on_console "$R" '^@2'
is "$(ns_exec "$R" /bin/su -s /bin/sh nobody -c '/sbin/halt -f 2>&1; echo "rc $?"')" \
  "halt: fatal: unable to halt at once: only root may (-f)
rc 100" "halt -f as a user: refused, exit 100"
ok "... and process 1 still runs stage 2" sh -c "[ -d /proc/$(ns_pid "$R") ] && ! grep -q 'leave stage: /etc/runit/2' '$R.console'"
ns_exec "$R" /sbin/reboot -f
is "$(ns_wait "$R")" "signal 1" "then root's reboot -f"
ok "user's halt -f: stage 3 never ran" no_stage3 "$R"

# --- -f without CAP_SYS_BOOT: exit 111, then the stages as usual ---
R=$T/noboot
ok "no CAP_SYS_BOOT: stage 2 is up" on_console "$R" '^@2'
for cmd in 'reboot -f' 'poweroff -f' 'halt -f'; do
  what=${cmd% -f}; [ "$what" = poweroff ] && what='power off'
  like "$(console "$R" | tr '\n' '|')" "\\|${cmd% -f}: fatal: unable to $what: permission denied\\|@$cmd rc 111\\|" \
    "no CAP_SYS_BOOT: $cmd: reboot(2) refused, exit 111"
done
ok "... and process 1 still runs stage 2" sh -c "! grep -q 'leave stage: /etc/runit/2' '$R.console'"
ns_exec "$R" /sbin/poweroff
is "$(ns_wait "$R")" "exit 0" "no CAP_SYS_BOOT: poweroff without -f: stage 3, runit exits 0"
like "$(console "$R")" '@3 ran' "... after stage 3"

# --- Debian's stage 3 line: "halt -d -f -i -p -h" ---
R=$T/debline
ok "stage 3 with halt -d -f -i -p -h: stage 2 is up" on_console "$R" '^@2'
ns_exec "$R" /sbin/reboot    # runit alone would reboot: SIGHUP
is "$(ns_wait "$R")" "signal 2" "halt -d -f -i -p -h in stage 3 powers off at once (SIGINT)"
like "$(console "$R")" '@3 ran' "... from within stage 3"
# (in a PID namespace reboot(2) kills process 1, then ends its caller with
# exit 0: stage 3 may still say "@3 after 0", but runit never goes on)
ok "... and runit never went on" sh -c "! grep -Eq '@3 after [^0]|leave stage: /etc/runit/3' '$R.console'"

R=$T/debline_noboot
ok "no CAP_SYS_BOOT, halt -d -f -i -p -h: stage 2 is up" on_console "$R" '^@2'
ns_exec "$R" /sbin/reboot
is "$(ns_wait "$R")" "exit 0" "no CAP_SYS_BOOT: stage 3 goes on and runit exits 0"
like "$(console "$R" | tr '\n' '|')" '@3 ran\|halt: fatal: unable to power off: permission denied\|@3 after 111\|' \
  "... after halt said why, exit 111"

# --- as process 1 ---
is "$(ns_wait "$T/pid1reboot")" "signal 1" "reboot as process 1: reboots at once (no runit in the root)"
is "$(ns_wait "$T/pid1halt")" "signal 2" "halt as process 1: halts at once"

# --- refusals, and the request files ---
R=$T/refuse
is "$(ns_wait "$R")" "exit 0" "refusal case ran"
C=$(console "$R")
V=$(echo "$C" | sed -n 's/^@version //p')
for p in halt poweroff reboot; do
  like "$C" "^@\[/sbin/$p -x\] 100 $p: illegal option -- x$" "$p -x: exit 100"
  like "$C" "^@\[/sbin/$p -w\] 100 $p: fatal: -w is not supported: no wtmp record is ever written$" \
    "$p -w: refused, exit 100"
  like "$C" "^@\[/sbin/$p -B\] 100 $p: fatal: -B is not supported: no wtmp record is ever written$" \
    "$p -B: refused, exit 100"
  like "$C" "^@\[/sbin/$p now\] 100 usage: $p \[-fndhip\]$" "$p with an argument: usage, exit 100"
  like "$C" "^@\[/sbin/$p -n\] 100 $p: fatal: -n needs -f: runit syncs unless /etc/runit/nosync exists$" \
    "$p -n without -f: refused, exit 100"
  is "$(echo "$C" | grep -F "@[/sbin/$p -V]")" "@[/sbin/$p -V] 100 $V" \
    "$p -V: runit-init's version line, exit 100"
done
is "$(echo "$C" | grep -F "@[/sbin/shutdown -V]")" "@[/sbin/shutdown -V] 100 $V" \
  "shutdown -V: the version line, exit 100"
ok "... which is not empty" test -n "$V"
like "$C" '^@\[/sbin/shutdown -r \+5\] 100 shutdown: fatal: unable to shut down at \+5: only now is supported$' \
  "shutdown -r +5: refused, exit 100"
like "$C" '^@\[/sbin/shutdown -h 23:00\] 100 shutdown: fatal: unable to shut down at 23:00: only now' \
  "shutdown -h 23:00: refused"
like "$C" '^@\[/sbin/shutdown -P 0\] 100 shutdown: fatal: unable to shut down at 0: only now' \
  "shutdown -P 0: refused"
like "$C" '^@\[/sbin/shutdown -r\] 100 usage: shutdown -r\|-h\|-P now \[message\]$' "shutdown without a time: usage"
like "$C" '^@\[/sbin/shutdown now\] 100 shutdown: fatal: say -r, -h or -P: there is no single-user mode$' \
  "shutdown now without -r, -h or -P: refused"
like "$C" '^@\[/sbin/shutdown -c\] 100 shutdown: fatal: -c: nothing to cancel' "shutdown -c: refused"
like "$C" '^@\[/sbin/shutdown -k now\] 100 shutdown: fatal: -k is not supported' "shutdown -k: refused"
like "$C" '^@\[/sbin/shutdown -f now\] 100 shutdown: illegal option -- f$' "shutdown -f: illegal option"
like "$C" '^@\[/sbin/shutdown -t 5 -r now\] 100 shutdown: illegal option -- t$' "shutdown -t: illegal option"
like "$C" '^@\[/sbin/shutdown --help\] 100 shutdown: illegal option -- -$' "shutdown --help: illegal option"
is "$(echo "$C" | grep '^@refused')" "@refused: " "none of the refusals touched /etc/runit"
like "$C" '^@user halt: fatal: unable to halt at once: only root may \(-f\)$' "halt -f as a user: refused"
like "$C" '^@user rc 100$' "... exit 100"
like "$C" '^@user6 reboot: fatal: unable to create /etc/runit/stopit: access denied$' \
  "reboot as a user: reboot's words"
like "$C" '^@user6 rc 111$' "... exit 111"
like "$C" '^@reboot 0 100 100 $' "reboot: stopit and reboot mode 100, exit 0"
like "$C" '^@halt 0 100 0 $' "halt: stopit 100, reboot 0, exit 0"
like "$C" '^@reboot-dih 0 100 100 $' "reboot -d -i -h: accepted"
like "$C" '^@poweroff-p 0 100 0 $' "poweroff -p: accepted"
like "$C" '^@shutdown-r 0 100 100 $' "shutdown -r now: as init 6"
like "$C" '^@shutdown-P 0 100 0 $' "shutdown -P +0 message: as init 0"
like "$C" '^@shutdown-hr 0 100 100 $' "shutdown -h -r +00: the last of -h, -r wins"
like "$C" '^@shutdown-rH 0 100 0 $' "shutdown -r -H now: halt"
like "$C" '^@init6 0 100 100 $' "linked as init: init 6 as before"
like "$C" '^@halt2 usage: /sbin/halt2 0\|6  *$' "another name (halt2): init's usage, nothing done"

finish
