# OCI bundles run by runc, for tests/container.t and bench/container.sh.
# Source it after lib.sh (which sets $T, $B, $TOP).
#
#   ctr_require               skip_all unless root, runc, a static busybox
#   bundle DIR KIND           a bundle: runc's spec, a root holding static
#                             busybox, our binaries in /usr/bin, the
#                             container stage scripts (etc/container) as
#                             /etc/runit/1,2,3 and services (see below);
#                             KIND sets process 1: runsvdir, runit, tini,
#                             dumb-init
#   cfg DIR PYTHON            edit DIR/config.json: PYTHON sees it as c
#   ctr_start DIR             runc run DIR (container id: its basename) in
#                             the background; output in DIR.out
#   ctr_running DIR           wait until runc says "running"
#   ctr_exec DIR CMD          sh -c CMD inside it (runc exec)
#   ctr_wait DIR              wait for the end; prints runc's exit code
#   ctr_cleanup               runc delete -f every container started
#
# Services: logged (echo "first line", then on TERM "last line", into an
# svlogd log; ./finish says "@finished logged"), stubborn (ignores TERM,
# timeout-kill 200 ms; ./finish says "@finished stubborn"), orphans (hands
# five exiting and one long-lived orphan to process 1 at each start).
CTR_STATE=$T/runc
CTR_IDS=

ctr_require() {
  require_root
  require runc python3
  BUSYBOX=${BUSYBOX:-$(command -v busybox 2>/dev/null)}
  [ -n "$BUSYBOX" ] && file -L "$BUSYBOX" | grep -q 'statically linked' ||
    skip_all "no static busybox (apt-get install busybox-static)"
  [ -x "$B/runsvdir" ] && [ -x "$B/runit" ] || skip_all "run make first"
}

ctr_cleanup() {
  for _i in $CTR_IDS; do runc --root "$CTR_STATE" delete -f "$_i" >/dev/null 2>&1; done
}

cfg() {
  python3 - "$1/config.json" "$2" <<'PY'
import json, sys
f = sys.argv[1]
c = json.load(open(f))
exec(sys.argv[2])
json.dump(c, open(f, "w"), indent=1)
PY
}

_svc() { # root name body
  mkdir -p "$1/etc/service/$2"
  printf '#!/bin/sh\n%s\n' "$3" >"$1/etc/service/$2/run"
  chmod 755 "$1/etc/service/$2/run"
}
_finish() {
  printf '#!/bin/sh\necho "@finished %s"\n' "$2" >"$1/etc/service/$2/finish"
  chmod 755 "$1/etc/service/$2/finish"
}

bundle() {
  _d=$1 _r=$1/rootfs
  mkdir -p "$_r/bin" "$_r/usr/bin" "$_r/sbin" "$_r/etc/runit" "$_r/etc/service" \
    "$_r/proc" "$_r/dev" "$_r/sys" "$_r/tmp" "$_r/run" "$_r/var/log/logged"
  cp "$BUSYBOX" "$_r/bin/busybox"
  for _a in $("$BUSYBOX" --list); do
    [ -e "$_r/bin/$_a" ] || ln -s busybox "$_r/bin/$_a"
  done
  for _p in runit runsvdir runsv sv svlogd chpst; do put_bin "$_r" "/usr/bin/$_p" "$B/$_p"; done
  cp "$TOP/etc/container/1" "$TOP/etc/container/2" "$TOP/etc/container/3" "$_r/etc/runit/"
  echo root:x:0:0:root:/:/bin/sh >"$_r/etc/passwd"
  echo root:x:0: >"$_r/etc/group"
  _svc "$_r" logged 'trap "echo last line; exit 0" TERM
echo first line; while :; do sleep 0.05; done'
  _finish "$_r" logged
  mkdir -p "$_r/etc/service/logged/log"
  printf '#!/bin/sh\nexec svlogd -tt /var/log/logged\n' >"$_r/etc/service/logged/log/run"
  chmod 755 "$_r/etc/service/logged/log/run"
  _svc "$_r" stubborn 'trap "" TERM; while :; do sleep 0.05; done'
  echo 200 >"$_r/etc/service/stubborn/timeout-kill"
  _finish "$_r" stubborn
  _svc "$_r" orphans 'for i in 1 2 3 4 5; do (sleep 0.1 &); done
(sleep 1000 &)
exec sleep 1000'
  (cd "$_d" && runc spec) || return 1
  case $2 in
    runsvdir) _args='["/usr/bin/runsvdir", "-P", "/etc/service"]' ;;
    runit) _args='["/usr/bin/runit"]' ;;
    tini) _args='["/sbin/tini", "--", "/etc/service/orphans/run"]'
          cp "$TINI" "$_r/sbin/tini" ;;
    dumb-init) _args='["/sbin/dumb-init", "/etc/service/orphans/run"]'
               put_bin "$_r" /sbin/dumb-init "$DUMBINIT" ;;
  esac
  cfg "$_d" "c['process']['terminal'] = False
c['process']['args'] = $_args
c['root']['readonly'] = False
c['hostname'] = 'ctr'"
}

ctr_start() {
  _id=${1##*/}
  CTR_IDS="$CTR_IDS $_id"
  rm -f "$1.out" "$1.rc"
  # the exit code of runc run is the container's
  ( timeout -k 5 300 runc --root "$CTR_STATE" run --bundle "$1" "$_id" \
      >"$1.out" 2>&1 </dev/null; echo $? >"$1.rc" ) >/dev/null 2>&1 </dev/null &
}

ctr_status() {
  runc --root "$CTR_STATE" state "${1##*/}" 2>/dev/null |
    sed -n 's/.*"status": "\([a-z]*\)".*/\1/p'
}
ctr_is() { [ "$(ctr_status "$1")" = "$2" ]; }
ctr_running() { wait_until 120 ctr_is "$1" running; }
ctr_exec() { runc --root "$CTR_STATE" exec "${1##*/}" /bin/sh -c "$2"; }
ctr_kill() { runc --root "$CTR_STATE" kill "${2##*/}" "$1"; }
ctr_wait() { wait_until 150 test -s "$1.rc" || { echo "no exit"; return; }; cat "$1.rc"; }
