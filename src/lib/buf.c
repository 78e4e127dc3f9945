#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include "buf.h"
#include "fmt.h"

static char space1[1024];
static char space2[256];
buf buf_1 = BUF_INIT(1, space1, sizeof space1);
buf buf_2 = BUF_INIT(2, space2, sizeof space2);

int fd_writeall(int fd, const char *s, size_t len)
{
  while (len) {
    ssize_t w = write(fd, s, len);
    if (w == -1) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        struct pollfd p = { fd, POLLOUT, 0 };
        poll(&p, 1, -1);
        continue;
      }
      return -1;
    }
    s += w;
    len -= (size_t)w;
  }
  return 0;
}

ssize_t fd_read(int fd, char *s, size_t len)
{
  ssize_t r;
  do r = read(fd, s, len); while (r == -1 && errno == EINTR);
  return r;
}

int buf_flush(buf *b)
{
  size_t p = b->p;
  b->p = 0;
  return p ? fd_writeall(b->fd, b->x, p) : 0;
}

int buf_put(buf *b, const char *s, size_t len)
{
  if (len > b->n - b->p) {
    if (buf_flush(b) == -1) return -1;
    if (len >= b->n) return fd_writeall(b->fd, s, len);
  }
  while (len--) b->x[b->p++] = *s++;
  return 0;
}

int buf_puts(buf *b, const char *s)
{
  size_t len = 0;
  while (s[len]) ++len;
  return buf_put(b, s, len);
}

int buf_putulong(buf *b, unsigned long u)
{
  char n[FMT_ULONG];
  return buf_put(b, n, fmt_ulong(n, u));
}

int buf_putsflush(buf *b, const char *s)
{
  if (buf_puts(b, s) == -1) return -1;
  return buf_flush(b);
}
