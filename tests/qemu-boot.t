#!/bin/sh
# Real boots in qemu (software emulation, -accel tcg; never KVM): a Debian
# cloud kernel (tests/fetch-kernel), an initramfs with our runit as /sbin/
# runit, runit-init as /sbin/init, static busybox, and the etc/runit stage
# scripts of this tree unchanged.  A driver service reads testaction= from
# the kernel command line.  Outcomes are read from the console:
#   init 0              -> "reboot: Power down"
#   init 6              -> "reboot: Restarting system"
#   Ctrl-Alt-Del        -> (qemu monitor sendkey) ctrlaltdel, then Power down;
#                          the kernel delivered it as SIGINT because runit
#                          had switched ctrl-alt-del to the signal
#   kill -PWR 1         -> (a UPS daemon) orderly power off
#   an init that exits  -> "Kernel panic" (the negative control)
# Two boots run at a time.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runit-root.sh"
require_root
require qemu-system-x86_64 gzip
[ -n "$BUSYBOX" ] || skip_all "busybox not found (apt-get install busybox-static)"
[ -x "$B/runit" ] && [ -x "$B/runit-init" ] || skip_all "run make first"
"$TOP/tests/fetch-kernel" >/dev/null 2>&1
KERNEL=$TOP/tests/.cache/kernel/vmlinuz
[ -s "$KERNEL" ] || skip_all "no kernel (tests/fetch-kernel failed: apt-get download)"
[ "$(support_kind)" != none ] || skip_all "no runsvdir, runsv, sv to boot with"

# the initramfs: a root as for the namespace tests, plus the real /dev/console
R=$T/root
mkroot "$R"
rm -f "$R/dev/console" "$R/dev/null" "$R/dev/zero" "$R/dev/urandom" "$R/dev/tty"
mknod -m 600 "$R/dev/console" c 5 1
ln -s /sbin/runit-init "$R/sbin/init"
cp "$TOP/etc/runit/1" "$TOP/etc/runit/2" "$TOP/etc/runit/3" "$TOP/etc/runit/ctrlaltdel" "$R/etc/runit/"
service "$R" hello 'echo @hello up >/dev/console; exec sleep 100000'
printf '#!/bin/sh\necho @hello finished >/dev/console\n' >"$R/etc/sv/hello/finish"
chmod 755 "$R/etc/sv/hello/finish"
service "$R" driver '
exec >/dev/console 2>&1
read -r cmdline </proc/cmdline
for w in $cmdline; do case $w in testaction=*) a=${w#testaction=};; esac; done
until sv status /etc/service/hello | grep -q "^run:"; do sleep 0.1; done
echo "@ctrl-alt-del sysctl $(cat /proc/sys/kernel/ctrl-alt-del)"
echo "@driver $a"
case $a in
  0|6) /sbin/runit-init $a ;;
  pwr) kill -PWR 1 ;;
esac
exec sleep 100000'
# the negative control: an init that just exits
printf '#!/bin/sh\necho @bad init exits\nexit 0\n' >"$R/sbin/badinit"
chmod 755 "$R/sbin/badinit"
(cd "$R" && find . | "$BUSYBOX" cpio -o -H newc 2>/dev/null) | gzip -1 >"$T/initrd.gz" ||
  skip_all "unable to build the initramfs"

# boot NAME TESTACTION [RDINIT]: console in $T/NAME.log (cleaned), qemu's
# monitor on $T/NAME.mon
boot() {
  timeout 150 qemu-system-x86_64 -accel tcg -nographic -no-reboot -m 256 -nic none \
    -monitor "unix:$T/$1.mon,server,nowait" \
    -kernel "$KERNEL" -initrd "$T/initrd.gz" \
    -append "console=ttyS0 panic=-1 quiet rdinit=${3:-/sbin/init} testaction=$2" \
    </dev/null >"$T/$1.raw" 2>&1
  # written raw (a pipe would hold the output back), cleaned at the end
  tr -d '\r' <"$T/$1.raw" | sed 's/\x1bc//g; s/\x1b\[?7l//g' >"$T/$1.log"
}

# press Ctrl-Alt-Del through the qemu monitor once the driver says so
cad() {
  wait_until 120 grep -q '@driver cad' "$T/cad.raw" || return 1
  if command -v socat >/dev/null 2>&1; then
    echo 'sendkey ctrl-alt-delete' | socat - "UNIX-CONNECT:$T/cad.mon" >/dev/null
  else
    python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); time.sleep(0.3)
s.sendall(b"sendkey ctrl-alt-delete\n"); time.sleep(0.5); s.close()' "$T/cad.mon"
  fi
}

spawn boot halt 0; p1=$!
spawn boot reboot 6; p2=$!
wait $p1 $p2
spawn boot cad cad; p1=$!
cad; spawn boot pwr pwr; p2=$!
wait $p1 $p2
spawn boot panic none /sbin/badinit; p1=$!
wait $p1

L=$T/halt.log
like "$(cat "$L")" '- runit: runit-[0-9][^ ]* \(default\): booting\.' "halt: our runit booted as process 1"
like "$(cat "$L")" '@ctrl-alt-del sysctl 0' "runit turned Ctrl-Alt-Del into a signal (sysctl reads 0)"
like "$(grep -E '^(- runit: |@)' "$L" | tr '\n' '|')" '@hello up.*- runit: enter stage: /etc/runit/3\|.*@hello finished.*- runit: leave stage: /etc/runit/3\|- runit: sending KILL signal to all processes\.\.\.\|- runit: power off\.\.\.' \
  "init 0: stage 3 stopped the services, then power off"
like "$(cat "$L")" 'reboot: Power down' "init 0: the kernel powered down"
ok "init 0: no panic" sh -c "! grep -q 'Kernel panic' '$L'"

L=$T/reboot.log
like "$(grep -E '^(- runit: |@)' "$L" | tr '\n' '|')" '@hello finished.*- runit: leave stage: /etc/runit/3\|- runit: sending KILL signal to all processes\.\.\.\|- runit: system reboot\.' \
  "init 6: stage 3, then system reboot"
like "$(cat "$L")" 'reboot: Restarting system' "init 6: the kernel restarted"
ok "init 6: no panic" sh -c "! grep -q 'Kernel panic' '$L'"

L=$T/cad.log
like "$(grep -E '^(- runit: |@|Ctrl-Alt-Del)' "$L" | tr '\n' '|')" '- runit: ctrl-alt-del request\.\.\.\|- runit: enter stage: /etc/runit/ctrlaltdel\|Ctrl-Alt-Del: the system is going down now\.\.\.\|- runit: leave stage: /etc/runit/ctrlaltdel\|.*- runit: power off\.\.\.' \
  "Ctrl-Alt-Del key: runit ran etc/runit/ctrlaltdel, then stage 3 and power off"
like "$(cat "$L")" 'reboot: Power down' "Ctrl-Alt-Del: the kernel powered down"

L=$T/pwr.log
like "$(grep -E '^(- runit: |@)' "$L" | tr '\n' '|')" '@driver pwr.*- runit: leave stage: /etc/runit/2\|.*@hello finished.*- runit: power off\.\.\.' \
  "SIGPWR on the machine: orderly shutdown and power off"
like "$(cat "$L")" 'reboot: Power down' "SIGPWR: the kernel powered down"

L=$T/panic.log
like "$(cat "$L")" '@bad init exits' "negative control: the bad init ran"
like "$(cat "$L")" 'Kernel panic' "negative control: an init that exits panics the kernel"

finish
