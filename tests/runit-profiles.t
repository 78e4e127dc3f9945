#!/bin/sh
# The build profiles at work: `make install PROFILE=debian` and
# `PROFILE=void` into a throw-away root (in a copy of this tree, so that
# command/ stays as it is), then each root booted as a PID namespace with
# the profile's own layout: runit-init where the distribution puts it
# (Debian /lib/runit, Void /usr/bin) starting runit from there, the stop
# files where its stage scripts create them (Debian /run/runit.stopit and
# /run/runit.reboot; Void /etc/runit/stopit and reboot, links into
# /run/runit/), and sv finding a bare service name in the distribution's
# services directory (/etc/service/, /var/service/).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runit-root.sh"
ns_require
require make tar
[ "${RUNIT_SANITIZE:-}" != 1 ] || {
  echo "1..1"; echo "ok 1 # skip the profiles are built with the normal compiler only"; exit 0; }

src=$T/src
mkdir -p "$src"
(cd "$TOP" && tar -cf - --exclude=./.git --exclude=./tests/.cache \
   --exclude=./bench/.cache --exclude=./build --exclude=./command .) | (cd "$src" && tar -xf -)

# root PROFILE NAME: a busybox root with the profile's programs installed
# by make install, and none of ours elsewhere
root() {
  _R=$T/$2
  mkroot "$_R"
  rm -f "$_R/sbin/runit" "$_R/sbin/runit-init" "$_R/run/runit.stopit" "$_R/run/runit.reboot"
  for _p in runsvdir runsv sv chpst svlogd; do rm -f "$_R/bin/$_p"; done
  make -C "$src" -s install PROFILE=$1 DESTDIR="$_R" >"$T/$2.install" 2>&1 ||
    { sed 's/^/# /' "$T/$2.install"; return 1; }
}
stages() { # ROOT SVDIR STOPIT REBOOT: stages in the distribution's manner
  cat >"$1/etc/runit/1" <<S
#!/bin/sh
PATH=/usr/sbin:/usr/bin:/sbin:/bin
mkdir -p ${3%/*}
: >$3; chmod 0 $3
: >$4; chmod 0 $4
echo @1
S
  cat >"$1/etc/runit/2" <<S
#!/bin/sh
PATH=/usr/sbin:/usr/bin:/sbin:/bin
exec runsvdir -P $2
S
  cat >"$1/etc/runit/3" <<S
#!/bin/sh
PATH=/usr/sbin:/usr/bin:/sbin:/bin
echo "@3 reboot mode \$(stat -c %a $4)"
sv -w 10 force-stop probe
echo "@3 probe \$(sv status probe | cut -d: -f1)"
S
  cat >"$1/etc/runit/ctrlaltdel" <<S
#!/bin/sh
touch $3; chmod 100 $3
echo @ctrlaltdel
S
  chmod 755 "$1/etc/runit/1" "$1/etc/runit/2" "$1/etc/runit/3" "$1/etc/runit/ctrlaltdel"
  mkdir -p "$1/etc/sv/probe" "$1$2"
  printf '#!/bin/sh\necho @probe up\nexec sleep 100000\n' >"$1/etc/sv/probe/run"
  chmod 755 "$1/etc/sv/probe/run"
  ln -s /etc/sv/probe "$1$2probe"
}

for c in halt reboot cad; do
  ok "debian $c: make install PROFILE=debian into the root" root debian deb-$c
  stages "$T/deb-$c" /etc/service/ /run/runit.stopit /run/runit.reboot
  ns_start "$T/deb-$c" 60 /lib/runit/runit-init
done
for c in halt reboot; do
  ok "void $c: make install PROFILE=void into the root" root void void-$c
  rm -rf "$T/void-$c/etc/service"
  ln -s /run/runit/stopit "$T/void-$c/etc/runit/stopit"
  ln -s /run/runit/reboot "$T/void-$c/etc/runit/reboot"
  stages "$T/void-$c" /var/service/ /run/runit/stopit /run/runit/reboot
  ns_start "$T/void-$c" 60 /usr/bin/runit-init
done

for r in deb-halt deb-reboot deb-cad void-halt void-reboot; do
  on_console "$T/$r" '@probe up' 60
  like "$(markers "$T/$r" | tr '\n' '|')" '^- runit: \$Id\$: booting\.\|.*@1\|.*- runit: enter stage: /etc/runit/2\|.*@probe up' \
    "$r: runit-init started the profile's runit, stages 1 and 2 ran"
done
like "$(console "$T/deb-halt")" '^- runit: runit-[0-9][^ ]* \(debian\): booting\.' \
  "debian: the banner names the profile"
like "$(console "$T/void-halt")" '^- runit: runit-[0-9][^ ]* \(void\): booting\.' \
  "void: the banner names the profile"
is "$(ns_exec "$T/deb-halt" /usr/bin/sv status probe | cut -d: -f1-2)" "run: probe" \
  "debian: sv finds a bare name in /etc/service/"
is "$(ns_exec "$T/void-halt" /usr/bin/sv status probe | cut -d: -f1-2)" "run: probe" \
  "void: sv finds a bare name in /var/service/"
ns_exec "$T/deb-halt" /lib/runit/runit-init 0
ns_exec "$T/deb-reboot" /lib/runit/runit-init 6
ns_exec "$T/deb-cad" /bin/kill -INT 1
ns_exec "$T/void-halt" /usr/bin/runit-init 0
ns_exec "$T/void-reboot" /usr/bin/runit-init 6

for r in deb-halt deb-cad void-halt; do
  is "$(ns_wait "$T/$r")" "signal 2" "$r: the namespace was powered off (SIGINT)"
  like "$(markers "$T/$r" | tr '\n' '|')" '@3 reboot mode 0\|@3 probe down\|.*- runit: power off\.\.\.' \
    "$r: stage 3 saw no reboot request and stopped the probe by its bare name"
done
like "$(markers "$T/deb-cad" | tr '\n' '|')" '- runit: ctrl-alt-del request\.\.\.\|.*@ctrlaltdel\|' \
  "deb-cad: Debian's ctrlaltdel request on /run/runit.stopit was honoured"
for r in deb-reboot void-reboot; do
  is "$(ns_wait "$T/$r")" "signal 1" "$r: the namespace was restarted (SIGHUP)"
  like "$(markers "$T/$r" | tr '\n' '|')" '@3 reboot mode 100\|@3 probe down\|.*- runit: system reboot\.' \
    "$r: stage 3 saw the reboot request (mode 100) and stopped the probe"
done
finish
