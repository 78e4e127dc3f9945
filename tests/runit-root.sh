# Throw-away root file systems for the runit tests: a PID namespace and a
# chroot per case (tests/unit/nswrap.c), never the host.  Source it after
# lib.sh.
#
#   mkroot DIR [ours|debian]  a root with static busybox, runit as /sbin/runit
#                             (ours by default, or Debian's for comparison),
#                             our runit-init, and runsvdir/runsv/sv (see below)
#   stage DIR NAME BODY       write DIR/etc/runit/NAME as an executable script
#   service DIR NAME BODY     DIR/etc/sv/NAME/run, linked into /etc/service
#   ns_start DIR [SECS] [PROG...]  boot DIR (default /sbin/runit as process 1)
#                             in the background, killed after SECS (at
#                             least 600) at the latest; console in DIR.console;
#                             NS_NOBOOT=1: without CAP_SYS_BOOT (nswrap -B)
#   ns_wait DIR               wait for the end; prints "exit N", "signal N"
#                             or "timeout" (what reached the parent)
#   ns_exec DIR CMD...        run CMD inside DIR's namespaces and chroot
#   ns_kill SIG DIR           signal DIR's process 1 from outside, as a
#                             container runtime does
#   console DIR               the console transcript so far
#   on_console DIR REGEX      wait until the console shows REGEX
#
# runsvdir, runsv and sv: ours when command/ has them, else Debian's (with
# their shared libraries), else busybox's applets; RUNIT_SUPPORT=ours|debian|
# busybox forces one.

NSWRAP=$UNIT/nswrap    # tests/unit/nswrap.c, built by make
BUSYBOX=${BUSYBOX:-$(command -v busybox 2>/dev/null)}

ns_require() {
  require_root
  require unshare nsenter
  [ -n "$BUSYBOX" ] || skip_all "busybox not found (apt-get install busybox-static)"
  file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked' ||
    ldd "$BUSYBOX" 2>&1 | grep -q 'not a dynamic' ||
    skip_all "$BUSYBOX is not static (apt-get install busybox-static)"
  [ -x "$B/runit" ] && [ -x "$B/runit-init" ] || skip_all "run make first"
  [ -x "$NSWRAP" ] || skip_all "$NSWRAP not built (run make)"
  [ "$(support_kind)" != none ] ||
    skip_all "no runsvdir, runsv, sv: not built, no Debian's, not in busybox"
  "$NSWRAP" -t 5 -- /bin/true >/dev/null 2>&1 ||
    skip_all "PID namespaces unavailable (nswrap -- /bin/true failed)"
}

support_kind() {
  case ${RUNIT_SUPPORT:-} in ours|debian|busybox) echo "$RUNIT_SUPPORT"; return;; esac
  if [ -x "$B/runsvdir" ] && [ -x "$B/runsv" ] && [ -x "$B/sv" ]; then echo ours
  elif [ -x "$REF/usr/bin/runsvdir" ] || "$TOP/tests/fetch-ref" >/dev/null 2>&1; then
    echo debian
  elif "$BUSYBOX" --list | grep -qx runsvdir; then echo busybox
  else echo none; fi
}

# copy a dynamic binary's shared libraries into the root, at the same paths
copy_libs() {
  ldd "$2" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' |
  while read -r lib; do
    [ -e "$1$lib" ] && continue
    mkdir -p "$1${lib%/*}" && cp -L "$lib" "$1$lib"
  done
}

put_bin() { # root dest src
  rm -f "$1$2"; cp "$3" "$1$2"; chmod 755 "$1$2"
  file -L "$3" | grep -q 'dynamically linked' && copy_libs "$1" "$3"
  return 0
}

mkroot() {
  _r=$1
  mkdir -p "$_r/bin" "$_r/sbin" "$_r/etc/runit" "$_r/etc/sv" "$_r/etc/service" \
    "$_r/dev" "$_r/proc" "$_r/sys" "$_r/run" "$_r/tmp" "$_r/var/log"
  cp "$BUSYBOX" "$_r/bin/busybox"
  for _a in $("$BUSYBOX" --list); do
    [ "$_a" = busybox ] || ln -sf busybox "$_r/bin/$_a"
  done
  rm -f "$_r/bin/init" "$_r/sbin/init" "$_r/bin/runit" "$_r/bin/runit-init"
  ln -s /bin/busybox "$_r/sbin/busybox-stand-in"
  case ${2:-${RUNIT_INIT:-ours}} in
    debian) put_bin "$_r" /sbin/runit "$REF/sbin/runit" ;;
    *) put_bin "$_r" /sbin/runit "$B/runit" ;;
  esac
  put_bin "$_r" /sbin/runit-init "$B/runit-init"
  case $(support_kind) in
    ours) for _p in runsvdir runsv sv chpst svlogd; do
            [ -x "$B/$_p" ] && put_bin "$_r" "/bin/$_p" "$B/$_p"
          done ;;
    debian) for _p in runsvdir runsv sv chpst svlogd; do
              put_bin "$_r" "/bin/$_p" "$REF/usr/bin/$_p"
            done ;;
  esac
  # Debian's runit looks for its request files in /run: point them at ours
  ln -sf /etc/runit/stopit "$_r/run/runit.stopit"
  ln -sf /etc/runit/reboot "$_r/run/runit.reboot"
  echo root:x:0:0:root:/:/bin/sh >"$_r/etc/passwd"
  echo root:x:0: >"$_r/etc/group"
  : >"$_r/dev/console"
  # device nodes, so that stage 1 leaves /dev alone
  mknod -m 666 "$_r/dev/null" c 1 3 && mknod -m 666 "$_r/dev/zero" c 1 5 &&
    mknod -m 666 "$_r/dev/urandom" c 1 9 && mknod -m 666 "$_r/dev/tty" c 5 0 ||
    echo "mkroot: mknod failed" >&2
}

stage() {
  printf '#!/bin/sh\nPATH=/sbin:/bin\n%s\n' "$3" >"$1/etc/runit/$2"
  chmod 755 "$1/etc/runit/$2"
}

service() {
  mkdir -p "$1/etc/sv/$2"
  printf '#!/bin/sh\n%s\n' "$3" >"$1/etc/sv/$2/run"
  chmod 755 "$1/etc/sv/$2/run"
  ln -sfn "/etc/sv/$2" "$1/etc/service/$2"
}

ns_start() {
  # SECS is a backstop for a namespace the test forgot, never a time the
  # test waits for: on a busy machine a whole test file takes minutes, and
  # a namespace killed on the way fails every later check.  lib.sh's
  # cleanup ends nswrap, and with it the namespace, when the test ends.
  _r=$1 _s=${2:-30}
  [ "$_s" -ge 600 ] || _s=600
  shift; [ $# -gt 0 ] && shift
  [ $# -gt 0 ] || set -- /sbin/runit
  rm -f "$_r.pid" "$_r.status" "$_r.console"
  spawn "$NSWRAP" ${NS_NOBOOT:+-B} -t "$_s" -r "$_r" -c "$_r.console" -p "$_r.pid" \
    -s "$_r.status" -- "$@" >/dev/null 2>"$_r.err"
}

ns_wait() {
  wait_until 150 test -s "$1.status" || { echo "no status"; return; }
  cat "$1.status"
}

# the pid of DIR's process 1, as seen from here, after checking that it
# really is in another PID namespace and inside DIR: nothing here may ever
# reach the host's init or the host's root
ns_pid() {
  _p=$(cat "$1.pid" 2>/dev/null) || return 1
  case $_p in ''|*[!0-9]*|1) return 1 ;; esac
  [ "$(readlink "/proc/$_p/ns/pid")" != "$(readlink /proc/self/ns/pid)" ] || return 1
  [ "$(readlink "/proc/$_p/root")" = "$(cd "$1" && pwd -P)" ] || return 1
  echo "$_p"
}

ns_exec() {
  _r=$1; shift
  _p=$(ns_pid "$_r") || { echo "ns_exec: $_r is not running in its namespace" >&2; return 1; }
  nsenter -t "$_p" -p -m -r -w "$@"
}

ns_kill() {
  _p=$(ns_pid "$2") || { echo "ns_kill: $2 is not running in its namespace" >&2; return 1; }
  kill -s "$1" "$_p"
}

# full_root DIR: a root with this tree's etc/runit stages and a service
# hello that says "@hello up" and, from its finish, "@hello finished"
full_root() {
  mkroot "$1"
  cp "$TOP/etc/runit/1" "$TOP/etc/runit/2" "$TOP/etc/runit/3" "$1/etc/runit/"
  service "$1" hello 'echo @hello up; exec sleep 1000'
  printf '#!/bin/sh\necho @hello finished\n' >"$1/etc/sv/hello/finish"
  chmod 755 "$1/etc/sv/hello/finish"
}
# stopped_in_order DIR: stage 3 ran and stopped hello before the end
stopped_in_order() {
  markers "$1" | tr '\n' '|' | grep -Eq \
    'leave stage: /etc/runit/2\|- runit: enter stage: /etc/runit/3\|.*@hello finished\|.*- runit: leave stage: /etc/runit/3\|- runit: sending KILL signal to all processes'
}
console() { cat "$1.console" 2>/dev/null; }
# runit's own lines and the markers (lines starting with @), version elided
markers() { grep -E '^(- runit: |@)' "$1.console" 2>/dev/null | sed 's/\$Id: [0-9a-f]* \$/$Id$/; s/runit-[0-9][^ ]* ([a-z]*)/$Id$/'; }
on_console() { wait_until "${3:-120}" grep -sEq -- "$2" "$1.console"; }
