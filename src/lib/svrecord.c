/* What sv makes of a status record (svrecord.h). */
#include <string.h>
#include "svcmd.h"
#include "svrecord.h"
#include "tai.h"

unsigned long svrecord_pid(uint32_t pid)
{
  return (unsigned long)(long)(int32_t)pid;
}

int svrecord_status(buf *b, const struct sv_status *s, const char *name,
                    int normallyup, uint64_t now)
{
  switch (s->state) {
  case SV_STATE_DOWN: buf_puts(b, "down: "); break;
  case SV_STATE_RUN: buf_puts(b, "run: "); break;
  case SV_STATE_FINISH: buf_puts(b, "finish: "); break;
  }
  buf_puts(b, name);
  buf_puts(b, ": ");
  if (s->state != SV_STATE_DOWN) {
    buf_puts(b, "(pid ");
    buf_putulong(b, svrecord_pid(s->pid));
    buf_puts(b, ") ");
  }
  buf_putulong(b, now < s->start.sec ? 0 : now - s->start.sec);
  buf_puts(b, "s");
  if (s->pid && !normallyup) buf_puts(b, ", normally down");
  if (!s->pid && normallyup) buf_puts(b, ", normally up");
  if (s->pid && s->paused) buf_puts(b, ", paused");
  if (!s->pid && s->want == SV_WANT_UP) buf_puts(b, ", want up");
  if (s->pid && s->want == SV_WANT_DOWN) buf_puts(b, ", want down");
  if (s->pid && s->term) buf_puts(b, ", got TERM");
  return s->pid ? SVRECORD_RUNNING : SVRECORD_NOPROCESS;
}

/* A 'd' is redundant only after the TERM was sent (a 'd' after 'o'
   still stops it).  A 'u' never is: the record may predate a 'd' still
   in the FIFO, and a repeated 'u' is harmless (void-linux/runit#33). */
int svrecord_redundant(const struct sv_status *s, char letter)
{
  return s->want == letter && letter != SV_CTL_UP
         && (letter != SV_CTL_DOWN || s->term == 1);
}

/* The record tells nothing about letters runsv has not read: older ones
   than ours make it stale for good; our own are waited for until the
   limit, then the record is judged as it is (as runit does, with a runsv
   that reads nothing). */
int svrecord_unjudged(int unread, unsigned sent, int last)
{
  return unread > (int)sent || (unread && !last);
}

/* Has the service started since the letters were sent?  The record's
   whole start time, nanoseconds included, tells: runsv stamps every start
   and every change to down, and nothing else.  (runit compared whole
   seconds with its own start, so a service started earlier within that
   second passed as restarted, with its old pid.) */
static int restarted(const struct sv_status *s, const char *started)
{
  char t[TAIN_PACK];
  tain_pack(t, &s->start);
  return memcmp(t, started, sizeof t) != 0;
}

int svrecord_done(const struct sv_status *s, const char *letters,
                  const char *started, int (*check)(void *), void *ctx)
{
  for (; *letters; ++letters) {
    char c = *letters;
    if (c == SV_LETTER_CHECK) c = s->want == SV_WANT_DOWN ? SV_CTL_DOWN : SV_CTL_UP;
    switch (c) {
    case SV_CTL_EXIT:
      return 0;
    case SV_CTL_UP:
      /* a process sent TERM is on its way out, not up */
      if (!s->pid || s->state != SV_STATE_RUN || s->term) return 0;
      if (!check(ctx)) return 0;
      break;
    case SV_CTL_DOWN:
      if (s->pid || s->state != SV_STATE_DOWN) return 0;
      break;
    case SV_CTL_TERM:
    case SV_CTL_KILL:
      if (!s->pid && s->want == SV_WANT_DOWN) break;
      if (!s->pid || s->state != SV_STATE_RUN || s->term || !restarted(s, started)
          || !check(ctx))
        return 0;
      break;
    case SV_CTL_ONCE:
      /* down: it must have run since; running: it must be wanted down */
      if (!s->pid ? !restarted(s, started) : s->want != SV_WANT_DOWN) return 0;
      break;
    case SV_CTL_PAUSE:
      if (s->pid && !s->paused) return 0;
      break;
    case SV_CTL_CONT:
      if (s->pid && s->paused) return 0;
      break;
    }
  }
  return 1;
}
