#include <signal.h>
#include <sys/wait.h>
#include "svfsm.h"

static const struct tain notyet;   /* ready: not (yet) */

/* where signals to the service go: its group with kill-group */
static pid_t target(const struct svfsm *s)
{
  return s->group && s->pgid > 1 ? -s->pgid : s->pid;
}

static void start(struct svfsm *s, const struct svfsm_ops *ops)
{
  int finish = s->state == SV_STATE_FINISH;
  pid_t pid;
  if (!finish) {
    ops->hook(s, SV_CTL_UP);
    ops->configure(s);
  }
  pid = ops->spawn(s, finish);
  if (pid == -1) {
    s->notbefore = ops->now() + SVFSM_FORKRETRY_MS;
    return;
  }
  if (!finish) {
    ops->stamp(&s->start);
    s->run = s->start;
    s->leader = s->ticks;
    s->started = ops->now();
    s->state = SV_STATE_RUN;
    s->pgid = s->group || s->cgroup ? pid : 0;
    s->readiness = s->notify ? SV_READY_WAIT : SV_READY_NONE;
    s->ready = notyet;
    ++s->starts;
  }
  s->pid = pid;
  s->pidnew = 1;
  s->paused = s->term = s->once = 0;
  ops->changed(s);
}

/* The stop sequence of d, x, t and SIGTERM. */
static void stop(struct svfsm *s, const struct svfsm_ops *ops)
{
  if (!ops->hook(s, SV_CTL_TERM)) {
    ops->signal(s, target(s), s->downsig ? s->downsig : SIGTERM);
    s->term = 1;
    ops->changed(s);
  }
  if (s->killms && !s->killat) s->killat = ops->now() + s->killms;
  if (s->want == SV_WANT_DOWN) {
    ops->signal(s, target(s), SIGCONT);
    ops->hook(s, SV_CTL_DOWN);
  } else if (s->want == SV_WANT_EXIT) {
    ops->signal(s, target(s), SIGCONT);
    ops->hook(s, SV_CTL_EXIT);
  }
}

/* ./run (or ./finish) is gone for good: down, throttled. */
static void enter_down(struct svfsm *s, const struct svfsm_ops *ops)
{
  uint64_t now = ops->now();
  s->state = SV_STATE_DOWN;
  if (now < s->started + SVFSM_THROTTLE_MS) s->notbefore = now + SVFSM_THROTTLE_MS;
  ops->stamp(&s->start);
  ops->changed(s);
}

/* ./run has ended and its group with it: ./finish, or down */
static void run_ended(struct svfsm *s, const struct svfsm_ops *ops)
{
  s->draining = s->waiteof = 0;
  s->killat = 0;
  s->pgid = 0;
  if (s->adopted) {             /* not ours: no ./finish for it */
    s->adopted = 0;
    s->group = s->cgroup = 0;
    enter_down(s, ops);
  } else if (!s->islog && ops->has_finish(s)) {
    s->state = SV_STATE_FINISH;   /* started by the next due */
    ops->changed(s);
  } else
    enter_down(s, ops);
}

/* the stop signal, then CONT, to an adopted process (group) to; KILL
   after timeout-kill */
static void signal_stop(struct svfsm *s, const struct svfsm_ops *ops, pid_t to)
{
  ops->signal(s, to, s->downsig ? s->downsig : SIGTERM);
  ops->signal(s, to, SIGCONT);
  s->killat = ops->now() + (s->killms ? s->killms : SVFSM_GROUPKILL_MS);
}

/* SIGKILL is due: to the process (or group) being stopped, or to what is
   left of the group after ./run exited, which is looked at again until
   it is gone (a process in uninterruptible sleep takes its time). */
static void escalate(struct svfsm *s, const struct svfsm_ops *ops)
{
  if (s->draining) {
    int alive = ops->group_alive(s);
    if (!alive) { run_ended(s, ops); return; }
    if (s->waiteof) {             /* an earlier logger: its time is up */
      s->waiteof = 0;
      signal_stop(s, ops, s->group ? -s->pgid : s->pgid);
      return;
    }
    /* the cgroup, and the process group ./run led with it (a cgroup
       never ends less than kill-group would), but a signal to the group
       only while it has members: its number may be another's after */
    if (s->cgroup) ops->cgroup_kill(s);
    if (alive & SVFSM_ALIVE_GROUP) ops->signal(s, s->adopted && !s->group ? s->pgid : -s->pgid, SIGKILL);
    s->killat = ops->now() + SVFSM_RECHECK_MS;
    return;
  }
  s->killat = 0;
  if (s->state == SV_STATE_RUN && s->pid) ops->signal(s, target(s), SIGKILL);
}

void svfsm_event(struct svfsm *s, const struct svfsm_ops *ops, enum svfsm_event ev, int arg)
{
  int sig, alive;

  switch (ev) {
  case SVFSM_DUE:           /* svfsm_due() said: something is due now */
    if (s->killat && ops->now() >= s->killat) { escalate(s, ops); return; }
    if (s->draining) return;
    switch (s->state) {
    case SV_STATE_DOWN:
    case SV_STATE_FINISH: start(s, ops); break;
    case SV_STATE_RUN: break;
    }
    return;

  case SVFSM_EXIT:          /* arg: wait status */
    s->pid = 0;
    s->pidnew = 1;
    s->term = 0;
    switch (s->state) {
    case SV_STATE_RUN:
      s->wstat = arg;
      s->killat = 0;
      s->end = WIFSIGNALED(arg) ? SV_END_SIGNAL : SV_END_EXIT;
      s->code = (unsigned char)(WIFSIGNALED(arg) ? WTERMSIG(arg) : WEXITSTATUS(arg));
      /* readiness is of the running ./run: what stays is whether the
         last one ended before it was ready */
      s->readiness = s->readiness == SV_READY_WAIT ? SV_READY_DIED : SV_READY_NONE;
      s->ready = notyet;
      if ((s->group || s->cgroup) && s->pgid > 1 && (alive = ops->group_alive(s))) {
        /* the rest of the group goes before ./finish or a restart; the
           record shows the group (pid pgid) finishing meanwhile.  A
           cgroup without kill-group gets no TERM: it is killed at
           once (the cgroup, and the group ./run leads with it).  The
           TERM goes to the process group only while it has members
           (only the cgroup populated: the number may be another's). */
        s->draining = 1;
        s->state = SV_STATE_FINISH;
        if (s->group) {
          if (alive & SVFSM_ALIVE_GROUP) {
            ops->signal(s, -s->pgid, SIGTERM);
            ops->signal(s, -s->pgid, SIGCONT);
          }
          s->killat = ops->now() + (s->killms ? s->killms : SVFSM_GROUPKILL_MS);
        } else
          s->killat = ops->now();
        ops->changed(s);
      } else
        run_ended(s, ops);
      break;
    case SV_STATE_FINISH: enter_down(s, ops); break;
    case SV_STATE_DOWN: break;         /* cannot happen: no pid */
    }
    return;

  case SVFSM_GROUP:         /* a member of some group was reaped */
    if (s->draining && !ops->group_alive(s)) run_ended(s, ops);
    return;

  case SVFSM_READY:         /* the first newline on notification-fd */
    if (s->state != SV_STATE_RUN || s->readiness != SV_READY_WAIT) return;
    s->readiness = SV_READY_YES;
    ops->stamp(&s->ready);
    ops->changed(s);
    return;

  case SVFSM_CTL:           /* arg: the control byte */
    switch (arg) {
    case SV_CTL_UP:
      s->want = SV_WANT_UP;
      s->once = 0;
      ops->changed(s);                 /* started by due when down */
      return;
    case SV_CTL_ONCE:
      s->want = SV_WANT_DOWN;
      if (s->state == SV_STATE_DOWN) s->once = 1;
      ops->changed(s);
      return;
    case SV_CTL_EXIT:
      if (s->islog) return;            /* the log leaves after the main */
      /* fall through */
    case SV_CTL_DOWN:
      s->want = arg == SV_CTL_EXIT ? SV_WANT_EXIT : SV_WANT_DOWN;
      s->once = 0;
      ops->changed(s);
      if (s->state == SV_STATE_RUN) stop(s, ops);
      return;
    case SV_CTL_TERM:
      if (s->state == SV_STATE_RUN) stop(s, ops);
      return;
    case SV_CTL_PAUSE:
    case SV_CTL_CONT:
      if (s->state == SV_STATE_RUN && !ops->hook(s, (char)arg))
        ops->signal(s, target(s), sv_ctl_signal((char)arg));
      s->paused = arg == SV_CTL_PAUSE;
      ops->changed(s);
      return;
    default:
      /* k h a i q 1 2: a signal to ./run.  k never touches the state
         (runit set it to down, which re-ran ./finish when k came during
         ./finish); the state changes when the process is reaped. */
      sig = sv_ctl_signal((char)arg);
      if (!sig) return;                /* unknown bytes are ignored */
      if (s->state == SV_STATE_RUN && !ops->hook(s, (char)arg)) ops->signal(s, target(s), sig);
      return;
    }
  }
}

int svfsm_due(const struct svfsm *s, int can_start, uint64_t now, uint64_t *deadline)
{
  if (s->killat) {
    if (now >= s->killat) return 1;
    if (s->killat < *deadline) *deadline = s->killat;
  }
  if (s->pid || s->draining) return 0;
  if (s->state == SV_STATE_DOWN && s->want != SV_WANT_UP && !s->once) return 0;
  if (!can_start) return 0;
  if (now >= s->notbefore) return 1;
  if (s->notbefore < *deadline) *deadline = s->notbefore;
  return 0;
}

void svfsm_adopt(struct svfsm *s, const struct svfsm_ops *ops, pid_t pid, int how,
                 uint64_t ticks, uint32_t waitms)
{
  ops->configure(s);
  s->group = how == SVFSM_ADOPT_GROUP || (s->group && how == SVFSM_ADOPT_LEADER);
  s->cgroup = 0;          /* its cgroup is the one ./run will get */
  s->adopted = s->draining = 1;
  s->pgid = pid;
  s->leader = ticks;
  s->state = SV_STATE_FINISH;
  s->pidnew = 1;
  s->waiteof = waitms != 0;
  if (waitms) s->killat = ops->now() + waitms;
  else signal_stop(s, ops, s->group ? -pid : pid);
  ops->changed(s);
}

void svfsm_status(const struct svfsm *s, struct sv_status *st)
{
  st->start = s->start;
  st->pid = (uint32_t)(s->pid ? s->pid : s->draining ? s->pgid : 0);
  st->paused = s->paused;
  st->want = s->want;
  st->term = s->term;
  st->state = s->state;
}

void svfsm_xstatus(const struct svfsm *s, const struct sv_status *st, struct sv_xstatus *x)
{
  x->start = st->start;
  x->pid = st->pid;
  x->ready = s->ready;
  x->run = s->run;
  x->pgid = (uint32_t)s->pgid;
  x->restarts = s->starts ? s->starts - 1 : 0;
  x->readiness = s->readiness;
  x->end = s->end;
  x->code = s->code;
  x->want = s->want;
  x->hasrec = 1;
  x->rec = *st;
  x->ticks = s->pid ? s->ticks : s->draining ? s->leader : 0;
  x->ending = !s->draining ? SV_ENDING_NONE : s->group ? SV_ENDING_GROUP : SV_ENDING_PROC;
}
