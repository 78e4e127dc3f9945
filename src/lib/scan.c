#include <limits.h>
#include "scan.h"

size_t scan_ulong(const char *s, unsigned long *u)
{
  size_t pos = 0;
  unsigned long r = 0;
  unsigned char c;
  while ((c = (unsigned char)(s[pos] - '0')) < 10) {
    if (r > (ULONG_MAX - c) / 10) return 0;
    r = r * 10 + c;
    ++pos;
  }
  if (pos) *u = r;
  return pos;
}

size_t scan_long(const char *s, long *l)
{
  unsigned long u;
  size_t sign = (*s == '-' || *s == '+');
  size_t len = scan_ulong(s + sign, &u);
  if (!len) return 0;
  if (*s == '-') {
    if (u > (unsigned long)LONG_MAX + 1) return 0;
    *l = u ? -(long)(u - 1) - 1 : 0;
  } else {
    if (u > LONG_MAX) return 0;
    *l = (long)u;
  }
  return sign + len;
}

size_t scan_uint(const char *s, unsigned int *u)
{
  unsigned long l;
  size_t len = scan_ulong(s, &l);
  if (!len || l > UINT_MAX) return 0;
  *u = (unsigned int)l;
  return len;
}
