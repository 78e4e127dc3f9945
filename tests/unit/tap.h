/* TAP output for the C unit tests: tap_ok() per check, tap_done() last
   (prints the plan; the exit code is the number of failures, capped). */
#ifndef TAP_H
#define TAP_H
#include "buf.h"

static unsigned long tap_n, tap_failed;

static void tap_ok(int cond, const char *what)
{
  ++tap_n;
  if (!cond) { buf_puts(&buf_1, "not "); ++tap_failed; }
  buf_puts(&buf_1, "ok ");
  buf_putulong(&buf_1, tap_n);
  buf_puts(&buf_1, " - ");
  buf_puts(&buf_1, what);
  buf_puts(&buf_1, "\n");
}

static int tap_done(void)
{
  buf_puts(&buf_1, "1..");
  buf_putulong(&buf_1, tap_n);
  buf_puts(&buf_1, "\n");
  buf_flush(&buf_1);
  return tap_failed > 99 ? 99 : (int)tap_failed;
}
#endif
