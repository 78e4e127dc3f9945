/* libFuzzer target: svlogd's pattern matcher.  Input: pattern, NUL,
   subject (any bytes).  pmatch reads neither past the pattern's NUL nor
   past the subject's length (both are exact-size heap blocks, so ASan
   sees any over-read), and agrees with plain comparison for patterns
   without '*' and '+', and with "matches everything" for a lone "*". */
#include "fuzz.h"
#include "pmatch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *nul = memchr(data, 0, size);
  size_t plen = nul ? (size_t)(nul - data) : size;
  size_t slen = nul ? size - plen - 1 : 0;
  char *p = malloc(plen + 1), *s = malloc(slen ? slen : 1);
  int r;
  memcpy(p, data, plen);
  p[plen] = 0;
  if (slen) memcpy(s, nul + 1, slen);
  r = pmatch(p, s, slen);
  if (r != 0 && r != 1) __builtin_trap();
  if (!strpbrk(p, "*+") && r != (plen == slen && !memcmp(p, s, slen))) __builtin_trap();
  if (!strcmp(p, "*") && !r) __builtin_trap();
  /* a pattern ending in "*" matches anything that starts with what
     matches the rest (no '*' or '+' in the rest) */
  if (plen && p[plen - 1] == '*' && !memchr(p, '+', plen) &&
      !memchr(p, '*', plen - 1) &&
      r != (slen >= plen - 1 && !memcmp(p, s, plen - 1))) __builtin_trap();
  free(p);
  free(s);
  return 0;
}
