/* svlogd's line splitting and size rule; see logline.h. */
#include <string.h>
#include "logline.h"

size_t logline_split(struct logline *l, char *buf, size_t have, size_t end,
                     const struct logline_ops *ops, void *ctx)
{
  size_t pos = 0;
  while (pos < end) {
    char *s = buf + pos, *nl;
    size_t avail = end - pos, lim;
    int carried = pos == 0 && have;
    if (l->intail) {
      size_t n;
      nl = memchr(s, '\n', avail);
      n = nl ? (size_t)(nl - s) : avail;
      if (n) ops->tail(ctx, s, n);
      pos += n;
      if (nl) { ops->end(ctx); l->intail = 0; ++pos; }
      continue;
    }
    lim = avail < l->max ? avail : l->max;
    nl = memchr(s, '\n', lim);
    if (!nl && avail < l->max) break;  /* an incomplete line */
    if (nl) {
      ops->head(ctx, s, (size_t)(nl - s), 0, carried);
      ops->end(ctx);
      pos += (size_t)(nl - s) + 1;
    } else {
      ops->head(ctx, s, l->max, 1, carried);
      l->intail = 1;
      pos += l->max;
    }
  }
  if (pos && pos < end) memmove(buf, buf + pos, end - pos);
  return end - pos;
}

void logline_finish(struct logline *l, const char *buf, size_t have,
                    const struct logline_ops *ops, void *ctx)
{
  if (l->intail) { ops->end(ctx); l->intail = 0; }
  else if (have) {
    ops->head(ctx, buf, have, 0, 1);
    ops->end(ctx);
  }
}
