#!/bin/sh
# runit as process 1 of a PID namespace: requests and signals.  init 0 and
# init 6 (the parent sees SIGINT and SIGHUP), Ctrl-Alt-Del as "kill -INT 1",
# stopit without its x bit, signals outside stage 2, a stage 2 that ignores
# SIGTERM, orphans, the container runtime's SIGTERM / SIGPWR (exit 0), and
# init 0 / init 6 in a container without CAP_SYS_BOOT (reboot(2) refused:
# exit 0).
# The full cycles use the etc/runit scripts of this tree.  Each case has
# its own throw-away root; all run at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runit-root.sh"
ns_require

# a root with our etc/runit scripts and a service that says when it is up
# and when it has been stopped
full() { full_root "$T/$1"; }
# stage 1 that waits for the test to create <root>/tmp/go
WAITGO='while [ ! -e /tmp/go ]; do sleep 0.05; done'

full halt0; ns_start "$T/halt0" 40
full reboot6; ns_start "$T/reboot6" 40
full cad; cp "$TOP/etc/runit/ctrlaltdel" "$T/cad/etc/runit/"; ns_start "$T/cad" 40
full ctterm; ns_start "$T/ctterm" 40
full ctpwr; ns_start "$T/ctpwr" 40
full noboot0; NS_NOBOOT=1 ns_start "$T/noboot0" 40
full noboot6; NS_NOBOOT=1 ns_start "$T/noboot6" 40

mkroot "$T/stopit644"
stage "$T/stopit644" 2 'echo @2; exec sleep 1000'
stage "$T/stopit644" ctrlaltdel 'echo "@cad stopit $(stat -c %a /etc/runit/stopit)"; chmod 100 /etc/runit/stopit'
ns_start "$T/stopit644" 40

mkroot "$T/nocad"
stage "$T/nocad" 2 'echo @2; exec sleep 1000'
stage "$T/nocad" ctrlaltdel 'echo @cad ran'
chmod 644 "$T/nocad/etc/runit/ctrlaltdel"
ns_start "$T/nocad" 40

mkroot "$T/stage1sig"
stage "$T/stage1sig" 1 "echo @1; $WAITGO"
stage "$T/stage1sig" 2 'echo @2'
ns_start "$T/stage1sig" 40

mkroot "$T/ctterm1"
stage "$T/ctterm1" 1 "echo @1; $WAITGO"
stage "$T/ctterm1" 2 'echo @2 never'
stage "$T/ctterm1" 3 'echo @3'
ns_start "$T/ctterm1" 40

mkroot "$T/stubborn"
stage "$T/stubborn" 2 'trap "echo @2 got TERM" TERM; echo @2; while :; do sleep 0.1; done'
stage "$T/stubborn" 3 'echo @3'
ns_start "$T/stubborn" 40

mkroot "$T/orphans"
# 20 orphans that live until told to go: each one's parent, a subshell, has
# exited before the loop goes on, so each has been handed over by then.
# Then they are ended, and stage 2 waits (at most 20 s, under load) until
# none is left: a zombie still has its /proc entry, so none left means
# process 1 reaped them all.
stage "$T/orphans" 2 '
i=0; while [ $i -lt 20 ]; do ( sleep 1000 & echo $! >>/tmp/pids ); i=$((i + 1)); done
n=0; for p in $(cat /tmp/pids); do
  set -- $(cat /proc/$p/stat); [ "$4" = 1 ] && n=$((n + 1))
done
echo "@orphans with ppid 1: $n"
kill $(cat /tmp/pids)
i=0; while [ $i -lt 400 ]; do
  left=0; for p in $(cat /tmp/pids); do [ -e /proc/$p ] && left=$((left + 1)); done
  [ $left = 0 ] && break
  sleep 0.05; i=$((i + 1))
done
echo "@left $left"
z=0; for s in /proc/[0-9]*/stat; do
  read -r pid rest <$s 2>/dev/null || continue
  case $rest in *") Z "*) z=$((z + 1));; esac
done
echo "@zombies $z"'
ns_start "$T/orphans" 40

# --- init 0: halt (power off) ---
R=$T/halt0
ok "init 0: the service came up" on_console "$R" '@hello up'
sleep 1
p=$(ns_pid "$R"); set -- $(cat "/proc/$p/stat" 2>/dev/null)
t0=$(( ${14:-0} + ${15:-0} ))
sleep 1
set -- $(cat "/proc/$p/stat" 2>/dev/null)
t1=$(( ${14:-0} + ${15:-0} ))
ok "process 1 sleeps while nothing happens (cpu ticks in 1 s: $((t1 - t0)))" test $((t1 - t0)) -le 5
ns_exec "$R" /sbin/runit-init 0
is "$(ns_wait "$R")" "signal 2" "init 0: the parent sees SIGINT (power off)"
ok "init 0: stage 3 stopped the service before the end" stopped_in_order "$R"
like "$(markers "$R" | tail -n 1)" 'power off\.\.\.$' "init 0: powers off"
is "$(stat -c %a "$R/etc/runit/stopit")" 0 "init 0: the stopit request was consumed (mode 0)"

# --- init 6: reboot ---
R=$T/reboot6
ok "init 6: the service came up" on_console "$R" '@hello up'
ns_exec "$R" /sbin/runit-init 6
is "$(ns_wait "$R")" "signal 1" "init 6: the parent sees SIGHUP (reboot)"
ok "init 6: stage 3 stopped the service before the end" stopped_in_order "$R"
like "$(markers "$R" | tail -n 1)" 'system reboot\.$' "init 6: reboots"

# --- Ctrl-Alt-Del ---
R=$T/cad
ok "ctrl-alt-del: the service came up" on_console "$R" '@hello up'
ns_exec "$R" /bin/kill -INT 1
is "$(ns_wait "$R")" "signal 2" "kill -INT 1 with etc/runit/ctrlaltdel: halted"
like "$(console "$R" | tr '\n' '|')" '- runit: ctrl-alt-del request\.\.\.\|- runit: enter stage: /etc/runit/ctrlaltdel\|Ctrl-Alt-Del: the system is going down now\.\.\.\|- runit: leave stage: /etc/runit/ctrlaltdel\|.*- runit: leave stage: /etc/runit/2' \
  "ctrl-alt-del runs the script, then acts on stopit"
ok "ctrl-alt-del: stage 3 stopped the service" stopped_in_order "$R"

# --- stopit without the x bit is no request ---
R=$T/stopit644
ok "stopit 644: stage 2 is up" on_console "$R" '^@2'
ns_exec "$R" /bin/sh -c ': >/etc/runit/stopit; chmod 644 /etc/runit/stopit; kill -CONT 1; kill -INT 1'
is "$(ns_wait "$R")" "signal 2" "stopit 644 then ctrl-alt-del: halted in the end"
like "$(console "$R" | tr '\n' '|')" '@cad stopit 644\|- runit: leave stage: /etc/runit/ctrlaltdel\|- runit: leave stage: /etc/runit/2' \
  "SIGCONT with a stopit lacking its x bit left stage 2 running and the file alone"

# --- no executable ctrlaltdel: SIGINT does nothing ---
R=$T/nocad
ok "no ctrlaltdel: stage 2 is up" on_console "$R" '^@2'
ns_exec "$R" /bin/kill -INT 1
ns_exec "$R" /sbin/runit-init 6
is "$(ns_wait "$R")" "signal 1" "SIGINT ignored without an executable ctrlaltdel, then init 6 reboots"
ok "the ctrlaltdel without its x bit did not run" sh -c "! grep -Eq 'ctrl-alt-del|@cad' '$R.console'"

# --- signals outside stage 2 ---
R=$T/stage1sig
ok "stage 1 is waiting" on_console "$R" '^@1'
ns_exec "$R" /bin/kill -CONT 1
ok "SIGCONT in stage 1 draws the warning" on_console "$R" 'signals only work in stage 2\.'
: >"$R/tmp/go"
is "$(ns_wait "$R")" "signal 2" "stage 1 signal case: halted"
like "$(markers "$R" | tr '\n' '|')" 'only work in stage 2\.\|- runit: leave stage: /etc/runit/1\|- runit: enter stage: /etc/runit/2\|@2' \
  "and is otherwise ignored: stage 2 still runs"

# --- a stage 2 that ignores SIGTERM is killed after 5 s ---
R=$T/stubborn
ok "stubborn stage 2 is up" on_console "$R" '^@2$'
ns_exec "$R" /sbin/runit-init 0
is "$(ns_wait "$R")" "signal 2" "stubborn stage 2: halted"
like "$(markers "$R" | tr '\n' '|')" '@2 got TERM\|- runit: warning: stage 2 not terminated, sending sigkill\.\.\.\|- runit: leave stage: /etc/runit/2\|- runit: enter stage: /etc/runit/3' \
  "SIGTERM, then SIGKILL, then stage 3"
ok "a stage 2 that exits on SIGTERM is not SIGKILLed" sh -c "! grep -q sigkill '$T/halt0.console'"

# --- orphans are reaped ---
R=$T/orphans
is "$(ns_wait "$R")" "signal 2" "orphans case: halted"
like "$(console "$R")" '@orphans with ppid 1: 20$' "orphans are handed to process 1"
like "$(console "$R")" '@zombies 0$' "no zombie is left"
like "$(console "$R")" '@left 0$' "every orphan is gone"

# --- the container runtime stops us: SIGTERM, SIGPWR ---
R=$T/ctterm
ok "container SIGTERM: the service came up" on_console "$R" '@hello up'
ns_kill TERM "$R"
is "$(ns_wait "$R")" "exit 0" "container SIGTERM: runit exits 0"
ok "container SIGTERM: stage 3 stopped the service before the end" stopped_in_order "$R"
is "$(markers "$R" | tail -n 1)" "- runit: exit." "container SIGTERM: no reboot(2), just exit"

R=$T/ctpwr
ok "container SIGPWR: the service came up" on_console "$R" '@hello up'
ns_kill PWR "$R"
is "$(ns_wait "$R")" "exit 0" "container SIGPWR (lxc-stop): runit exits 0"
ok "container SIGPWR: stage 3 stopped the service before the end" stopped_in_order "$R"

# --- a container without CAP_SYS_BOOT: reboot(2) is refused ---
R=$T/noboot0
ok "no CAP_SYS_BOOT, init 0: the service came up" on_console "$R" '@hello up'
cap=$(awk '/^CapEff:/ { print $2 }' "/proc/$(ns_pid "$R")/status")
is "$(( 0x${cap:-0} >> 22 & 1 )):${cap:+read}" "0:read" "... and runit has no CAP_SYS_BOOT (CapEff $cap)"
ns_exec "$R" /sbin/runit-init 0
is "$(ns_wait "$R")" "exit 0" "no CAP_SYS_BOOT, init 0: power off refused, runit exits 0"
ok "no CAP_SYS_BOOT, init 0: stage 3 stopped the service before the end" stopped_in_order "$R"
is "$(markers "$R" | sed -n '/sending KILL/,$p')" '- runit: sending KILL signal to all processes...
- runit: power off...
- runit: system halt.
- runit: exit.' "no CAP_SYS_BOOT, init 0: power off, halt, both refused, then exit"

R=$T/noboot6
ok "no CAP_SYS_BOOT, init 6: the service came up" on_console "$R" '@hello up'
ns_exec "$R" /sbin/runit-init 6
is "$(ns_wait "$R")" "exit 0" "no CAP_SYS_BOOT, init 6: reboot refused, runit exits 0"
is "$(markers "$R" | sed -n '/sending KILL/,$p')" '- runit: sending KILL signal to all processes...
- runit: system reboot.
- runit: exit.' "no CAP_SYS_BOOT, init 6: reboot refused, then exit"

R=$T/ctterm1
ok "container SIGTERM in stage 1: stage 1 is waiting" on_console "$R" '^@1'
ns_kill TERM "$R"
: >"$R/tmp/go"
is "$(ns_wait "$R")" "exit 0" "container SIGTERM in stage 1: exit 0"
is "$(markers "$R")" '- runit: $Id$: booting.
- runit: enter stage: /etc/runit/1
@1
- runit: leave stage: /etc/runit/1
- runit: warning: skipping stage 2...
- runit: enter stage: /etc/runit/3
@3
- runit: leave stage: /etc/runit/3
- runit: sending KILL signal to all processes...
- runit: exit.' "container SIGTERM in stage 1: stage 2 skipped, stage 3 run"

finish
