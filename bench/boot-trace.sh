#!/bin/sh
# Where the time of bench/boot.sh's cycle goes, step by step: the same
# roots (bench/boot-root.sh), each cycle recorded by the kernel's own trace
# events (process exec, fork, exit, kill(2), SIGCHLD, sync(2), reboot(2))
# in a private tracefs instance, so nothing is added to the programs and
# no tracer stops them.  Ours and Debian's runit 2.1.2 in the same run,
# cycles interleaved; median of N per step.
#
#   bench/boot-trace.sh [N [TREE]]   (root, tracefs; default N=9)
#
# TREE: another checkout of this project, built (make), for instance of
# an earlier commit (git archive COMMIT | tar -x -C DIR): its programs
# and etc/runit scripts are traced too, as "before", in the same run.
# "ours-run" is ours with the service's supervise directory in /run (the
# tmpfs stage 1 mounts) through a symbolic link, as Debian's and Void's
# packages lay services out, rather than on the root's disk.
#
# Each step's time is from the event that ends the step before it to the
# event named; "total" is nswrap's exec to nswrap's exit (the whole
# namespace, slightly less than boot.sh's, which also counts its clocks).
# "inotify-gone" is not a step: the time from the TERM to stage 2 until
# the last process holding runsvdir's inotify instance is gone (the
# kernel retires its watches first; the namespace cannot end before).
# "cpu-wait" is how long the namespace stalled: some of its processes
# ready to run, none running, the CPUs busy with other work on the
# machine; the part of "total" the load caused.  "total-cpu-wait" is
# the rest, per cycle: about what an idle machine would show.
# A step whose events a kind lacks shows "-".
. "$(dirname "$0")/boot-root.sh"

TR=/sys/kernel/tracing
[ -d "$TR/instances" ] || TR=/sys/kernel/debug/tracing
[ -d "$TR/instances" ] || { echo "bench: no tracefs (mount -t tracefs none /sys/kernel/tracing)" >&2; exit 1; }
I=$TR/instances/runit-boot-trace.$$
mkdir "$I" || exit 1
# lib.sh's trap removes $T; the instance goes too
trap 'echo 0 >"$I/tracing_on" 2>/dev/null; rmdir "$I" 2>/dev/null; _cleanup' EXIT
echo 0 >"$I/tracing_on"
echo mono >"$I/trace_clock"
echo 8192 >"$I/buffer_size_kb"
for e in sched/sched_process_fork sched/sched_process_exec sched/sched_process_exit \
         sched/sched_wakeup sched/sched_wakeup_new sched/sched_switch \
         syscalls/sys_enter_kill syscalls/sys_enter_sync syscalls/sys_exit_sync \
         syscalls/sys_enter_reboot; do
  echo 1 >"$I/events/$e/enable" || exit 1
done
echo 'sig == 17 && comm == "runit"' >"$I/events/signal/signal_generate/filter"
echo 1 >"$I/events/signal/signal_generate/enable"

kinds="ours ours-run debian"
boot_root ours ours "$(support_kind)"
boot_root ours-run ours "$(support_kind)"
ln -s /run/supervise.hello "$T/ours-run/etc/sv/hello/supervise"
boot_root debian debian debian
boot_before
sleep 1.1   # runsvdir ignores a directory changed within the current second

# steps: name and what ends it, in order (see steps.awk below)
cat >"$T/steps.awk" <<'EOF'
function hex(s,  n, i, c) {
  sub(/^0x/, "", s); n = 0
  for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(tolower(s), i, 1)); n = n * 16 + c - 1 }
  return n
}
function at(k) { if (!(k in t)) t[k] = ts }
BEGIN { tree[root] = 1 }
function field(name,  i) { for (i = 1; i <= NF; i++) if (index($i, name "=") == 1) return substr($i, length(name) + 2); return "" }
/^#/ { next }
{
  ts = ""
  for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { ts = substr($i, 1, length($i) - 1) * 1000; ev = $(i + 1); break }
  if (ts == "") next
  task = $1; sub(/.*-/, "", task); task += 0
  # stalls: some process of the namespace ready to run, none running (the
  # CPUs busy with other work)
  if (nready > 0 && nrunning == 0 && ("ns" in t) && !("end" in t)) cpuwait += ts - last
  last = ts
  if (ev == "sched_wakeup:" || ev == "sched_wakeup_new:") {
    p = field("pid") + 0
    if ((p in tree) && !(p in ready) && !(p in running)) { ready[p] = 1; nready++ }
    next
  }
  if (ev == "sched_switch:") {
    p = field("prev_pid") + 0
    # runsvdir, or its child holding the inotify instance, gone for good
    if ((p == s2 || p == rdhelper) && p && field("prev_state") ~ /^[XZ]/ && ("term" in t)) t["rdgone"] = ts
    if (p in running) { delete running[p]; nrunning-- }
    # (a wakeup may be recorded just after the switch to the task it woke)
    if (p in ready) { delete ready[p]; nready-- }
    if ((p in tree) && field("prev_state") ~ /^R/) { ready[p] = 1; nready++ }
    p = field("next_pid") + 0
    if (p in ready) { delete ready[p]; nready-- }
    if (p in tree) { running[p] = 1; nrunning++ }
    next
  }
  # only the namespace's processes: nswrap (root) and its descendants
  if (ev == "sched_process_fork:") {
    if (!(task in tree)) next
    tree[field("child_pid") + 0] = 1
    # runsvdir's child after the TERM: it holds the inotify instance
    if (task == s2 && ("term" in t)) rdhelper = field("child_pid") + 0
    next
  }
  if (!(task in tree)) next
  if (ev == "sched_process_exec:") {
    f = field("filename"); p = field("pid") + 0
    if (f ~ /nswrap$/ && !("ns" in t)) { at("ns"); nsp = p }
    else if (f == "/sbin/runit") { at("runit"); rp = p }
    else if (f == "/etc/runit/1") { at("s1"); s1 = p }
    else if (f == "/etc/runit/2") { at("s2"); s2 = p }
    else if (f ~ /runsvdir$/) at("runsvdir")
    else if (f ~ /runsv$/) { at("runsv"); rsv = p }
    else if (f == "./run") at("run")
    else if (f == "/etc/runit/3") { at("s3"); s3 = p }
    else if (f ~ /\/sv$/) { if (!("sv1" in t)) { at("sv1"); sv1 = p } else { at("sv2"); sv2 = p } }
  } else if (ev == "sched_process_exit:") {
    p = field("pid") + 0
    if (p == sv1 && sv1) at("sv1end")
    else if (p == sv2 && sv2) at("sv2end")
    else if (p == nsp) at("end")
  } else if (ev == "signal_generate:") {
    p = field("pid") + 0
    if (p == rp && task == s1) at("s1end")
    else if (p == rp && task == s2) at("s2end")
    else if (p == rp && task == s3) at("s3end")
  } else if (ev ~ /^sys_kill\(/) {
    kp = $(i + 2); sub(/,$/, "", kp); ks = $(i + 4); sub(/\)$/, "", ks)
    kp = hex(kp); ks = hex(ks)
    if (kp == 1 && ks == 18) at("cont")
    else if (task == rp && ks == 15) at("term")
    else if (task == rsv && ks == 15) at("svterm")
    else if (task == rp && ks == 9 && kp == 4294967295) at("killall")
  } else if (ev == "sys_sync()") { if ("killall" in t) at("sync") }
  else if (ev == "sys_sync") { if ("sync" in t) at("syncend") }
  else if (ev ~ /^sys_reboot\(/ && $0 !~ /cmd: 0,/) at("reboot")
}
END {
  # name:event, the step ends at event; printed as ms since the step before
  n = split("namespace+chroot:runit stage-1-started:s1 stage-1:s1end " \
            "stage-2-started:s2 stage-2-to-runsvdir:runsvdir runsvdir-to-runsv:runsv " \
            "runsv-to-./run:run ./run-to-init-0:cont SIGCONT-to-TERM:term " \
            "stage-2-exit:s2end stage-3-started:s3 stage-3-to-sv:sv1 " \
            "sv-force-stop:sv1end sv-exit:sv2end stage-3-exit:s3end " \
            "kill(-1):killall sync:syncend reboot-to-end:end", st, " ")
  prev = t["ns"]
  for (k = 1; k <= n; k++) {
    split(st[k], a, ":")
    if ((a[2] in t) && prev != "") { printf "%s %.2f\n", a[1], t[a[2]] - prev; prev = t[a[2]] }
    else { printf "%s -\n", a[1]; prev = (a[2] in t) ? t[a[2]] : "" }
  }
  if (("run" in t) && ("ns" in t)) printf "boot %.2f\n", t["run"] - t["ns"]
  if (("end" in t) && ("cont" in t)) printf "halt %.2f\n", t["end"] - t["cont"]
  if (("end" in t) && ("ns" in t)) printf "total %.2f\n", t["end"] - t["ns"]
  if (("rdgone" in t) && ("term" in t)) printf "inotify-gone %.2f\n", t["rdgone"] - t["term"]
  printf "cpu-wait %.2f\n", cpuwait
  if (("end" in t) && ("ns" in t)) printf "total-cpu-wait %.2f\n", t["end"] - t["ns"] - cpuwait
}
EOF

cycle() { # KIND I: one traced cycle into $T/KIND.I.steps
  rm -f "$T/$1/tmp/up" "$T/$1/tmp/sv0" "$T/$1/tmp/sv1"
  : >"$I/trace"
  echo 1 >"$I/tracing_on"
  "$NSWRAP" -t 60 -r "$T/$1" -- /sbin/runit >"$T/$1.status" 2>&1 &
  p=$!
  wait "$p"
  echo 0 >"$I/tracing_on"
  grep -qx 'signal 2' "$T/$1.status" || { echo "bench: $1: $(cat "$T/$1.status")" >&2; return; }
  awk -v root="$p" -f "$T/steps.awk" "$I/trace" >"$T/$1.$2.steps"
  [ -z "${TRACE_KEEP:-}" ] || cp "$I/trace" "$TRACE_KEEP.$1.$2"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
i=1
while [ "$i" -le "$N" ]; do
  for k in $kinds; do cycle "$k" "$i"; done
  i=$((i + 1))
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

median() { grep -v -- '-$' | sort -n | awk '{v[NR]=$1} END {if (NR) printf "%.1f", v[int((NR+1)/2)]; else printf "-"}'; }
printf '%-22s' step
for k in $kinds; do printf ' %8s' "$k"; done
printf '   (ms, median of %s cycles; load %s, then %s)\n' "$N" "$load0" "$load1"
for s in $(awk '{print $1}' "$(ls "$T"/ours.*.steps | head -n 1)"); do
  printf '%-22s' "$s"
  for k in $kinds; do
    printf ' %8s' "$(cat "$T"/$k.*.steps 2>/dev/null | awk -v s="$s" '$1 == s {print $2}' | median)"
  done
  echo
done
exit 0
