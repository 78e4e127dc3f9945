#!/bin/sh
# runsv's cgroup file (runsv.8): ./run in a cgroup2 group of its own, which
# the stop empties.  Each case runs runsv in a mount namespace of its own
# with the layout it needs on /sys/fs/cgroup: cgroup2 there; a tmpfs with
# cgroup2 at /sys/fs/cgroup/unified (hybrid); a tmpfs and no cgroup2 (v1);
# cgroup2 whose cgroup.kill cannot be written (a kernel before 5.14).
# The cgroups live in the machine's cgroup2 hierarchy: the test removes
# what it made.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout ps setsid nsenter

pgid_of() { set -- $(cat /proc/$1/stat 2>/dev/null); echo "$5"; }
pids_in() { _c=$(wc -l 2>/dev/null <"$1") && [ "$_c" -ge "$2" ]; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
count() { grep -c "$1" "$2"; }

# ns LAYOUT CMD...: CMD in a mount namespace with that layout
mkscript "$T/ns" 'l=$1; shift
case $l in
v2) mount -t cgroup2 none /sys/fs/cgroup ;;
hybrid) mount -t tmpfs tmpfs /sys/fs/cgroup && mkdir /sys/fs/cgroup/unified &&
  mount -t cgroup2 none /sys/fs/cgroup/unified ;;
v1) mount -t tmpfs tmpfs /sys/fs/cgroup ;;
nokill) # the service directory is the last argument: its group made here
  mount -t cgroup2 none /sys/fs/cgroup || exit 111
  for d; do :; done
  g=/sys/fs/cgroup/runsv-$(stat -c %d-%i "$d")
  mkdir -p "$g" && : >"$d.ro" && mount --bind "$d.ro" "$g/cgroup.kill" &&
    mount -o remount,bind,ro "$g/cgroup.kill" ;;
esac || exit 111
exec "$@"'
ns() { unshare -m "$T/ns" "$@"; }

if ! command -v unshare >/dev/null || ! ns v2 sh -c 'mkdir /sys/fs/cgroup/runit-probe.$$ && rmdir /sys/fs/cgroup/runit-probe.$$' 2>/dev/null; then
  skip_all "no writable cgroup2 in a mount namespace here (needs root, unshare, cgroup2)"
fi
# a service that leaves a setsid child ignoring TERM; ./run ends on TERM
KIDRUN="setsid sh -c \"trap '' TERM; echo \\\$\\\$ >>kids; exec sleep 1000\" &
trap 'exit 0' TERM; echo \$\$ >>runs; while :; do sleep 1; done"
in_ns() { echo "/proc/$RSV/root$1"; }   # a path as runsv's namespace sees it
# what ./run left (by pid, still in the service directory, so never a
# recycled pid): a failure must not leave it holding our stdout
leftovers() {
  for f in "$T"/*/kids; do
    for p in $(cat "$f" 2>/dev/null); do
      [ "$(readlink /proc/$p/cwd 2>/dev/null)" = "${f%/kids}" ] && kill -KILL "$p"
    done
  done
}

# cgroup2 on /sys/fs/cgroup: the stop kills the whole cgroup, a setsid
# child too, and the empty cgroup is removed
S=$T/cg
mksvc "$S" "$KIDRUN"
touch "$S/cgroup"
name=runsv-$(stat -c '%d-%i' "$S")
runsv_start "$S" "unshare -m $T/ns v2 $RUNSV"
ok "cgroup: started" wait_until 10 pids_in "$S/kids" 1
stat_is "$S" run
run=$(pid_of "$S"); kid=$(cat "$S/kids")
like "$(cat /proc/$run/cgroup)" "^0::/$name\$" "cgroup: ./run in its own cgroup"
like "$(cat /proc/$kid/cgroup)" "^0::/$name\$" "cgroup: the setsid child too"
is "$(pgid_of "$run")" "$run" "cgroup: ./run leads its own process group"
ctl "$S" d
ok "cgroup: down" stat_is "$S" down
ok "cgroup: the setsid child ignoring TERM is gone" wait_gone "$kid"
ok "cgroup: the empty cgroup is removed" test ! -e "$(in_ns /sys/fs/cgroup/$name)"
# with kill-group: TERM to the group first, cgroup.kill after timeout-kill
touch "$S/kill-group"; echo 400 >"$S/timeout-kill"
ctl "$S" u
ok "cgroup+kill-group: started" wait_until 10 pids_in "$S/kids" 2
stat_is "$S" run
kid=$(tail -n 1 "$S/kids"); run=$(pid_of "$S")
# runsv's kill(2)s, traced: once ./run has exited, only the setsid child
# is left, in the cgroup; its emptied process group gets no signal (its
# number may be a new group's): no signal answered ESRCH (runsv's
# probe, signal 0, finds it empty)
traced=
if command -v strace >/dev/null; then
  spawn strace -o "$T/kills" -e trace=kill -p "$RSV" 2>/dev/null; strace_pid=$!
  tracer() { [ "$(awk '/^TracerPid:/ { print $2 }' /proc/$RSV/status)" != 0 ]; }
  wait_until 10 tracer && traced=1
fi
t0=$(ms); ctl "$S" d
ok "cgroup+kill-group: down" stat_is "$S" down 20
t1=$(ms)
ok "cgroup+kill-group: the setsid child is gone" wait_gone "$kid"
ok "cgroup+kill-group: killed after timeout-kill ($((t1 - t0)) ms >= 400)" test $((t1 - t0)) -ge 400
if [ -n "$traced" ]; then
  kill "$strace_pid"; wait "$strace_pid" 2>/dev/null
  like "$(cat "$T/kills")" "kill\(-$run, SIGTERM\) *= 0" "cgroup+kill-group: the stop's TERM to ./run's group"
  is "$(grep -v ', 0) ' "$T/kills" | grep -c ESRCH)" 0 "cgroup+kill-group: no signal to the emptied process group"
else
  skip "cgroup+kill-group: the stop's TERM" "no strace"; skip "cgroup+kill-group: no signal to the emptied group" "no strace"
fi
ctl "$S" x; wait_gone "$RSV"
is "$(grep -c warning "$S.err")" 0 "cgroup: no warning"
leftovers; ns v2 rmdir "/sys/fs/cgroup/$name" 2>/dev/null

# cgroup2 without a writable cgroup.kill (Linux 4.5 to 5.13 has none):
# each pid of cgroup.procs is killed instead, with one warning; down, and
# x ends runsv
S=$T/nokill
mksvc "$S" "$KIDRUN"
touch "$S/cgroup"
name=runsv-$(stat -c '%d-%i' "$S")
runsv_start "$S" "unshare -m $T/ns nokill $RUNSV"
ok "no cgroup.kill: started" wait_until 10 pids_in "$S/kids" 1
kid=$(cat "$S/kids")
like "$(cat /proc/$kid/cgroup)" "^0::/$name\$" "no cgroup.kill: the setsid child in the cgroup"
ctl "$S" d
ok "no cgroup.kill: down" stat_is "$S" down
ok "no cgroup.kill: the setsid child ignoring TERM is gone" wait_gone "$kid"
ctl "$S" u
ok "no cgroup.kill: started again" wait_until 10 pids_in "$S/kids" 2
kid=$(tail -n 1 "$S/kids")
ctl "$S" d
ok "no cgroup.kill: down again" stat_is "$S" down
ok "no cgroup.kill: its setsid child gone too" wait_gone "$kid"
ctl "$S" x
ok "no cgroup.kill: x ends runsv" wait_gone "$RSV"
is "$(count cgroup.kill "$S.err")" 1 "no cgroup.kill: said once"
like "$(cat "$S.err")" "unable to write .*/$name/cgroup.kill, killing the pids of cgroup.procs: read-only file system" \
  "no cgroup.kill: the warning says what runsv does"
leftovers; ns v2 rmdir "/sys/fs/cgroup/$name" 2>/dev/null

# a cgroup that cannot be emptied (neither cgroup.kill nor cgroup.procs
# can be used: here both hidden once ./run is in it) is let go of, with a
# warning: runsv waits for ./run's process group only, reaches down, and
# x ends it
S=$T/stuck
mksvc "$S" "$KIDRUN"
touch "$S/cgroup"
name=runsv-$(stat -c '%d-%i' "$S")
runsv_start "$S" "unshare -m $T/ns nokill $RUNSV"
ok "stuck: started" wait_until 10 pids_in "$S/kids" 1
kid=$(cat "$S/kids")
nsenter -m -t "$RSV" mount --bind "$S.ro" "/sys/fs/cgroup/$name/cgroup.procs"
ctl "$S" d
ok "stuck: down all the same" stat_is "$S" down
ctl "$S" x
ok "stuck: x ends runsv" wait_gone "$RSV"
like "$(cat "$S.err")" "unable to empty /sys/fs/cgroup/$name, waiting for ./run's process group only" \
  "stuck: says it lets the cgroup go"
ok "stuck: the setsid child, out of reach, is still there" alive "$kid"
leftovers; ns v2 rmdir "/sys/fs/cgroup/$name" 2>/dev/null

# hybrid: /sys/fs/cgroup a tmpfs, cgroup2 at /sys/fs/cgroup/unified
S=$T/hybrid
mksvc "$S" "$KIDRUN"
touch "$S/cgroup"
name=runsv-$(stat -c '%d-%i' "$S")
runsv_start "$S" "unshare -m $T/ns hybrid $RUNSV"
ok "hybrid: started" wait_until 10 pids_in "$S/kids" 1
stat_is "$S" run
run=$(pid_of "$S"); kid=$(cat "$S/kids")
like "$(cat /proc/$kid/cgroup)" "^0::/$name\$" "hybrid: in the cgroup found at /sys/fs/cgroup/unified"
ok "hybrid: there" test -d "$(in_ns /sys/fs/cgroup/unified/$name)"
is "$(ls "$(in_ns /sys/fs/cgroup)")" unified "hybrid: no directory made on the tmpfs"
ctl "$S" d
ok "hybrid: down" stat_is "$S" down
ok "hybrid: the setsid child is gone" wait_gone "$kid"
ok "hybrid: the empty cgroup is removed" test ! -e "$(in_ns /sys/fs/cgroup/unified/$name)"
ctl "$S" x; wait_gone "$RSV"
is "$(grep -c warning "$S.err")" 0 "hybrid: no warning"
leftovers; ns v2 rmdir "/sys/fs/cgroup/$name" 2>/dev/null

# v1: /sys/fs/cgroup a tmpfs and no cgroup2: one warning, no directory
# there, and kill-group drains the group as without the cgroup file
S=$T/v1
mksvc "$S" 'sleep 1000 & echo $! >>kids; exit 0'
touch "$S/cgroup" "$S/kill-group" "$S/down"
runsv_start "$S" "unshare -m $T/ns v1 $RUNSV"
for i in 1 2; do
  ctl "$S" o
  ok "v1: start $i" wait_until 10 pids_in "$S/kids" $i
  kid=$(tail -n 1 "$S/kids")
  ok "v1: down after ./run's exit ($i)" stat_is "$S" down
  ok "v1: what ./run left in its group is ended ($i)" wait_gone "$kid"
done
is "$(ls "$(in_ns /sys/fs/cgroup)")" "" "v1: no directory made on the tmpfs"
ctl "$S" x; wait_gone "$RSV"; leftovers
is "$(sed 's/^runsv [^:]*: //' "$S.err")" "warning: cgroup: no cgroup2 mount (/sys/fs/cgroup, /proc/self/mountinfo), going on without" \
  "v1: one warning, for both starts"

# cgroup without kill-group: ./run leads its own process group, whatever
# the order the two sides of the fork run in (strace delays runsv's
# setpgid of its child as a loaded machine may)
S=$T/order
mksvc "$S" 'set -- $(cat /proc/$$/stat); echo "$1 $5" >>pg; exec sleep 1000'
touch "$S/cgroup"
name=runsv-$(stat -c '%d-%i' "$S")
if command -v strace >/dev/null; then
  runsv_start "$S" "unshare -m $T/ns v2 strace -f -qq -o /dev/null -e trace=setpgid -e inject=setpgid:delay_enter=300000 $RUNSV"
  ok "order: started" wait_until 20 test -s "$S/pg"
  read p g <"$S/pg"
  is "$g" "$p" "order: ./run leads its own group though runsv's setpgid came late"
  ctl "$S" x; wait_gone "$RSV" 20
  leftovers; ns v2 rmdir "/sys/fs/cgroup/$name" 2>/dev/null
else
  skip "order" "no strace"; skip "order" "no strace"
fi
finish
