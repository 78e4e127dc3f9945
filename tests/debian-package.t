#!/bin/sh
# The package runit-c1 (make deb) on a running Debian 12, in the qemu guest
# of tests/debian-boot.t (tests/debian-root.sh): two boots of one image.
#   1. booted with Debian's runit: dpkg -i runit-c1 while process 1 and
#      every service run; the services keep their pids, our sv answers;
#      dpkg -i a newer build (upgrade) while running, pids kept again;
#      then init 6 through our runit-init and Debian's process 1.
#   2. the boot with the package installed by dpkg: our runit is process 1
#      (its banner).  mini-httpd-run, a service packaged with runit-helper,
#      is installed, runs under our runsv, is restarted with our sv and
#      purged, leaving nothing behind.  dpkg -r runit-c1 while running
#      (pids kept, Debian's files back: dpkg --verify runit), then init 0,
#      cleanly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/debian-root.sh"
if [ "${RUNIT_SANITIZE:-}" = 1 ]; then
  echo "1..1"; echo "ok 1 # skip the package is booted in the plain make check only"; exit 0
fi
deb_require
require dpkg-deb dpkg-parsechangelog
[ -s "$DEB/debs/extra/ok" ] || skip_all "no mini-httpd .debs in $DEB/debs/extra (tests/fetch-debian)"

# the package, and a newer build of it, in a copy of the tree
S=$T/src
mkdir -p "$S"
(cd "$TOP" && tar -cf - Makefile package src man etc) | tar -C "$S" -xf -
version=$(cat "$TOP/package/version")
deb1=$(make -s -C "$S" deb 2>"$T/make.log") &&
  deb2=$(make -s -C "$S" deb DEBVERSION="$version+t1" 2>>"$T/make.log") ||
  { sed 's/^/# /' "$T/make.log"; skip_all "make deb failed"; }

R=$T/root
deb_root "$R" "$S/build/deb/command/sv" || skip_all "unable to unpack $DEB/rootfs.tar.zst"
cp "$R/usr/bin/sv" "$T/debian-sv"
# mini-httpd-run's run names its host localhost: as on any installed system
grep -q localhost "$R/etc/hosts" 2>/dev/null || echo '127.0.0.1 localhost' >>"$R/etc/hosts"
mkdir -p "$R/root/pkg"
cp "$S/$deb1" "$R/root/pkg/c1.deb" && cp "$S/$deb2" "$R/root/pkg/c1-new.deb" &&
  cp "$DEB"/debs/extra/*.deb "$R/root/pkg/" || skip_all "unable to copy the packages in"

# what the probe runs (sourced: say, daemon, until_ are its)
cat >"$R/usr/local/lib/runit-test/pkg-common.sh" <<'EOF'
# every runsv and runsvdir, and each service's pid, one line each
snap() {
  for p in $(pgrep -x 'runsv|runsvdir' | sort -n); do
    echo "$p $(tr '\0\n' '  ' </proc/$p/cmdline | cut -c1-24)"
  done
  for s in /etc/service/*/; do
    echo "${s%/} $(cat "$s/supervise/pid" 2>/dev/null)"
  done
}
same() {   # same NAME BEFORE: the snapshot has not changed since BEFORE
  now=$(snap)
  if [ "$now" = "$2" ]; then say "$1: pids kept: $(echo "$now" | wc -l) processes and services"
  else say "$1: pids changed"; echo "$now" | while read -r l; do say "  now: $l"; done; fi
}
dpkgq() { dpkg-query -W -f '${Version} ${db:Status-Abbrev}' "$1" 2>/dev/null; }
EOF
cat >"$R/usr/local/lib/runit-test/pkg1.sh" <<'EOF'
. /usr/local/lib/runit-test/pkg-common.sh
# Debian's runit restarts, on any change in /usr/bin or /usr/sbin (its dpkg
# trigger), the services whose program has no recorded mtime yet, as on a
# first package install: let it record them first, as any install would
/lib/runit/trigger_sv upgrade >/dev/null 2>&1
until_ 120 daemon cron cron && until_ 120 daemon ssh sshd || say "timeout waiting for cron and sshd again"
before=$(snap)
say "services: $(ls -d /etc/service/*/ | wc -l); process 1: $(readlink /proc/1/exe)"
echo "$before" | while read -r l; do say "before: $l"; done
say "dpkg -i c1: rc $(dpkg -i /root/pkg/c1.deb >/tmp/dpkg.log 2>&1; echo $?)"
say "installed: $(dpkgq runit-c1); diversions $(dpkg-divert --list runit-c1 | wc -l)"
same "after install" "$before"
say "sv -V: $(sv -V 2>&1 | head -n 1)"
say "sv status cron: $(sv status cron | sed 's/ [0-9]*s/ Ns/g; s/pid [0-9]*/pid N/')"
say "dpkg -i c1-new: rc $(dpkg -i /root/pkg/c1-new.deb >>/tmp/dpkg.log 2>&1; echo $?)"
say "upgraded: $(dpkgq runit-c1); diversions $(dpkg-divert --list runit-c1 | wc -l)"
same "after upgrade" "$before"
say "action init6"
init 6
EOF
cat >"$R/usr/local/lib/runit-test/pkg2.sh" <<'EOF'
. /usr/local/lib/runit-test/pkg-common.sh
say "process 1: $(readlink /proc/1/exe); installed: $(dpkgq runit-c1)"
mkdir -p /var/www/html   # mini-httpd-run's run serves it
say "dpkg -i mini-httpd: rc $(dpkg -i /root/pkg/mini-httpd_*.deb /root/pkg/mini-httpd-run_*.deb >/tmp/dpkg.log 2>&1; echo $?)"
[ -e /etc/service/mini-httpd ] || say "mini-httpd: not enabled: $(ls -l /etc/service/ | tr '\n' ' ')"
# up STATE: mini_httpd has run for 2 s or more under runsv (not a crash loop)
up() { daemon mini-httpd mini_httpd >/dev/null && sv status mini-httpd | grep -Eq '^run: .*\) ([2-9]|[1-9][0-9]+)s'; }
until_ 30 up || { say "timeout waiting for mini_httpd: $(sv status mini-httpd)"
  tail -n 5 /var/log/runit/mini-httpd/current 2>&1 | while read -r l; do say "  log: $l"; done; }
set -- $(daemon mini-httpd mini_httpd)
m=$1
say "mini-httpd up: mini_httpd $1 parent $2 ($(readlink /proc/$2/exe))"
say "sv restart mini-httpd: $(sv restart mini-httpd 2>&1 | sed 's/ [0-9]*s/ Ns/g; s/pid [0-9]*/pid N/')"
newm() { x=$(daemon mini-httpd mini_httpd) && set -- $x && [ "$1" != "$m" ]; }
until_ 30 newm || say "timeout waiting for a new mini_httpd"
set -- $(daemon mini-httpd mini_httpd)
say "mini-httpd restarted: mini_httpd $m -> $1"
say "dpkg --purge mini-httpd-run mini-httpd: rc $(dpkg --purge mini-httpd-run mini-httpd >>/tmp/dpkg.log 2>&1; echo $?)"
gone() { ! pgrep -x mini_httpd >/dev/null && ! pgrep -x -f 'runsv mini-httpd' >/dev/null; }
until_ 20 gone || say "mini_httpd or its runsv still there: $(pgrep -a 'runsv|mini_httpd' | tr '\n' ' ')"
say "mini-httpd left: $(ls -d /etc/sv/mini-httpd /etc/service/mini-httpd /etc/runit/runsvdir/default/*mini-httpd /var/log/runit/mini-httpd /etc/mini-httpd.conf /etc/init.d/mini-httpd 2>/dev/null | tr '\n' ' ')."
# runit-helper empties the supervise directories in /run and leaves them
say "in /run/runit/supervise: $(cd /run/runit/supervise && ls -A mini-httpd mini-httpd.log 2>&1 | tr '\n' ' ')"
/lib/runit/trigger_sv upgrade >/dev/null 2>&1
until_ 120 daemon cron cron && until_ 120 daemon ssh sshd || say "timeout waiting for cron and sshd again"
before=$(snap)
say "dpkg -r runit-c1: rc $(dpkg -r runit-c1 >>/tmp/dpkg.log 2>&1; echo $?)"
# (the root has no pages: fetch-debian trims them; the programs are checked)
say "removed: $(dpkgq runit-c1); diversions $(dpkg-divert --list runit-c1 | wc -l); dpkg --verify runit: $(dpkg --verify runit 2>&1 | grep -v /share/ | wc -l) lines"
same "after remove" "$before"
say "action init0"
init 0
EOF

deb_image "$R" "$T/pkg.img" || skip_all "mkfs.ext4 -d failed"
rm -rf "$R"
deb_boot pkg1 "$T/pkg.img" pkg1
deb_clean_fs "$T/pkg.img"; clean1=$?
deb_boot pkg2 "$T/pkg.img" pkg2

lines() { grep -aE '(- runit: |@probe |Will now |\[ *[0-9.]*\] reboot: )' "$T/$1.log" | sed 's/^.*\(- runit: \)/\1/; s/\$Id: [0-9a-f]* \$/$Id$/'; }
trail() { lines "$1" | tr '\n' '|'; }
for b in pkg1 pkg2; do lines $b | grep -v '^@probe \(before\|  now\)' | sed "s/^/# $b: /"; done
p() { sed -n "s/^@probe $2//p" "$T/$1.log"; }

# 1. Debian's runit as process 1
like "$(trail pkg1)" '^- runit: \$Id\$: booting\.' "1: booted with Debian's runit"
like "$(p pkg1 'services: ')" '^([0-9]{2,}|[89]); process 1: /(usr/)?sbin/runit$' "1: 8 or more services run"
is "$(p pkg1 'dpkg -i c1: ')" "rc 0" "1: dpkg -i runit-c1 while running"
is "$(p pkg1 'installed: ')" "$version ii ; diversions 18" "1: installed, 18 diversions"
like "$(p pkg1 'after install: ')" '^pids kept' "1: every runsv, runsvdir and service kept its pid"
is "$(p pkg1 'sv -V: ')" "runit-$version (debian)" "1: sv is ours"
like "$(p pkg1 'sv status cron: ')" '^run: cron: \(pid N\) Ns' "1: our sv reads Debian's runsv"
is "$(p pkg1 'dpkg -i c1-new: ')" "rc 0" "1: upgrade to the newer build while running"
is "$(p pkg1 'upgraded: ')" "$version+t1 ii ; diversions 18" "1: the newer build installed, 18 diversions"
like "$(p pkg1 'after upgrade: ')" '^pids kept' "1: after the upgrade, every pid kept"
like "$(trail pkg1)" "@probe action init6\|.*- runit: enter stage: /etc/runit/3\|Will now restart\.\|- runit: leave stage: /etc/runit/3\|.*\[ *[0-9.]*\] reboot: Restarting system\|\$" \
  "1: init 6 (our runit-init): Debian's process 1 ran stage 3 and rebooted"
is "$clean1" 0 "1: the image is clean"

# 2. booted with the package dpkg installed
like "$(trail pkg2)" "^- runit: runit-[^ ]+ \(debian\): booting\.\|" "2: our runit booted, from the package"
is "$(p pkg2 'dpkg -i mini-httpd: ')" "rc 0" "2: dpkg -i mini-httpd mini-httpd-run (runit-helper)"
like "$(p pkg2 'mini-httpd up: ')" '^mini_httpd [0-9]+ parent [0-9]+ \(/usr/bin/runsv\)$' "2: mini_httpd runs under our runsv"
like "$(p pkg2 'mini-httpd restarted: ')" '^mini_httpd ([0-9]+) -> [0-9]+$' "2: sv restart mini-httpd: a new mini_httpd"
ok "2: ... a new pid" sh -c "p=\$(sed -n 's/^@probe mini-httpd restarted: mini_httpd //p' '$T/pkg2.log'); [ \"\${p% -> *}\" != \"\${p#* -> }\" ]"
is "$(p pkg2 'dpkg --purge mini-httpd-run mini-httpd: ')" "rc 0" "2: purged"
is "$(p pkg2 'mini-httpd left: ')" "." "2: nothing of mini-httpd left (service, links, log, config, init script)"
is "$(p pkg2 'dpkg -r runit-c1: ')" "rc 0" "2: dpkg -r runit-c1 while running"
like "$(p pkg2 'removed: ')" '; diversions 0; dpkg --verify runit: 0 lines$' "2: removed, no diversion, Debian's files verified"
like "$(p pkg2 'after remove: ')" '^pids kept' "2: every pid kept"
like "$(trail pkg2)" "@probe action init0\|.*- runit: enter stage: /etc/runit/3\|Will now halt\.\|- runit: leave stage: /etc/runit/3\|.*- runit: power off\.\.\.\|\[ *[0-9.]*\] reboot: Power down\|\$" \
  "2: init 0: stage 3 ran, powered off"
grep -aiE 'remount|busy|read-only|orphan' "$T/pkg2.log" | sed 's/^/# pkg2 console: /'
# After dpkg -r, process 1 runs a runit whose file is deleted: ext4 keeps
# its inode as an orphan and will not remount / read-only, as after any
# upgrade of runit (Debian's too) while it is process 1; the next mount
# frees the inode.
if deb_clean_fs "$T/pkg.img"; then ok "2: the image is clean" true
elif grep -aqi 'busy' "$T/pkg2.log"; then
  skip "2: the image is clean" "/ busy at stage 3: process 1 runs the runit that dpkg -r deleted"
else ok "2: the image is clean" false
fi
debugfs -R 'cat /usr/bin/sv' "$T/pkg.img" >"$T/sv.after" 2>/dev/null
ok "2: /usr/bin/sv on disk is Debian's again" cmp "$T/sv.after" "$T/debian-sv"
finish
