#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include "buf.h"
#include "err.h"
#include "msg.h"

#define PARTS 16   /* prefix, kind, up to 11 parts, ": ", error, newline */

const char *msg_prefix = "";
enum msg_mode msg_mode = MSG_WAIT;
void (*msg_drain)(void);

/* the line as pieces, written by one writev() as far as fd 2 takes it */
static void line_write(struct iovec *v, int n)
{
  while (n) {
    ssize_t w = writev(2, v, n);
    if (w == -1) {
      if (errno == EINTR) continue;
      if (msg_mode == MSG_DROP || errno != EAGAIN) return;
      if (msg_mode == MSG_DRAIN && msg_drain) msg_drain();
      else {
        struct pollfd p = { 2, POLLOUT, 0 };
        if (poll(&p, 1, 1000) <= 0) return;
      }
      continue;
    }
    if (msg_mode == MSG_DROP) return;
    while (n && (size_t)w >= v->iov_len) { w -= (ssize_t)v->iov_len; v++; n--; }
    if (n) { v->iov_base = (char *)v->iov_base + w; v->iov_len -= (size_t)w; }
  }
}

static void vput(const char *kind, int sys, va_list ap)
{
  struct iovec v[PARTS];
  int n = 0, e = errno;
  const char *s;
  if (buf_2.p) buf_flush(&buf_2);   /* what came before goes out first */
#define PART(t) (v[n].iov_base = (char *)(t), v[n].iov_len = strlen(t), n++)
  PART(msg_prefix);
  PART(kind);
  while ((s = va_arg(ap, const char *)) && n < PARTS - 3) PART(s);
  if (sys) { PART(": "); PART(err_str(e)); }
  PART("\n");
#undef PART
  line_write(v, n);
  errno = e;
}

void msg_put(const char *kind, int sys, ...)
{
  va_list ap;
  va_start(ap, sys);
  vput(kind, sys, ap);
  va_end(ap);
}

void msg_exit(int code, const char *kind, int sys, ...)
{
  va_list ap;
  va_start(ap, sys);
  vput(kind, sys, ap);
  va_end(ap);
  _exit(code);
}

void msg_usage(int code, const char *prog, const char *tail)
{
  buf_flush(&buf_1);
  buf_flush(&buf_2);
  msg_prefix = "";
  msg_exit(code, "usage: ", 0, prog, tail, "\n", (char *)0);
}
