/* Unit tests of process identity (src/lib/procid.c); prints TAP.  Run
   as process 1 of a PID namespace (tests/05-procid.t does, under
   unshare), it also recycles pids on purpose (ns_last_pid) and checks
   that neither a process nor a process group that came later on the
   same number is taken for, or signalled as, the one held. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "fmt.h"
#include "procid.h"
#include "tap.h"

static void pause_ms(long ms)
{
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) ;
}

/* a child that sleeps until killed; lead: in a group of its own */
static pid_t sleeper(int lead)
{
  pid_t pid = fork();
  if (pid == 0) {
    if (lead) setpgid(0, 0);
    for (;;) pause();
  }
  if (lead) setpgid(pid, pid);
  return pid;
}

static int gopipe[2];   /* a byte tells the leader to go */

/* a group leader that leaves one member behind and exits when told to
   (go): the member's pid into *member, the leader's start into *start;
   returns the leader's pid */
static pid_t leader_leaving(pid_t *member, uint64_t *start)
{
  int p[2];
  pid_t pid, m = 0;
  char c;
  if (pipe(p) == -1) return -1;
  pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    m = fork();
    if (m == 0) for (;;) pause();
    if (write(p[1], &m, sizeof m) < 0) _exit(1);
    if (read(gopipe[0], &c, 1) < 0) _exit(1);
    _exit(0);
  }
  setpgid(pid, pid);
  if (read(p[0], &m, sizeof m) != sizeof m) m = 0;
  close(p[0]);
  close(p[1]);
  *member = m;
  *start = procid_start(pid, 0);
  return pid;
}

/* the leader goes (and is reaped) */
static void go(pid_t leader)
{
  int w;
  char c = 0;
  if (write(gopipe[1], &c, 1) < 0) return;
  waitpid(leader, &w, 0);
}

static int reap(pid_t pid)
{
  int w;
  return waitpid(pid, &w, 0) == pid;
}

static int set_last_pid(pid_t pid)
{
  char b[FMT_ULONG + 1];
  size_t n = fmt_ulong(b, (unsigned long)pid);
  int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
  int r;
  if (fd == -1) return -1;
  b[n++] = '\n';
  r = write(fd, b, n) == (ssize_t)n ? 0 : -1;
  close(fd);
  return r;
}

/* a process on the recycled pid want (leading a group if lead) */
static pid_t on_pid(pid_t want, int lead)
{
  pid_t pid;
  if (set_last_pid(want - 1) == -1) return -1;
  pid = sleeper(lead);
  if (pid != want) { kill(pid, SIGKILL); reap(pid); return -1; }
  return pid;
}

static void recycled(void)
{
  struct procid h = PROCID_NONE, g = PROCID_NONE, f = PROCID_NONE;
  pid_t a, b, m;
  uint64_t sa;
  int w;

  /* a process: held by pid and start; a later one on its pid is not it */
  a = sleeper(0);
  pause_ms(30);                 /* more than a clock tick apart */
  sa = procid_start(a, 0);
  tap_ok(procid_hold(&h, a, sa, 0), "recycled: the process held");
  kill(a, SIGKILL); reap(a);
  pause_ms(30);
  b = on_pid(a, 0);
  tap_ok(b == a, "recycled: a new process got the same pid (ns_last_pid)");
  tap_ok(!procid_alive(&h), "recycled: the held process is gone, though its pid lives");
  tap_ok(procid_signal(&h, SIGTERM) == -1, "recycled: a signal to it reaches nobody");
  tap_ok(!procid_hold(&f, a, sa, 0), "recycled: the new process is not taken for the old");
  tap_ok(!procid_hold(&f, a, sa, 1), "recycled: nor its group");
  tap_ok(kill(b, 0) == 0, "recycled: the new process is untouched");
  kill(b, SIGKILL); reap(b);
  procid_release(&h);

  /* a group: held through its leader; after it emptied, a new group on
     the same number is neither alive to us nor signalled */
  a = leader_leaving(&m, &sa);
  tap_ok(procid_hold(&g, a, sa, 1), "recycled group: held through its leader");
  f.pid = a; f.start = sa; f.fd = -1;   /* the same, without a pidfd */
  go(a);
  tap_ok(procid_group_alive(&g), "recycled group: alive after its leader went (member left)");
  kill(m, SIGKILL);
  while (waitpid(-1, &w, 0) > 0) ;     /* we are process 1: reap the member */
  pause_ms(30);
  b = on_pid(a, 1);
  tap_ok(b == a, "recycled group: a new group leader on the same number");
  tap_ok(!procid_group_alive(&g), "recycled group: the held group is gone");
  tap_ok(procid_signal_group(&g, SIGKILL) == -1, "recycled group: a signal to it reaches nobody");
  tap_ok(!procid_group_alive(&f) && procid_signal_group(&f, SIGKILL) == -1,
         "recycled group, no pidfd: gone too (another process on the leader's pid)");
  pause_ms(30);
  tap_ok(kill(b, 0) == 0, "recycled group: the new group is untouched");
  kill(b, SIGKILL); reap(b);
  procid_release(&g);
}

int main(int argc, char **argv)
{
  struct procid h = PROCID_NONE, g = PROCID_NONE;
  pid_t a, m, pg = 0;
  uint64_t s, sa;
  (void)argv;

  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);   /* orphans of our groups */
  s = procid_start(getpid(), &pg);
  tap_ok(s != 0, "procid_start: our own start");
  tap_ok(pg == getpgrp(), "procid_start: our process group");
  tap_ok(procid_start(0, 0) == 0, "procid_start: pid 0 is no process");

  a = sleeper(0);
  sa = procid_start(a, 0);
  tap_ok(sa >= s, "a child started after us");
  tap_ok(!procid_hold(&h, a, sa + 1, 0), "hold: another start is another process");
  tap_ok(h.pid == 0 && h.fd == -1, "hold: refused leaves nothing held");
  tap_ok(procid_hold(&h, a, sa, 0), "hold: the same start is the process");
  tap_ok(procid_alive(&h), "alive");
  tap_ok(procid_signal(&h, SIGKILL) == 0, "signal: through the hold");
  reap(a);
  tap_ok(!procid_alive(&h), "alive: not after it was reaped");
  tap_ok(procid_signal(&h, SIGTERM) == -1, "signal: not after it was reaped");
  procid_release(&h);

  /* a zombie is not alive, and not held */
  a = sleeper(0);
  sa = procid_start(a, 0);
  kill(a, SIGKILL);
  while (procid_start(a, 0)) pause_ms(5);
  tap_ok(!procid_hold(&h, a, sa, 0), "hold: not a zombie");
  reap(a);

  /* a group whose leader leaves: the member is still the group's */
  if (pipe(gopipe) == -1) return 111;
  a = leader_leaving(&m, &sa);
  tap_ok(m > 0 && sa, "group: a leader and a member");
  tap_ok(procid_hold(&g, a, sa, 1), "group: held through its leader");
  tap_ok(procid_group_alive(&g), "group: alive");
  go(a);
  tap_ok(!procid_alive(&g), "group: the leader is gone");
  tap_ok(procid_group_alive(&g), "group: still alive (a member)");
  h.pid = 0;
  tap_ok(procid_hold(&h, a, sa, 1) && h.fd == -1,
         "group: held after its leader went, by number (no pidfd for it)");
  tap_ok(!procid_hold(&h, a, sa, 0), "group: the leader alone is not held when gone");
  tap_ok(procid_signal_group(&g, SIGTERM) == 0, "group: signalled");
  tap_ok(reap(m), "group: the member got it");
  tap_ok(!procid_group_alive(&g), "group: gone when its last member is");
  tap_ok(procid_signal_group(&g, SIGTERM) == -1, "group: no signal once gone");
  procid_release(&g);
  procid_release(&h);

  if (argc > 1 && getpid() == 1) recycled();
  return tap_done();
}
