#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "readfile.h"

ssize_t readfile(const char *fn, char *buf, size_t max)
{
  size_t got = 0;
  int fd = open(fn, O_RDONLY | O_CLOEXEC);
  if (fd == -1) return -1;
  while (got < max) {
    ssize_t r = read(fd, buf + got, max - got);
    if (r == -1) {
      if (errno == EINTR) continue;
      { int e = errno; close(fd); errno = e; }
      return -1;
    }
    if (r == 0) break;
    got += (size_t)r;
  }
  close(fd);
  return (ssize_t)got;
}
