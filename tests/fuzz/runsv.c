/* libFuzzer target: runsv's state machine (src/lib/svfsm.c), the main
   service and the log service driven through sequences of events as
   runsv's main loop produces them, with fake operations: fork gives a
   fake pid (or fails, when asked), a control/<letter> hook succeeds or not
   as asked, kill only records and must never aim at pid 0 or below (a
   process group), the clock is simulated.

   Input bytes: 0xff N: the main service's process exits with status N;
   0xfe N: the log's; 0xfd N: N*10 ms pass; 0xfc: further letters go to
   the other service (main/log); 0xfb: ./finish appears or disappears;
   0xfa: forks fail from now on, or succeed again; 0xf9: hooks replace
   runsv's action from now on, or not; 0xf8 N: the optional files the next
   start reads: kill-group (bit 0), down-signal HUP (bit 1), cgroup (bit
   7), notification-fd (bit 6: opts 0x40 is 3), timeout-kill (N>>2 & 15) * 10 ms; 0xf7 N: the group of the current service keeps N & 7
   members after ./run exits; 0xf6: one member of each group is reaped;
   0xf5 N: the current service, when down, finds an earlier runsv's ./run
   alive (leading a group of N>>1 & 7 more when N & 1); 0xf4: the current
   service's ./run writes its readiness newline;
   anything else: that byte arrives on the current control FIFO.  After
   every step the loop's start pass runs, and the status record written
   last must agree with the machine: state RUN has a pid, DOWN has none,
   and the record decodes to exactly the state, want, pid, paused and
   got-TERM flags it holds, and the xstatus record written with it goes
   with it (it holds that record byte for byte, and says what is being
   ended exactly while a group or process is) and has readiness only for a ./run
   that declares it: waiting or ready only while it runs.  A stop ends: a deadline is never in the past
   after the pass (no spin), a signal never goes to pid 0, -1 or the
   group of a service without kill-group, and a draining group has a
   deadline. */
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include "supervise.h"
#include "svfsm.h"

static uint64_t now_ms = 1000000;
static pid_t nextpid = 1000;
static int finish_there, forks_fail, hooks_act, opts;
static int members[2];                  /* left in each group after ./run */
static char record[2][SV_STATUS_LEN];   /* what "supervise/status" holds */
static char xrecord[2][SV_XSTATUS_LEN]; /* and "supervise/xstatus" */
static int notified[2];                 /* ./run started with notification-fd */

static pid_t spawn(struct svfsm *s, int finish)
{
  if (forks_fail) return -1;
  if (!finish) notified[(int)s->islog] = s->notify != 0;
  return ++nextpid;
}
static int hook(struct svfsm *s, char c) { (void)s; (void)c; return hooks_act; }
static void signal_to(struct svfsm *s, pid_t to, int sig)
{
  if (to == 0 || to == -1 || sig <= 0) __builtin_trap();
  if (to < 0 && ((!s->group && !s->cgroup) || -to != s->pgid)) __builtin_trap();
  if (to > 0 && to != s->pid && !(s->adopted && to == s->pgid)) __builtin_trap();
  if ((to < 0 || s->adopted) && sig == SIGKILL) members[(int)s->islog] = 0;
}
static void cgroup_kill(struct svfsm *s)
{
  if (!s->cgroup || !s->draining) __builtin_trap();
  members[(int)s->islog] = 0;
}
static void configure(struct svfsm *s)
{
  s->group = opts & 1;
  s->cgroup = (opts & 0x80) != 0;
  s->downsig = opts & 2 ? SIGHUP : 0;
  s->killms = (uint32_t)(opts >> 2 & 15) * 10;
  s->notify = opts & 0x40 ? 3 : 0;
}
static int group_alive(struct svfsm *s)
{
  if ((!s->group && !s->cgroup && !s->adopted) || !s->pgid) __builtin_trap();
  return members[(int)s->islog] > 0 ? SVFSM_ALIVE_GROUP : 0;
}
static void changed(struct svfsm *s)
{
  struct sv_status st;
  struct sv_xstatus x;
  svfsm_status(s, &st);
  sv_status_encode(record[(int)s->islog], &st);
  svfsm_xstatus(s, &st, &x);
  sv_xstatus_encode(xrecord[(int)s->islog], &x);
  s->pidnew = 0;
}
static int has_finish(struct svfsm *s) { (void)s; return finish_there; }
static uint64_t now(void) { return now_ms; }
static void stamp(struct tain *t) { t->sec = now_ms / 1000; t->nano = (uint32_t)(now_ms % 1000) * 1000000; }

static const struct svfsm_ops ops = {
  .spawn = spawn, .hook = hook, .signal = signal_to, .changed = changed,
  .has_finish = has_finish, .now = now, .stamp = stamp,
  .configure = configure, .group_alive = group_alive, .cgroup_kill = cgroup_kill
};

static void check(const struct svfsm *s)
{
  struct sv_status st;
  struct sv_xstatus x;
  if (s->state > SV_STATE_FINISH) __builtin_trap();
  if (s->want != SV_WANT_UP && s->want != SV_WANT_DOWN && s->want != SV_WANT_EXIT) __builtin_trap();
  if (s->state == SV_STATE_RUN && !s->pid) __builtin_trap();
  if (s->state == SV_STATE_DOWN && (s->pid || s->draining)) __builtin_trap();
  if (s->draining && (s->pid || !s->killat || s->state != SV_STATE_FINISH)) __builtin_trap();
  if (s->state == SV_STATE_RUN && (s->group || s->cgroup) && s->pgid != s->pid) __builtin_trap();
  if (sv_status_decode(&st, record[(int)s->islog], SV_STATUS_LEN) == -1) __builtin_trap();
  if (st.state != s->state || st.pid != (uint32_t)(s->draining ? s->pgid : s->pid) ||
      st.paused != s->paused ||
      st.term != s->term || st.want != (s->want == SV_WANT_UP ? 'u' : 'd'))
    __builtin_trap();
  if (sv_xstatus_decode(&x, xrecord[(int)s->islog], SV_XSTATUS_LEN) == -1) __builtin_trap();
  if (!sv_xstatus_matches(&x, &st) || x.want != s->want) __builtin_trap();
  /* the key is the whole record; an ending is recorded while draining */
  if (!x.hasrec || memcmp(xrecord[(int)s->islog] + 52, record[(int)s->islog], SV_STATUS_LEN)
      || (x.ending != SV_ENDING_NONE) != s->draining
      || (x.ending == SV_ENDING_GROUP) != (s->draining && s->group))
    __builtin_trap();
  switch (x.readiness) {
  case SV_READY_NONE: break;
  case SV_READY_WAIT:
    if (s->state != SV_STATE_RUN || !notified[(int)s->islog] || x.ready.sec) __builtin_trap();
    break;
  case SV_READY_YES:
    if (s->state != SV_STATE_RUN || !notified[(int)s->islog] || !x.ready.sec) __builtin_trap();
    break;
  case SV_READY_DIED:
    if (s->state == SV_STATE_RUN || !notified[(int)s->islog]) __builtin_trap();
    break;
  default: __builtin_trap();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct svfsm m = { .state = SV_STATE_DOWN, .want = SV_WANT_UP, .pidnew = 1 };
  struct svfsm l = { .islog = 1, .state = SV_STATE_DOWN, .want = SV_WANT_UP };
  struct svfsm *cur = &m;
  size_t i;
  if (size > 2048) return 0;
  finish_there = forks_fail = hooks_act = opts = 0;
  members[0] = members[1] = 0;
  notified[0] = notified[1] = 0;
  stamp(&m.start);
  stamp(&l.start);
  changed(&m);
  changed(&l);
  for (i = 0; i <= size; ++i) {
    uint64_t deadline = UINT64_MAX;
    unsigned b = i < size ? data[i] : 0xfd;
    unsigned arg = i + 1 < size ? data[i + 1] : 0;
    switch (b) {
    case 0xff: if (m.pid) svfsm_event(&m, &ops, SVFSM_EXIT, (int)(arg << 8 | (arg & 0x7f) % 32)); ++i; break;
    case 0xfe: if (l.pid) svfsm_event(&l, &ops, SVFSM_EXIT, (int)(arg << 8)); ++i; break;
    case 0xfd: now_ms += (uint64_t)arg * 10; ++i; break;
    case 0xfc: cur = cur == &m ? &l : &m; break;
    case 0xfb: finish_there = !finish_there; break;
    case 0xfa: forks_fail = !forks_fail; break;
    case 0xf9: hooks_act = !hooks_act; break;
    case 0xf8: opts = (int)arg; ++i; break;
    case 0xf7: if (cur->pid && (cur->group || cur->cgroup)) members[(int)cur->islog] = (int)(arg & 7); ++i; break;
    case 0xf5:          /* an earlier runsv's ./run found alive */
      if (!cur->pid && !cur->draining && cur->state == SV_STATE_DOWN) {
        members[(int)cur->islog] = 1 + (int)(arg >> 1 & 7);
        svfsm_adopt(cur, &ops, 90000 + (pid_t)arg, (int)(arg & 1) + (arg >> 4 & 1), 7, cur->islog && arg & 0x40 ? 5000 : 0);
      }
      ++i; break;
    case 0xf4: svfsm_event(cur, &ops, SVFSM_READY, 0); break;
    case 0xf6:
      if (members[0]) { --members[0]; svfsm_event(&m, &ops, SVFSM_GROUP, 0); svfsm_event(&l, &ops, SVFSM_GROUP, 0); }
      if (members[1]) { --members[1]; svfsm_event(&m, &ops, SVFSM_GROUP, 0); svfsm_event(&l, &ops, SVFSM_GROUP, 0); }
      break;
    default: svfsm_event(cur, &ops, SVFSM_CTL, (int)b); break;
    }
    /* the main loop's start passes: the log first, again while one acted */
    {
      int round, acted = 1;
      for (round = 0; acted && round < 3; ++round) {
        acted = 0;
        if (svfsm_due(&l, 1, now_ms, &deadline)) { svfsm_event(&l, &ops, SVFSM_DUE, 0); acted = 1; }
        if (svfsm_due(&m, 1, now_ms, &deadline)) { svfsm_event(&m, &ops, SVFSM_DUE, 0); acted = 1; }
      }
    }
    deadline = UINT64_MAX;
    /* nothing left due now that three rounds did not do: no spin, and
       nothing left waiting for an event that never comes */
    if (svfsm_due(&l, 1, now_ms, &deadline) || svfsm_due(&m, 1, now_ms, &deadline)) __builtin_trap();
    if (deadline != UINT64_MAX && deadline <= now_ms) __builtin_trap();  /* would spin */
    check(&m);
    check(&l);
    if (m.want == SV_WANT_EXIT && m.state == SV_STATE_DOWN) break;
  }
  return 0;
}
