#include <errno.h>
#include <sys/file.h>
#include "lock.h"

int lock_ex(int fd)
{
  int r;
  do r = flock(fd, LOCK_EX); while (r == -1 && errno == EINTR);
  return r;
}

int lock_exnb(int fd)
{
  if (flock(fd, LOCK_EX | LOCK_NB) == 0) return 0;
  if (errno == EWOULDBLOCK) errno = EAGAIN;
  return -1;
}
