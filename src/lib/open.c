#include <fcntl.h>
#include <unistd.h>
#include "open.h"

int open_read(const char *fn) { return open(fn, O_RDONLY | O_NONBLOCK | O_CLOEXEC); }
int open_write(const char *fn) { return open(fn, O_WRONLY | O_NONBLOCK | O_CLOEXEC); }
int open_append(const char *fn)
{
  return open(fn, O_WRONLY | O_NONBLOCK | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}
int open_trunc(const char *fn)
{
  return open(fn, O_WRONLY | O_NONBLOCK | O_TRUNC | O_CREAT | O_CLOEXEC, 0644);
}

int fd_coe(int fd) { return fcntl(fd, F_SETFD, FD_CLOEXEC); }
int fd_keep(int fd) { return fcntl(fd, F_SETFD, 0); }

int fd_nonblock(int fd)
{
  int fl = fcntl(fd, F_GETFL);
  return fl == -1 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int fd_block(int fd)
{
  int fl = fcntl(fd, F_GETFL);
  return fl == -1 ? -1 : fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
}

int fd_move(int to, int from)
{
  if (to == from) return fd_keep(to);
  if (dup2(from, to) == -1) return -1;
  close(from);
  return 0;
}
