/* libFuzzer target: svlogd's config parser (logconf_parse), then the
   patterns it kept matched against each line of the same input
   (logconf_match).  Everything the parser keeps must lie inside the
   storage it was given (exactly LOGCONF_SPACE(size) bytes, so that
   AddressSanitizer sees a byte past it) and be well formed: pattern
   lines start with + - e or E and end in NUL before instend, the prefix
   is NUL-terminated and prefixlen long, a processor is a non-empty
   string, a UDP address has its port set, t is capped.  The input is the
   config file's bytes, as before. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "logconf.h"

static char *space;
static size_t spacen;
static unsigned long bad;

static int inside(const char *p)
{
  return p >= space && p < space + spacen;
}

static void count_bad(const char *what, const char *text)
{
  if (!*what || !inside(text)) __builtin_trap();
  ++bad;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct logconf c;
  const char *p;
  size_t i, start, used;
  if (size > 65536) return 0;
  spacen = LOGCONF_SPACE(size);
  space = malloc(spacen);
  memcpy(space, data, size);
  memset(space + size, 0xa5, spacen - size);  /* junk, as a reused arena */

  logconf_default(&c);
  used = logconf_parse(&c, space, size, count_bad);
  if (used > spacen) __builtin_trap();
  if (!inside(c.inst) || c.instend < c.inst || c.instend > space + used)
    __builtin_trap();
  for (p = c.inst; p < c.instend; p += strlen(p) + 1) {
    if (!memchr(p, 0, (size_t)(c.instend - p))) __builtin_trap();
    if (!strchr("+-eE", *p) || !*p) __builtin_trap();
  }
  if (c.processor && (!inside(c.processor) || !*c.processor)) __builtin_trap();
  if (c.prefixlen && (!inside(c.prefix) || strlen(c.prefix) != c.prefixlen))
    __builtin_trap();
  if (!c.prefixlen && *c.prefix) __builtin_trap();
  if (c.udp && (c.udpaddr.sin_family != AF_INET || !c.udpaddr.sin_port))
    __builtin_trap();
  if (c.tmax > LOGCONF_TMAX_CAP) __builtin_trap();

  /* the patterns against each input line, as svlogd matches them */
  for (i = 0, start = 0; i <= size; ++i)
    if (i == size || data[i] == '\n') {
      size_t n = i - start;
      char *line = malloc(n ? n : 1);
      int sel;
      memcpy(line, data + start, n);
      sel = logconf_match(&c, line, n);
      if (sel & ~(LOGCONF_KEEP | LOGCONF_ALERT)) __builtin_trap();
      if (c.inst == c.instend && sel != LOGCONF_KEEP) __builtin_trap();
      free(line);
      start = i + 1;
    }
  free(space);
  return 0;
}
