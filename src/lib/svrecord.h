/* What sv makes of a service's status record (supervise.h): the status
   line it prints, whether a control letter would change nothing, and
   whether the letters it sent have taken effect.  The record is read,
   ./down looked for and ./check run by sv itself (src/sv.c); these only
   decide and format. */
#ifndef SVRECORD_H
#define SVRECORD_H
#include <stdint.h>
#include "buf.h"
#include "supervise.h"
#include "tai.h"

/* what a status part says of the process */
enum { SVRECORD_RUNNING = 1, SVRECORD_NOPROCESS = 2 };

/* The pid as runit's sv prints it: the four bytes make a signed int,
   widened to unsigned long, so 0xffffffff shows as 2^64-1. */
unsigned long svrecord_pid(uint32_t pid);

/* One status part into b, no newline:
     <state>: <name>: [(pid N) ]<secs>s[, normally down|up][, paused]
     [, want up|down][, got TERM]
   name: the service as given, or "log"; normallyup: there is no ./down;
   now: the current TAI64 seconds.  Returns SVRECORD_RUNNING or
   SVRECORD_NOPROCESS. */
int svrecord_status(buf *b, const struct sv_status *s, const char *name,
                    int normallyup, uint64_t now);

/* runit skips a letter the record already shows as wanted (sent only
   when no unread letters are in the FIFO; see sv.c) */
int svrecord_redundant(const struct sv_status *s, char letter);

/* unread letters in the control FIFO, of which sent are ours: can the
   record not be judged yet?  last: the time limit has passed. */
int svrecord_unjudged(int unread, unsigned sent, int last);

/* Have the letters taken effect, as the record s tells?  x: the xstatus
   record that goes with s, or null (runit's runsv writes none); started:
   the record's start when they were sent (tain_pack'ed); check(ctx) runs
   ./check (1: it passes), called only where a letter needs it and the
   service declares no readiness (a notification-fd: then it must be
   ready instead).  1: yes; 0: not yet; SVRECORD_DIED: a ./run started
   since then ended before it was ready. */
#define SVRECORD_DIED (-1)
int svrecord_done(const struct sv_status *s, const struct sv_xstatus *x,
                  const char *letters, const char *started,
                  int (*check)(void *), void *ctx);

/* What sv keeps, between its looks, of the ./run its letters wait for:
   the first it saw started since they were sent (svrecord_rerun). */
struct svrecord_run {
  char run[TAIN_PACK];    /* its start (xstatus), packed */
  uint32_t restarts;      /* xstatus' restart count then */
  unsigned char seen;     /* one was seen */
  unsigned char ready;    /* and seen ready */
};
/* Has the ./run the letters wait for ended before it was ready, with a
   later one started already?  The 'd' of readiness shows only until the
   next start, which comes at once after a ./run that lived a second or
   more: a later start (its start stamp or the restart count changed)
   tells instead.  x: the xstatus record that goes with the status just
   read, or null; started: as for svrecord_done; r: zeroed when the
   letters are sent, kept by the caller.  1: it has; 0: not (or not
   known: no readiness declared, or no xstatus). */
int svrecord_rerun(const struct sv_xstatus *x, const char *started,
                   struct svrecord_run *r);

/* One status part as a JSON object, no newline (sv -o json status):
     {"name":..., "state":"down|run|finish", "pid":N|null,
      "pgid":N|null, "want":"up|down|exit", "paused":bool,
      "got-term":bool, "normally-up":bool, "since":SECONDS.NANOS,
      "ready":null|"waiting"|"ready"|"died-before-ready",
      "ready-since":SECONDS.NANOS|null, "last-exit":N|null,
      "last-signal":N|null, "restarts":N|null}
   since and ready-since are Unix times; x may be null (runit's runsv):
   then what only it knows is null.  The name (with "/log" appended for
   islog) is escaped, bytes that are not UTF-8 given as U+FFFD. */
void svrecord_json(buf *b, const char *name, int islog, const struct sv_status *s,
                   const struct sv_xstatus *x, int normallyup);
/* What cannot be told of a service, in place of its object:
   {"name":..., "error":"<m>[: <e>]"} */
void svrecord_json_error(buf *b, const char *name, int islog, const char *m,
                         const char *e);
#endif
