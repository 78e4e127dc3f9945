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
