/* svlogd's pattern language, as runit defines it.  A pattern is matched
   against the whole of s (len bytes, which may hold NUL bytes):
     *c   skips input up to, not including, the first c (fails if none);
          the skip never backtracks, so later pattern characters must
          match right after that first c
     *    at the end of the pattern matches the rest of the input
     +c   matches one or more c; running out of input while doing so is a
          match, whatever follows in the pattern (runit's rule)
     +    at the very end of the pattern matches nothing
     x    any other character matches itself
   The pattern is a C string, so it cannot contain NUL. */
#ifndef PMATCH_H
#define PMATCH_H
#include <stddef.h>

/* 1 when the pattern p matches all of s[0..len), else 0 */
int pmatch(const char *p, const char *s, size_t len);
#endif
