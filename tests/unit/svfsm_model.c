/* A model test of runsv's state machine (src/lib/svfsm.c); prints TAP.
   Every sequence of events up to a depth is explored, breadth first, over
   distinct states (a fixed open-addressing table), with fake operations
   that keep a small world: a table of processes (each with who started
   it: this runsv, the one it took over, an earlier one; and its start,
   procid's identity, as ticks), the status and
   xstatus records as the fake `changed` wrote them, a clock that only
   jumps from one deadline (or throttle bound) to the next, the fork that
   fails when told.

   Events (the table `events` below): the control letters and a garbage
   byte; ./run or ./finish exits, or is killed by a signal; any other
   process ends (a member of the group, an adopted ./run); ./run forks a
   member into its group, which may leave it (setsid); readiness (the newline, end of file); time
   passes to the next deadline, and the loop wakes for it; forks fail, or
   succeed again; control/<letter> hooks appear or go; another child is
   reaped; runsv is killed and started again (with ./down or without)
   from what its files say (start_runsv and find_old, as runsv.c's setup
   and find_old do: a ./run of state run, or what a record of state
   finish says is being ended, held by its start).

   Invariants (the table `invariants`), checked on every state: at most
   one ./run alive (an adopted one counts, and one of any earlier
   runsv); no signal to a process an earlier runsv started but for the
   process (group) taken over, known by its start, or one in the
   service's cgroup, nor to a pid or group with nobody in it; the records agree with each other and with
   the machine; nothing due is left undone after the loop's pass; no
   start while ./run or its group is alive, nor two starts of ./run
   within the throttle, nor one with want down but after an o that came
   while down; after `x`, with every process that was sent SIGKILL dying
   and ./finish ending, runsv is down and exits within the escalation
   bound (after `d`, the service is down; want up, ./run runs, the
   throttle counted in).  On a violation the shortest trace is printed.
   What is not modelled: doc/hacking.md.

   Usage: svfsm_model [depth] (or SVFSM_MODEL_DEPTH); SVFSM_MODEL_CONFIGS
   a comma-separated list of configurations (bit sums of the C_* below),
   or "all" for all 64; unset, down-signal is taken alone and with all
   the others only (34). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "buf.h"
#include "supervise.h"
#include "svfsm.h"
#include "tap.h"

#define DEPTH 6                /* the default depth: some 3.5 s of CPU, 355363 states */
#ifndef MODEL_STATES
#define MODEL_STATES (1 << 21) /* distinct states of one configuration, at most */
#endif
#define HASHSIZE (MODEL_STATES * 2)
#define MAXPROC 6              /* live processes the world holds */
#define MAXMEMBERS 2           /* in the group of one ./run, besides it */
#define BASE 1000000000ULL     /* now(), in every stored state */
#define KILLMS 300             /* timeout-kill, when the configuration has it */

/* the configuration: which optional files the service directory has */
#define C_GROUP 1              /* kill-group */
#define C_KILL 2               /* timeout-kill */
#define C_FINISH 4             /* ./finish */
#define C_NOTIFY 8             /* notification-fd */
#define C_CGROUP 16            /* cgroup */
#define C_DOWNSIG 32           /* down-signal (HUP) */
#define C_ALL 64
static const char *const cfgname[] = {
  "kill-group", "timeout-kill", "finish", "notification-fd", "cgroup", "down-signal"
};

enum { K_RUN = 1, K_FINISH, K_MEMBER };
static const char *const kindname[] = { "?", "./run", "./finish", "member" };

struct proc {
  pid_t pid, pgid;        /* pgid 0: runsv's own group */
  uint64_t stamp;         /* ./run: the record's start stamp taken after its fork */
  uint64_t ticks;         /* its start (procid's identity): unique, never 0 */
  unsigned char kind;
  unsigned char gen;      /* started under: 0 this runsv, 1 the one it took over, 2 earlier */
  unsigned char termed;   /* got its stop signal (TERM or down-signal) */
  unsigned char killed;   /* got SIGKILL: it dies */
  unsigned char cg;       /* in the service's cgroup */
};

struct world {
  struct svfsm m;
  struct sv_status st;    /* supervise/status as changed() last wrote it */
  struct sv_xstatus x;    /* supervise/xstatus, written with it */
  uint64_t now;
  uint64_t stamps;        /* the last stamp taken: stamps are 1, 2, 3... */
  uint64_t ticks;         /* the last start given to a process */
  uint64_t lastrun;       /* now() at this runsv's last start of ./run, 0: none */
  pid_t pids;             /* the last pid given */
  unsigned char cfg, exited, forkfail, noteopen, nproc;
  unsigned char downsent; /* d was the last of u, d, o: the service must go down */
  unsigned char hooks;    /* control/<letter> hooks are there */
  unsigned char once;     /* o came while down: one start with want down */
  struct proc p[MAXPROC]; /* the live processes, p[0..nproc-1] */
};

/* canon() below must know every field of the machine and of the records
   that holds a time (now()), a stamp or a pid: it shifts and renumbers
   them.  These fail to compile when one is added or removed; look at
   canon(), then change the sizes here (those of x86-64; other targets
   are not checked). */
#if defined(__x86_64__)
typedef char svfsm_fields_seen_by_canon[sizeof(struct svfsm) == 160 ? 1 : -1];
typedef char xstatus_fields_seen_by_canon[sizeof(struct sv_xstatus) == 112 ? 1 : -1];
typedef char status_fields_seen_by_canon[sizeof(struct sv_status) == 24 ? 1 : -1];
#endif

/* ---- the fake operations ---- */

static struct world *W;          /* the world they act on */
static char violation[256];      /* the first broken rule of this step */
static char emptygroup[256];     /* a signal to an empty group, the cgroup populated */
static pid_t spawned;            /* ./run forked, its start not yet stamped */
static int overflow;             /* a fork found the process table full */

/* what, with its two %ld replaced by a and b, into out (no stdio) */
static void format(char *out, size_t max, const char *what, long a, long b)
{
  size_t n = 0;
  int k = 0;
  while (*what && n + 24 < max) {
    if (what[0] == '%' && what[1] == 'l' && what[2] == 'd') {
      long v = k++ ? b : a;
      char d[24];
      int m = 0;
      unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
      if (v < 0) out[n++] = '-';
      do d[m++] = (char)('0' + u % 10); while (u /= 10);
      while (m) out[n++] = d[--m];
      what += 3;
    } else
      out[n++] = *what++;
  }
  out[n] = 0;
}

static void bad(const char *what, long a, long b)
{
  if (!violation[0]) format(violation, sizeof violation, what, a, b);
}

static struct proc *proc_of(pid_t pid)
{
  int i;
  for (i = 0; i < W->nproc; ++i)
    if (W->p[i].pid == pid) return &W->p[i];
  return 0;
}

static void proc_end(struct world *w, int i)
{
  memmove(&w->p[i], &w->p[i + 1], (size_t)(w->nproc - i - 1) * sizeof w->p[0]);
  --w->nproc;
}

static pid_t f_spawn(struct svfsm *s, int finish)
{
  struct proc *p;
  int i;
  if (W->nproc == MAXPROC) { overflow = 1; return -1; }   /* out of the model */
  if (W->forkfail) return -1;
  for (i = 0; i < W->nproc; ++i)
    if (W->p[i].gen == 0 && (W->p[i].kind == K_RUN || W->p[i].cg || (W->p[i].pgid && W->p[i].pgid != W->p[i].pid)))
      bad(W->p[i].kind == K_RUN ? "a start (./run or ./finish, %ld) while ./run %ld of this runsv is alive"
          : "a start (./run or ./finish, %ld) while %ld, of the group of this runsv's ./run, is alive",
          finish, W->p[i].pid);
  if (!finish && W->lastrun && W->now < W->lastrun + SVFSM_THROTTLE_MS)
    bad("./run started again %ld ms after the last start", (long)(W->now - W->lastrun), 0);
  if (!finish && s->want != SV_WANT_UP) {
    if (!W->once) bad("./run started while want is not up (and no o came while down)", 0, 0);
    W->once = 0;
  }
  if (!finish) W->lastrun = W->now;
  p = &W->p[W->nproc++];
  memset(p, 0, sizeof *p);
  p->pid = ++W->pids;
  p->ticks = ++W->ticks;
  s->ticks = p->ticks;                                       /* runsv.c's procid_start */
  p->kind = finish ? K_FINISH : K_RUN;
  if (!finish && (s->group || s->cgroup)) p->pgid = p->pid;  /* runsv.c's setpgid */
  p->cg = !finish && s->cgroup;
  if (!finish) {
    W->noteopen = s->notify != 0;
    spawned = p->pid;
  }
  return p->pid;
}

/* control/<letter> hooks, when there (w->hooks), replace runsv's
   action; control/t stops ./run itself (as `kill $(cat supervise/pid)`) */
static int f_hook(struct svfsm *s, char c)
{
  struct proc *p = s->pid ? proc_of(s->pid) : 0;
  if (!W->hooks) return 0;
  if (c == SV_CTL_TERM && p && p->kind == K_RUN) p->termed = 1;
  return 1;
}

static int f_group_alive(struct svfsm *s);

/* A process in the service's cgroup is the service's, whichever runsv
   started it: a cgroup is not reused as a pid is.  Else one an earlier
   runsv started may get a signal only as the process (group) taken
   over, known by its start (procid). */
static void deliver(const struct svfsm *s, struct proc *p, int sig)
{
  if (p->gen > 0 && !p->cg && !(s->adopted && (p->pid == s->pgid ? p->ticks == s->leader : s->group && p->pgid == s->pgid)))
    bad("signal %ld to pid %ld, started by an earlier runsv and not the process (group) taken over", sig, p->pid);
  if (sig == SIGKILL) p->killed = 1;
  else if (sig == SIGTERM || (s->downsig && sig == s->downsig)) p->termed = 1;
}

static void f_signal(struct svfsm *s, pid_t to, int sig)
{
  int i, n = 0;
  if (sig <= 0) bad("signal %ld to %ld", sig, to);
  if (to == 0 || to == -1) { bad("signal %ld to pid %ld", sig, to); return; }
  if (s->adopted && (to < 0 ? -to : to) != s->pgid) bad("signal %ld to %ld, not what was taken over", sig, to);
  for (i = 0; i < W->nproc; ++i)
    if (to > 0 ? W->p[i].pid == to : W->p[i].pgid == -to) {
      deliver(s, &W->p[i], sig);
      ++n;
    }
  if (n || s->adopted) return;     /* runsv.c's signal_to: through the pidfd */
  if (to < -1 && s->cgroup && !s->adopted && f_group_alive(s)) {
    if (!emptygroup[0])
      format(emptygroup, sizeof emptygroup, "signal %ld to the empty group %ld while its cgroup is populated", sig, to);
  } else
    bad("signal %ld to %ld, where no process of ours is (a pid or group that may be reused)", sig, to);
}

static void f_configure(struct svfsm *s)
{
  s->group = (W->cfg & C_GROUP) != 0;
  s->cgroup = (W->cfg & C_CGROUP) != 0;
  s->killms = W->cfg & C_KILL ? KILLMS : 0;
  s->downsig = W->cfg & C_DOWNSIG ? SIGHUP : 0;
  s->notify = W->cfg & C_NOTIFY ? 3 : 0;
}

/* runsv.c's group_alive (adopted: old_alive, procid's) */
static int f_group_alive(struct svfsm *s)
{
  int i, r = 0;
  for (i = 0; i < W->nproc; ++i) {
    const struct proc *p = &W->p[i];
    if (s->adopted) {
      if (s->group ? p->pgid == s->pgid : p->pid == s->pgid && p->ticks == s->leader) r |= SVFSM_ALIVE_GROUP;
    } else {
      if (s->cgroup && p->cg) r |= SVFSM_ALIVE_CGROUP;
      if (s->pgid && p->pgid == s->pgid) r |= SVFSM_ALIVE_GROUP;
    }
  }
  return r;
}

static void f_cgroup_kill(struct svfsm *s)
{
  int i;
  for (i = 0; i < W->nproc; ++i)
    if (W->p[i].cg) deliver(s, &W->p[i], SIGKILL);
}

static void f_changed(struct svfsm *s)
{
  char b[SV_XSTATUS_LEN];
  struct sv_status st;
  struct sv_xstatus x;
  svfsm_status(s, &st);
  sv_status_encode(b, &st);
  if (sv_status_decode(&W->st, b, SV_STATUS_LEN) == -1) bad("status record does not decode", 0, 0);
  svfsm_xstatus(s, &st, &x);
  sv_xstatus_encode(b, &x);
  if (sv_xstatus_decode(&W->x, b, SV_XSTATUS_LEN) == -1) bad("xstatus record does not decode", 0, 0);
  s->pidnew = 0;
}

static int f_has_finish(struct svfsm *s) { (void)s; return (W->cfg & C_FINISH) != 0; }
static uint64_t f_now(void) { return W->now; }

static void f_stamp(struct tain *t)
{
  struct proc *p = spawned ? proc_of(spawned) : 0;
  t->sec = ++W->stamps;
  t->nano = 0;
  if (p) p->stamp = W->stamps;
  spawned = 0;
}

static const struct svfsm_ops ops = {
  .spawn = f_spawn, .hook = f_hook, .signal = f_signal, .configure = f_configure,
  .group_alive = f_group_alive, .cgroup_kill = f_cgroup_kill, .changed = f_changed,
  .has_finish = f_has_finish, .now = f_now, .stamp = f_stamp
};

/* ---- runsv around the machine ---- */

/* runsv's loop: the start passes (the log's left out), then its check
   for the end */
static void loop_pass(struct world *w)
{
  int round, acted = 1;
  for (round = 0; acted && round < 3; ++round) {
    uint64_t dl = UINT64_MAX;
    acted = 0;
    if (svfsm_due(&w->m, 1, w->now, &dl)) {
      svfsm_event(&w->m, &ops, SVFSM_DUE, 0);
      acted = 1;
    }
  }
  if (w->m.want == SV_WANT_EXIT && w->m.state == SV_STATE_DOWN) w->exited = 1;
}

/* runsv.c's find_old: what the records name, held by procid (the
   process with the recorded start; a group: a live member, its leader
   that start or gone), or -1 */
static int find_old(const struct world *w)
{
  const struct sv_status *st = &w->st;
  const struct sv_xstatus *x = &w->x;
  pid_t pid = (pid_t)st->pid;
  struct proc *p;
  int how, i;
  if (!x->hasrec || !x->ticks || !sv_xstatus_matches(x, st) || pid <= 1) return -1;
  if (st->state == SV_STATE_RUN && !x->ending) how = SVFSM_ADOPT_PROC;
  else if (st->state == SV_STATE_FINISH && x->ending == SV_ENDING_PROC) how = SVFSM_ADOPT_PROC;
  else if (st->state == SV_STATE_FINISH && x->ending == SV_ENDING_GROUP) how = SVFSM_ADOPT_GROUP;
  else return -1;
  p = proc_of(pid);
  if (p && p->ticks != x->ticks) return -1;             /* another process */
  if (how != SVFSM_ADOPT_GROUP) {
    if (!p) return -1;
    return p->pgid == pid ? SVFSM_ADOPT_LEADER : how;   /* getpgid(pid) == pid */
  }
  for (i = 0; i < w->nproc; ++i)
    if (w->p[i].pgid == pid) return how;
  return -1;
}

/* runsv (killed, or after its exit) started again: runsv.c's setup,
   find_old and adopt_old (the main service: no wait).  What the
   earlier ones started is no longer ours. */
static void start_runsv(struct world *w, int down)
{
  int i, how;
  for (i = 0; i < w->nproc; ++i)
    if (w->p[i].gen < 2) ++w->p[i].gen;
  memset(&w->m, 0, sizeof w->m);
  w->m.state = SV_STATE_DOWN;
  w->m.want = down ? SV_WANT_DOWN : SV_WANT_UP;     /* ./down: init_svc */
  w->exited = w->noteopen = w->downsent = w->once = 0;
  w->lastrun = 0;
  f_stamp(&w->m.start);
  if ((how = find_old(w)) >= 0) svfsm_adopt(&w->m, &ops, (pid_t)w->st.pid, how, w->x.ticks, 0);
  f_changed(&w->m);
}

/* ---- the events ---- */

/* the service's own process, if alive: ./run or ./finish */
static int child(const struct world *w)
{
  int i;
  if (w->exited || !w->m.pid) return -1;
  for (i = 0; i < w->nproc; ++i)
    if (w->p[i].pid == w->m.pid && w->p[i].gen == 0) return i;
  return -1;
}

/* each returns 0 when it cannot happen in w; nopass: no loop pass after it */
static int e_letter(struct world *w, int c)
{
  if (w->exited) return 0;
  if (c == 'd' || c == 'u' || c == 'o') w->downsent = c == 'd';
  if (c == 'o' || c == 'd' || c == 'x') w->once = c == 'o' && w->m.state == SV_STATE_DOWN;
  svfsm_event(&w->m, &ops, SVFSM_CTL, c);
  return 1;
}

static int child_ends(struct world *w, int i, int wstat)
{
  if (w->p[i].kind == K_RUN) w->noteopen = 0;  /* runsv.c's ended(): note_close */
  proc_end(w, i);
  svfsm_event(&w->m, &ops, SVFSM_EXIT, wstat);
  return 1;
}

static int e_exit(struct world *w, int code)
{
  int i = child(w);
  if (i < 0 || w->p[i].killed) return 0;
  return child_ends(w, i, code << 8);
}

static int e_signalled(struct world *w, int unused)
{
  int i = child(w);
  (void)unused;
  if (i < 0) return 0;
  return child_ends(w, i, w->p[i].killed ? SIGKILL : w->p[i].termed && w->m.downsig ? w->m.downsig : SIGTERM);
}

/* process i, other than the service's own, ends: reaped by runsv (this
   runsv's, a subreaper with kill-group or cgroup), or seen through the
   pidfd (the adopted ./run); an earlier runsv's others go unnoticed */
static int e_other_ends(struct world *w, int i)
{
  int noticed;
  if (i >= w->nproc || i == child(w)) return 0;
  noticed = !w->exited && (w->p[i].gen == 0 ||
            (w->m.adopted && w->p[i].pid == w->m.pgid && w->p[i].kind == K_RUN));
  proc_end(w, i);
  if (noticed) svfsm_event(&w->m, &ops, SVFSM_GROUP, 0);
  return 1;
}

static int e_fork_member(struct world *w, int unused)
{
  int i = child(w), j, n = 0;
  struct proc *p;
  (void)unused;
  if (i < 0 || w->p[i].kind != K_RUN || w->p[i].killed || !w->p[i].pgid || w->nproc == MAXPROC) return 0;
  for (j = 0; j < w->nproc; ++j) n += w->p[j].kind == K_MEMBER && w->p[j].pgid == w->p[i].pgid;
  if (n >= MAXMEMBERS) return 0;
  p = &w->p[w->nproc++];
  *p = w->p[i];
  p->pid = ++w->pids;
  p->ticks = ++w->ticks;
  p->kind = K_MEMBER;
  p->stamp = 0;
  p->termed = 0;
  return 1;
}

/* a member of this runsv's ./run's group leaves it (setsid, as a
   daemon that detaches): out of kill-group's reach, in the cgroup still */
static int e_setsid(struct world *w, int i)
{
  struct proc *p = i < w->nproc ? &w->p[i] : 0;
  if (w->exited || !p || p->kind != K_MEMBER || p->gen || p->killed || p->pgid == p->pid) return 0;
  p->pgid = p->pid;
  return 1;
}

static int e_ready(struct world *w, int unused)
{
  (void)unused;
  if (w->exited || !w->noteopen) return 0;
  w->noteopen = 0;                               /* runsv.c's note_read */
  svfsm_event(&w->m, &ops, SVFSM_READY, 0);
  return 1;
}

static int e_eof(struct world *w, int unused)
{
  (void)unused;
  if (!w->noteopen) return 0;
  w->noteopen = 0;
  return 1;
}

/* the next moment that matters: a deadline, or the throttle's bound */
static uint64_t next_moment(const struct world *w)
{
  uint64_t dl = UINT64_MAX, t;
  if (w->exited) return 0;
  svfsm_due(&w->m, 1, w->now, &dl);
  if (dl <= w->now) dl = UINT64_MAX;
  t = w->m.started + SVFSM_THROTTLE_MS;
  if (w->m.started && t > w->now && t < dl) dl = t;
  return dl == UINT64_MAX ? 0 : dl;
}

static int e_time(struct world *w, int unused)
{
  uint64_t t = next_moment(w);
  (void)unused;
  if (!t) return 0;
  w->now = t;
  return 1;
}

static int e_wake(struct world *w, int unused)
{
  uint64_t dl = UINT64_MAX;
  (void)unused;
  return !w->exited && svfsm_due(&w->m, 1, w->now, &dl);
}

static int e_forkfail(struct world *w, int unused)
{
  (void)unused;
  if (w->exited) return 0;
  w->forkfail = !w->forkfail;
  return 1;
}

static int e_reaped(struct world *w, int unused)
{
  (void)unused;
  if (w->exited || !w->m.draining) return 0;
  svfsm_event(&w->m, &ops, SVFSM_GROUP, 0);
  return 1;
}

static int e_restart(struct world *w, int down)
{
  start_runsv(w, down);
  return 1;
}

static int e_hooks(struct world *w, int unused)
{
  (void)unused;
  if (w->exited) return 0;
  w->hooks = !w->hooks;
  return 1;
}

struct event {
  const char *name;
  int (*fire)(struct world *w, int arg);
  int arg;
  int nopass;             /* no loop pass after it (time passing alone) */
};

static const struct event events[] = {
  { "control u", e_letter, 'u', 0 }, { "control d", e_letter, 'd', 0 },
  { "control o", e_letter, 'o', 0 }, { "control x", e_letter, 'x', 0 },
  { "control t", e_letter, 't', 0 }, { "control k", e_letter, 'k', 0 },
  { "control p", e_letter, 'p', 0 }, { "control c", e_letter, 'c', 0 },
  { "control h", e_letter, 'h', 0 }, { "control a", e_letter, 'a', 0 },
  { "control i", e_letter, 'i', 0 }, { "control q", e_letter, 'q', 0 },
  { "control 1", e_letter, '1', 0 }, { "control 2", e_letter, '2', 0 },
  { "control byte 0xff", e_letter, 0xff, 0 },
  { "the service's process exits 0", e_exit, 0, 0 },
  { "the service's process is killed by a signal", e_signalled, 0, 0 },
  { "process #0 ends", e_other_ends, 0, 0 }, { "process #1 ends", e_other_ends, 1, 0 },
  { "process #2 ends", e_other_ends, 2, 0 }, { "process #3 ends", e_other_ends, 3, 0 },
  { "process #4 ends", e_other_ends, 4, 0 }, { "process #5 ends", e_other_ends, 5, 0 },
  { "./run forks a member of its group", e_fork_member, 0, 0 },
  { "process #1 leaves its group (setsid)", e_setsid, 1, 0 },
  { "process #2 leaves its group (setsid)", e_setsid, 2, 0 },
  { "./run writes its readiness newline", e_ready, 0, 0 },
  { "./run closes its notification-fd (EOF)", e_eof, 0, 0 },
  { "time passes to the next deadline", e_time, 0, 1 },
  { "the loop wakes up (poll timed out)", e_wake, 0, 0 },
  { "forks fail from now on / succeed again", e_forkfail, 0, 0 },
  { "another child of runsv is reaped", e_reaped, 0, 0 },
  { "runsv is killed and started again", e_restart, 0, 0 },
  { "runsv is killed and started again, ./down there", e_restart, 1, 0 },
  { "control/<letter> hooks appear / go", e_hooks, 0, 0 },
};
#define NEVENTS (int)(sizeof events / sizeof events[0])

/* ---- the invariants: each returns what is wrong, or 0 ---- */

static int passed;                  /* the state was reached through a loop pass */

static const char *inv_signals(const struct world *w)
{
  (void)w;
  return violation[0] ? violation : 0;
}

static const char *inv_signals_cgroup(const struct world *w)
{
  (void)w;
  return emptygroup[0] ? emptygroup : 0;
}

static const char *inv_one_run(const struct world *w)
{
  int i, n = 0;
  for (i = 0; i < w->nproc; ++i) n += w->p[i].kind == K_RUN && w->p[i].gen < 2;
  return n > 1 ? "two ./run of the service alive" : 0;
}

/* the same for a ./run an earlier runsv than the one taken over started */
static const char *inv_one_run_earlier(const struct world *w)
{
  int i, n = 0, old = 0;
  for (i = 0; i < w->nproc; ++i)
    if (w->p[i].kind == K_RUN) {
      ++n;
      old += w->p[i].gen == 2;
    }
  if (n > 1 && old) return "two ./run of the service alive, one of a runsv before the one taken over";
  if (w->exited && old) return "runsv exited with a ./run of a runsv before the one taken over alive";
  return 0;
}

static const char *inv_records(const struct world *w)
{
  struct sv_status st;
  if (!sv_xstatus_matches(&w->x, &w->st)) return "xstatus is not of the same moment as status (start, pid)";
  if ((w->x.want == SV_WANT_UP) != (w->st.want == SV_WANT_UP)) return "xstatus and status differ in want";
  if ((w->x.readiness == SV_READY_WAIT || w->x.readiness == SV_READY_YES) && w->st.state != SV_STATE_RUN)
    return "xstatus: waiting or ready while not running";
  if (w->exited) return 0;
  svfsm_status(&w->m, &st);
  if (memcmp(&st.start, &w->st.start, sizeof st.start) || st.pid != w->st.pid || st.state != w->st.state ||
      (st.want == SV_WANT_UP) != (w->st.want == SV_WANT_UP) || st.paused != w->st.paused || st.term != w->st.term)
    return "the status record is not the machine's state";
  if (w->x.want != w->m.want) return "xstatus: want is not the machine's";
  return 0;
}

static const char *inv_machine(const struct world *w)
{
  uint64_t dl = UINT64_MAX;
  int i = child(w);
  if (w->exited) return 0;
  if (w->m.state == SV_STATE_RUN && (i < 0 || w->p[i].kind != K_RUN)) return "state run, but no ./run of ours";
  if (w->m.pid && i < 0) return "the machine's pid is no child of ours";
  if (w->m.state == SV_STATE_DOWN && (w->m.pid || w->m.draining)) return "state down with a process";
  if (w->m.draining && !w->m.killat) return "a group being ended without a deadline";
  if (!passed) return 0;
  if (svfsm_due(&w->m, 1, w->now, &dl)) return "something due left undone after the loop's pass";
  if (dl <= w->now) return "a deadline in the past (the loop would spin)";
  return 0;
}

static const char *inv_exit(const struct world *w);
/* known: a violation known and not fixed yet (the reason): reported as
   a TAP TODO, the state not explored further; SVFSM_MODEL_STRICT=1 makes
   it a failure */
static const struct invariant {
  const char *(*broken)(const struct world *w);
  const char *known;
} invariants[] = {
  { inv_signals, 0 },
  { inv_signals_cgroup, 0 },
  { inv_one_run, 0 },
  { inv_one_run_earlier, 0 },
  { inv_records, 0 },
  { inv_machine, 0 },
  { inv_exit, 0 },
};
#define NINV (int)(sizeof invariants / sizeof invariants[0])
static int strict;
static unsigned knownmask;          /* the known ones check() found */

/* After x: let every process sent SIGKILL die, ./finish end, and ./run
   end on its stop signal when there is no timeout-kill (runit's
   contract); everything else is left alive.  runsv must then be down
   and exit (after d: be down; want up: have ./run running, a throttle
   counted in) within the bound: timeout-kill for ./run, then timeout-kill
   (or SVFSM_GROUPKILL_MS) for its group if it has one, two rechecks, and what is left
   of a fork retry under way. */
static char drainlog[512];

static const char *inv_exit(const struct world *w0)
{
  static struct world w;
  static const char *const late[] = {
    "after x, runsv exits later than the bound", "after d, down later than the bound",
    "want up, ./run runs later than the bound" };
  static const char *const stuck[] = {
    "after x, runsv waits for something that does not come",
    "after d, runsv waits for something that does not come",
    "want up, runsv waits for something that does not come" };
  struct world *saved = W;
  const char *r = 0;
  uint64_t k = w0->cfg & C_KILL ? KILLMS : 0, limit;
  int step, i, goal;            /* 0 exit (x), 1 down (d), 2 up */
  if (w0->exited) {
    for (i = 0; i < w0->nproc; ++i)
      if (w0->p[i].kind == K_RUN && w0->p[i].gen < 2) return "runsv exited with a ./run alive";
    return 0;
  }
  if (w0->m.want == SV_WANT_EXIT) goal = 0;
  else if (w0->m.want == SV_WANT_DOWN) goal = 1;
  else goal = 2;
  if (goal == 1 && !w0->downsent) return 0;       /* o: ./run may go on */
  w = *w0;
  W = &w;
  w.forkfail = 0;
  limit = w.now + k + (w.m.group || w.m.cgroup || w.m.draining ? k ? k : SVFSM_GROUPKILL_MS : 0) +
          2 * SVFSM_RECHECK_MS +
          (w.m.notbefore > w.now ? w.m.notbefore - w.now : 0) +   /* a fork retry under way */
          (goal == 2 ? SVFSM_THROTTLE_MS : 0);
  drainlog[0] = 0;
  for (step = 0; step < 32 && !r; ++step) {
    loop_pass(&w);
    if (violation[0]) { r = violation; break; }
    if (overflow) break;        /* the process table is full: no verdict */
    if (goal == 0 ? w.exited : goal == 1 ? w.m.state == SV_STATE_DOWN :
        w.m.state == SV_STATE_RUN) {
      for (i = 0; goal < 2 && i < w.nproc && !r; ++i)
        if (w.p[i].kind == K_RUN && w.p[i].gen < 2)
          r = goal == 0 ? "runsv exited with a ./run alive" : "after d, down with a ./run alive";
      if (!r && w.now > limit) r = late[goal];
      break;
    }
    for (i = 0; i < w.nproc; ++i)
      if (w.p[i].killed) break;
    if (i == w.nproc) {
      i = child(&w);
      if (i >= 0 && !(w.p[i].kind == K_FINISH || (w.p[i].termed && !w.m.killms))) i = w.nproc;
    }
    if (i >= 0 && i < w.nproc) {
      strncat(drainlog, i == child(&w) ? " the service's process ends;" : " another process ends;",
              sizeof drainlog - strlen(drainlog) - 1);
      if (i == child(&w)) e_signalled(&w, 0);
      else e_other_ends(&w, i);
    } else if (e_time(&w, 0))
      strncat(drainlog, " time passes;", sizeof drainlog - strlen(drainlog) - 1);
    else
      r = stuck[goal];
  }
  if (!r && !overflow && step == 32) r = goal == 0 ? "after x, runsv does not exit" : goal == 1 ?
      "after d, the service does not go down" : "want up, ./run does not run";
  W = saved;
  return r;
}

/* ---- the search ---- */

static struct world states[MODEL_STATES];
static uint32_t parent[MODEL_STATES];
static unsigned char via[MODEL_STATES], depth[MODEL_STATES];
static uint32_t table[HASHSIZE];    /* index + 1 into states, 0: empty */
static uint32_t nstates;
static unsigned long pruned;        /* steps that would need more than MAXPROC processes */

/* renumbering of stamps and pids by first appearance */
static uint64_t map_old[32], map_new[32];
static int nmap;
static uint64_t next_new;

static uint64_t renum(uint64_t v)
{
  int i;
  if (!v) return 0;
  for (i = 0; i < nmap; ++i)
    if (map_old[i] == v) return map_new[i];
  map_old[nmap] = v;
  map_new[nmap] = ++next_new;
  return map_new[nmap++];
}

static int proc_key(const struct world *w, const struct proc *p)
{
  return p->kind << 12 | p->gen << 10 | p->termed << 9 | p->killed << 8 | p->cg << 7 |
         (p->pid == w->m.pid) << 6 | (p->pid == w->m.pgid) << 5 | (p->pgid == w->m.pgid) << 4 |
         (p->pid == p->pgid) << 3 | (p->pid == (pid_t)w->st.pid) << 2 | (p->stamp == w->st.start.sec) << 1 |
         (p->ticks == w->x.ticks);
}

/* the processes in an order that does not depend on their pids (stable:
   put_trace's replay gets the order the search had) */
static void sort_procs(struct world *w)
{
  int i, j;
  for (i = 1; i < w->nproc; ++i)           /* insertion sort: a few entries */
    for (j = i; j > 0 && proc_key(w, &w->p[j - 1]) > proc_key(w, &w->p[j]); --j) {
      struct proc t = w->p[j];
      w->p[j] = w->p[j - 1];
      w->p[j - 1] = t;
    }
}

/* One representative of the states that behave alike: the clock set to
   BASE (the times kept only as far as they matter), stamps and pids
   renumbered by first appearance, the processes in a fixed order, what
   the machine keeps but never acts on (the count of starts beyond two,
   the wait status once passed to ./finish) left out. */
static void canon(struct world *w)
{
  struct svfsm *m = &w->m;
  uint64_t d = w->now - BASE;
  int i;
  if (m->started) m->started = m->started + SVFSM_THROTTLE_MS <= w->now ? 0 : m->started - d;
  if (m->notbefore) m->notbefore = m->notbefore <= w->now ? 0 : m->notbefore - d;
  if (m->killat) m->killat = m->killat <= w->now ? BASE : m->killat - d;
  if (w->lastrun) w->lastrun = w->lastrun + SVFSM_THROTTLE_MS <= w->now ? 0 : w->lastrun - d;
  w->now = BASE;
  if (m->starts > 2) m->starts = 2;
  if (w->x.restarts > 1) w->x.restarts = 1;
  if (m->state != SV_STATE_FINISH) m->wstat = 0;
  if (!m->pid) m->ticks = 0;        /* read only with a pid (xstatus) */
  if (!m->draining && m->state != SV_STATE_RUN) m->leader = 0;   /* only while draining */
  sort_procs(w);
  memset(&w->p[w->nproc], 0, (size_t)(MAXPROC - w->nproc) * sizeof w->p[0]);
  nmap = 0; next_new = 0;
  m->start.sec = renum(m->start.sec);
  m->run.sec = renum(m->run.sec);
  m->ready.sec = renum(m->ready.sec);
  w->st.start.sec = renum(w->st.start.sec);
  w->x.start.sec = renum(w->x.start.sec);
  w->x.run.sec = renum(w->x.run.sec);
  w->x.ready.sec = renum(w->x.ready.sec);
  w->x.rec.start.sec = renum(w->x.rec.start.sec);
  for (i = 0; i < w->nproc; ++i) w->p[i].stamp = renum(w->p[i].stamp);
  w->stamps = next_new;
  nmap = 0; next_new = 49;          /* starts (ticks): identities, like pids */
  m->ticks = renum(m->ticks);
  m->leader = renum(m->leader);
  w->x.ticks = renum(w->x.ticks);
  for (i = 0; i < w->nproc; ++i) w->p[i].ticks = renum(w->p[i].ticks);
  w->ticks = next_new;
  nmap = 0; next_new = 99;
  m->pid = (pid_t)renum((uint64_t)m->pid);
  m->pgid = (pid_t)renum((uint64_t)m->pgid);
  w->st.pid = (uint32_t)renum(w->st.pid);
  w->x.pid = (uint32_t)renum(w->x.pid);
  w->x.pgid = (uint32_t)renum(w->x.pgid);
  w->x.rec.pid = (uint32_t)renum(w->x.rec.pid);
  for (i = 0; i < w->nproc; ++i) {
    w->p[i].pid = (pid_t)renum((uint64_t)w->p[i].pid);
    w->p[i].pgid = (pid_t)renum((uint64_t)w->p[i].pgid);
  }
  w->pids = (pid_t)next_new;
}

static uint64_t hash(const struct world *w)
{
  const unsigned char *b = (const unsigned char *)w;
  uint64_t h = 14695981039346656037ULL, v;
  size_t i;
  for (i = 0; i + 8 <= sizeof *w; i += 8) {
    memcpy(&v, b + i, 8);
    h = (h ^ v) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  for (; i < sizeof *w; ++i) h = (h ^ b[i]) * 1099511628211ULL;
  return h ^ h >> 32;
}

/* 1: w was new and is stored; 0: seen before; -1: the table is full */
static int insert(const struct world *w, uint32_t from, int ev, int d)
{
  uint64_t h = hash(w);
  uint32_t i = (uint32_t)(h % HASHSIZE);
  while (table[i]) {
    if (!memcmp(&states[table[i] - 1], w, sizeof *w)) return 0;
    i = (i + 1) % HASHSIZE;
  }
  if (nstates == MODEL_STATES) return -1;
  states[nstates] = *w;
  parent[nstates] = from;
  via[nstates] = (unsigned char)ev;
  depth[nstates] = (unsigned char)d;
  table[i] = ++nstates;
  return 1;
}

static void put_state(const struct world *w)
{
  static const char *const st[] = { "down", "run", "finish" };
  int i;
  buf_puts(&buf_1, "#      -> ");
  buf_puts(&buf_1, w->exited ? "runsv exited" : st[w->m.state % 3]);
  buf_puts(&buf_1, ", want ");
  buf_put(&buf_1, &w->m.want, 1);
  buf_puts(&buf_1, ", pid ");
  buf_putulong(&buf_1, (unsigned long)w->m.pid);
  if (w->m.draining) buf_puts(&buf_1, ", draining");
  if (w->m.adopted) buf_puts(&buf_1, ", adopted");
  buf_puts(&buf_1, "; processes:");
  for (i = 0; i < w->nproc; ++i) {
    buf_puts(&buf_1, i ? ", #" : " #");
    buf_putulong(&buf_1, (unsigned long)i);
    buf_puts(&buf_1, " ");
    buf_puts(&buf_1, kindname[w->p[i].kind]);
    buf_puts(&buf_1, " ");
    buf_putulong(&buf_1, (unsigned long)w->p[i].pid);
    buf_puts(&buf_1, w->p[i].gen == 0 ? "" : w->p[i].gen == 1 ? " (taken over)" : " (earlier runsv)");
  }
  buf_puts(&buf_1, "\n");
}

/* the shortest way to the state at index i, then the last step: replayed
   from the first state, so that pids and stamps read as they were given */
static const char *lastcheck;
static int check(const struct world *w, const char **what);

static int put_trace(uint32_t i, int ev)
{
  int r = 1;
  static struct world w;
  struct world *saved = W;
  uint32_t path[256];
  int n = 1;
  path[0] = (uint32_t)ev;
  while (depth[i]) { path[n++] = via[i]; i = parent[i]; }
  w = states[i];
  W = &w;
  buf_puts(&buf_1, "#   runsv starts\n");
  put_state(&w);
  while (n--) {
    buf_puts(&buf_1, "#   ");
    buf_puts(&buf_1, events[path[n]].name);
    buf_puts(&buf_1, "\n");
    violation[0] = emptygroup[0] = 0;
    spawned = 0;
    events[path[n]].fire(&w, events[path[n]].arg);
    if (!events[path[n]].nopass) loop_pass(&w);
    passed = !events[path[n]].nopass;
    if (n) sort_procs(&w);
    put_state(&w);
  }
  drainlog[0] = 0;
  r = check(&w, &lastcheck);
  W = saved;
  return r;
}

/* 1: all hold; 0: *what is broken; -1: only known ones (knownmask), the
   first in *what */
static int check(const struct world *w, const char **what)
{
  int k;
  const char *known = 0;
  knownmask = 0;
  for (k = 0; k < NINV; ++k)
    if ((*what = invariants[k].broken(w))) {
      if (!invariants[k].known || strict) return 0;
      if (!known) known = *what;
      knownmask |= 1u << k;
    }
  *what = known;
  return known ? -1 : 1;
}

/* the trace, then what is broken (as the replay numbers the pids) */
static void put_failure(const char *what, uint32_t i, int ev)
{
  const char *again = 0;
  buf_puts(&buf_1, "# the shortest way to a broken invariant:\n");
  if (put_trace(i, ev) != 1) again = lastcheck;
  buf_puts(&buf_1, "#   broken: ");
  buf_puts(&buf_1, again ? again : what);
  buf_puts(&buf_1, "\n");
  if (drainlog[0]) {
    buf_puts(&buf_1, "#   then, left to itself:");
    buf_puts(&buf_1, drainlog);
    buf_puts(&buf_1, "\n");
  }
}

/* every state of configuration cfg up to depth maxd; 1 when all hold */
static int explore(int cfg, int maxd, unsigned long *count)
{
  static struct world w;
  char desc[512];
  const char *what = 0;
  unsigned todo = 0;
  uint32_t i;
  int e, k, r, ok = 1;

  format(desc, sizeof desc, cfg ? "configuration %ld (" : "configuration %ld (no optional file", cfg, 0);
  for (k = 0; k < 6; ++k)
    if (cfg & 1 << k) {
      if (cfg & ((1 << k) - 1)) strcat(desc, ", ");
      strcat(desc, cfgname[k]);
    }
  strcat(desc, ")");
  nstates = 0;
  memset(table, 0, sizeof table);
  memset(&w, 0, sizeof w);
  w.cfg = (unsigned char)cfg;
  w.now = BASE;
  W = &w;
  violation[0] = emptygroup[0] = 0;
  start_runsv(&w, 0);
  loop_pass(&w);
  passed = 1;
  if (!check(&w, &what)) {
    tap_ok(0, desc);
    buf_puts(&buf_1, "# at runsv's start: ");
    buf_puts(&buf_1, what);
    buf_puts(&buf_1, "\n");
    ok = 0;
  }
  canon(&w);
  insert(&w, 0, 0, 0);


  for (i = 0; i < nstates && ok; ++i) {
    if (depth[i] >= maxd) continue;
    for (e = 0; e < NEVENTS && ok; ++e) {
      w = states[i];
      W = &w;
      violation[0] = emptygroup[0] = 0;
      spawned = 0;
      overflow = 0;
      if (!events[e].fire(&w, events[e].arg)) continue;
      if (!events[e].nopass) loop_pass(&w);
      if (overflow) {           /* more processes than the model holds */
        ++pruned;
        continue;
      }
      passed = !events[e].nopass;
      drainlog[0] = 0;
      r = check(&w, &what);
      overflow = 0;
      if (r == 0) {
        tap_ok(0, desc);
        put_failure(what, i, e);
        ok = 0;
        break;
      }
      if (r == -1) {            /* known: the first way there, once */
        if (knownmask & ~todo) put_failure(what, i, e);
        todo |= knownmask;
        continue;
      }
      canon(&w);
      if (insert(&w, i, e, depth[i] + 1) == -1) {
        tap_ok(0, desc);
        buf_puts(&buf_1, "# the state table is full: build with a larger MODEL_STATES, or go less deep\n");
        ok = 0;
      }
    }
  }
  if (ok && todo) {              /* TAP: a TODO test that fails (not a failure) */
    strcat(desc, " # TODO known:");
    for (k = 0; k < NINV; ++k)
      if (todo & 1u << k) {
        strcat(desc, " ");
        strcat(desc, invariants[k].known);
        strcat(desc, ";");
      }
    desc[strlen(desc) - 1] = 0;
    tap_ok(0, desc);
    --tap_failed;
  } else if (ok) tap_ok(1, desc);
  buf_puts(&buf_1, "# ");
  buf_putulong(&buf_1, nstates);
  buf_puts(&buf_1, " states\n");
  *count += nstates;
  return ok;
}

int main(int argc, char **argv)
{
  const char *d = argc > 1 ? argv[1] : getenv("SVFSM_MODEL_DEPTH");
  const char *c = getenv("SVFSM_MODEL_CONFIGS");
  int maxd = d ? atoi(d) : DEPTH, cfg, all = c && !strcmp(c, "all");
  strict = getenv("SVFSM_MODEL_STRICT") && *getenv("SVFSM_MODEL_STRICT") == '1';
  unsigned long total = 0;
  if (maxd < 1 || maxd > 250) maxd = DEPTH;
  buf_puts(&buf_1, "# depth ");
  buf_putulong(&buf_1, (unsigned long)maxd);
  buf_puts(&buf_1, "\n");
  if (c && *c && !all)
    for (;;) {
      explore(atoi(c) % C_ALL, maxd, &total);
      if (!(c = strchr(c, ','))) break;
      ++c;
    }
  else                        /* down-signal only alone and with all the others */
    for (cfg = 0; cfg < C_ALL; ++cfg)
      if (!(cfg & C_DOWNSIG) || cfg == C_DOWNSIG || cfg == C_ALL - 1 || all) explore(cfg, maxd, &total);
  buf_puts(&buf_1, "# states: ");
  buf_putulong(&buf_1, total);
  buf_puts(&buf_1, "\n");
  if (pruned) {
    buf_puts(&buf_1, "# steps left out, more processes than the model holds: ");
    buf_putulong(&buf_1, pruned);
    buf_puts(&buf_1, "\n");
  }
  return tap_done();
}
