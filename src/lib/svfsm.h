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
     SVFSM_CTL   a control letter arrived; arg: the byte */
#ifndef SVFSM_H
#define SVFSM_H
#include <stdint.h>
#include <sys/types.h>
#include "supervise.h"
#include "tai.h"

#define SVFSM_THROTTLE_MS 1000   /* at most one start of ./run per second */
#define SVFSM_FORKRETRY_MS 5000  /* after a failed fork */

struct svfsm {
  char islog;
  unsigned char state;    /* SV_STATE_DOWN, _RUN, _FINISH */
  char want;              /* SV_WANT_UP, _DOWN, _EXIT */
  unsigned char paused;   /* 'p' received, no 'c' or start since */
  unsigned char term;     /* we sent SIGTERM to this process */
  unsigned char once;     /* 'o' asked for one start while down */
  unsigned char pidnew;   /* the pid changed since the caller last wrote it */
  pid_t pid;              /* of ./run or ./finish, 0 if none */
  int wstat;              /* how ./run ended, for ./finish */
  struct tain start;      /* last start of ./run, or last change to down */
  uint64_t started;       /* now() at the last start of ./run */
  uint64_t notbefore;     /* no start before this now() */
};

enum svfsm_event { SVFSM_DUE, SVFSM_EXIT, SVFSM_CTL };

struct svfsm_ops {
  /* fork ./finish (finish: with s->wstat) or ./run; the pid, or -1 */
  pid_t (*spawn)(struct svfsm *s, int finish);
  /* run control/<letter>: 1 when it replaces runsv's own action */
  int (*hook)(struct svfsm *s, char letter);
  void (*signal)(struct svfsm *s, int sig);   /* to s->pid */
  void (*changed)(struct svfsm *s);           /* write the status files */
  int (*has_finish)(struct svfsm *s);
  uint64_t (*now)(void);                      /* milliseconds, monotonic */
  void (*stamp)(struct tain *t);              /* the time, for the record */
};

void svfsm_event(struct svfsm *s, const struct svfsm_ops *ops, enum svfsm_event ev, int arg);
/* Should s be started at now?  Otherwise lower *deadline to when it may.
   can_start: the caller's own condition (the log: its pipe is open). */
int svfsm_due(const struct svfsm *s, int can_start, uint64_t now, uint64_t *deadline);
/* the status record of s */
void svfsm_status(const struct svfsm *s, struct sv_status *st);
#endif
