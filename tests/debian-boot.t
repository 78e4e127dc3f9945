#!/bin/sh
# A real Debian 12 boot: debootstrapped bookworm minbase with runit-init,
# getty-run, runit-services, cron, openssh-server and udev
# (tests/fetch-debian, cached outside the clone), on an ext4 image
# (mkfs.ext4 -d, labelled debroot) as NVMe disk, Debian's cloud kernel, no
# initrd, in qemu -accel tcg.  Debian's own /etc/runit/1, 2, 3, ctrlaltdel
# and service directories run unchanged.  Each case is one boot, of three
# kinds: "ours", our programs installed at Debian's places (make install
# PROFILE=debian); "debian", Debian's runit as it comes (the control, so
# that a red run can be blamed on the right side); "native", ours with the
# native boot (NATIVE_BOOT=yes: Debian's stage 1 and 3 source
# /etc/runit/boot-run and shutdown-run instead of running rcS.d and
# rc0.d/rc6.d; etc/debian-native/), for poweroff, reboot and cad only.
#   full       getty on ttyS0, cron and sshd as children of runsv,
#              sv restart ssh, sv down/up cron, sv status through both sv's,
#              then init 0                                  (ours, debian)
#   init6      init 6                                       (ours, debian)
#   poweroff   Debian's poweroff (/lib/runit/shutdown)
#   reboot     Debian's reboot
#   cad        Ctrl-Alt-Del through the qemu monitor
# Every boot: cron and sshd up under runsv; the image's sysctl.d setting
# applied, its files in /tmp gone, udev's /dev/disk/by-label/debroot link
# there (the probe's "system" line); a package's System V script
# (/etc/init.d/testpkg, rcS.d and rc0.d/rc6.d links: deb_extras) started
# in stage 1 and stopped in stage 3, each time with / writable.  After
# each: stage 3 ran (the rc scripts said "Will now halt." or "Will now
# restart.", but for the native kind, whose shutdown does their work), the
# kernel powered down or restarted, the ext4 image is clean (read with
# dumpe2fs), and ssh's svlogd log (read with debugfs) ends with the lines
# written while stopping.  The native boot says "native boot: done", the
# others do not.  Two boots at a time ($RUNIT_DEB_LANES), -smp 1 each,
# the longest first; RUNIT_DEB_BOOTS="poweroff.native ..." boots only
# those (to look into one).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/debian-root.sh"
if [ "${RUNIT_SANITIZE:-}" = 1 ]; then
  # the boots test installed static binaries, not the sanitizer builds
  echo "1..1"; echo "ok 1 # skip a real Debian boot runs in the plain make check only"; exit 0
fi
deb_require

BOOTS=${RUNIT_DEB_BOOTS:-"full.ours full.debian init6.ours init6.debian cad.ours cad.debian
  poweroff.ours poweroff.debian reboot.ours reboot.debian cad.native poweroff.native reboot.native"}
KINDS=
for b in $BOOTS; do
  case " $KINDS " in *" ${b#*.} "*) ;; *) KINDS="$KINDS ${b#*.}" ;; esac
done

# our nine programs, installed at Debian's places by make install
# PROFILE=debian (in a copy of the tree: command/ stays as it is), and
# with the native boot
S=$T/stage
deb_stage "$S" || skip_all "make install PROFILE=debian failed"
deb_stage "$S.native" NATIVE_BOOT=yes || skip_all "make install PROFILE=debian NATIVE_BOOT=yes failed"
for k in $KINDS; do
  deb_root "$T/$k" "$S/usr/bin/sv" || skip_all "unable to unpack $DEB/rootfs.tar.zst"
  case $k in
    ours) deb_ours "$T/$k" "$S" ;;
    native) deb_ours "$T/$k" "$S.native" ;;
  esac || skip_all "unable to put ours in"
  deb_extras "$T/$k" || skip_all "unable to put the test's files in"
done
# Debian's nine, to compare with
mkdir -p "$T/orig"
# shellcheck disable=SC2046
zstd -dcq "$DEB/rootfs.tar.zst" | tar -C "$T/orig" -xf - $(for f in $NINE; do echo "./$f"; done) ||
  skip_all "unable to unpack Debian's runit from $DEB/rootfs.tar.zst"
for k in $KINDS; do
  [ $k = debian ] && continue
  n=0
  for f in $NINE; do
    cmp -s "$T/$k/$f" "$T/tree/command/${f##*/}" && ! cmp -s "$T/$k/$f" "$T/orig/$f" && n=$((n + 1))
  done
  is "$n" 9 "$k: all nine of ours at Debian's places (merged /usr), none of Debian's left"
done
if [ -d "$T/native" ]; then
  m=
  for f in native.boot.run boot-run/00-native.sh boot-run/10-kernel.sh boot-run/60-rest.sh \
           shutdown-run/00-native.sh shutdown-run/30-final.sh; do
    [ -f "$T/native/etc/runit/$f" ] || m="$m $f"
  done
  is "$m" "" "native: the native boot in /etc/runit (boot-run, shutdown-run, native.boot.run)"
fi
for k in $KINDS; do
  deb_image "$T/$k" "$T/$k.img" || skip_all "mkfs.ext4 -d failed"
  rm -rf "${T:?}/$k"
done

# the boots, $LANES at a time: each lane takes the next boot nobody took
# (mkdir is the lock)
boot() {
  c=${1%.*}
  cp --sparse=always "$T/${1#*.}.img" "$T/$1.img" || return 1
  if [ "$c" = cad ]; then
    deb_boot "$1" "$T/$1.img" "$c" &
    _b=$!
    # (polled every half second: a poll every 20 ms is CPU the two
    # guests need)
    _i=960
    until grep -q '@probe ready cad' "$T/$1.raw" 2>/dev/null; do
      _i=$((_i - 1))
      [ $_i -gt 0 ] && kill -0 $_b 2>/dev/null || { _i=0; break; }
      sleep 0.5
    done
    [ $_i -gt 0 ] && deb_sendkey "$1" ctrl-alt-delete
    wait $_b
  else
    deb_boot "$1" "$T/$1.img" "$c"
  fi
}
lane() {
  for b in $BOOTS; do
    mkdir "$T/took.$b" 2>/dev/null && boot "$b"
  done
}
LANES=${RUNIT_DEB_LANES:-2}
lanes=
i=0
while [ $i -lt "$LANES" ]; do
  spawn lane; lanes="$lanes $!"
  i=$((i + 1))
done
# shellcheck disable=SC2086
wait $lanes

# the log of service ssh's svlogd, from the image
# (sshd -e ends its lines with \r\n)
sshlog() { debugfs -R 'cat /var/log/runit/ssh/current' "$1" 2>/dev/null | tr -d '\r'; }
# runit's own lines, the probe's, the package script's and the shutdown's,
# in order
trail() { grep -E '^(- runit: |@probe |@testpkg |Will now |\[ *[0-9.]*\] reboot: )' "$T/$1.log" | sed 's/\$Id: [0-9a-f]* \$/$Id$/' | tr '\n' '|'; }

for k in $KINDS; do
  case " $BOOTS " in *" full.$k "*) ;; *) continue ;; esac
  c=full.$k L=$T/$c.log
  # ours names its version and build profile, Debian's its $Id$
  banner='\$Id\$'; [ $k = ours ] && banner='runit-[^ ]+ \(debian\)'
  like "$(trail "$c")" "^- runit: $banner: booting\.\|- runit: enter stage: /etc/runit/1\|@testpkg start, / rw\|- runit: leave stage: /etc/runit/1\|- runit: enter stage: /etc/runit/2\|" \
    "$k full: $k runit booted and ran Debian's stage 1, then stage 2"
  like "$(cat "$L")" 'login:' "$k full: getty on ttyS0 says login:"
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

for b in $BOOTS; do
  c=${b%.*} k=${b#*.}
  case $c in
    full|poweroff|cad) rc='Will now halt\.' kern='reboot: Power down' how='power off\.\.\.' ;;
    *) rc='Will now restart\.' kern='reboot: Restarting system' how='system reboot\.' ;;
  esac
  L=$T/$b.log
  like "$(grep '^@probe up ' "$L")" '^@probe up cron [0-9]+ parent [0-9]+ \(runsv cron\) ssh [0-9]+ parent [0-9]+ \(runsv ssh\)$' \
    "$k $c: booted, cron and sshd up under runsv"
  if [ $k = native ]; then
    like "$(grep '^native boot: done' "$L")" '^native boot: done, [0-9.]+ s after the kernel started' \
      "$k $c: stage 1 was the native boot"
    # (minbase has neither ip nor ifconfig: lo stays down, as with
    # Debian's rcS.d, but the native boot says so)
    is "$(grep -E '^native boot: (warning|fatal)' "$L" | grep -v 'neither ip (iproute2) nor ifconfig is installed')" "" \
      "$k $c: the native boot and shutdown warned of nothing"
  else
    is "$(grep -c '^native boot: ' "$L")" 0 "$k $c: stage 1 ran Debian's rcS.d scripts, not the native boot"
  fi
  like "$(grep '^@probe system ' "$L")" "^@probe system vm.swappiness 17, 0 of the image's files left in /tmp, /dev/disk/by-label/debroot -> \.\./\.\./nvme0n1\$" \
    "$k $c: sysctl.d applied, /tmp cleaned, udev linked /dev/disk/by-label/debroot"
  like "$(trail "$b")" "- runit: enter stage: /etc/runit/1\|@testpkg start, / rw\|- runit: leave stage: /etc/runit/1\|" \
    "$k $c: the package's rcS.d script started in stage 1, / writable"
  like "$(trail "$b")" "- runit: enter stage: /etc/runit/3\|(.*\|)?@testpkg stop, / rw\|.*- runit: leave stage: /etc/runit/3\|" \
    "$k $c: the package's rc0.d/rc6.d script stopped in stage 3, / still writable"
  [ $c = cad ] && like "$(trail "$b")" '@probe ready cad\|- runit: ctrl-alt-del request\.\.\.\|.*- runit: enter stage: /etc/runit/3\|' \
    "$k $c: the key reached runit as process 1, which ran stage 3"
  if [ $k = native ]; then
    # the native shutdown does the work of sendsigs, umountroot, halt:
    # nothing says "Will now ..."
    like "$(trail "$b")" "- runit: enter stage: /etc/runit/3\|@testpkg stop, / rw\|- runit: leave stage: /etc/runit/3\|- runit: sending KILL signal to all processes\.\.\.\|- runit: $how\|\[ *[0-9.]*\] $kern\|\$" \
      "$k $c: stage 3 ran the native shutdown, then ${kern#reboot: }"
  else
    like "$(trail "$b")" "- runit: enter stage: /etc/runit/3\|@testpkg stop, / rw\|$rc\|- runit: leave stage: /etc/runit/3\|- runit: sending KILL signal to all processes\.\.\.\|- runit: $how\|\[ *[0-9.]*\] $kern\|\$" \
      "$k $c: stage 3 ran Debian's rc scripts (${rc%\\.}.), then ${kern#reboot: }"
  fi
  ok "$k $c: no kernel panic" sh -c "! grep -q 'Kernel panic' '$L'"
  ok "$k $c: the ext4 image is clean (dumpe2fs: clean, no needs_recovery)" deb_clean_fs "$T/$b.img"
  want=1; [ $c = full ] && want=2
  like "$(sshlog "$T/$b.img" | grep -c 'Received signal 15; terminating\.')|$(sshlog "$T/$b.img" | tail -n 2 | sed 's/^[0-9_:.-]* //' | tr '\n' '|')" \
    "^$want\|Received signal 15; terminating\.\|ssh Stopped\|\$" \
    "$k $c: ssh's svlogd log ends with the lines written while stopping"
done

finish
