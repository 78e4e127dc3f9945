#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "pwent.h"

/* One pass over a colon-separated file, a byte at a time, so that a line
   of any length (a group with many members) needs no buffer.  Fields
   2 and, when want == 2, 3 must be decimal numbers. */
struct line {
  unsigned field;   /* index of the field being read */
  size_t at;        /* bytes of field 0 matched so far */
  int match;        /* field 0 still equals the name */
  int valid[2];     /* the numeric fields seen so far are well formed */
  int seen[2];      /* ... and not empty */
  unsigned long id[2];
};

static void line_reset(struct line *l)
{
  l->field = 0; l->at = 0; l->match = 1;
  l->valid[0] = l->valid[1] = 1;
  l->seen[0] = l->seen[1] = 0;
  l->id[0] = l->id[1] = 0;
}

static int line_done(const struct line *l, unsigned want)
{
  unsigned i;
  if (!l->match || l->field < 1 + want) return 0;
  for (i = 0; i < want; ++i)
    if (!l->valid[i] || !l->seen[i]) return 0;
  return 1;
}

static void line_byte(struct line *l, const char *name, size_t len, char c)
{
  if (c == ':') {
    if (l->field == 0 && l->at != len) l->match = 0;
    ++l->field;
    return;
  }
  if (l->field == 0) {
    if (l->match && l->at < len && name[l->at] == c) ++l->at;
    else l->match = 0;
  }
  else if (l->field == 2 || l->field == 3) {
    unsigned i = l->field - 2;
    unsigned long d = (unsigned long)(c - '0');
    if (c < '0' || c > '9' || l->id[i] > (~0UL - d) / 10) { l->valid[i] = 0; return; }
    l->id[i] = l->id[i] * 10 + d;
    l->seen[i] = 1;
  }
}

static int lookup(const char *file, const char *name, size_t len,
                  unsigned want, unsigned long *id)
{
  char buf[1024];
  struct line l;
  ssize_t r, i;
  int fd;

  if (!len) { errno = 0; return 0; }
  fd = open(file, O_RDONLY | O_CLOEXEC);
  if (fd == -1) return -1;
  line_reset(&l);
  for (;;) {
    r = read(fd, buf, sizeof buf);
    if (r == -1) {
      if (errno == EINTR) continue;
      { int e = errno; close(fd); errno = e; }
      return -1;
    }
    if (r == 0) break;
    for (i = 0; i < r; ++i) {
      if (buf[i] != '\n') { line_byte(&l, name, len, buf[i]); continue; }
      if (line_done(&l, want)) goto found;
      line_reset(&l);
    }
  }
  if (line_done(&l, want)) goto found;  /* last line, no newline */
  close(fd);
  errno = 0;
  return 0;
found:
  close(fd);
  id[0] = l.id[0];
  if (want > 1) id[1] = l.id[1];
  return 1;
}

int pwent_user(const char *file, const char *name, size_t len,
               unsigned long *uid, unsigned long *gid)
{
  unsigned long id[2];
  int r = lookup(file, name, len, 2, id);
  if (r == 1) { *uid = id[0]; *gid = id[1]; }
  return r;
}

int pwent_group(const char *file, const char *name, size_t len,
                unsigned long *gid)
{
  return lookup(file, name, len, 1, gid);
}
