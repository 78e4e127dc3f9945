#include "fmt.h"

size_t fmt_ulong(char *s, unsigned long u)
{
  size_t len = 1;
  unsigned long q = u;
  while (q > 9) { ++len; q /= 10; }
  if (s) {
    s += len;
    do { *--s = '0' + (u % 10); u /= 10; } while (u);
  }
  return len;
}

size_t fmt_long(char *s, long l)
{
  if (l >= 0) return fmt_ulong(s, (unsigned long)l);
  if (s) *s++ = '-';
  return 1 + fmt_ulong(s, -(unsigned long)l);
}

size_t fmt_ulong0(char *s, unsigned long u, size_t width)
{
  size_t len = fmt_ulong(0, u);
  size_t pad = len < width ? width - len : 0;
  if (s) {
    size_t i;
    for (i = 0; i < pad; ++i) s[i] = '0';
    fmt_ulong(s + pad, u);
  }
  return pad + len;
}

size_t fmt_xlong(char *s, unsigned long u)
{
  size_t len = 1;
  unsigned long q = u;
  while (q > 15) { ++len; q >>= 4; }
  if (s) {
    s += len;
    do { *--s = "0123456789abcdef"[u & 15]; u >>= 4; } while (u);
  }
  return len;
}

size_t fmt_str(char *s, const char *t)
{
  size_t len = 0;
  while (t[len]) { if (s) s[len] = t[len]; ++len; }
  return len;
}
