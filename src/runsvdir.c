/* runsvdir: start and keep one runsv per service directory in dir.

   runsvdir [-P] dir [log]

   Behaves like runit 2.1.2's runsvdir (same usage, messages, exit codes
   and scan rules) with these deliberate changes, see doc/differences.md:
   - dir is watched with inotify and rescanned at once (the 5-second poll
     stays as the fallback), and so is the directory holding each symlink
     the path to dir goes through, so a runlevel switch (runsvchdir
     renaming the "current" link) is seen at once too;
   - a symlink appears whole and is started at once; a real directory
     that appears in dir while we watch (made there by cp -r, tar x,
     rsync, mkdir then files; or renamed into it, which we cannot tell
     apart from a directory that is still being filled) is watched itself
     and started once it has a ./run and has been quiet for SETTLE_MS
     (or, without ./run, quiet for 5 s, when runit's poll would have seen
     it), since runsv reads ./down and looks for log/ only as it starts;
   - a runsv that dies is started again as soon as it is reaped, but never
     more than once a second per service (a deadline, never a sleep);
     while another process (a runsv an earlier runsvdir left) holds the
     service's supervise/lock, none is started: one warning, then a look
     every 5 s, as runit's poll;
   - no 1000-service cap: the table lives in an anonymous mapping that
     starts small and doubles (mremap) as services come, so it costs
     address space only as far as it is used.
   No malloc, no stdio; one poll() loop over the self-pipe, the inotify fd
   and the log pipe.

   The loop has runsv's shape.  gather() turns the outside world into a
   small set of events: runsv's reaped (the table notes it), names created
   in dir, dir changed, something on the path to dir changed, the watch
   lost, the clock set back.  decide() owns the scanner's state (the
   fallback poll, the spacing of scans, the restart deadlines, the log's
   dot), acts on the events and on the deadlines that passed, and returns
   the next deadline, which main() polls until. */
#define _ATFILE_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include "buf.h"
#include "clock.h"
#include "fmt.h"
#include "hindex.h"
#include "lock.h"
#include "msg.h"
#include "open.h"
#include "pathexec.h"
#include "profile.h"
#include "scan.h"
#include "sig.h"
#include "supervise.h"
#include "wait.h"

#define USAGE " [-P] dir"
#define SERVICES_MAX 65536         /* the table's limit */
#define SERVICES_FIRST 64          /* its first size; it doubles when full */
#define POLL_MS 5000               /* fallback poll, as runit */
#define POLL_CHECK_MS 1000         /* poll while a rescan is pending */
#define RESTART_MS 1000            /* at most one runsv start a second */
#define LOCKED_MS 5000             /* supervise/lock held: look again after */
#define SETTLE_MS 500              /* a new directory with ./run, this quiet,
                                      is complete */
#define PENDING_MAX 64             /* new directories watched until complete */
#define DOT_MS (900 * 1000)        /* the log's periodic dot */
#define LINK_WATCHES 16            /* symlinks followed on the way to dir */
#define FAST_NAMES 64              /* new names started without a rescan */
#define NOINOTIFY_ENV "RUNSVDIR_NOINOTIFY"
#define STOP_ENV "RUNSVDIR_STOP_MS"   /* process 1: the bound on the stop */
#define STOP_MS 9000               /* below docker's 10 s before its KILL */

extern char **environ;

struct service {
  dev_t dev;
  ino_t ino;
  pid_t pid;          /* its runsv, 0 when none runs */
  unsigned gen;       /* scan generation it was last seen in */
  uint64_t next_ms;   /* earliest next start of its runsv (monotonic) */
  int held;           /* its supervise/lock was held: warned once */
  char name[NAME_MAX + 1];
};

/* a real directory made in dir while we watch, not started until it is
   complete: quiet for SETTLE_MS with ./run, or for POLL_MS without */
struct pending {
  dev_t dev;
  ino_t ino;
  int wd[2];          /* inotify watches on it and on its log/, or -1 */
  int norun;          /* it had no ./run when last quiet */
  uint64_t last;      /* its last change seen (monotonic) */
  char name[NAME_MAX + 1];
};

static const char *progname;
static const char *svdir;
static int pgrp;

static struct service *sv;  /* svcap entries, then the two indexes */
static size_t svmapped;     /* bytes mapped there */
static uint32_t svnum, svcap;
static struct hindex byid;  /* sv[] by (dev, ino) */
static struct hindex bypid; /* sv[] by pid, for those with a runsv */
static uint64_t restart_next = NO_DEADLINE; /* no service without runsv
                                               may start before */
static unsigned gen;

/* what the last full scan saw of dir */
static dev_t sdev;
static ino_t sino;
static time_t smtime;

static int ifd = -1;        /* inotify */
static int mainwd = -1;     /* its watch on dir */
static int rewatch = 1;     /* set the watches up again at the next scan */

static struct pending pend[PENDING_MAX];
static unsigned npend;

static char *rplog;         /* the log argument, rewritten in place */
static size_t rploglen;
static int logpipe[2] = { -1, -1 };

/* Diagnostics go through msg (MSG_DRAIN): with the log argument, fd 2 is
   the non-blocking write end of a pipe that only we read, so a full pipe
   is drained into the title (log_take) and the write retried, never
   waited on. */
static char prefix[512];     /* "runsvdir <dir>: " */

static void usage(void) { msg_usage(1, progname, USAGE); }

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
    msg_warn("log must have at least seven characters.");
    return 0;
  }
  if (pipe(logpipe) == -1) {
    msg_warn("unable to create pipe for log.");
    return -1;
  }
  fd_coe(logpipe[0]);
  fd_coe(logpipe[1]);
  fd_nonblock(logpipe[0]);
  fd_nonblock(logpipe[1]);
  if (dup2(logpipe[1], 2) == -1) {
    msg_warn("unable to set filedescriptor for log.");
    close(logpipe[0]); close(logpipe[1]);
    logpipe[0] = logpipe[1] = -1;
    return -1;
  }
  return 1;
}

/* ---- the service table, indexed by (dev, ino) and by pid ---- */

static uint32_t hid(dev_t d, ino_t i)
{
  return hindex_hash((uint64_t)i * 0x9e3779b97f4a7c15ULL ^ (uint64_t)d);
}

static long find_id(dev_t d, ino_t ino)
{
  uint32_t i;
  for (i = hindex_first(&byid, hid(d, ino)); i != HINDEX_NONE; i = hindex_next(&byid, i))
    if (sv[i].ino == ino && sv[i].dev == d) return i;
  return -1;
}

static long find_pid(pid_t p)
{
  uint32_t i;
  for (i = hindex_first(&bypid, hindex_hash((uint32_t)p)); i != HINDEX_NONE;
       i = hindex_next(&bypid, i))
    if (sv[i].pid == p) return i;
  return -1;
}

/* a service without runsv counts in restart_next */
static void set_pid(uint32_t i, pid_t p)
{
  if (sv[i].pid) hindex_del(&bypid, i);
  sv[i].pid = p;
  if (p) hindex_add(&bypid, i, hindex_hash((uint32_t)p));
  else if (sv[i].next_ms < restart_next) restart_next = sv[i].next_ms;
}

/* The table's one mapping for cap services: sv[cap], then byid's and
   bypid's HINDEX_WORDS(cap) words each. */
static size_t table_bytes(uint32_t cap)
{
  return cap * (sizeof *sv + 2 * HINDEX_WORDS(1) * sizeof(uint32_t));
}

static uint32_t *index_mem(int which, uint32_t cap)
{
  return (uint32_t *)(sv + cap) + which * HINDEX_WORDS(cap);
}

/* Room for cap services: the mapping grows (and may move), then the
   indexes, laid out for the old size, move up to their new places, the
   last one first.  0, or -1 with errno set (the table unchanged). */
static int table_grow(uint32_t cap)
{
  size_t n = table_bytes(cap);
  uint32_t old = svcap;
  void *m = sv ? mremap(sv, svmapped, n, MREMAP_MAYMOVE)
               : mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return -1;
  sv = (struct service *)m;
  svmapped = n;
  svcap = cap;
  if (!old) {
    hindex_init(&byid, index_mem(0, cap), cap);
    hindex_init(&bypid, index_mem(1, cap), cap);
    return 0;
  }
  memmove(index_mem(1, cap), (uint32_t *)(sv + old) + HINDEX_WORDS(old),
          HINDEX_WORDS(old) * sizeof(uint32_t));
  memmove(index_mem(0, cap), (uint32_t *)(sv + old),
          HINDEX_WORDS(old) * sizeof(uint32_t));
  hindex_resize(&bypid, index_mem(1, cap), cap);
  hindex_resize(&byid, index_mem(0, cap), cap);
  return 0;
}

static long sv_add(dev_t d, ino_t ino, const char *name)
{
  uint32_t i = svnum;
  if (svnum >= SERVICES_MAX) { errno = 0; return -1; }
  if (svnum >= svcap && table_grow(2 * svcap) == -1) return -1;
  sv[i].dev = d;
  sv[i].ino = ino;
  sv[i].pid = 0;
  sv[i].gen = gen;
  sv[i].next_ms = 0;
  sv[i].held = 0;
  strncpy(sv[i].name, name, NAME_MAX);
  sv[i].name[NAME_MAX] = 0;
  ++svnum;
  hindex_add(&byid, i, hid(d, ino));
  return i;
}

/* forget entry i, moving the last one into its place */
static void sv_del(uint32_t i)
{
  uint32_t last = --svnum;
  hindex_del(&byid, i);
  hindex_del(&bypid, i);
  if (i != last) {
    hindex_move(&byid, last, i);
    hindex_move(&bypid, last, i);
    sv[i] = sv[last];
  }
}

/* ---- starting runsv ---- */

/* to = name then sub, a path relative to dir */
static void sub_path(char *to, const char *name, const char *sub)
{
  size_t n = fmt_str(to, name);
  to[n + fmt_str(to + n, sub)] = 0;
}


/* Is name's supervise/lock held by another process (a runsv left running
   by an earlier runsvdir)?  Then a runsv started there would only say
   "fatal: unable to lock" and exit.  Taken and let go at once. */
static int lock_held(int dirfd, const char *name)
{
  char path[NAME_MAX + sizeof "/" SV_LOCK];
  int fd, held;
  sub_path(path, name, "/" SV_LOCK);
  fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd == -1) return 0;
  held = lock_exnb(fd) == -1 && errno == EAGAIN;
  close(fd);
  return held;
}

static void runsv(uint32_t i, int dirfd, uint64_t now)
{
  pid_t pid;
  if (lock_held(dirfd, sv[i].name)) {
    sv[i].next_ms = now + LOCKED_MS;
    if (!sv[i].held)
      msg_warn("not starting runsv ", sv[i].name, ": supervise/lock is held"
               " (a runsv runs there already?); looking again every 5 seconds.");
    sv[i].held = 1;
    set_pid(i, 0);
    return;
  }
  sv[i].held = 0;
  sv[i].next_ms = now + RESTART_MS;
  if ((pid = fork()) == -1) {
    msg_warnsys("unable to fork for ", sv[i].name);
    set_pid(i, 0);
    return;
  }
  if (!pid) {
    char *argv[3];
    msg_mode = MSG_WAIT;   /* the child never drains our pipe */
    argv[0] = (char *)"runsv";
    argv[1] = sv[i].name;
    argv[2] = 0;
    sig_default(SIGHUP);
    sig_default(SIGTERM);
    sig_default(SIGCHLD);
    sig_unblockall();
    if (pgrp) setsid();
    if (fchdir(dirfd) == -1) msg_diesys(100, "unable to start runsv ", argv[1]);
    pathexec_run(argv[0], argv, environ);
    msg_diesys(100, "unable to start runsv ", argv[1]);
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
   svdir names without any event on the old target.  cur is the path
   resolved so far, rest what is left to walk. */
static void watch_links(void)
{
  static char cur[PATH_MAX], rest[PATH_MAX], lnk[PATH_MAX];
  size_t cl = 0;
  int links = 0, watches = 0;

  if (strlen(svdir) >= sizeof rest) return;
  strcpy(rest, svdir);
  if (rest[0] == '/') cur[cl++] = '/';
  cur[cl] = 0;
  for (;;) {
    char *c = rest + strspn(rest, "/");
    size_t n = strcspn(c, "/"), save = cl;
    struct stat st;
    ssize_t r;
    if (!n) return;
    if (n == 1 && c[0] == '.') {
      memmove(rest, c + 1, strlen(c + 1) + 1);
      continue;
    }
    if (cl + n + 2 >= sizeof cur) return;
    if (cl && cur[cl - 1] != '/') cur[cl++] = '/';
    memcpy(cur + cl, c, n);
    cur[cl += n] = 0;
    memmove(rest, c + n, strlen(c + n) + 1);
    if (lstat(cur, &st) == -1) return;
    if (!S_ISLNK(st.st_mode)) continue;
    if (++links > 40 || (r = readlink(cur, lnk, sizeof lnk)) <= 0) return;
    cur[cl = save] = 0;                /* back to the link's directory */
    if (watches++ < LINK_WATCHES)
      inotify_add_watch(ifd, cl ? cur : ".", LINK_EVENTS);
    if ((size_t)r + 1 + strlen(rest) + 1 > sizeof rest) return;
    memmove(rest + r + 1, rest, strlen(rest) + 1);   /* rest = lnk/rest */
    memcpy(rest, lnk, (size_t)r);
    rest[r] = '/';
    if (lnk[0] == '/') { cl = 1; cur[0] = '/'; cur[1] = 0; }
  }
}

static void watch(void)
{
  rewatch = 0;
  npend = 0;        /* their watches go with ifd; the scan finds them again */
  if (ifd != -1) close(ifd);
  ifd = mainwd = -1;
  if (getenv(NOINOTIFY_ENV)) return;
  if ((ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1) return;
  mainwd = inotify_add_watch(ifd, svdir, DIR_EVENTS);
  watch_links();
}

/* ---- new directories, watched until complete ---- */

#define PEND_EVENTS (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | \
                     IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_DELETE_SELF | \
                     IN_ONLYDIR | IN_DONT_FOLLOW)

/* watch svdir/name, or svdir/name/log */
static int pend_watch(const char *name, int log)
{
  static char path[PATH_MAX + NAME_MAX + 8];
  size_t n = strlen(svdir);
  if (n >= PATH_MAX) return -1;
  memcpy(path, svdir, n);
  path[n++] = '/';
  n += fmt_str(path + n, name);
  if (log) n += fmt_str(path + n, "/log");
  path[n] = 0;
  return inotify_add_watch(ifd, path, PEND_EVENTS);
}

static long pend_by_id(dev_t d, ino_t ino)
{
  unsigned k;
  for (k = 0; k < npend; ++k) if (pend[k].ino == ino && pend[k].dev == d) return k;
  return -1;
}

static long pend_by_wd(int wd)
{
  unsigned k;
  for (k = 0; k < npend; ++k) if (pend[k].wd[0] == wd || pend[k].wd[1] == wd) return k;
  return -1;
}

static void pend_name(unsigned k, const char *name)
{
  strncpy(pend[k].name, name, NAME_MAX);
  pend[k].name[NAME_MAX] = 0;
}

static void pend_drop(unsigned k)
{
  int w;
  for (w = 0; w < 2; ++w) if (pend[k].wd[w] != -1) inotify_rm_watch(ifd, pend[k].wd[w]);
  pend[k] = pend[--npend];
}

/* A new real directory: 1 when it is (now) watched until complete, 0 when
   it must be started at once (no inotify, no room, no watch). */
static int pend_add(int dirfd, const char *name, const struct stat *st, uint64_t now)
{
  struct stat l;
  char log[NAME_MAX + sizeof "/log"];
  long k = pend_by_id(st->st_dev, st->st_ino);
  if (k >= 0) {                       /* renamed while settling */
    pend_name((unsigned)k, name);
    return 1;
  }
  if (ifd == -1 || npend == PENDING_MAX) return 0;
  k = npend;
  if ((pend[k].wd[0] = pend_watch(name, 0)) == -1) return 0;
  pend[k].dev = st->st_dev;
  pend[k].ino = st->st_ino;
  pend[k].norun = 0;
  pend[k].last = now;
  pend_name((unsigned)k, name);
  sub_path(log, name, "/log");
  pend[k].wd[1] = fstatat(dirfd, log, &l, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(l.st_mode)
    ? pend_watch(name, 1) : -1;
  ++npend;
  return 1;
}

/* an inotify event on pend[k]'s watch wd */
static void pend_event(unsigned k, const struct inotify_event *e, uint64_t now)
{
  struct pending *p = &pend[k];
  if (e->mask & IN_IGNORED) {         /* removed (or we let it go) */
    if (e->wd == p->wd[0]) { p->wd[0] = -1; pend_drop(k); }
    else p->wd[1] = -1;
    return;
  }
  p->last = now;
  p->norun = 0;
  if (e->wd == p->wd[0] && p->wd[1] == -1 && e->mask & (IN_CREATE | IN_MOVED_TO) &&
      e->mask & IN_ISDIR && e->len && !strcmp(e->name, "log"))
    p->wd[1] = pend_watch(p->name, 1);
}

/* ---- scanning ---- */

static int open_dir(int quiet)
{
  int fd = open(svdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd == -1 && !quiet) {
    if (errno == EACCES && access(svdir, X_OK) == 0)
      msg_warnsys("unable to open directory ", svdir);
    else
      msg_warnsys("unable to change directory to ", svdir);
  }
  return fd;
}

static int same_dir(const struct stat *st)
{
  return st->st_dev == sdev && st->st_ino == sino;
}

/* dir, if it is still the one the last scan read; else -1 */
static int open_same_dir(void)
{
  struct stat st;
  int fd = open_dir(1);
  if (fd != -1 && (fstat(fd, &st) == -1 || !same_dir(&st))) {
    close(fd);
    fd = -1;
  }
  return fd;
}

/* A name seen in dir: start a runsv for a new service or a known one
   whose runsv is not running (and may start again).  settle: name is a
   real directory that appeared while we watched, started once complete. */
static void seen(int dirfd, const char *name, uint64_t now, int warn, int settle)
{
  struct stat st;
  long i;
  if (fstatat(dirfd, name, &st, 0) == -1) {
    struct stat l;
    if (warn || fstatat(dirfd, name, &l, AT_SYMLINK_NOFOLLOW) == 0)
      msg_warnsys("unable to stat ", name);
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
  if ((i = pend_by_id(st.st_dev, st.st_ino)) >= 0) {   /* still settling */
    pend_name((unsigned)i, name);
    return;
  }
  if (settle && pend_add(dirfd, name, &st, now)) return;
  if ((i = sv_add(st.st_dev, st.st_ino, name)) < 0) {
    if (errno) msg_warnsys("unable to start runsv ", name);
    else msg_warn("unable to start runsv ", name, ": too many services.");
    return;
  }
  runsv((uint32_t)i, dirfd, now);
}

/* is d a directory itself (not a symlink)? */
static int real_dir(int dirfd, const struct dirent64 *d)
{
  struct stat l;
  if (d->d_type != DT_UNKNOWN) return d->d_type == DT_DIR;
  return fstatat(dirfd, d->d_name, &l, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(l.st_mode);
}

/* One full scan, runit's rules.  0 when done, -1 when it must be retried. */
static int scan(uint64_t now)
{
  static char b[32768];
  struct stat st;
  static int scanned;   /* a scan of dir was done: new directories settle */
  int fd = open_dir(0), again = 0;
  uint32_t i;
  if (fd == -1) return -1;
  if (fstat(fd, &st) == 0) {
    again = scanned && same_dir(&st);
    /* another directory than last time (a runlevel switch): watch it */
    if (rewatch || (ifd != -1 && !same_dir(&st))) watch();
    sdev = st.st_dev;
    sino = st.st_ino;
    smtime = st.st_mtime;
  }
  ++gen;
  for (;;) {
    long n, off;
    errno = 0;
    n = getdents64(fd, (struct dirent64 *)b, sizeof b);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      msg_warnsys("unable to read directory ", svdir);
      close(fd);
      return -1;
    }
    for (off = 0; off < n; ) {
      struct dirent64 *d = (struct dirent64 *)(b + off);
      off += d->d_reclen;
      if (d->d_name[0] != '.')
        seen(fd, d->d_name, now, 1, again && real_dir(fd, d));
    }
  }
  scanned = 1;
  /* new runsv's are started before removed ones are told to go */
  for (i = svnum; i-- > 0; )
    if (sv[i].gen != gen) {
      if (sv[i].pid) kill(sv[i].pid, SIGTERM);
      sv_del(i);
    }
  close(fd);
  return 0;
}

/* names created in dir since the last pass, started without a full scan */
static char fresh[FAST_NAMES][NAME_MAX + 1];
static int freshdir[FAST_NAMES];   /* made as a directory, not a symlink */
static unsigned nfresh;

/* 0, or -1 when dir is not the one scanned last: then a scan must do */
static int start_fresh(uint64_t now)
{
  int fd = open_same_dir();
  unsigned k;
  if (fd == -1) return -1;
  for (k = 0; k < nfresh; ++k) seen(fd, fresh[k], now, 0, freshdir[k]);
  close(fd);
  return 0;
}

/* Start the runsv's that are due again and set restart_next to the next
   one due.  -1 when a name no longer leads to its service (renamed,
   removed, dir switched): a rescan will tell; it is tried again a second
   later. */
static int restart(uint64_t now)
{
  int fd = -2, rc = 0;
  uint32_t i;
  restart_next = NO_DEADLINE;
  for (i = 0; i < svnum; ++i) {
    struct stat st;
    if (sv[i].pid) continue;
    if (now >= sv[i].next_ms) {
      if (fd == -2) fd = open_same_dir();
      if (fd >= 0 && fstatat(fd, sv[i].name, &st, 0) == 0 &&
          S_ISDIR(st.st_mode) && st.st_dev == sv[i].dev && st.st_ino == sv[i].ino)
        runsv(i, fd, now);
      else {
        sv[i].next_ms = now + RESTART_MS;
        rc = -1;
      }
    }
    if (!sv[i].pid && sv[i].next_ms < restart_next) restart_next = sv[i].next_ms;
  }
  if (fd >= 0) close(fd);
  return rc;
}

/* Start the new directories that are complete now; the next deadline. */
static uint64_t start_settled(uint64_t now, int *rescan)
{
  uint64_t next = NO_DEADLINE;
  int fd = -2;
  unsigned k = 0;
  while (k < npend) {
    struct pending *p = &pend[k];
    uint64_t due = p->last + (p->norun ? POLL_MS : SETTLE_MS);
    struct stat st;
    char run[NAME_MAX + sizeof "/run"];
    if (now < due) {
      if (due < next) next = due;
      ++k;
      continue;
    }
    if (fd == -2) fd = open_same_dir();
    if (fd < 0 || fstatat(fd, p->name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
        st.st_dev != p->dev || st.st_ino != p->ino) {
      pend_drop(k);                   /* gone or renamed: a scan will tell */
      *rescan = 1;
      continue;
    }
    sub_path(run, p->name, "/run");
    if (!p->norun && fstatat(fd, run, &st, AT_SYMLINK_NOFOLLOW) == -1) {
      p->norun = 1;                   /* quiet but no ./run: wait longer */
      due = p->last + POLL_MS;
      if (due < next) next = due;
      ++k;
      continue;
    }
    memcpy(run, p->name, sizeof p->name);
    pend_drop(k);
    seen(fd, run, now, 0, 0);
  }
  if (fd >= 0) close(fd);
  return next;
}

/* ---- the loop ---- */

enum {
  EV_NAMES = 1,    /* names created in dir, in fresh[] */
  EV_CHANGED = 2,  /* entries removed or renamed, events lost: rescan */
  EV_PATH = 4,     /* dir itself or a link on the way changed: compare */
  EV_LOST = 8,     /* the inotify watch is gone: set it up again */
  EV_WARP = 16     /* the clock went back */
};

static unsigned inotify_take(uint64_t now)
{
  static char b[16384] __attribute__((aligned(8)));
  unsigned ev = 0;
  ssize_t r;
  while ((r = read(ifd, b, sizeof b)) > 0) {
    char *p = b;
    while (p < b + r) {
      struct inotify_event *e = (struct inotify_event *)p;
      p += sizeof *e + e->len;
      long k;
      if (e->mask & IN_Q_OVERFLOW) ev |= EV_CHANGED | EV_PATH;
      else if (e->wd != mainwd && (k = pend_by_wd(e->wd)) >= 0)
        pend_event((unsigned)k, e, now);
      else if (e->wd != mainwd) ev |= EV_PATH;
      else if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT))
        ev |= EV_LOST | EV_PATH;
      else if (e->len && e->name[0] == '.') continue;
      else if (e->mask & (IN_CREATE | IN_MOVED_TO) && e->len) {
        if (nfresh == FAST_NAMES) { ev |= EV_CHANGED; continue; }
        strncpy(fresh[nfresh], e->name, NAME_MAX);
        fresh[nfresh][NAME_MAX] = 0;
        freshdir[nfresh++] = !!(e->mask & IN_ISDIR);
        ev |= EV_NAMES;
      }
      else if (e->mask & (IN_DELETE | IN_MOVED_FROM)) ev |= EV_CHANGED;
      else if (e->mask & IN_ATTRIB && !e->len) ev |= EV_CHANGED;
    }
  }
  if (r == 0 || (r == -1 && errno != EAGAIN && errno != EINTR)) ev |= EV_LOST;
  return ev;
}

static time_t unix_now(void)
{
  struct timespec ts;
  clock_now(CLOCK_REALTIME, &ts);
  return ts.tv_sec;
}

/* The facts of this pass: reap (a dead runsv may start again at once, or
   a second after its last start), the clock, inotify. */
static unsigned gather(void)
{
  static time_t wstamp;
  unsigned ev = 0;
  time_t wnow;
  pid_t pid;
  int wstat;
  while ((pid = wait_nohang(&wstat)) > 0) {
    long i = find_pid(pid);
    if (i >= 0) set_pid((uint32_t)i, 0);
  }
  wnow = unix_now();
  if (wnow < wstamp - 3) ev |= EV_WARP;
  wstamp = wnow + 1;
  nfresh = 0;
  if (ifd != -1) ev |= inotify_take(clock_ms());
  return ev;
}

/* The scanner: every decision is taken here.  Returns the next deadline. */
static uint64_t decide(unsigned ev, uint64_t now)
{
  static uint64_t poll_at, scan_ok, dot_at;
  static int check = 1;  /* a scan failed or came too early: runit's flag */
  static int want_scan;  /* an event asked for a scan, spaced by scan_ok */
  struct stat st;
  uint64_t t, settle_at;

  if (ev & EV_WARP) {
    msg_warn("time warp: resetting time stamp.");
    poll_at = dot_at = now;
  }
  if (ev & EV_LOST) rewatch = 1;
  if (ev & EV_CHANGED) want_scan = 1;
  if (ev & EV_PATH) {
    if (stat(svdir, &st) == -1) {     /* mid-switch: look again soon */
      if (now + 100 < poll_at) poll_at = now + 100;
    }
    else if (!same_dir(&st)) want_scan = rewatch = 1;
  }
  if (now >= poll_at) {
    if (stat(svdir, &st) == -1) msg_warnsys("unable to stat ", svdir);
    else if (check || st.st_mtime != smtime || !same_dir(&st)) want_scan = 1;
  }
  if (ev & EV_NAMES && !want_scan && start_fresh(now) == -1) want_scan = 1;
  if (want_scan && (now >= scan_ok || now >= poll_at)) {
    uint64_t t0 = clock_ms(), t1;
    want_scan = 0;
    /* a change later in dir's mtime second would not change the mtime */
    check = scan(now) == -1 || smtime >= unix_now();
    t1 = clock_ms();
    scan_ok = t1 + 4 * (t1 - t0);     /* scans take at most a fifth */
  }
  if (now >= poll_at) poll_at = now + (check ? POLL_CHECK_MS : POLL_MS);
  if (now >= restart_next && restart(now) == -1) want_scan = 1;
  settle_at = npend ? start_settled(now, &want_scan) : NO_DEADLINE;
  if (rplog && now >= dot_at) {
    (void)!write(logpipe[1], ".", 1);
    dot_at = now + DOT_MS;
  }

  t = poll_at;
  if (want_scan && scan_ok < t) t = scan_ok;
  if (restart_next < t) t = restart_next;
  if (settle_at < t) t = settle_at;
  if (rplog && dot_at < t) t = dot_at;
  return t;
}

/* Exit at once.  The last close of an inotify descriptor waits until the
   kernel has retired its watches, an RCU grace period: 5 to 20 ms, during
   which we would not be reaped, and runit, ending stage 2, waits for
   that.  A child holds a reference until we are gone and then pays the
   wait in our stead; whoever inherits it reaps it. */
static void leave(int code) __attribute__((noreturn));
static void leave(int code)
{
  int p[2];
  if (ifd != -1 && pipe(p) == 0) {
    pid_t pid = fork();
    if (pid == 0) {
      char c;
      close(0); close(1); close(2); close(p[1]);
      while (read(p[0], &c, 1) == -1 && errno == EINTR) ;   /* EOF: we are gone */
      _exit(0);
    }
    if (pid != -1) close(ifd);   /* not the last reference now */
  }
  _exit(code);
}

static void hangup(void)
{
  uint32_t i;
  for (i = 0; i < svnum; ++i) if (sv[i].pid) kill(sv[i].pid, SIGTERM);
  leave(111);
}

/* Process 1 of a PID namespace (a container) stops on TERM, HUP or INT
   instead of leaving its runsv's orphaned to the kernel's KILL: each runsv
   gets TERM, which is sv force-stop and exit (./run stopped with its
   down-signal and timeout-kill, ./finish, then the log, so its last lines
   are written).  Then whatever is left gets TERM and CONT, and every
   process is reaped: with no child left, no process is left in the
   namespace.  At the bound (RUNSVDIR_STOP_MS) everything left gets KILL,
   and the exit code says so. */
static void pid1_stop(void) __attribute__((noreturn));
static void pid1_stop(void)
{
  const char *e = getenv(STOP_ENV);
  unsigned long ms = STOP_MS;
  uint64_t deadline;
  int others = 0, killed = 0;
  uint32_t i;
  if (e && *e) {
    unsigned long u;
    size_t n = scan_ulong(e, &u);
    if (n && !e[n]) ms = u;
    else msg_warn("not a number of milliseconds: " STOP_ENV "=", e);
  }
  deadline = clock_ms() + ms;
  for (i = 0; i < svnum; ++i) if (sv[i].pid) kill(sv[i].pid, SIGTERM);
  for (;;) {
    struct pollfd p[2];
    unsigned np = 0, left = 0;
    pid_t pid;
    int wstat;
    while ((pid = wait_nohang(&wstat)) > 0) {
      long k = find_pid(pid);
      if (k >= 0) set_pid((uint32_t)k, 0);
    }
    if (pid == -1) break;                      /* nothing left at all */
    for (i = 0; i < svnum; ++i) if (sv[i].pid) ++left;
    if (!left && !others) {                    /* strays: runsv's are done */
      kill(-1, SIGTERM);
      kill(-1, SIGCONT);
      others = 1;
      continue;
    }
    if (!killed && clock_ms() >= deadline) {
      msg_warn("processes left at the stop bound: sending KILL.");
      kill(-1, SIGKILL);
      killed = 1;
    }
    p[np].fd = selfpipe_fd(); p[np].events = POLLIN; ++np;
    if (rplog) { p[np].fd = logpipe[0]; p[np].events = POLLIN; ++np; }
    if (poll_until(p, np, killed ? NO_DEADLINE : deadline) > 0 && rplog) log_take();
    (void)selfpipe_take();
  }
  leave(killed ? 111 : 0);
}

/* wait for a signal, inotify or the log pipe until the deadline */
static void wait_until(uint64_t deadline)
{
  struct pollfd p[3];
  unsigned np = 0;
  unsigned long sigs;
  p[np].fd = selfpipe_fd(); p[np].events = POLLIN; ++np;
  if (ifd != -1) { p[np].fd = ifd; p[np].events = POLLIN; ++np; }
  if (rplog) { p[np].fd = logpipe[0]; p[np].events = POLLIN; ++np; }
  if (poll_until(p, np, deadline) > 0 && rplog) log_take();
  sigs = selfpipe_take();
  if (getpid() == 1 && sigs & (1UL << SIGHUP | 1UL << SIGTERM | 1UL << SIGINT))
    pid1_stop();
  if (sigs & (1UL << SIGHUP)) hangup();
  if (sigs & (1UL << SIGTERM)) leave(0);
}

int main(int argc, char **argv)
{
  int fd;
  (void)argc;

  progname = *argv++;
  if (!*argv) usage();
  if (**argv == '-') {
    switch ((*argv)[1]) {
    case 'P': pgrp = 1; /* fall through */
    case '-': ++argv; break;
    case 'V': buf_putsflush(&buf_2, VERSION "\n"); usage();
    }
    if (!*argv) usage();
  }
  svdir = *argv++;
  {
    size_t n = fmt_str(prefix, "runsvdir "), i;
    for (i = 0; svdir[i] && n < sizeof prefix - 3; ++i) prefix[n++] = svdir[i];
    n += fmt_str(prefix + n, ": ");
    prefix[n] = 0;
  }
  msg_prefix = prefix;
  /* without it no signal would wake the loop: runsv's would stay reaped
     late, SIGTERM and SIGHUP unseen until the next poll */
  if (selfpipe_init() == -1) msg_diesys(111, "unable to create selfpipe");
  selfpipe_catch(SIGTERM);
  selfpipe_catch(SIGHUP);
  selfpipe_catch(SIGCHLD);
  if (getpid() == 1) selfpipe_catch(SIGINT);
  msg_mode = MSG_DRAIN;
  if (*argv) {
    rplog = *argv;
    if (log_setup() != 1) {
      rplog = 0;
      msg_warn("log service disabled.");
    } else
      msg_drain = log_take;
  }
  if ((fd = open(".", O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
    msg_diesys(100, "unable to open current directory");
  close(fd);

  if (table_grow(SERVICES_FIRST) == -1)
    msg_diesys(111, "unable to map the service table");

  for (;;) {
    unsigned ev = gather();
    wait_until(decide(ev, clock_ms()));
  }
}
