#include <signal.h>
#include "fmt.h"
#include "supervise.h"

void sv_status_encode(char *out, const struct sv_status *s)
{
  tain_pack(out, &s->start);
  out[12] = (char)(s->pid & 255);
  out[13] = (char)((s->pid >> 8) & 255);
  out[14] = (char)((s->pid >> 16) & 255);
  out[15] = (char)((s->pid >> 24) & 255);
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
  s->pid = (uint32_t)u[12] | (uint32_t)u[13] << 8 | (uint32_t)u[14] << 16
           | (uint32_t)u[15] << 24;
  s->paused = u[16];
  s->want = (char)u[17];
  s->term = u[18];
  s->state = u[19];
  return 0;
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
