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

/* Is ./run up for good: ready when it says when it is, else ./check */
static int ready(const struct sv_xstatus *x, int (*check)(void *), void *ctx)
{
  if (x && x->readiness) return x->readiness == SV_READY_YES;
  return check(ctx);
}

/* Did a ./run started after the letters were sent end before it was
   ready?  (A ./run the letters themselves stopped started before.) */
static int died(const struct sv_xstatus *x, const char *started)
{
  char t[TAIN_PACK];
  if (!x || x->readiness != SV_READY_DIED) return 0;
  tain_pack(t, &x->run);
  return memcmp(t, started, sizeof t) > 0;
}

int svrecord_done(const struct sv_status *s, const struct sv_xstatus *x,
                  const char *letters, const char *started,
                  int (*check)(void *), void *ctx)
{
  for (; *letters; ++letters) {
    char c = *letters;
    if (c == SV_LETTER_CHECK) c = s->want == SV_WANT_DOWN ? SV_CTL_DOWN : SV_CTL_UP;
    switch (c) {
    case SV_CTL_EXIT:
      return 0;
    case SV_CTL_UP:
      /* a process sent TERM is on its way out, not up */
      if (!s->pid || s->state != SV_STATE_RUN || s->term)
        return died(x, started) ? SVRECORD_DIED : 0;
      if (!ready(x, check, ctx)) return 0;
      break;
    case SV_CTL_DOWN:
      if (s->pid || s->state != SV_STATE_DOWN) return 0;
      break;
    case SV_CTL_TERM:
    case SV_CTL_KILL:
      if (!s->pid && s->want == SV_WANT_DOWN) break;
      if (!s->pid || s->state != SV_STATE_RUN || s->term)
        return died(x, started) ? SVRECORD_DIED : 0;
      if (!restarted(s, started) || !ready(x, check, ctx)) return 0;
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

int svrecord_rerun(const struct sv_xstatus *x, const char *started,
                   struct svrecord_run *r)
{
  char t[TAIN_PACK];
  if (!x || !x->readiness) return 0;
  tain_pack(t, &x->run);
  if (memcmp(t, started, sizeof t) <= 0) return 0;    /* none since */
  if (!r->seen) {
    memcpy(r->run, t, sizeof t);
    r->restarts = x->restarts;
    r->seen = 1;
  }
  if (!memcmp(t, r->run, sizeof t) && x->restarts == r->restarts) {
    if (x->readiness == SV_READY_YES) r->ready = 1;
    return 0;
  }
  return !r->ready;
}

/* ---- JSON ---- */

/* the length of the UTF-8 sequence at u, 0 if it is not one */
static size_t utf8_len(const unsigned char *u)
{
  unsigned char lo = 0x80, hi = 0xbf;
  size_t n, i;
  if (u[0] < 0x80) return 1;
  if (u[0] >= 0xc2 && u[0] <= 0xdf) n = 2;
  else if (u[0] >= 0xe0 && u[0] <= 0xef) {
    n = 3;
    if (u[0] == 0xe0) lo = 0xa0;        /* no overlong forms */
    if (u[0] == 0xed) hi = 0x9f;        /* no surrogates */
  } else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
    n = 4;
    if (u[0] == 0xf0) lo = 0x90;
    if (u[0] == 0xf4) hi = 0x8f;        /* nothing past U+10FFFF */
  } else
    return 0;
  if (u[1] < lo || u[1] > hi) return 0;
  for (i = 2; i < n; ++i)
    if (u[i] < 0x80 || u[i] > 0xbf) return 0;
  return n;
}

/* s, escaped for a JSON string */
static void json_chars(buf *b, const char *s)
{
  static const char hex[] = "0123456789abcdef";
  const unsigned char *u = (const unsigned char *)s;
  char e[6] = { '\\', 'u', '0', '0', 0, 0 };
  size_t n;
  while (*u) {
    if (*u == '"' || *u == '\\') {
      e[1] = (char)*u;
      buf_put(b, e, 2);
      e[1] = 'u';
      ++u;
    } else if (*u < 0x20) {
      e[4] = hex[*u >> 4];
      e[5] = hex[*u & 15];
      buf_put(b, e, 6);
      ++u;
    } else if ((n = utf8_len(u))) {
      buf_put(b, (const char *)u, n);
      u += n;
    } else {
      buf_puts(b, "\\ufffd");
      ++u;
    }
  }
}

/* Unix seconds and nanoseconds */
static void json_time(buf *b, const struct tain *t)
{
  char nano[9];
  uint32_t ns = t->nano % 1000000000u;
  int i;
  buf_putulong(b, (unsigned long)tain_unix(t));
  for (i = 8; i >= 0; --i, ns /= 10) nano[i] = (char)('0' + ns % 10);
  buf_put(b, ".", 1);
  buf_put(b, nano, 9);
}

static void json_key(buf *b, const char *k)
{
  buf_puts(b, ",\"");
  buf_puts(b, k);
  buf_puts(b, "\":");
}

static void json_num(buf *b, const char *k, int known, unsigned long u)
{
  json_key(b, k);
  if (known) buf_putulong(b, u);
  else buf_puts(b, "null");
}

static void json_bool(buf *b, const char *k, int v)
{
  json_key(b, k);
  buf_puts(b, v ? "true" : "false");
}

static void json_word(buf *b, const char *k, const char *w)
{
  json_key(b, k);
  if (w) { buf_put(b, "\"", 1); buf_puts(b, w); buf_put(b, "\"", 1); }
  else buf_puts(b, "null");
}

/* {"name":"<name>[/log]" */
static void json_name(buf *b, const char *name, int islog)
{
  buf_puts(b, "{\"name\":\"");
  json_chars(b, name);
  if (islog) buf_puts(b, "/log");
  buf_put(b, "\"", 1);
}

void svrecord_json_error(buf *b, const char *name, int islog, const char *m,
                         const char *e)
{
  json_name(b, name, islog);
  buf_puts(b, ",\"error\":\"");
  json_chars(b, m);
  if (e) { buf_puts(b, ": "); json_chars(b, e); }
  buf_puts(b, "\"}");
}

void svrecord_json(buf *b, const char *name, int islog, const struct sv_status *s,
                   const struct sv_xstatus *x, int normallyup)
{
  static const char *const states[] = { "down", "run", "finish" };
  char want = x ? x->want : s->want;
  const char *ready = 0;
  json_name(b, name, islog);
  json_word(b, "state", s->state <= SV_STATE_FINISH ? states[s->state] : "unknown");
  json_num(b, "pid", s->pid != 0, (unsigned long)s->pid);
  json_num(b, "pgid", x && x->pgid, x ? (unsigned long)x->pgid : 0);
  json_word(b, "want", want == SV_WANT_UP ? "up" : want == SV_WANT_EXIT ? "exit" : "down");
  json_bool(b, "paused", s->paused != 0);
  json_bool(b, "got-term", s->term != 0);
  json_bool(b, "normally-up", normallyup);
  json_key(b, "since");
  json_time(b, &s->start);
  if (x) switch (x->readiness) {
  case SV_READY_WAIT: ready = "waiting"; break;
  case SV_READY_YES: ready = "ready"; break;
  case SV_READY_DIED: ready = "died-before-ready"; break;
  }
  json_word(b, "ready", ready);
  json_key(b, "ready-since");
  if (x && x->readiness == SV_READY_YES) json_time(b, &x->ready);
  else buf_puts(b, "null");
  json_num(b, "last-exit", x && x->end == SV_END_EXIT, x ? x->code : 0);
  json_num(b, "last-signal", x && x->end == SV_END_SIGNAL, x ? x->code : 0);
  json_num(b, "restarts", x != 0, x ? (unsigned long)x->restarts : 0);
  buf_puts(b, "}");
}
