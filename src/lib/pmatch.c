#include "pmatch.h"

int pmatch(const char *p, const char *s, size_t len)
{
  for (;;) {
    char c = *p++;
    if (!c) return !len;
    if (c == '*') {
      c = *p;
      if (!c) return 1;
      while (len && *s != c) { ++s; --len; }
      if (!len) return 0;
      continue;        /* c itself is matched by the next round */
    }
    if (c == '+') {
      c = *p++;
      if (!c) return 0;  /* a trailing + matches nothing */
      if (!len || *s != c) return 0;
      while (len && *s == c) { ++s; --len; }
      if (!len) return 1;
      continue;
    }
    if (!len || *s != c) return 0;
    ++s; --len;
  }
}
