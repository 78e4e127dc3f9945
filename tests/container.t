#!/bin/sh
# runit and runsvdir as process 1 of a real OCI container (runc), beside
# tini and dumb-init.  Each bundle's root holds only static busybox, our
# binaries, the container stage scripts (etc/container) and three services
# (tests/container-lib.sh): one logging through svlogd, one that ignores
# TERM (timeout-kill), one that leaves orphans and zombies behind.
# Cases: services up and sv status through runc exec; readiness as an
# orchestrator probes it (sv check, sv -o json); runc kill TERM stops every
# service (./finish ran, the log's last line written) and the container
# exits 0 well inside docker's 10 s; runc kill KILL; orphans reaped; a
# read-only root with tmpfs for supervise/; a user namespace; tini and
# dumb-init running one service, for the duties they share.
# crun is not used: it refuses this machine's hybrid cgroup hierarchy.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runit-root.sh"
. "$(dirname "$0")/container-lib.sh"
ctr_require
trap 'ctr_cleanup; _cleanup' EXIT

TINI=$(command -v tini-static 2>/dev/null)
[ -n "$TINI" ] && file -L "$TINI" | grep -q 'statically linked' || TINI=
DUMBINIT=$(command -v dumb-init 2>/dev/null)

# zombies in the container, from its /proc
zombies() { ctr_exec "$1" 'grep -l "^State:.*Z" /proc/[0-9]*/status 2>/dev/null | wc -l'; }
no_zombie() { [ "$(zombies "$1")" = 0 ]; }
# the two long-lived sleeps (the service, its orphan) and no zombie
reaped() {
  [ "$(ctr_exec "$1" 'n=0; for f in /proc/[0-9]*/cmdline; do
    case $({ tr "\0" " " <$f; } 2>/dev/null) in "sleep 1000 ") n=$((n + 1)) ;; esac
  done; echo $n')" = 2 ] && no_zombie "$1"
}
started_or_ended() { ctr_is "$1" running || test -s "$1.rc"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
up() { # DIR: every service up, the log written, the orphans handed over
  wait_until 120 ctr_exec "$1" 'sv check /etc/service/* >/dev/null' &&
    wait_until 120 grep -q "first line" "$1/rootfs/var/log/logged/current"
}
stopped_cleanly() { # DIR NAME
  is "$(ctr_wait "$1")" 0 "$2: the container exits 0"
  like "$(cat "$1/rootfs/var/log/logged/current")" "last line" "$2: svlogd wrote the service's last line"
  like "$(cat "$1/rootfs/var/log/logged/current")" "@finished logged" "$2: ./finish of the logged service ran"
  like "$(cat "$1.out")" "@finished stubborn" "$2: ./finish of the service that ignores TERM ran"
}

# all at once: each waits for its own states
for k in runsvdir runit; do bundle "$T/$k" $k; ctr_start "$T/$k"; done
bundle "$T/kill" runsvdir; ctr_start "$T/kill"
bundle "$T/ro" runsvdir
cfg "$T/ro" "c['root']['readonly'] = True
for s in ['logged', 'logged/log', 'stubborn', 'orphans']:
    c['mounts'].append({'destination': '/etc/service/%s/supervise' % s, 'type': 'tmpfs', 'source': 'tmpfs', 'options': ['nosuid', 'nodev', 'mode=700']})
for d in ['/tmp', '/var/log/logged']:
    c['mounts'].append({'destination': d, 'type': 'tmpfs', 'source': 'tmpfs', 'options': ['nosuid', 'nodev']})"
ctr_start "$T/ro"

# a service that ignores TERM and has no timeout-kill: the bound decides
for k in runsvdir runit; do
  bundle "$T/deaf-$k" $k
  printf '#!/bin/sh\ntrap "" TERM; while :; do sleep 0.05; done\n' >"$T/deaf-$k/rootfs/etc/service/stubborn/run"
  rm "$T/deaf-$k/rootfs/etc/service/stubborn/timeout-kill"
  cfg "$T/deaf-$k" "c['process']['env'] += ['STOP_TIMEOUT=1', 'RUNSVDIR_STOP_MS=1000']"
  ctr_start "$T/deaf-$k"
done

# runit as process 1
for k in runsvdir runit; do
  ok "$k: running" ctr_running "$T/$k"
  ok "$k: every service up (sv check through runc exec)" up "$T/$k"
  like "$(ctr_exec "$T/$k" 'sv status /etc/service/*')" \
    '^run: /etc/service/logged: \(pid [0-9]+\) [0-9]+s; run: log: ' "$k: sv status"
  ok "$k: readiness probe: sv check exits 0" ctr_exec "$T/$k" 'sv -w 5 check /etc/service/logged >/dev/null'
  like "$(ctr_exec "$T/$k" 'sv -o json status /etc/service/logged')" \
    '^\{"name":"/etc/service/logged","state":"run",' "$k: sv -o json status"
  ok "$k: a service whose ./check fails is not ready: the probe fails" \
    ctr_exec "$T/$k" 'printf "#!/bin/sh\nexit 1\n" >/etc/service/orphans/check &&
      chmod 755 /etc/service/orphans/check && ! sv -w 1 check /etc/service/orphans >/dev/null'
  ok "$k: ... and passes once ./check does" \
    ctr_exec "$T/$k" 'rm /etc/service/orphans/check && sv -w 5 check /etc/service/orphans >/dev/null'
  ok "$k: the orphans are reaped: no zombie left" \
    wait_until 120 no_zombie "$T/$k"
  t0=$(now_ms)
  ctr_kill TERM "$T/$k"
  stopped_cleanly "$T/$k" "$k: TERM"
  ms=$(($(now_ms) - t0))
  ok "$k: stopped well inside 10 s (${ms} ms)" test "$ms" -lt 5000
done
like "$(cat "$T/runit.out")" "enter stage: /etc/runit/3" "runit: stage 3 ran"

for k in runsvdir runit; do
  ok "deaf-$k: services up" up "$T/deaf-$k"
  ctr_kill TERM "$T/deaf-$k"
  case $k in runsvdir) want=111 ;; runit) want=1 ;; esac
  is "$(ctr_wait "$T/deaf-$k")" $want "deaf-$k: KILL at the bound; the container exits $want"
  like "$(cat "$T/deaf-$k/rootfs/var/log/logged/current")" "last line" \
    "deaf-$k: the other services stopped cleanly: their last log line written"
done
like "$(cat "$T/deaf-runit.out")" "kill: .*/etc/service/stubborn:" "deaf-runit: stage 3 says what it killed"

ok "kill: running" ctr_running "$T/kill"
ok "kill: services up" up "$T/kill"
ctr_kill KILL "$T/kill"
is "$(ctr_wait "$T/kill")" 137 "kill: runc kill KILL ends the container (137)"

ok "read-only root: running" ctr_running "$T/ro"
ok "read-only root: every service up with supervise/ on tmpfs" \
  wait_until 120 ctr_exec "$T/ro" 'sv check /etc/service/* >/dev/null'
like "$(ctr_exec "$T/ro" 'touch /x 2>&1')" "Read-only" "read-only root: the root is read-only"
ctr_kill TERM "$T/ro"
is "$(ctr_wait "$T/ro")" 0 "read-only root: exits 0 on TERM"

# a user namespace, rootless-style: root in the container is uid 100000
bundle "$T/userns" runsvdir
chown -R 100000:100000 "$T/userns/rootfs"
chmod 755 "$T" "$T/userns"     # the mapped root must reach its root
cfg "$T/userns" "c['linux']['namespaces'].append({'type': 'user'})
c['linux']['uidMappings'] = [{'containerID': 0, 'hostID': 100000, 'size': 65536}]
c['linux']['gidMappings'] = [{'containerID': 0, 'hostID': 100000, 'size': 65536}]
c['mounts'] = [m for m in c['mounts'] if m['destination'] not in ('/sys', '/sys/fs/cgroup')]
c['mounts'].append({'destination': '/sys', 'type': 'none', 'source': '/sys', 'options': ['rbind', 'nosuid', 'noexec', 'nodev', 'ro']})"
ctr_start "$T/userns"
if wait_until 60 started_or_ended "$T/userns" && ctr_is "$T/userns" running; then
  ok "userns: every service up" up "$T/userns"
  like "$(ctr_exec "$T/userns" 'cat /proc/self/uid_map')" '^ *0 +100000 +65536' "userns: root is uid 100000 outside"
  ctr_kill TERM "$T/userns"
  stopped_cleanly "$T/userns" "userns: TERM"
else
  skip "userns" "runc cannot start a user-namespaced container here: $(cat "$T/userns.out")"
fi

# tini and dumb-init running the orphans service: reaping, TERM, exit code
for k in tini dumb-init; do
  case $k in
    tini) [ -n "$TINI" ] || { skip "$k" "no static tini (apt-get install tini)"; continue; } ;;
    dumb-init) [ -n "$DUMBINIT" ] || { skip "$k" "no dumb-init (apt-get install dumb-init)"; continue; } ;;
  esac
  bundle "$T/$k" $k
  ctr_start "$T/$k"
  ok "$k: running" ctr_running "$T/$k"
  ok "$k: the orphans are reaped: no zombie left" \
    wait_until 120 reaped "$T/$k"
  t0=$(now_ms)
  ctr_kill TERM "$T/$k"
  is "$(ctr_wait "$T/$k")" 143 "$k: TERM is passed on; the exit code is the service's (143)"
  ms=$(($(now_ms) - t0))
  ok "$k: stopped well inside 10 s (${ms} ms)" test "$ms" -lt 5000
done

finish
