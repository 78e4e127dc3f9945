#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "cgroup.h"
#include "fmt.h"
#include "open.h"

static int is_cgroup2(const char *dir)
{
  struct statfs f;
  return statfs(dir, &f) == 0 && (unsigned long)f.f_type == CGROUP_MAGIC;
}

/* the mount point of a mountinfo line (l, NUL ended) if its type is
   cgroup2, unescaped (\040 and the like) into root; 0, or -1 */
static int mount_line(const char *l, char *root, size_t max)
{
  const char *mp;
  size_t n = 0;
  int i;
  for (i = 0; i < 4; ++i) {      /* id, parent, dev, root: then the mount point */
    while (*l && *l != ' ') ++l;
    if (*l) ++l;
  }
  mp = l;
  if (!strstr(l, " - cgroup2 ")) return -1;
  for (l = mp; *l && *l != ' '; ++l) {
    char c = *l;
    if (c == '\\' && l[1] >= '0' && l[1] <= '3' && l[2] >= '0' && l[2] <= '7' &&
        l[3] >= '0' && l[3] <= '7') {
      c = (char)((l[1] - '0') << 6 | (l[2] - '0') << 3 | (l[3] - '0'));
      l += 3;
    }
    if (n + 1 >= max) return -1;
    root[n++] = c;
  }
  root[n] = 0;
  return n && is_cgroup2(root) ? 0 : -1;
}

int cgroup_mount(char *root, size_t max, const char *dir, const char *mountinfo)
{
  char b[512], line[1024];
  size_t n = 0, skip = 0;
  ssize_t r, i;
  int fd;
  if (fmt_str(0, dir) < max && is_cgroup2(dir)) {
    root[fmt_str(root, dir)] = 0;
    return 0;
  }
  if ((fd = open_read(mountinfo)) == -1) return -1;
  while ((r = read(fd, b, sizeof b)) > 0)
    for (i = 0; i < r; ++i) {
      if (b[i] != '\n') {
        if (n + 1 < sizeof line) line[n++] = b[i];
        else skip = 1;            /* longer than any mount we can use */
        continue;
      }
      line[n] = 0;
      if (!skip && mount_line(line, root, max) == 0) { close(fd); return 0; }
      n = skip = 0;
    }
  close(fd);
  errno = ENOENT;
  return -1;
}

/* open the group's file (never created): the descriptor, or -1 */
static int cg_open(const struct cgroup *cg, const char *file, int flags)
{
  char p[CGROUP_PATH + 16];
  size_t n = fmt_str(0, cg->path);
  if (!n || n + fmt_str(0, file) >= sizeof p) { errno = ENOENT; return -1; }
  fmt_str(p, cg->path);
  p[n + fmt_str(p + n, file)] = 0;
  return open(p, flags | O_CLOEXEC);
}

/* write s into the group's file: 0, or -1 */
static int put(const struct cgroup *cg, const char *file, const char *s)
{
  size_t n = fmt_str(0, s);
  int fd = cg_open(cg, file, O_WRONLY), e;
  ssize_t r;
  if (fd == -1) return -1;
  r = write(fd, s, n);
  e = errno;
  close(fd);
  errno = e;
  return r == (ssize_t)n ? 0 : -1;
}

int cgroup_make(struct cgroup *cg, const char *root, dev_t dev, ino_t ino)
{
  size_t n = fmt_str(0, root);
  int made, fd;
  cg->path[0] = 0;
  /* "/runsv-", 20 digits, "-", 20 digits, NUL */
  if (n + 49 > CGROUP_PATH) { errno = ENAMETOOLONG; return -1; }
  n = fmt_str(cg->path, root);
  n += fmt_str(cg->path + n, "/runsv-");
  n += fmt_ulong(cg->path + n, (unsigned long)dev);
  cg->path[n++] = '-';
  cg->path[n + fmt_ulong(cg->path + n, (unsigned long)ino)] = 0;
  made = mkdir(cg->path, 0755) == 0;
  if (!made && errno != EEXIST) { cg->path[0] = 0; return -1; }
  /* cgroup.events: in every cgroup2 group but the root, in no cgroup v1
     directory, and not in a plain one (a tmpfs): no stray directory */
  if ((fd = cg_open(cg, "/cgroup.events", O_RDONLY)) != -1) close(fd);
  else {
    if (made) rmdir(cg->path);
    cg->path[0] = 0;
    errno = EOPNOTSUPP;
    return -1;
  }
  return 0;
}

int cgroup_enter(const struct cgroup *cg, pid_t pid)
{
  char num[FMT_ULONG];
  num[fmt_ulong(num, (unsigned long)pid)] = 0;
  return put(cg, "/cgroup.procs", num);
}

/* SIGKILL to pid from cgroup.procs: 1 if sent.  Never to 0 (a process
   outside our pid namespace), 1, or ourselves. */
static int one(unsigned long pid)
{
  if (pid <= 1 || pid > 1UL << 22 || pid == (unsigned long)getpid()) return 0;
  return kill((pid_t)pid, SIGKILL) == 0;
}

/* SIGKILL to each pid of cgroup.procs: how many were signalled, or -1
   when it cannot be read */
static int kill_procs(const struct cgroup *cg)
{
  char b[512];
  unsigned long pid = 0;
  int fd, n = 0;
  ssize_t r, i;
  if ((fd = cg_open(cg, "/cgroup.procs", O_RDONLY)) == -1) return -1;
  while ((r = read(fd, b, sizeof b)) > 0)
    for (i = 0; i < r; ++i) {
      if (b[i] >= '0' && b[i] <= '9') {
        if (pid < 1UL << 23) pid = pid * 10 + (unsigned long)(b[i] - '0');
        continue;
      }
      n += one(pid);
      pid = 0;
    }
  n += one(pid);                /* a last line without its newline */
  close(fd);
  return r < 0 && !n ? -1 : n;
}

int cgroup_populated(const struct cgroup *cg)
{
  char b[128];
  ssize_t r = -1;
  int fd = cg_open(cg, "/cgroup.events", O_RDONLY);
  if (fd != -1) {
    r = read(fd, b, sizeof b - 1);
    close(fd);
  }
  if (r <= 0) return 0;
  b[r] = 0;
  return strstr(b, "populated 1") != 0;
}

int cgroup_kill(struct cgroup *cg)
{
  int n, frozen;
  cg->nokill = 0;
  if (put(cg, "/cgroup.kill", "1") == 0) return 1;
  cg->nokill = errno ? errno : EIO;
  frozen = put(cg, "/cgroup.freeze", "1") == 0;
  n = kill_procs(cg);
  if (frozen) put(cg, "/cgroup.freeze", "0");
  return n;
}

int cgroup_remove(const struct cgroup *cg)
{
  if (!cg->path[0]) { errno = ENOENT; return -1; }
  return rmdir(cg->path);
}
