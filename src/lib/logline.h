/* svlogd's input as lines, and runit's size rule for the current file.

   logline_split cuts what was read into lines: a line longer than max is
   given as its first max bytes (head, more = 1), then the rest as it comes
   (tail, any number of times), then end.  An incomplete line stays at the
   start of the buffer for the next read; at the end of input
   logline_finish gives it all the same.  What happens to a line (which
   directories take it, stamps, writing) is the caller's, through ops: the
   splitter touches nothing but the buffer. */
#ifndef LOGLINE_H
#define LOGLINE_H
#include <stddef.h>

struct logline {
  size_t max;      /* svlogd's -l: the longest head */
  int intail;      /* inside the rest of an over-long line */
};

struct logline_ops {
  /* the first min(len, max) bytes of a line; more: the line goes on past
     max; carried: its first byte came with an earlier read */
  void (*head)(void *ctx, const char *s, size_t len, int more, int carried);
  void (*tail)(void *ctx, const char *s, size_t n);
  void (*end)(void *ctx);
};

/* buf[0..end) was read, its first `have` bytes an incomplete line kept
   from before (buf must hold max + the largest read).  Gives every line it
   completes; keeps the incomplete line at the start of buf and returns
   its length. */
size_t logline_split(struct logline *l, char *buf, size_t have, size_t end,
                     const struct logline_ops *ops, void *ctx);
/* end of input: a last line without newline is given all the same */
void logline_finish(struct logline *l, const char *buf, size_t have,
                    const struct logline_ops *ops, void *ctx);

/* runit's size rule, per write: with size bytes in a file limited to
   sizemax (0: no limit), how many of n go in now; 0 means rotate first
   (the file never grows past sizemax; the rest goes to the next).
   Inline: svlogd asks for every piece of every line. */
static inline size_t logline_fit(unsigned long long size, unsigned long long sizemax, size_t n)
{
  if (!sizemax) return n;
  if (size >= sizemax) return 0;
  return n > sizemax - size ? (size_t)(sizemax - size) : n;
}
/* after a line's newline: rotate early, once the file is within max of
   sizemax */
static inline int logline_full(unsigned long long size, unsigned long long sizemax, size_t max)
{
  return sizemax && sizemax >= max && size >= sizemax - max;
}
#endif
