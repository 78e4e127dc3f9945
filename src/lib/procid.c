#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fmt.h"
#include "open.h"
#include "procid.h"
#include "scan.h"

#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif
#ifndef PIDFD_SIGNAL_PROCESS_GROUP
#define PIDFD_SIGNAL_PROCESS_GROUP (1U << 2)
#endif

/* fields 3 (state), 5 (process group) and 22 (start) of /proc/<pid>/stat:
   the start (0: no such process), zombie or not into *zombie */
static uint64_t stat_of(const char *pid, pid_t *pgrp, int *zombie)
{
  char fn[48], b[1024];
  unsigned long u = 0, g = 0;
  ssize_t r;
  size_t n;
  int fd, field;
  char *p;
  n = fmt_str(fn, "/proc/");
  if (n + fmt_str(0, pid) + 6 >= sizeof fn) return 0;
  n += fmt_str(fn + n, pid);
  fn[n + fmt_str(fn + n, "/stat")] = 0;
  if ((fd = open_read(fn)) == -1) return 0;
  r = read(fd, b, sizeof b - 1);
  close(fd);
  if (r <= 0) return 0;
  b[r] = 0;
  for (p = b + r; p > b && p[-1] != ')'; --p) ;   /* after the name */
  if (p == b || p[0] != ' ') return 0;
  *zombie = p[1] == 'Z';
  for (field = 2; *p && field < 22; ++p) {
    if (*p != ' ') continue;
    if (++field == 5) scan_ulong(p + 1, &g);
  }
  if (!scan_ulong(p, &u)) return 0;
  *pgrp = (pid_t)g;
  return (uint64_t)u;
}

static uint64_t start_of(pid_t pid, pid_t *pgrp, int *zombie)
{
  char num[FMT_ULONG];
  num[fmt_ulong(num, (unsigned long)pid)] = 0;
  return stat_of(num, pgrp, zombie);
}

uint64_t procid_start(pid_t pid, pid_t *pgrp)
{
  pid_t g;
  int z;
  uint64_t s = start_of(pid, &g, &z);
  if (!s || z) return 0;
  if (pgrp) *pgrp = g;
  return s;
}

/* a process that is not a zombie in process group g (/proc, as its
   members need not be our children) */
static int member_in(pid_t g)
{
  char b[4096];
  long r, i;
  pid_t pg;
  int fd, z, live = 0;
  fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd == -1) return 1;
  while (!live && (r = syscall(__NR_getdents64, fd, b, sizeof b)) > 0)
    for (i = 0; i < r && !live; i += *(unsigned short *)(void *)(b + i + 16)) {
      const char *name = b + i + 19;
      if (*name < '1' || *name > '9') continue;
      if (stat_of(name, &pg, &z) && pg == g && !z) live = 1;
    }
  close(fd);
  return live;
}

int procid_alive(struct procid *p)
{
  struct pollfd pf;
  if (!p->pid) return 0;
  if (p->fd != -1) {
    pf.fd = p->fd; pf.events = POLLIN; pf.revents = 0;
    return poll(&pf, 1, 0) == 0;    /* readable once it has exited */
  }
  return procid_start(p->pid, 0) == p->start;
}

/* no pidfd to signal the group through: the number is the group's while
   its leader lives; after that, while no other process has the leader's
   pid (the kernel gives no process a pid that is still some group's
   number, so one that has it means the group emptied) */
static int group_by_number(struct procid *p)
{
  pid_t g;
  int z;
  uint64_t s;
  if (!procid_alive(p)) {
    s = start_of(p->pid, &g, &z);
    if (s && s != p->start) { p->pid = 0; return 0; }
  }
  if (!member_in(p->pid)) { p->pid = 0; return 0; }
  return 1;
}

static int nogroupfd;   /* the kernel has no PIDFD_SIGNAL_PROCESS_GROUP */

int procid_signal_group(struct procid *p, int sig)
{
  if (!p->pid) { errno = ESRCH; return -1; }
  if (p->fd != -1 && !nogroupfd) {
    if (syscall(__NR_pidfd_send_signal, p->fd, sig, 0, PIDFD_SIGNAL_PROCESS_GROUP) == 0) return 0;
    if (errno == ESRCH) { p->pid = 0; return -1; }
    if (errno != EINVAL) return -1;
    nogroupfd = 1;
  }
  if (!group_by_number(p)) { errno = ESRCH; return -1; }
  return kill(-p->pid, sig);
}

int procid_group_alive(struct procid *p)
{
  if (!p->pid) return 0;
  if (p->fd != -1 && !nogroupfd) {
    /* while any of the group the pidfd's process led is left, the
       number is that group's: the scan finds only its members */
    if (syscall(__NR_pidfd_send_signal, p->fd, 0, 0, PIDFD_SIGNAL_PROCESS_GROUP) == 0) {
      if (member_in(p->pid)) return 1;
      p->pid = 0;
      return 0;
    }
    if (errno == ESRCH) { p->pid = 0; return 0; }
    if (errno != EINVAL) return 1;
    nogroupfd = 1;
  }
  return group_by_number(p);
}

int procid_signal(struct procid *p, int sig)
{
  if (p->fd != -1) return (int)syscall(__NR_pidfd_send_signal, p->fd, sig, 0, 0);
  if (!procid_alive(p)) { errno = ESRCH; return -1; }
  return kill(p->pid, sig);
}

int procid_hold(struct procid *p, pid_t pid, uint64_t start, int group)
{
  pid_t g;
  int z;
  uint64_t s;
  p->pid = pid;
  p->start = start;
  p->fd = pid > 0 ? (int)syscall(__NR_pidfd_open, pid, 0) : -1;
  if (p->fd != -1) fd_coe(p->fd);
  /* after the open: the pidfd is of the process that has the start */
  s = pid > 0 && start ? start_of(pid, &g, &z) : 0;
  if (s == start && s && (!z || group)) {
    if (!group || procid_group_alive(p)) return 1;
  } else if (group && !s && start && pid > 1) {
    /* the leader has gone, and its pid is nobody's */
    if (p->fd != -1) close(p->fd);
    p->fd = -1;
    if (group_by_number(p)) return 1;
  }
  procid_release(p);
  return 0;
}

void procid_release(struct procid *p)
{
  if (p->fd != -1) close(p->fd);
  p->fd = -1;
  p->pid = 0;
}
