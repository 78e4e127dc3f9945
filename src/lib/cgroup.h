/* The cgroup2 group of a service, for runsv's cgroup file: where cgroup2
   is mounted, making the group (and making sure it is one), putting a
   process in it, whether anything is left in it, killing what is, and
   removing it once empty.

   The kill is cgroup.kill (Linux 5.14 and later).  Where that file is
   missing (cgroup2 on Linux 4.5 to 5.13) or cannot be written, each pid
   of cgroup.procs gets SIGKILL, the group frozen meanwhile where
   cgroup.freeze exists (5.2 and later) so that none forks past the
   list; the caller looks again, as it does after cgroup.kill, until the
   group is empty.

   No stdio, no heap (runsv is long-running).  Every path is below the
   root the caller passes, so the tests run it on a fake tree too. */
#ifndef CGROUP_H
#define CGROUP_H
#include <stddef.h>
#include <sys/types.h>

#define CGROUP_MAGIC 0x63677270   /* statfs f_type of cgroup2 */
#define CGROUP_PATH 256           /* the longest group directory, NUL included */

struct cgroup {
  char path[CGROUP_PATH];   /* its directory, "" when none was made */
  int nokill;               /* the last kill went pid by pid: why cgroup.kill
                               could not be written (errno), else 0 */
};

/* Where cgroup2 is mounted: dir if it is a cgroup2 mount, else the first
   mount point of type cgroup2 listed in mountinfo (/proc/self/mountinfo's
   format) that is one now (statfs).  Into root (max bytes, NUL included);
   0, or -1 (errno ENOENT: there is none). */
int cgroup_mount(char *root, size_t max, const char *dir, const char *mountinfo);
/* The group root/runsv-DEV-INO of a service directory (its st_dev and
   st_ino), made if need be; it must hold cgroup.events (cgroup2 below
   its root) or it is not taken, and a directory made for it is removed
   again.  0, or -1 (errno: EOPNOTSUPP not cgroup2,
   ENAMETOOLONG, or mkdir's). */
int cgroup_make(struct cgroup *cg, const char *root, dev_t dev, ino_t ino);
/* Put process pid (0: the caller) in the group: 0, or -1. */
int cgroup_enter(const struct cgroup *cg, pid_t pid);
/* 1 when a process is left in it (cgroup.events), else 0 */
int cgroup_populated(const struct cgroup *cg);
/* SIGKILL to everything in it: through cgroup.kill, else pid by pid
   (cg->nokill says why).  What was signalled (1 for cgroup.kill, else the
   number of pids), or -1 when neither way could be used. */
int cgroup_kill(struct cgroup *cg);
/* Remove the group's directory (it must be empty): 0, or -1. */
int cgroup_remove(const struct cgroup *cg);
#endif
