/* The state machine of one supervised service, as runsv runs it for the
   main service and for the log service.  Every (state, event) case is
   decided in svfsm_event(); what it does to the world (fork, kill, the
   control/<letter> hooks, writing the status files, the clock) goes
   through the operations the caller passes, so runsv gives the real ones
   and the tests give fakes.

   Events:
     SVFSM_DUE   the caller found the service should be started now
                 (svfsm_due)
     SVFSM_EXIT  its process was reaped; arg: the wait status
     SVFSM_CTL   a control letter arrived; arg: the byte
     SVFSM_GROUP a process other than the service's own was reaped (a
                 member of its group, whose orphans runsv adopts)
     SVFSM_READY ./run wrote a newline to its notification-fd

   The optional files of the service directory (read by ops->configure
   each time ./run is started, like runit reads ./down once) extend the
   stop: timeout-kill (SIGKILL when the stop signal has not worked after
   that many milliseconds), down-signal (the stop signal instead of TERM),
   kill-group (./run leads its own process group; every signal goes to the
   group, and what is left of the group after ./run exits gets TERM, then
   KILL, before ./finish or a restart), cgroup (./run in a cgroup of its
   own, which the last step kills whole).  Every wait is a deadline that
   svfsm_due() reports: nothing here blocks.

   notification-fd (read by configure too) declares readiness: ./run gets
   a pipe at that descriptor and writes a newline once it is ready.  The
   machine keeps whether and since when it is, how ./run ended last and
   how often it was started, for the xstatus record (svfsm_xstatus). */
#ifndef SVFSM_H
#define SVFSM_H
#include <stdint.h>
#include <sys/types.h>
#include "supervise.h"
#include "tai.h"

#define SVFSM_THROTTLE_MS 1000   /* at most one start of ./run per second */
#define SVFSM_FORKRETRY_MS 5000  /* after a failed fork */
#define SVFSM_GROUPKILL_MS 3000  /* the group's TERM to KILL without timeout-kill */
#define SVFSM_RECHECK_MS 100     /* after a KILL, look again until the group is gone */
#define SVFSM_LOGWAIT_MS 5000    /* an earlier runsv's logger: to read to end of file */

struct svfsm {
  char islog;
  unsigned char state;    /* SV_STATE_DOWN, _RUN, _FINISH */
  char want;              /* SV_WANT_UP, _DOWN, _EXIT */
  unsigned char paused;   /* 'p' received, no 'c' or start since */
  unsigned char term;     /* we sent SIGTERM to this process */
  unsigned char once;     /* 'o' asked for one start while down */
  unsigned char pidnew;   /* the pid changed since the caller last wrote it */
  pid_t pid;              /* of ./run or ./finish, 0 if none */
  uint64_t ticks;         /* its start, ticks since boot (set by spawn), 0 unknown */
  int wstat;              /* how ./run ended, for ./finish */
  struct tain start;      /* last start of ./run, or last change to down */
  uint64_t started;       /* now() at the last start of ./run */
  uint64_t notbefore;     /* no start before this now() */
  /* the optional files, as read when ./run was started last */
  unsigned char group;    /* kill-group: ./run leads process group pgid */
  unsigned char cgroup;   /* cgroup: ./run has a cgroup2 group of its own */
  int downsig;            /* down-signal, 0 for SIGTERM */
  uint32_t killms;        /* timeout-kill, 0 for none */
  /* the stop under way */
  unsigned char draining; /* ./run exited, its group is being ended */
  unsigned char adopted;  /* what is drained is an earlier runsv's ./run */
  pid_t pgid;             /* the group of ./run (kill-group), else 0 */
  uint64_t leader;        /* the start (ticks) of pgid's ./run: its identity */
  unsigned char waiteof;  /* adopted logger: no signal before killat */
  uint64_t killat;        /* now() for the next SIGKILL, 0 for none */
  /* readiness, and what else xstatus reports */
  int notify;             /* notification-fd, 0 for none (configure) */
  char readiness;         /* SV_READY_* of the current or last ./run */
  struct tain ready;      /* since when it is ready */
  struct tain run;        /* the last start of ./run */
  uint32_t starts;        /* of ./run, since runsv started */
  char end;               /* SV_END_*: how ./run ended last */
  unsigned char code;     /* its exit code or signal */
};

#define SVFSM_ALIVE_GROUP 1
#define SVFSM_ALIVE_CGROUP 2

enum svfsm_event { SVFSM_DUE, SVFSM_EXIT, SVFSM_CTL, SVFSM_GROUP, SVFSM_READY };

struct svfsm_ops {
  /* fork ./finish (finish: with s->wstat) or ./run; the pid, or -1;
     sets s->ticks to its start where it can */
  pid_t (*spawn)(struct svfsm *s, int finish);
  /* run control/<letter>: 1 when it replaces runsv's own action */
  int (*hook)(struct svfsm *s, char letter);
  /* to: a pid (> 0) or a process group (-pgid, < -1) */
  void (*signal)(struct svfsm *s, pid_t to, int sig);
  /* read the optional files into group, cgroup, downsig, killms and
     notify (./run only) */
  void (*configure)(struct svfsm *s);
  /* what is left: SVFSM_ALIVE_GROUP, someone in the process group
     s->pgid (adopted: the process, or the group, held), SVFSM_ALIVE_CGROUP,
     someone in its cgroup (s->cgroup); 0 when nothing is */
  int (*group_alive)(struct svfsm *s);
  void (*cgroup_kill)(struct svfsm *s);       /* SIGKILL to its cgroup */
  void (*changed)(struct svfsm *s);           /* write the status files */
  int (*has_finish)(struct svfsm *s);
  uint64_t (*now)(void);                      /* milliseconds, monotonic */
  void (*stamp)(struct tain *t);              /* the time, for the record */
};

void svfsm_event(struct svfsm *s, const struct svfsm_ops *ops, enum svfsm_event ev, int arg);
/* Is an SVFSM_DUE event due at now: s should be started, or its stop
   escalated?  Otherwise lower *deadline to when it will be.  can_start:
   the caller's own condition for a start (the log: its pipe is open). */
int svfsm_due(const struct svfsm *s, int can_start, uint64_t now, uint64_t *deadline);
/* At runsv's start, before any start: pid is the ./run of an earlier
   runsv (or the leader of the group it was ending, perhaps gone), the
   caller made sure it is the same process (ticks: its start).  how:
   SVFSM_ADOPT_PROC, SVFSM_ADOPT_LEADER (it leads its own process group:
   the group goes too if kill-group exists now), SVFSM_ADOPT_GROUP (the
   group goes in any case).  It is stopped as a kill-group stop would end
   it (down-signal, then KILL after timeout-kill), and only then is ./run
   started.  waitms: no signal before that many milliseconds (an earlier
   logger, which ends by itself at end of file once its writers are
   gone), 0 for at once. */
#define SVFSM_ADOPT_PROC 0
#define SVFSM_ADOPT_LEADER 1
#define SVFSM_ADOPT_GROUP 2
void svfsm_adopt(struct svfsm *s, const struct svfsm_ops *ops, pid_t pid, int how,
                 uint64_t ticks, uint32_t waitms);
/* the status record of s, and the xstatus record that goes with st (its
   key is a copy of st) */
void svfsm_status(const struct svfsm *s, struct sv_status *st);
void svfsm_xstatus(const struct svfsm *s, const struct sv_status *st, struct sv_xstatus *x);
#endif
