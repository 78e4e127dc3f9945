/* runsvdir: start and keep one runsv per service directory in dir.

   runsvdir [-P] dir [log]

   Behaves like runit 2.1.2's runsvdir (same usage, messages, exit codes
   and scan rules) with three deliberate changes, see doc/differences.md:
   - dir is watched with inotify and rescanned at once (the 5-second poll
     stays as the fallback), and so is the directory holding each symlink
     the path to dir goes through, so a runlevel switch (runsvchdir
     renaming the "current" link) is seen at once too;
   - a runsv that dies is started again as soon as it is reaped, but never
     more than once a second per service (a deadline, never a sleep);
   - no 1000-service cap: the table lives in an anonymous mapping
     reserved once (MAP_NORESERVE), touched only as far as it is used.
   No malloc, no stdio; one poll() loop over the self-pipe, the inotify fd
   and the log pipe. */
#define _ATFILE_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include "clock.h"
#include "err.h"
#include "pathexec.h"
#include "sig.h"
#include "wait.h"

#define USAGE " [-P] dir"
#define SERVICES_MAX 65536         /* table size; slots are touched as used */
#define HASH_MAX (2 * SERVICES_MAX)
#define HASH_MIN 64
#define POLL_MS 5000               /* fallback poll, as runit */
#define POLL_CHECK_MS 1000         /* poll while a rescan is pending */
#define RESTART_MS 1000            /* at most one runsv start a second */
#define DOT_MS (900 * 1000)        /* the log's periodic dot */
#define LINK_WATCHES 16            /* symlinks followed on the way to dir */
#define FAST_NAMES 64              /* new names started without a rescan */
#define NOINOTIFY_ENV "RUNSVDIR_NOINOTIFY"

extern char **environ;

struct service {
  dev_t dev;
  ino_t ino;
  pid_t pid;          /* its runsv, 0 when none runs */
  unsigned gen;       /* scan generation it was last seen in */
  uint64_t next_ms;   /* earliest next start of its runsv (monotonic) */
  char name[NAME_MAX + 1];
};

static const char *progname;
static const char *svdir;
static int pgrp;

static struct service *sv;  /* SERVICES_MAX entries, mapped at startup */
static uint32_t *idhash;    /* (dev, ino) -> index + 1; HASH_MAX slots */
static uint32_t *pidhash;   /* pid -> index + 1 */
static uint32_t hcap = HASH_MIN;
static uint32_t svnum;
static uint32_t pending;    /* services whose runsv is not running */
static unsigned gen;

/* what the last full scan saw of dir */
static dev_t sdev;
static ino_t sino;
static time_t smtime;
static int check = 1;       /* rescan wanted (runit's flag) */

static int ifd = -1;        /* inotify */
static int mainwd = -1;
static dev_t wdev;          /* identity of the directory being watched */
static ino_t wino;
static int rewatch = 1;

static char *rplog;         /* the log argument, rewritten in place */
static size_t rploglen;
static int logpipe[2] = { -1, -1 };

/* Diagnostics.  With the log argument, fd 2 is the non-blocking write
   end of a pipe that only we read: a full pipe is drained into the title
   and the write retried, never waited on. */
static int child;            /* in a forked child: never drain */
static void log_take(void);

static void out(const char *s, size_t len)
{
  while (len) {
    ssize_t w = write(2, s, len);
    if (w == -1) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN) return;
      if (!child && logpipe[0] != -1) log_take();
      else {
        struct pollfd p = { 2, POLLOUT, 0 };
        if (poll(&p, 1, 1000) <= 0) return;
      }
      continue;
    }
    s += w;
    len -= (size_t)w;
  }
}

/* "runsvdir <dir>: <kind><parts...>[: <errstr>]\n" in one write */
static void say(const char *kind, int sys, ...)
{
  static char m[1024];
  size_t n = 0;
  const char *s;
  int e = errno;
  va_list ap;
  va_start(ap, sys);
#define PUT(t) for (s = (t); *s && n < sizeof m - 1; ) m[n++] = *s++
  PUT("runsvdir ");
  PUT(svdir);
  PUT(": ");
  PUT(kind);
  while ((s = va_arg(ap, const char *))) { const char *t = s; PUT(t); }
  if (sys) { PUT(": "); PUT(err_str(e)); }
#undef PUT
  va_end(ap);
  m[n++] = '\n';
  out(m, n);
  errno = e;
}
#define warnx(...) say("warning: ", 0, __VA_ARGS__, (char *)0)
#define warnsys(...) say("warning: ", 1, __VA_ARGS__, (char *)0)
#define diesys(code, ...) \
  do { say("fatal: ", 1, __VA_ARGS__, (char *)0); _exit(code); } while (0)

static void usage(void)
{
  out("usage: ", 7);
  out(progname, strlen(progname));
  out(USAGE "\n\n", sizeof USAGE + 1);
  _exit(1);
}

/* ---- the log argument, readproctitle-style ---- */

/* Append bytes to the scrolling window rplog[5..len-1]; NULs are dropped. */
static void title_add(const char *s, size_t n)
{
  size_t w = rploglen - 5, k = 0;
  char tmp[4096];
  size_t i;
  for (i = 0; i < n; ++i) if (s[i]) tmp[k++] = s[i];
  if (!k) return;
  if (k >= w) memcpy(rplog + 5, tmp + k - w, w);
  else {
    memmove(rplog + 5, rplog + 5 + k, w - k);
    memcpy(rplog + rploglen - k, tmp, k);
  }
}

static void log_take(void)
{
  char b[4096];
  ssize_t r;
  while ((r = read(logpipe[0], b, sizeof b)) > 0) title_add(b, (size_t)r);
}

static int log_setup(void)
{
  rploglen = strlen(rplog);
  if (rploglen < 7) {
    warnx("log must have at least seven characters.");
    return 0;
  }
  if (pipe(logpipe) == -1) {
    warnx("unable to create pipe for log.");
    return -1;
  }
  fcntl(logpipe[0], F_SETFD, FD_CLOEXEC);
  fcntl(logpipe[1], F_SETFD, FD_CLOEXEC);
  fcntl(logpipe[0], F_SETFL, fcntl(logpipe[0], F_GETFL) | O_NONBLOCK);
  fcntl(logpipe[1], F_SETFL, fcntl(logpipe[1], F_GETFL) | O_NONBLOCK);
  if (dup2(logpipe[1], 2) == -1) {
    warnx("unable to set filedescriptor for log.");
    close(logpipe[0]); close(logpipe[1]);
    logpipe[0] = logpipe[1] = -1;
    return -1;
  }
  return 1;
}

/* ---- the service table and its two hashes ---- */

static uint32_t mix(uint64_t x)
{
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (uint32_t)x;
}
static uint32_t hid(dev_t d, ino_t i) { return mix((uint64_t)i * 0x9e3779b97f4a7c15ULL ^ (uint64_t)d); }
static uint32_t hpid(pid_t p) { return mix((uint64_t)(uint32_t)p); }
static uint32_t key_id(uint32_t i) { return hid(sv[i].dev, sv[i].ino); }
static uint32_t key_pid(uint32_t i) { return hpid(sv[i].pid); }

static void ht_put(uint32_t *t, uint32_t h, uint32_t i)
{
  uint32_t m = hcap - 1;
  while (t[h & m]) ++h;
  t[h & m] = i + 1;
}

static uint32_t ht_slot(uint32_t *t, uint32_t h, uint32_t i)
{
  uint32_t m = hcap - 1;
  while (t[h & m] != i + 1) ++h;
  return h & m;
}

/* delete by backward shift, so no tombstones ever slow a lookup */
static void ht_del(uint32_t *t, uint32_t (*key)(uint32_t), uint32_t i)
{
  uint32_t m = hcap - 1;
  uint32_t hole = ht_slot(t, key(i), i), j = hole;
  t[hole] = 0;
  for (;;) {
    uint32_t home;
    j = (j + 1) & m;
    if (!t[j]) return;
    home = key(t[j] - 1) & m;
    /* move t[j] into the hole unless its home lies cyclically in (hole, j] */
    if (hole <= j ? (home <= hole || home > j) : (home <= hole && home > j)) {
      t[hole] = t[j];
      t[j] = 0;
      hole = j;
    }
  }
}

static void ht_rebuild(void)
{
  uint32_t i;
  memset(idhash, 0, hcap * sizeof *idhash);
  memset(pidhash, 0, hcap * sizeof *pidhash);
  for (i = 0; i < svnum; ++i) {
    ht_put(idhash, key_id(i), i);
    if (sv[i].pid) ht_put(pidhash, key_pid(i), i);
  }
}

static long find_id(dev_t d, ino_t ino)
{
  uint32_t m = hcap - 1, h = hid(d, ino);
  for (;; ++h) {
    uint32_t v = idhash[h & m];
    if (!v) return -1;
    if (sv[v - 1].ino == ino && sv[v - 1].dev == d) return (long)v - 1;
  }
}

static long find_pid(pid_t p)
{
  uint32_t m = hcap - 1, h = hpid(p);
  for (;; ++h) {
    uint32_t v = pidhash[h & m];
    if (!v) return -1;
    if (sv[v - 1].pid == p) return (long)v - 1;
  }
}

static void set_pid(uint32_t i, pid_t p)
{
  if (sv[i].pid) ht_del(pidhash, key_pid, i); else --pending;
  sv[i].pid = p;
  if (p) ht_put(pidhash, key_pid(i), i); else ++pending;
}

static long sv_add(dev_t d, ino_t ino, const char *name)
{
  uint32_t i = svnum;
  if (svnum >= SERVICES_MAX) return -1;
  if (2 * (svnum + 1) > hcap) { hcap *= 2; ht_rebuild(); }
  sv[i].dev = d;
  sv[i].ino = ino;
  sv[i].pid = 0;
  sv[i].gen = gen;
  sv[i].next_ms = 0;
  strncpy(sv[i].name, name, NAME_MAX);
  sv[i].name[NAME_MAX] = 0;
  ++svnum;
  ++pending;
  ht_put(idhash, key_id(i), i);
  return i;
}

/* forget entry i, moving the last one into its place */
static void sv_del(uint32_t i)
{
  uint32_t last = svnum - 1;
  ht_del(idhash, key_id, i);
  if (sv[i].pid) ht_del(pidhash, key_pid, i); else --pending;
  if (i != last) {
    idhash[ht_slot(idhash, key_id(last), last)] = i + 1;
    if (sv[last].pid) pidhash[ht_slot(pidhash, key_pid(last), last)] = i + 1;
    sv[i] = sv[last];
  }
  --svnum;
}

/* ---- starting runsv ---- */

static void runsv(uint32_t i, int dirfd, uint64_t now)
{
  pid_t pid;
  sv[i].next_ms = now + RESTART_MS;
  if ((pid = fork()) == -1) {
    warnsys("unable to fork for ", sv[i].name);
    return;
  }
  if (!pid) {
    char *argv[3];
    child = 1;
    argv[0] = (char *)"runsv";
    argv[1] = sv[i].name;
    argv[2] = 0;
    sig_default(SIGHUP);
    sig_default(SIGTERM);
    sig_default(SIGCHLD);
    sig_unblockall();
    if (pgrp) setsid();
    if (fchdir(dirfd) == -1) diesys(100, "unable to start runsv ", argv[1]);
    pathexec_run(argv[0], argv, environ);
    diesys(100, "unable to start runsv ", argv[1]);
  }
  set_pid(i, pid);
}

/* ---- watching dir ---- */

#define DIR_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
                    IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
#define LINK_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
                     IN_ONLYDIR | IN_MASK_ADD)

/* Watch the directory holding every symlink met on the way to svdir: a
   symlink replaced there (runsvchdir renaming "current") changes what
   svdir names without any event on the old target. */
static void watch_links(void)
{
  static char cur[PATH_MAX], rest[PATH_MAX], tmp[PATH_MAX], lnk[PATH_MAX];
  size_t cl = 0;
  int links = 0, watches = 0;

  if (strlen(svdir) >= sizeof rest) return;
  strcpy(rest, svdir);
  if (rest[0] == '/') cur[cl++] = '/';
  cur[cl] = 0;
  while (rest[0]) {
    char *c = rest, *end;
    size_t n, save = cl;
    struct stat st;
    ssize_t r;
    while (*c == '/') ++c;
    end = c + strcspn(c, "/");
    n = (size_t)(end - c);
    if (!n) break;
    if (cl + n + 2 >= sizeof cur) return;
    if (cl && cur[cl - 1] != '/') cur[cl++] = '/';
    memcpy(cur + cl, c, n);
    cl += n;
    cur[cl] = 0;
    memmove(rest, end, strlen(end) + 1);
    if (n == 1 && c[0] == '.') continue;
    if (lstat(cur, &st) == -1) return;
    if (!S_ISLNK(st.st_mode)) continue;
    if (++links > 40) return;
    r = readlink(cur, lnk, sizeof lnk - 1);
    if (r <= 0) return;
    lnk[r] = 0;
    cl = save;                         /* back to the link's directory */
    cur[cl] = 0;
    if (watches < LINK_WATCHES) {
      inotify_add_watch(ifd, cl ? cur : ".", LINK_EVENTS);
      ++watches;
    }
    if ((size_t)r + 1 + strlen(rest) + 1 > sizeof tmp) return;
    strcpy(tmp, lnk);
    strcat(tmp, "/");
    strcat(tmp, rest);
    strcpy(rest, tmp);
    if (lnk[0] == '/') { cl = 1; cur[0] = '/'; cur[1] = 0; }
  }
}

static void watch(void)
{
  struct stat st;
  rewatch = 0;
  if (ifd != -1) close(ifd);
  ifd = -1;
  mainwd = -1;
  if (getenv(NOINOTIFY_ENV)) return;
  ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (ifd == -1) return;
  mainwd = inotify_add_watch(ifd, svdir, DIR_EVENTS);
  watch_links();
  if (stat(svdir, &st) == 0) { wdev = st.st_dev; wino = st.st_ino; }
  else wdev = 0, wino = 0;
}

/* ---- scanning ---- */

static int open_dir(int quiet)
{
  int fd = open(svdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd == -1 && !quiet) {
    if (errno == EACCES && access(svdir, X_OK) == 0)
      warnsys("unable to open directory ", svdir);
    else
      warnsys("unable to change directory to ", svdir);
  }
  return fd;
}

/* A name seen in dir: start a runsv for a new service or a known one
   whose runsv is not running (and may start again). */
static void seen(int dirfd, const char *name, uint64_t now, int warn)
{
  struct stat st;
  long i;
  if (fstatat(dirfd, name, &st, 0) == -1) {
    struct stat l;
    if (warn || fstatat(dirfd, name, &l, AT_SYMLINK_NOFOLLOW) == 0)
      warnsys("unable to stat ", name);
    return;
  }
  if (!S_ISDIR(st.st_mode)) return;
  i = find_id(st.st_dev, st.st_ino);
  if (i >= 0) {
    sv[i].gen = gen;
    if (strcmp(sv[i].name, name)) {
      strncpy(sv[i].name, name, NAME_MAX);
      sv[i].name[NAME_MAX] = 0;
    }
    if (!sv[i].pid && now >= sv[i].next_ms) runsv((uint32_t)i, dirfd, now);
    return;
  }
  if ((i = sv_add(st.st_dev, st.st_ino, name)) < 0) {
    warnx("unable to start runsv ", name, ": too many services.");
    return;
  }
  runsv((uint32_t)i, dirfd, now);
}

/* One full scan, runit's rules.  0 when done, -1 when it must be retried. */
static int scan(uint64_t now)
{
  static char b[32768];
  struct stat st;
  int fd = open_dir(0);
  uint32_t i;
  if (fd == -1) return -1;
  if (fstat(fd, &st) == 0) {
    sdev = st.st_dev;
    sino = st.st_ino;
    smtime = st.st_mtime;
    if (ifd == -1 ? !getenv(NOINOTIFY_ENV) && rewatch
                  : rewatch || st.st_dev != wdev || st.st_ino != wino)
      watch();
  }
  ++gen;
  for (;;) {
    long n;
    long off;
    errno = 0;
    n = getdents64(fd, (struct dirent64 *)b, sizeof b);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      warnsys("unable to read directory ", svdir);
      close(fd);
      return -1;
    }
    for (off = 0; off < n; ) {
      struct dirent64 *d = (struct dirent64 *)(b + off);
      off += d->d_reclen;
      if (d->d_name[0] == '.') continue;
      seen(fd, d->d_name, now, 1);
    }
  }
  /* new runsv's are started before removed ones are told to go */
  for (i = svnum; i-- > 0; )
    if (sv[i].gen != gen) {
      if (sv[i].pid) kill(sv[i].pid, SIGTERM);
      sv_del(i);
    }
  close(fd);
  return 0;
}

/* ---- the loop ---- */

static char fast[FAST_NAMES][NAME_MAX + 1];
static unsigned nfast;
static int need_scan, need_ident;

static void inotify_take(void)
{
  static char b[16384] __attribute__((aligned(8)));
  ssize_t r;
  while ((r = read(ifd, b, sizeof b)) > 0) {
    char *p = b;
    while (p < b + r) {
      struct inotify_event *e = (struct inotify_event *)p;
      p += sizeof *e + e->len;
      if (e->mask & IN_Q_OVERFLOW) { need_scan = need_ident = 1; continue; }
      if (e->wd != mainwd) { need_ident = 1; continue; }
      if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT)) {
        rewatch = need_ident = 1;
        continue;
      }
      if (e->len && e->name[0] == '.') continue;
      if (e->mask & (IN_CREATE | IN_MOVED_TO) && e->len) {
        if (nfast < FAST_NAMES) {
          strncpy(fast[nfast], e->name, NAME_MAX);
          fast[nfast++][NAME_MAX] = 0;
        }
        else need_scan = 1;
      }
      else if (e->mask & (IN_DELETE | IN_MOVED_FROM)) need_scan = 1;
      else if (e->mask & IN_ATTRIB && !e->len) need_scan = 1;
    }
  }
  if (r == 0 || (r == -1 && errno != EAGAIN && errno != EINTR)) rewatch = 1;
}

/* start the runsv's that are due again; -1 when a rescan is needed */
static int restart_due(uint64_t now)
{
  uint32_t i;
  struct stat st;
  int fd, rc = 0;
  if (!pending) return 0;
  for (i = 0; i < svnum; ++i)
    if (!sv[i].pid && now >= sv[i].next_ms) break;
  if (i == svnum) return 0;
  if ((fd = open_dir(1)) == -1) return -1;
  if (fstat(fd, &st) == -1 || st.st_dev != sdev || st.st_ino != sino) {
    close(fd);
    return -1;
  }
  for (; i < svnum; ++i) {
    if (sv[i].pid || now < sv[i].next_ms) continue;
    /* the name may be stale (renamed, removed): then rescan */
    if (fstatat(fd, sv[i].name, &st, 0) == -1 || !S_ISDIR(st.st_mode) ||
        st.st_dev != sv[i].dev || st.st_ino != sv[i].ino) {
      sv[i].next_ms = now + RESTART_MS;
      rc = -1;
      continue;
    }
    runsv(i, fd, now);
  }
  close(fd);
  return rc;
}

static uint64_t restart_at(void)
{
  uint64_t t = NO_DEADLINE;
  uint32_t i;
  if (!pending) return t;
  for (i = 0; i < svnum; ++i)
    if (!sv[i].pid && sv[i].next_ms < t) t = sv[i].next_ms;
  return t;
}

static void hangup(void)
{
  uint32_t i;
  for (i = 0; i < svnum; ++i) if (sv[i].pid) kill(sv[i].pid, SIGTERM);
  _exit(111);
}

static time_t unix_now(void)
{
  struct timespec ts;
  clock_now(CLOCK_REALTIME, &ts);
  return ts.tv_sec;
}

int main(int argc, char **argv)
{
  uint64_t poll_at = 0, scan_ok = 0, dot_at = 0;
  time_t wstamp;
  int fd;
  size_t maplen;
  char *map;
  (void)argc;

  progname = *argv++;
  if (!*argv) usage();
  if (**argv == '-') {
    switch ((*argv)[1]) {
    case 'P': pgrp = 1; /* fall through */
    case '-': ++argv;
    }
    if (!*argv) usage();
  }
  selfpipe_init();
  selfpipe_catch(SIGTERM);
  selfpipe_catch(SIGHUP);
  selfpipe_catch(SIGCHLD);
  svdir = *argv++;
  if (*argv) {
    rplog = *argv;
    if (log_setup() != 1) {
      rplog = 0;
      warnx("log service disabled.");
    }
  }
  if ((fd = open(".", O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
    diesys(100, "unable to open current directory");
  close(fd);

  maplen = SERVICES_MAX * sizeof *sv + 2 * HASH_MAX * sizeof(uint32_t);
  map = mmap(0, maplen, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (map == MAP_FAILED) diesys(100, "unable to map the service table");
  sv = (struct service *)map;
  idhash = (uint32_t *)(map + SERVICES_MAX * sizeof *sv);
  pidhash = idhash + HASH_MAX;

  wstamp = unix_now();
  for (;;) {
    struct pollfd p[3];
    unsigned np = 0;
    uint64_t now, deadline;
    unsigned long sigs;
    int wstat, r;
    pid_t pid;
    time_t wnow;

    /* reap: a dead runsv may start again at once, or a second after its
       last start */
    while ((pid = wait_nohang(&wstat)) > 0) {
      long i = find_pid(pid);
      if (i >= 0) set_pid((uint32_t)i, 0);
    }
    now = clock_ms();
    wnow = unix_now();
    if (wnow < wstamp - 3) {
      warnx("time warp: resetting time stamp.");
      poll_at = now;
      if (rplog) dot_at = now;
    }
    wstamp = wnow + 1;

    if (ifd != -1) inotify_take();
    if (need_ident) {
      struct stat st;
      need_ident = 0;
      if (stat(svdir, &st) == 0) {
        if (st.st_dev != sdev || st.st_ino != sino) need_scan = rewatch = 1;
      }
      else poll_at = now + 100 < poll_at ? now + 100 : poll_at; /* mid-switch */
    }
    if (now >= poll_at) {
      struct stat st;
      if (stat(svdir, &st) == -1) warnsys("unable to stat ", svdir);
      else if (check || st.st_mtime != smtime || st.st_dev != sdev ||
               st.st_ino != sino)
        need_scan = 1;
    }
    if (nfast && !need_scan) {
      /* new entries: start their runsv without reading the whole dir */
      struct stat st;
      unsigned k;
      if ((fd = open_dir(1)) == -1) need_scan = 1;
      else {
        if (fstat(fd, &st) == -1 || st.st_dev != sdev || st.st_ino != sino)
          need_scan = 1;
        else for (k = 0; k < nfast; ++k) seen(fd, fast[k], now, 0);
        close(fd);
      }
    }
    nfast = 0;
    if (need_scan && (now >= scan_ok || now >= poll_at)) {
      uint64_t t0 = clock_ms(), t1;
      need_scan = 0;
      check = scan(now) == -1;
      /* a change later in dir's mtime second would not change the mtime */
      if (!check && smtime >= unix_now()) check = 1;
      t1 = clock_ms();
      scan_ok = t1 + 4 * (t1 - t0);   /* scans take at most a fifth */
    }
    if (now >= poll_at) poll_at = now + (check ? POLL_CHECK_MS : POLL_MS);
    if (restart_due(now) == -1) need_scan = 1;

    if (rplog && now >= dot_at) {
      (void)!write(logpipe[1], ".", 1);
      dot_at = now + DOT_MS;
    }

    deadline = poll_at;
    if (need_scan && scan_ok < deadline) deadline = scan_ok;
    if (restart_at() < deadline) deadline = restart_at();
    if (rplog && dot_at < deadline) deadline = dot_at;

    p[np].fd = selfpipe_fd(); p[np].events = POLLIN; ++np;
    if (ifd != -1) { p[np].fd = ifd; p[np].events = POLLIN; ++np; }
    if (rplog) { p[np].fd = logpipe[0]; p[np].events = POLLIN; ++np; }
    r = poll_until(p, np, deadline);
    if (r > 0 && rplog) log_take();
    sigs = selfpipe_take();
    if (sigs & (1UL << SIGHUP)) hangup();
    if (sigs & (1UL << SIGTERM)) _exit(0);
  }
}
