#include <signal.h>
#include <sys/stat.h>
#include "fmt.h"
#include "supervise.h"

static void put32(char *out, uint32_t u)
{
  out[0] = (char)(u & 255);
  out[1] = (char)((u >> 8) & 255);
  out[2] = (char)((u >> 16) & 255);
  out[3] = (char)((u >> 24) & 255);
}

static uint32_t get32(const char *in)
{
  const unsigned char *u = (const unsigned char *)in;
  return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16
         | (uint32_t)u[3] << 24;
}

void sv_status_encode(char *out, const struct sv_status *s)
{
  tain_pack(out, &s->start);
  put32(out + 12, s->pid);
  out[16] = (char)(s->paused ? 1 : 0);
  out[17] = s->want == SV_WANT_UP ? 'u' : 'd';
  out[18] = (char)(s->term ? 1 : 0);
  out[19] = (char)s->state;
}

int sv_status_decode(struct sv_status *s, const char *in, size_t len)
{
  const unsigned char *u = (const unsigned char *)in;
  if (len != SV_STATUS_LEN) return -1;
  tain_unpack(in, &s->start);
  s->pid = get32(in + 12);
  s->paused = u[16];
  s->want = (char)u[17];
  s->term = u[18];
  s->state = u[19];
  return 0;
}

void sv_xstatus_encode(char *out, const struct sv_xstatus *x)
{
  tain_pack(out, &x->start);
  put32(out + 12, x->pid);
  tain_pack(out + 16, &x->ready);
  tain_pack(out + 28, &x->run);
  put32(out + 40, x->pgid);
  put32(out + 44, x->restarts);
  out[48] = x->readiness;
  out[49] = x->end;
  out[50] = (char)x->code;
  out[51] = x->want;
  sv_status_encode(out + 52, &x->rec);
  put32(out + 72, (uint32_t)(x->ticks & 0xffffffffU));
  put32(out + 76, (uint32_t)(x->ticks >> 32));
  out[80] = x->ending;
}

int sv_xstatus_decode(struct sv_xstatus *x, const char *in, size_t len)
{
  if (len < SV_XSTATUS_MIN) return -1;
  tain_unpack(in, &x->start);
  x->pid = get32(in + 12);
  tain_unpack(in + 16, &x->ready);
  tain_unpack(in + 28, &x->run);
  x->pgid = get32(in + 40);
  x->restarts = get32(in + 44);
  x->readiness = in[48];
  x->end = in[49];
  x->code = (unsigned char)in[50];
  x->want = in[51];
  x->hasrec = len >= SV_XSTATUS_LEN;
  if (!x->hasrec) {
    sv_status_decode(&x->rec, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", SV_STATUS_LEN);
    x->ticks = 0;
    x->ending = SV_ENDING_NONE;
    return 0;
  }
  sv_status_decode(&x->rec, in + 52, SV_STATUS_LEN);
  x->ticks = (uint64_t)get32(in + 72) | (uint64_t)get32(in + 76) << 32;
  x->ending = in[80];
  return 0;
}

int sv_xstatus_matches(const struct sv_xstatus *x, const struct sv_status *s)
{
  const struct sv_status *r = &x->rec;
  if (!x->hasrec)
    return x->pid == s->pid && x->start.sec == s->start.sec && x->start.nano == s->start.nano;
  return r->pid == s->pid && r->start.sec == s->start.sec && r->start.nano == s->start.nano
         && r->paused == s->paused && r->want == s->want && r->term == s->term
         && r->state == s->state;
}

#ifdef __dietlibc__
#define MTIME_NSEC(st) ((st)->st_mtime_nsec)
#else
#define MTIME_NSEC(st) ((st)->st_mtim.tv_nsec)
#endif

int sv_xstatus_ahead(const struct stat *x, const struct stat *s)
{
  if (x->st_mtime != s->st_mtime) return x->st_mtime > s->st_mtime;
  return MTIME_NSEC(x) >= MTIME_NSEC(s);
}

size_t sv_status_stat(char *out, const struct sv_status *s)
{
  size_t n;
  switch (s->state) {
  case SV_STATE_RUN: n = fmt_str(out, "run"); break;
  case SV_STATE_FINISH: n = fmt_str(out, "finish"); break;
  default: n = fmt_str(out, "down"); break;
  }
  if (s->paused) n += fmt_str(out + n, ", paused");
  if (s->term) n += fmt_str(out + n, ", got TERM");
  if (s->state != SV_STATE_DOWN) {
    if (s->want == SV_WANT_DOWN) n += fmt_str(out + n, ", want down");
    if (s->want == SV_WANT_EXIT) n += fmt_str(out + n, ", want exit");
  }
  out[n++] = '\n';
  return n;
}

int sv_ctl_signal(char letter)
{
  switch (letter) {
  case SV_CTL_TERM: return SIGTERM;
  case SV_CTL_KILL: return SIGKILL;
  case SV_CTL_PAUSE: return SIGSTOP;
  case SV_CTL_CONT: return SIGCONT;
  case SV_CTL_HUP: return SIGHUP;
  case SV_CTL_ALARM: return SIGALRM;
  case SV_CTL_INT: return SIGINT;
  case SV_CTL_QUIT: return SIGQUIT;
  case SV_CTL_USR1: return SIGUSR1;
  case SV_CTL_USR2: return SIGUSR2;
  }
  return 0;
}
