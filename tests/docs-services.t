#!/bin/sh
# Every example service in etc/sv and etc/demo starts under our runsvdir:
# `sv status` shows it (and its log service) in state run, and its log
# receives a line.  Daemons that may not be installed (agetty, sshd, cron,
# socklog) are stubs first in PATH that print a line and sleep; utmpset
# is a stub too, so getty's finish never touches the machine's utmp.
. "$(dirname "$0")/lib.sh"

missing=
for p in runsvdir runsv sv svlogd chpst; do
  [ -x "$B/$p" ] || missing="$missing $p"
done
[ -z "$missing" ] ||
  skip_all "our programs are not built yet (command/):$missing"
require gzip

stubs=$T/stubs
mkdir -p "$stubs"
daemon() {  # daemon NAME BODY: a stub that runs BODY, then sleeps
  printf '#!/bin/sh\n%s\nexec sleep 100000\n' "$2" >"$stubs/$1"
  chmod 755 "$stubs/$1"
}
daemon agetty 'echo "agetty stub: $*"'
daemon sshd '[ "$1" = -t ] && exit 0; echo "sshd stub: listening"'
daemon cron 'echo "cron stub: started"'
daemon socklog 'echo "auth.info: sshd[7]: accepted password"
echo "daemon.notice: crond[8]: started"
echo "kern.warning: kernel: link up"'
command -v vmstat >/dev/null 2>&1 ||
  daemon vmstat 'echo "procs memory"; echo " 1 0 0"'
printf '#!/bin/sh\necho "utmpset $*" >>%s/utmpset.log\n' "$T" >"$stubs/utmpset"
# sshd/run creates /run/sshd: keep it from touching the machine.
printf '#!/bin/sh\ncase "$*" in */run/sshd*) exit 0;; esac\nexec /bin/mkdir "$@"\n' \
  >"$stubs/mkdir"
chmod 755 "$stubs/utmpset" "$stubs/mkdir"

sv=$T/sv demo=$T/demo
mkdir -p "$sv"
cp -R "$TOP"/etc/sv/* "$sv/"
cp -R "$TOP/etc/demo" "$demo"

stop_all() {
  for p in $_pids; do kill -TERM "$p" 2>/dev/null; done
  for p in $_pids; do wait "$p" 2>/dev/null; done
  _pids=
  "$B/sv" -w 15 exit "$sv"/* "$demo"/* >/dev/null 2>&1
}
trap 'stop_all; _cleanup' EXIT

spawn env PATH="$stubs:$B:$PATH" "$B/runsvdir" "$sv" >"$T/sv.out" 2>&1
spawn env PATH="$B:$PATH" "$B/runsvdir" "$demo" >"$T/demo.out" 2>&1

quiet() { "$@" >/dev/null 2>&1; }
status_like() { "$B/sv" status "$1" 2>&1 | grep -Eq "$2"; }

for s in "$sv"/* "$demo"/*; do
  name=${s#$T/}
  if [ -d "$s/log" ]; then
    ok "$name: run, and its log service too" \
      wait_until 20 status_like "$s" "^run: $s: \(pid [0-9]+\) .*; run: log: \(pid [0-9]+\)"
  else
    ok "$name: run" wait_until 20 status_like "$s" "^run: $s: \(pid [0-9]+\) [0-9]+s$"
  fi
done

for s in getty-tty5 sshd cron vmstat; do
  ok "sv/$s: its log writes a line" wait_until 20 test -s "$sv/$s/log/main/current"
done
like "$(cat "$sv/getty-tty5/log/main/current")" \
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9:.]{14} agetty stub: 38400 tty5 linux$' \
  "getty's line has an svlogd -tt time stamp"
ok "sv/syslog: main, auth and kern each get a line" wait_until 20 sh -c \
  "test -s '$sv/syslog/log/main/current' && test -s '$sv/syslog/log/auth/current' && test -s '$sv/syslog/log/kern/current'"
like "$(cat "$sv/syslog/log/auth/current")" '^[^ ]+ auth\.info: sshd\[7\]' \
  "syslog: auth holds the auth line"
ok "syslog: auth holds nothing else" \
  test "$(wc -l <"$sv/syslog/log/auth/current")" -eq 1
like "$(cat "$sv/syslog/log/main/current")" 'daemon\.notice: crond' \
  "syslog: main holds the daemon line"
ok "syslog: main holds no auth line" \
  sh -c "! grep -q 'auth\.info' '$sv/syslog/log/main/current'"
like "$(cat "$sv/syslog/log/kern/current")" 'kern\.warning: kernel: link up$' \
  "syslog: kern holds the kernel line"

# The processor: make svlogd rotate (SIGALRM through sv), gzip runs.
ok "sv alarm vmstat/log" quiet "$B/sv" alarm "$sv/vmstat/log"
has_s() { ls "$sv"/vmstat/log/main/@*.s >/dev/null 2>&1; }
ok "vmstat: a rotated, processed file appears" wait_until 20 has_s
f=$(ls "$sv"/vmstat/log/main/@*.s 2>/dev/null | head -n 1)
ok "vmstat: the rotated file is gzip's output" gzip -t "$f"
like "$(gzip -dc "$f" 2>/dev/null | head -n 1)" '^[0-9_:.-]+ .*procs' \
  "vmstat: it holds the log lines"

# The demo: worker started once clock's ./check passed.
ok "demo/clock: its log writes a line" \
  wait_until 20 grep -q 'clock: it is' "$demo/clock/log/main/current"
ok "demo/worker: waited for clock, then started" \
  wait_until 20 grep -q 'worker: clock is up' "$T/demo.out"
ok "sv check clock (./check passes)" quiet "$B/sv" check "$demo/clock"

# getty's finish runs when it stops, and logs tty5 out.
ok "sv -w 15 down getty-tty5" quiet "$B/sv" -w 15 down "$sv/getty-tty5"
ok "getty-tty5/finish ran utmpset -w tty5" \
  wait_until 20 grep -qx 'utmpset -w tty5' "$T/utmpset.log"

stop_all
out=$("$B/sv" status "$sv"/* "$demo"/* 2>&1)
is "$(printf '%s\n' "$out" | grep -vc 'runsv not running$')" 0 \
  "after sv exit, no runsv is left"

finish
