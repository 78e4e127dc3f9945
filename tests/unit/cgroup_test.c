/* Unit tests of src/lib/cgroup (runsv's cgroup file); prints TAP.

   First on a fake tree in a temporary directory (plain files standing
   for cgroup.procs, cgroup.events...), with real processes to kill; then,
   where this process may make a mount namespace of its own (root), on a
   real cgroup2 mounted there: the mount found through mountinfo (a mount
   point with a blank, escaped), a group made, entered, killed through
   cgroup.kill, then with cgroup.kill hidden (a read-only file bound over
   it, as on a kernel before 5.14) pid by pid, and removed. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"
#include "fmt.h"
#include "tap.h"
#include "cgroup.h"

#define ok tap_ok

static char tmp[] = "/tmp/cgroup_test.XXXXXX";
static char fn[512];

static const char *at(const char *a, const char *b)
{
  size_t n = fmt_str(fn, a);
  fn[n++] = '/';
  fn[n + fmt_str(fn + n, b)] = 0;
  return fn;
}

static void put(const char *path, const char *s)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1 || write(fd, s, strlen(s)) != (ssize_t)strlen(s)) _exit(111);
  close(fd);
}

static int is(const char *path, const char *s)
{
  char b[256];
  ssize_t r;
  int fd = open(path, O_RDONLY);
  if (fd == -1) return 0;
  r = read(fd, b, sizeof b - 1);
  close(fd);
  if (r < 0) return 0;
  b[r] = 0;
  return !strcmp(b, s);
}

static int killed(pid_t pid)
{
  int w;
  return waitpid(pid, &w, 0) == pid && WIFSIGNALED(w) && WTERMSIG(w) == SIGKILL;
}

static pid_t sleeper(void)
{
  pid_t pid = fork();
  if (pid == 0) { for (;;) pause(); }
  return pid;
}

static void msleep(long ms)
{
  struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };
  nanosleep(&ts, 0);
}

/* wait (10 s at most: a state, not a time) until the group is empty */
static int emptied(const struct cgroup *cg)
{
  int i;
  for (i = 0; i < 1000; ++i) {
    if (!cgroup_populated(cg)) return 1;
    msleep(10);
  }
  return 0;
}

static void fake(void)
{
  char root[CGROUP_PATH], g[300], line[600];
  struct cgroup cg;
  pid_t a, b, c;
  size_t n;
  int r;

  /* the mount */
  put(at(tmp, "mi.none"), "22 1 0:21 / /sys rw - sysfs sysfs rw\n"
                          "25 22 0:23 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n");
  errno = 0;
  ok(cgroup_mount(root, sizeof root, tmp, at(tmp, "mi.none")) == -1 && errno == ENOENT,
     "mount: a plain directory and no cgroup2 in mountinfo: none (ENOENT)");
  ok(cgroup_mount(root, sizeof root, tmp, at(tmp, "mi.missing")) == -1,
     "mount: no mountinfo: none");
  n = fmt_str(line, "30 25 0:26 / ");
  n += fmt_str(line + n, tmp);
  fmt_str(line + n, " rw - cgroup2 cgroup2 rw\n");
  put(at(tmp, "mi.fake"), line);
  ok(cgroup_mount(root, sizeof root, "/nonexistent", at(tmp, "mi.fake")) == -1,
     "mount: a cgroup2 line whose mount point is no cgroup2 now is not taken");

  /* a plain directory (a tmpfs at /sys/fs/cgroup) is no cgroup2 */
  errno = 0;
  ok(cgroup_make(&cg, tmp, 1, 2) == -1 && errno == EOPNOTSUPP && !cg.path[0],
     "make: under a plain directory: EOPNOTSUPP");
  ok(access(at(tmp, "runsv-1-2"), F_OK) == -1, "make: ... and no stray directory left");
  memset(g, 'x', 230); g[0] = '/'; g[230] = 0;
  errno = 0;
  ok(cgroup_make(&cg, g, 1, 2) == -1 && errno == ENAMETOOLONG, "make: a root too long");

  /* a fake group: made by the test, taken as it is */
  fmt_str(g, at(tmp, "runsv-3-4"));
  g[strlen(fn)] = 0;
  mkdir(g, 0755);
  put(at(g, "cgroup.procs"), "");
  put(at(g, "cgroup.events"), "populated 0\nfrozen 0\n");
  put(at(g, "cgroup.freeze"), "x");
  ok(cgroup_make(&cg, tmp, 3, 4) == 0 && !strcmp(cg.path, g), "make: an existing group");
  ok(cgroup_enter(&cg, 1234) == 0 && is(at(g, "cgroup.procs"), "1234"), "enter: the pid into cgroup.procs");
  ok(cgroup_populated(&cg) == 0, "populated 0");
  put(at(g, "cgroup.events"), "frozen 0\npopulated 1\n");
  ok(cgroup_populated(&cg) == 1, "populated 1 (not the first line)");
  unlink(at(g, "cgroup.events"));
  ok(cgroup_populated(&cg) == 0, "no cgroup.events (the group removed): empty");

  /* the kill, pid by pid: no cgroup.kill */
  a = sleeper(); b = sleeper(); c = sleeper();
  n = fmt_str(line, "0\n");
  n += fmt_ulong(line + n, (unsigned long)a); line[n++] = '\n';
  n += fmt_ulong(line + n, (unsigned long)b); line[n++] = '\n';
  line[n + fmt_ulong(line + n, (unsigned long)c)] = 0;   /* no newline last */
  put(at(g, "cgroup.procs"), line);
  r = cgroup_kill(&cg);
  ok(r == 3 && cg.nokill == ENOENT, "kill without cgroup.kill: the 3 pids of cgroup.procs");
  ok(killed(a) && killed(b) && killed(c), "... each got SIGKILL");
  ok(is(at(g, "cgroup.freeze"), "0"), "... frozen meanwhile, and thawed");
  ok(cgroup_kill(&cg) == 0, "kill: pids no longer there: 0 signalled");
  unlink(at(g, "cgroup.freeze"));
  a = sleeper();
  line[fmt_ulong(line, (unsigned long)a)] = 0;
  put(at(g, "cgroup.procs"), line);
  ok(cgroup_kill(&cg) == 1 && killed(a) && access(at(g, "cgroup.freeze"), F_OK) == -1,
     "kill without cgroup.freeze: no freeze, still killed");

  /* through cgroup.kill */
  a = sleeper();
  line[fmt_ulong(line, (unsigned long)a)] = 0;
  put(at(g, "cgroup.procs"), line);
  put(at(g, "cgroup.kill"), "");
  ok(cgroup_kill(&cg) == 1 && !cg.nokill && is(at(g, "cgroup.kill"), "1"), "kill: 1 into cgroup.kill");
  ok(kill(a, 0) == 0, "... and not pid by pid");
  kill(a, SIGKILL); waitpid(a, 0, 0);
  unlink(at(g, "cgroup.kill"));
  unlink(at(g, "cgroup.procs"));
  ok(cgroup_kill(&cg) == -1, "kill: neither cgroup.kill nor cgroup.procs: -1");
  ok(cgroup_remove(&cg) == 0 && access(g, F_OK) == -1, "remove");
  unlink(at(tmp, "mi.none"));
  unlink(at(tmp, "mi.fake"));
}

/* a process in the group (entered by the parent), and a setsid child of
   it that entered with it; both pids on the pipe */
static pid_t family(const struct cgroup *cg, pid_t *kid)
{
  int p[2], q[2];
  pid_t a, k;
  char x;
  if (pipe(p) == -1 || pipe(q) == -1) _exit(111);
  a = fork();
  if (a == 0) {
    if (read(q[0], &x, 1) != 1) _exit(111);
    k = fork();
    if (k == 0) { setsid(); for (;;) pause(); }
    if (write(p[1], &k, sizeof k) != sizeof k) _exit(111);
    for (;;) pause();
  }
  if (cgroup_enter(cg, a) == -1) { kill(a, SIGKILL); return -1; }
  if (write(q[1], "x", 1) != 1 || read(p[0], kid, sizeof *kid) != sizeof *kid) _exit(111);
  close(p[0]); close(p[1]); close(q[0]); close(q[1]);
  return a;
}

static void real(void)
{
  char mnt[300], cgdir[300], mi[900], ro[300], root[CGROUP_PATH], line[1000];
  struct cgroup cg;
  pid_t a, k;
  size_t n;
  int r, i;

  fmt_str(mnt, at(tmp, "m"));
  mnt[strlen(fn)] = 0;
  fmt_str(cgdir, at(mnt, "c g"));
  cgdir[strlen(fn)] = 0;
  if (unshare(CLONE_NEWNS) == -1 || mount(0, "/", 0, MS_REC | MS_PRIVATE, 0) == -1 ||
      mkdir(mnt, 0755) == -1 || mount("tmpfs", mnt, "tmpfs", 0, 0) == -1 ||
      mkdir(cgdir, 0755) == -1 || mount("none", cgdir, "cgroup2", 0, 0) == -1) {
    for (i = 0; i < 10; ++i)
      ok(1, "real cgroup2 # SKIP no mount namespace with cgroup2 here (needs root)");
    return;
  }
  /* mountinfo: first a cgroup2 line whose mount point is not one now,
     then ours, its blank escaped as the kernel writes it */
  n = fmt_str(line, "40 30 0:30 / ");
  n += fmt_str(line + n, mnt);
  n += fmt_str(line + n, " rw - cgroup2 cgroup2 rw\n41 40 0:31 / ");
  n += fmt_str(line + n, mnt);
  n += fmt_str(line + n, "/c\\040g rw,relatime shared:5 - cgroup2 none rw,nsdelegate\n");
  line[n] = 0;
  fmt_str(mi, at(tmp, "mi.real"));
  mi[strlen(fn)] = 0;
  put(mi, line);
  ok(cgroup_mount(root, sizeof root, mnt, mi) == 0 && !strcmp(root, cgdir),
     "mount: found through mountinfo, escapes undone, the stale line skipped");
  ok(cgroup_mount(root, sizeof root, cgdir, "/nonexistent") == 0 && !strcmp(root, cgdir),
     "mount: the directory given, when it is cgroup2");

  ok(cgroup_make(&cg, cgdir, 5, 6) == 0, "make: a real group");
  a = family(&cg, &k);
  ok(a > 0 && cgroup_populated(&cg) == 1, "enter; populated");
  r = cgroup_kill(&cg);
  if (cg.nokill)      /* a kernel before 5.14 */
    ok(r == 2, "kill: pid by pid (no cgroup.kill on this kernel)");
  else
    ok(r == 1, "kill: through cgroup.kill");
  ok(killed(a) && emptied(&cg), "... ./run and its setsid child gone: empty");
  ok(cgroup_remove(&cg) == 0 && access(cg.path, F_OK) == -1, "remove the empty group");

  /* cgroup.kill hidden by a read-only file: pid by pid, frozen meanwhile */
  fmt_str(ro, at(tmp, "ro"));
  ro[strlen(fn)] = 0;
  put(ro, "");
  ok(cgroup_make(&cg, cgdir, 5, 6) == 0 &&
     mount(ro, at(cg.path, "cgroup.kill"), 0, MS_BIND, 0) == 0 &&
     mount(0, at(cg.path, "cgroup.kill"), 0, MS_REMOUNT | MS_BIND | MS_RDONLY, 0) == 0,
     "a group whose cgroup.kill cannot be written");
  a = family(&cg, &k);
  r = cgroup_kill(&cg);
  ok(r == 2 && cg.nokill == EROFS && killed(a) && emptied(&cg),
     "kill: both pids of cgroup.procs instead, the group empty");
  ok(is(at(cg.path, "cgroup.freeze"), "0\n") || access(at(cg.path, "cgroup.freeze"), F_OK) == -1,
     "... and not left frozen");
  umount(at(cg.path, "cgroup.kill"));
  cgroup_remove(&cg);
  umount(cgdir);
  umount(mnt);
  rmdir(mnt);
  unlink(mi);
  unlink(ro);
}

int main(void)
{
  if (!mkdtemp(tmp)) return 111;
  fake();
  real();
  rmdir(tmp);
  return tap_done();
}
