/* Unit tests of svlogd's pattern matcher (src/lib/pmatch.c); prints TAP. */
#include <string.h>
#include "buf.h"
#include "pmatch.h"

static int n, failed;
static void t(const char *p, const char *s, int want)
{
  int got = pmatch(p, s, strlen(s));
  ++n;
  if (got != want) { buf_puts(&buf_1, "not "); ++failed; }
  buf_puts(&buf_1, "ok ");
  buf_putulong(&buf_1, (unsigned long)n);
  buf_puts(&buf_1, " - '");
  buf_puts(&buf_1, p);
  buf_puts(&buf_1, want ? "' matches '" : "' does not match '");
  buf_puts(&buf_1, s);
  buf_puts(&buf_1, "'\n");
}

int main(void)
{
  t("", "", 1);
  t("", "a", 0);
  t("abc", "abc", 1);
  t("abc", "abcd", 0);
  t("abcd", "abc", 0);
  t("*", "", 1);
  t("*", "anything at all", 1);
  t("a*", "abc", 1);
  t("a*", "b", 0);
  t("*c", "abc", 1);
  t("*c", "abcd", 0);           /* c must be the end: whole-line match */
  t("*b*", "abc", 1);
  t("*x*", "abc", 0);           /* no x: * fails */
  /* no backtracking: the first * stops at the first 'p' (in "httpd") */
  t("*pid*", "httpd: worker pid 42", 0);
  t("*: worker pid *", "httpd: worker pid 42", 1);
  t("*pid*", "pid 42", 1);
  t("*ab", "aab", 0);           /* stops at the first a, then 'a' != 'b' */
  t("+a", "a", 1);
  t("+a", "aaaa", 1);
  t("+a", "", 0);
  t("+a", "b", 0);
  t("+ab", "aab", 1);
  t("+ab", "aac", 0);
  t("+ab", "aaa", 1);           /* runit: input ending inside +c matches */
  t("x+ yz", "x   yz", 1);
  t("+", "", 0);
  t("+", "a", 0);
  t("-", "-", 1);
  t("*.", "a.b", 0);
  t("*.*", "a.b", 1);
  {
    /* NUL bytes in the input are ordinary bytes */
    static const char s[] = { 'a', 0, 'b' };
    ++n;
    if (pmatch("a*b", s, 3) != 1) { buf_puts(&buf_1, "not "); ++failed; }
    buf_puts(&buf_1, "ok ");
    buf_putulong(&buf_1, (unsigned long)n);
    buf_puts(&buf_1, " - NUL in input\n");
  }
  buf_puts(&buf_1, "1..");
  buf_putulong(&buf_1, (unsigned long)n);
  buf_puts(&buf_1, "\n");
  buf_flush(&buf_1);
  return failed != 0;
}
