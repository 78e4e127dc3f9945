/* Unit tests of svlogd's pattern matcher (src/lib/pmatch.c); prints TAP. */
#include <string.h>
#include "buf.h"
#include "tap.h"
#include "pmatch.h"

/* one case: pattern p against s, wanted result in the description */
static void t(const char *p, const char *s, int want)
{
  char what[256];
  buf b = BUF_INIT(-1, what, sizeof what - 1);
  buf_puts(&b, "'"); buf_puts(&b, p);
  buf_puts(&b, want ? "' matches '" : "' does not match '");
  buf_puts(&b, s); buf_puts(&b, "'");
  what[b.p] = 0;
  tap_ok(pmatch(p, s, strlen(s)) == want, what);
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
    tap_ok(pmatch("a*b", s, 3) == 1, "NUL in input");
  }
  return tap_done();
}
