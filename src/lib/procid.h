/* Process identity: a process is its pid AND its start, in clock ticks
   since boot (field 22 of /proc/PID/stat, which no clock step moves), so
   a pid the kernel has recycled is never taken for the process that had
   it.  runsv holds an earlier runsv's ./run this way to stop it.

   Where the kernel has pidfds (Linux 5.3), a held process is held by one
   and signals go through it: they cannot reach a later process on the
   same pid.  Signals to the process group it leads go through it too
   where the kernel can (PIDFD_SIGNAL_PROCESS_GROUP, Linux 6.9): they
   reach that group only, even after its leader has gone, never a new
   group that took the number after the old one emptied.  Without those,
   the number is checked just before the kill(2): the leader still there
   with its start, or (leader gone) no other process on the leader's pid
   and a live member in the group; a group once found gone stays gone. */
#ifndef PROCID_H
#define PROCID_H
#include <stdint.h>
#include <sys/types.h>

struct procid {
  pid_t pid;        /* 0: nothing held (or the group found gone) */
  uint64_t start;   /* its start, ticks since boot */
  int fd;           /* its pidfd, or -1 */
};
#define PROCID_NONE { 0, 0, -1 }

/* the start of pid (ticks since boot), 0 if there is no such process or
   it is a zombie; its process group into *pgrp unless pgrp is 0 */
uint64_t procid_start(pid_t pid, pid_t *pgrp);
/* Hold pid if it is the process that started at start: 1, else 0 (and
   p holds nothing).  group: hold a process group that pid led, even when
   pid has gone (then no pidfd): 1 when a live member is left. */
int procid_hold(struct procid *p, pid_t pid, uint64_t start, int group);
/* Is the held process still there (not a zombie)? */
int procid_alive(struct procid *p);
/* Is anything but zombies left in the group the held process leads? */
int procid_group_alive(struct procid *p);
/* signal the held process, or the group it leads; 0, or -1 when it (the
   group) is gone */
int procid_signal(struct procid *p, int sig);
int procid_signal_group(struct procid *p, int sig);
/* let go (close the pidfd) */
void procid_release(struct procid *p);
#endif
