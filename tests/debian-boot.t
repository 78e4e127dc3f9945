#!/bin/sh
# A real Debian 12 boot: debootstrapped bookworm minbase with runit-init,
# getty-run, runit-services, cron and openssh-server (tests/fetch-debian,
# cached outside the clone), on an ext4 image (mkfs.ext4 -d) as NVMe disk,
# Debian's cloud kernel, no initrd, in qemu -accel tcg.  Debian's own
# /etc/runit/1, 2, 3, ctrlaltdel and service directories run unchanged.
# Each case is one boot, done twice: with our programs installed at
# Debian's places (make install PROFILE=debian) and with Debian's runit as
# it comes (the control), so that a red run can be blamed on the right side.
#   full       getty on ttyS0, cron and sshd as children of runsv,
#              sv restart ssh, sv down/up cron, sv status through both sv's,
#              then init 0
#   init6      init 6
#   poweroff   Debian's poweroff (/lib/runit/shutdown)
#   reboot     Debian's reboot
#   cad        Ctrl-Alt-Del through the qemu monitor
# After each: the rc scripts said "Will now halt." or "Will now restart.",
# the kernel powered down or restarted, the ext4 image is clean (read with
# dumpe2fs), and ssh's svlogd log (read with debugfs) ends with the lines
# written while stopping.  Two boots at a time, -smp 1 each.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/debian-root.sh"
if [ "${RUNIT_SANITIZE:-}" = 1 ]; then
  # the boots test installed static binaries, not the sanitizer builds
  echo "1..1"; echo "ok 1 # skip a real Debian boot runs in the plain make check only"; exit 0
fi
deb_require

# our nine programs, installed at Debian's places by make install
# PROFILE=debian (in a copy of the tree: command/ stays as it is)
S=$T/stage
deb_stage "$S" || skip_all "make install PROFILE=debian failed"
deb_root "$T/debian" "$S/usr/bin/sv" || skip_all "unable to unpack $DEB/rootfs.tar.zst"
deb_root "$T/ours" "$S/usr/bin/sv" && deb_ours "$T/ours" "$S" || skip_all "unable to put ours in"
n=0
for f in $NINE; do
  cmp -s "$T/ours/$f" "$T/tree/command/${f##*/}" && ! cmp -s "$T/ours/$f" "$T/debian/$f" && n=$((n + 1))
done
is "$n" 9 "all nine of ours at Debian's places (merged /usr), none of Debian's left"
deb_image "$T/debian" "$T/debian.img" && deb_image "$T/ours" "$T/ours.img" ||
  skip_all "mkfs.ext4 -d failed"
rm -rf "$T/debian" "$T/ours"

KINDS="ours debian"
CASES="full init6 poweroff reboot cad"
for c in $CASES; do
  for k in $KINDS; do
    cp --sparse=always "$T/$k.img" "$T/$c.$k.img"
    spawn deb_boot "$c.$k" "$T/$c.$k.img" "$c"; eval "pid_$k=\$!"
  done
  if [ "$c" = cad ]; then
    for k in $KINDS; do
      wait_until 480 grep -q '@probe ready cad' "$T/$c.$k.raw" && deb_sendkey "$c.$k" ctrl-alt-delete
    done
  fi
  wait $pid_ours $pid_debian
done

# the log of service ssh's svlogd, from the image
# (sshd -e ends its lines with \r\n)
sshlog() { debugfs -R 'cat /var/log/runit/ssh/current' "$1" 2>/dev/null | tr -d '\r'; }
# runit's own lines, the probe's, and the shutdown's, in order
trail() { grep -E '^(- runit: |@probe |Will now |\[ *[0-9.]*\] reboot: )' "$T/$1.log" | sed 's/\$Id: [0-9a-f]* \$/$Id$/' | tr '\n' '|'; }

for k in $KINDS; do
  c=full.$k L=$T/$c.log
  # ours names its version and build profile, Debian's its $Id$
  banner='\$Id\$'; [ $k = ours ] && banner='runit-[^ ]+ \(debian\)'
  like "$(trail "$c")" "^- runit: $banner: booting\.\|- runit: enter stage: /etc/runit/1\|- runit: leave stage: /etc/runit/1\|- runit: enter stage: /etc/runit/2\|" \
    "$k full: $k runit booted and ran Debian's stage 1, then stage 2"
  like "$(cat "$L")" 'login:' "$k full: getty on ttyS0 says login:"
  like "$(grep '^@probe up ' "$L")" '^@probe up cron [0-9]+ parent [0-9]+ \(runsv cron\) ssh [0-9]+ parent [0-9]+ \(runsv ssh\)$' \
    "$k full: cron and sshd run, each the child of its runsv"
  like "$(grep '^@probe ssh restarted' "$L")" '^@probe ssh restarted: sshd ([0-9]+) -> [0-9]+ parent [0-9]+ \(runsv ssh\)$' \
    "$k full: sv restart ssh: a new sshd under runsv"
  like "$(grep '^@probe cron .* gone' "$L")" 'gone: down: cron: Ns, normally up$' "$k full: sv down cron: cron gone, down"
  like "$(grep '^@probe cron up again' "$L")" '^@probe cron up again: cron [0-9]+ parent [0-9]+ \(runsv cron\)$' \
    "$k full: sv up cron: cron runs again under runsv"
  is "$(sed -n 's/^@probe sv ours: //p' "$L")" "$(sed -n 's/^@probe sv debian: //p' "$L")" \
    "$k full: sv status /etc/service/* reads the same through our sv and Debian's"
  like "$(sed -n 's/^@probe sv ours: //p' "$L" | tr '\n' '|')" '^run: /etc/service/cron: \(pid [0-9]+\) Ns.*run: /etc/service/ssh: \(pid [0-9]+\) Ns; run: log: .*rc [0-9]+\|$' \
    "$k full: sv status shows cron and ssh (with its log) running"
done

for k in $KINDS; do
  for c in full init6 poweroff reboot cad; do
    case $c in
      full|poweroff|cad) rc='Will now halt\.' kern='reboot: Power down' how='power off\.\.\.' ;;
      *) rc='Will now restart\.' kern='reboot: Restarting system' how='system reboot\.' ;;
    esac
    L=$T/$c.$k.log
    [ $c = full ] || like "$(grep '^@probe up ' "$L")" '^@probe up cron [0-9]+ parent [0-9]+ \(runsv cron\) ssh [0-9]+ parent [0-9]+ \(runsv ssh\)$' \
      "$k $c: booted, cron and sshd up under runsv"
    [ $c = cad ] && like "$(trail "$c.$k")" '@probe ready cad\|- runit: ctrl-alt-del request\.\.\.\|.*- runit: enter stage: /etc/runit/3\|' \
      "$k $c: the key reached runit as process 1, which ran stage 3"
    like "$(trail "$c.$k")" "- runit: enter stage: /etc/runit/3\|$rc\|- runit: leave stage: /etc/runit/3\|- runit: sending KILL signal to all processes\.\.\.\|- runit: $how\|\[ *[0-9.]*\] $kern\|\$" \
      "$k $c: stage 3 ran Debian's rc scripts (${rc%\\.}.), then ${kern#reboot: }"
    ok "$k $c: no kernel panic" sh -c "! grep -q 'Kernel panic' '$L'"
    ok "$k $c: the ext4 image is clean (dumpe2fs: clean, no needs_recovery)" deb_clean_fs "$T/$c.$k.img"
    want=1; [ $c = full ] && want=2
    like "$(sshlog "$T/$c.$k.img" | grep -c 'Received signal 15; terminating\.')|$(sshlog "$T/$c.$k.img" | tail -n 2 | sed 's/^[0-9_:.-]* //' | tr '\n' '|')" \
      "^$want\|Received signal 15; terminating\.\|ssh Stopped\|\$" \
      "$k $c: ssh's svlogd log ends with the lines written while stopping"
  done
done

finish
