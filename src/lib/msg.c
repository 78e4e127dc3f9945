#include <errno.h>
#include <stdarg.h>
#include <unistd.h>
#include "buf.h"
#include "err.h"
#include "msg.h"

const char *msg_prefix = "";

static void vput(const char *kind, int sys, va_list ap)
{
  int e = errno;
  const char *s;
  buf_puts(&buf_2, msg_prefix);
  buf_puts(&buf_2, kind);
  while ((s = va_arg(ap, const char *))) buf_puts(&buf_2, s);
  if (sys) {
    buf_puts(&buf_2, ": ");
    buf_puts(&buf_2, err_str(e));
  }
  buf_putsflush(&buf_2, "\n");
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
  buf_puts(&buf_2, "usage: ");
  buf_puts(&buf_2, prog);
  buf_puts(&buf_2, tail);
  buf_putsflush(&buf_2, "\n\n");
  _exit(code);
}
