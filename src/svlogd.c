/* svlogd: read lines on standard input and keep them in rotated log
   directories, runit's way.

   Design: input is read in large blocks; every complete line in a block is
   matched, stamped and copied into a per-directory output buffer, and all
   buffers are written out before svlogd waits for input again, so a crash
   never loses a line that was read.  The rotation rules are applied per
   line exactly as runit applies them per write, so the files come out the
   same.  All memory is static: the limits are the constants below. */
#define _ATFILE_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include "buf.h"
#include "clock.h"
#include "err.h"
#include "fmt.h"
#include "lock.h"
#include "msg.h"
#include "open.h"
#include "pmatch.h"
#include "profile.h"
#include "scan.h"
#include "sgetopt.h"
#include "sig.h"
#include "tai.h"
#include "wait.h"

int renameat(int, const char *, int, const char *);
extern char **environ;

#define USAGE " [-ttv] [-r c] [-R abc] [-l len] [-b buflen] dir ..."

/* Limits (documented in svlogd.8). */
#define MAXDIRS 1000             /* log directories on the command line */
#define LINE_CAP (1024 * 1024)   /* largest -l; larger values are capped */
#define READ_MAX (1024 * 1024)   /* one read() */
#define OUT_ARENA (4096 * 1024)  /* output buffers, shared by all dirs */
#define OUT_SLICE (256 * 1024)   /* at most this much per dir */
#define CONF_ARENA (1024 * 1024) /* config files of all dirs together */
#define ERR_BUF (64 * 1024)      /* copies of lines for standard error */
#define PAUSE_MS 3000            /* wait before retrying a failed write */
#define PRESTART_MS 1000         /* a failed processor is run again at most this often */

struct logdir {
  const char *name;
  int fddir, fdcur, fdlock, fdudp;
  unsigned long long size, sizemax;
  unsigned long nmax, nmin, tmax;
  uint64_t trotate;              /* monotonic ms of the next timed check */
  const char *processor;         /* null: none */
  const char *prefix;
  size_t prefixlen;
  const char *inst, *instend;    /* pattern lines, each NUL-terminated */
  struct sockaddr_in udpaddr;
  int udp, udponly;
  pid_t ppid;                    /* running processor */
  uint64_t pstarted;             /* monotonic ms it was last started */
  uint64_t prestart;             /* nonzero: a failed processor runs again then */
  char pname[28];                /* the .u it processes */
  char *ob;                      /* output buffer */
  size_t obp, obn;
  char match, matcherr, sel;
};

static struct logdir dir[MAXDIRS];
static unsigned dirn;
static char inbuf[LINE_CAP + READ_MAX];
static char linebuf[LINE_CAP];
static char outarena[OUT_ARENA];
static char confarena[CONF_ARENA];
static size_t confused;
static char errspace[ERR_BUF];
static buf errb = BUF_INIT(2, errspace, sizeof errspace);
static char dents[32768];

static int verbose, timestamp;
static unsigned long linemax = 1000;
static unsigned char replmap[256];
static int replace;
static int fdwdir;
static int exitasap;

/* ---- messages ---------------------------------------------------- */

static void errb_flush(void) { buf_flush(&errb); }
#define warn(...) (errb_flush(), msg_put("warning: ", 0, __VA_ARGS__, (char *)0))
#define warnsys(...) (errb_flush(), msg_put("warning: ", 1, __VA_ARGS__, (char *)0))
#define info(...) (verbose ? (errb_flush(), msg_put("info: ", 0, __VA_ARGS__, (char *)0)) : (void)0)

static void pause_ms(unsigned long ms)
{
  uint64_t end = clock_ms() + ms;
  for (;;) {
    uint64_t now = clock_ms();
    if (now >= end) return;
    poll(0, 0, (int)(end - now));
  }
}

/* runit's "pausing" retry: say why, wait 3 seconds, let the caller retry */
static void pausing(const char *what, const char *name)
{
  errb_flush();
  if (name) msg_put("pausing: ", 1, what, ": ", name, (char *)0);
  else msg_put("pausing: ", 1, what, (char *)0);
  pause_ms(PAUSE_MS);
}

/* ---- time stamps ------------------------------------------------- */

static char stampnow[26];        /* stamp of the block just read */
static int stampnow_ok;
static struct tain tnow;
static uint64_t cached_sec = (uint64_t)-1;
static char cached_fmt[20];      /* "YYYY-MM-DD_HH:MM:SS." */

static void two(char *s, unsigned v) { s[0] = '0' + v / 10; s[1] = '0' + v % 10; }

static void fmt_seconds(uint64_t t)
{
  uint64_t days = t / 86400;
  unsigned sod = (unsigned)(t % 86400);
  /* civil date from days since 1970-01-01 (proleptic Gregorian) */
  int64_t z = (int64_t)days + 719468;
  int64_t era = z / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = (int64_t)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  unsigned yy;
  if (m <= 2) ++y;
  yy = (unsigned)(y % 10000);
  two(cached_fmt, yy / 100); two(cached_fmt + 2, yy % 100);
  cached_fmt[4] = '-'; two(cached_fmt + 5, m);
  cached_fmt[7] = '-'; two(cached_fmt + 8, d);
  cached_fmt[10] = timestamp == 2 ? '_' : 'T';
  two(cached_fmt + 11, sod / 3600); cached_fmt[13] = ':';
  two(cached_fmt + 14, sod / 60 % 60); cached_fmt[16] = ':';
  two(cached_fmt + 17, sod % 60); cached_fmt[19] = '.';
  cached_sec = t;
}

/* the stamp for lines whose first byte came with the last read */
static const char *stamp_get(void)
{
  if (stampnow_ok) return stampnow;
  if (timestamp == 1) tain_label(stampnow, &tnow);
  else {
    uint64_t u = tain_unix(&tnow);
    unsigned f = tnow.nano / 10000; /* first 5 of 9 digits */
    int i;
    if (u != cached_sec) fmt_seconds(u);
    memcpy(stampnow, cached_fmt, 20);
    for (i = 24; i >= 20; --i) { stampnow[i] = '0' + f % 10; f /= 10; }
  }
  stampnow[25] = ' ';
  stampnow_ok = 1;
  return stampnow;
}

/* ---- directory listing without opendir (no malloc) --------------- */

/* Scan a log dir for rotated files (27-char names starting with '@').
   rm_t: delete .t leftovers (except the running processor's).
   protect: a name never chosen as the oldest (may be null).
   Returns the number of names counted; oldest[0] is '@' if one was found. */
static unsigned long scan_old(struct logdir *d, int rm_t, int count_t,
                              const char *protect, char *oldest)
{
  unsigned long n = 0;
  int fd;
  oldest[0] = 'A'; oldest[1] = 0;
  while ((fd = openat(d->fddir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
    pausing(rm_t ? "unable to open directory, want rotate"
                 : "unable to open directory, want remove old logfile", d->name);
  for (;;) {
    long r = getdents64(fd, (void *)dents, sizeof dents);
    long off = 0;
    if (r == 0) break;
    if (r == -1) {
      if (errno == EINTR) continue;
      warnsys("unable to read directory", ": ", d->name);
      break;
    }
    while (off < r) {
      struct dirent64 *e = (struct dirent64 *)(dents + off);
      const char *nm = e->d_name;
      off += e->d_reclen;
      if (nm[0] != '@' || strlen(nm) != 27) continue;
      if (nm[26] == 't' && !count_t) {
        if (!rm_t) continue;
        if (d->ppid && !memcmp(nm, d->pname, 26)) continue;
        if (unlinkat(d->fddir, nm, 0) == -1)
          warnsys("unable to unlink processor leftover", ": ", nm);
        continue;
      }
      ++n;
      if (protect && !memcmp(nm, protect, 26)) continue;
      if (strcmp(nm, oldest) < 0) memcpy(oldest, nm, 28);
    }
  }
  close(fd);
  return n;
}

/* ---- processors -------------------------------------------------- */

static void child_fd(int to, int fd, const char *what, const char *name)
{
  if (fd == -1) msg_diesys(111, what, ": ", name);
  if (fd == to) { fcntl(fd, F_SETFD, 0); return; }
  if (dup2(fd, to) == -1) msg_diesys(111, "unable to move filedescriptor for processor", ": ", name);
  close(fd);
}

static void processor_start(struct logdir *d)
{
  pid_t pid;
  if (!d->processor) return;
  info("processing: ", d->name, "/", d->pname);
  buf_flush(&errb);
  while ((pid = fork()) == -1) pausing("unable to fork for processor", d->name);
  if (!pid) {
    char *argv[4];
    char fn[28];
    int fd;
    sig_default(SIGTERM); sig_default(SIGALRM); sig_default(SIGHUP);
    sig_default(SIGCHLD);
    sig_unblockall();
    if (fchdir(d->fddir) == -1)
      msg_diesys(111, "unable to change directory, want processor", ": ", d->name);
    child_fd(0, open_read(d->pname), "unable to open input for processor", d->name);
    memcpy(fn, d->pname, 28); fn[26] = 't';
    child_fd(1, open_trunc(fn), "unable to open output for processor", d->name);
    fd = open_read("state");
    if (fd == -1) {
      if (errno != ENOENT) msg_diesys(111, "unable to open state for processor", ": ", d->name);
      fd = open_trunc("state");
      if (fd == -1) msg_diesys(111, "unable to create empty state for processor", ": ", d->name);
      close(fd);
      fd = open_read("state");
    }
    child_fd(4, fd, "unable to open state for processor", d->name);
    child_fd(5, open_trunc("newstate"), "unable to open newstate for processor", d->name);
    fd_block(0);
    argv[0] = "sh"; argv[1] = "-c"; argv[2] = (char *)d->processor; argv[3] = 0;
    execve("/bin/sh", argv, environ);
    msg_diesys(111, "unable to run processor", ": ", d->name);
  }
  d->ppid = pid;
  d->pstarted = clock_ms();
}

/* A failed processor runs again on the same .u, but at most once per
   PRESTART_MS: one that always fails must not make svlogd fork in a loop.
   Until then logging goes on; the main loop's deadline covers prestart. */
static void processor_again(struct logdir *d)
{
  uint64_t at = d->pstarted + PRESTART_MS;
  if (clock_ms() >= at) { d->prestart = 0; processor_start(d); }
  else d->prestart = at;
}

/* the restart is due: run it, unless the directory or its processor is
   gone meanwhile (SIGHUP with another config) */
static void processor_due(struct logdir *d)
{
  d->prestart = 0;
  if (d->fddir != -1 && d->processor && !d->ppid) processor_start(d);
}

/* A processor exited with wstat.  Returns 1 when it succeeded (or cannot
   be retried), 0 when it was restarted. */
static int processor_done(struct logdir *d, int wstat)
{
  char fn[28];
  int fd;
  d->ppid = 0;
  memcpy(fn, d->pname, 28);
  if (d->fddir == -1) return 1;
  if (!WIFEXITED(wstat) || WEXITSTATUS(wstat) != 0) {
    warn("processor failed, restart: ", d->name);
    fn[26] = 't';
    unlinkat(d->fddir, fn, 0);
    if (!d->processor) return 1;
    processor_again(d);
    return 0;
  }
  fn[26] = 't';
  while ((fd = openat(d->fddir, fn, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
    pausing("unable to open processed", d->name);
  while (fsync(fd) == -1) pausing("unable to fsync processed", d->name);
  while (fchmod(fd, 0744) == -1) pausing("unable to set mode of processed", d->name);
  close(fd);
  {
    char s[28];
    memcpy(s, fn, 28); s[26] = 's';
    while (renameat(d->fddir, fn, d->fddir, s) == -1)
      pausing("unable to rename processed", d->name);
    fn[26] = 'u';
    if (unlinkat(d->fddir, fn, 0) == -1) warnsys("unable to unlink: ", d->name, "/", fn);
    while (renameat(d->fddir, "newstate", d->fddir, "state") == -1)
      pausing("unable to rename state", d->name);
    info("processed: ", d->name, "/", s);
  }
  return 1;
}

static void processor_wait(struct logdir *d)
{
  while (d->ppid || d->prestart) {
    int wstat;
    if (!d->ppid) {
      uint64_t now = clock_ms();
      if (now < d->prestart) pause_ms(d->prestart - now);
      processor_due(d);
      continue;
    }
    if (wait_pid(d->ppid, &wstat) == -1) {
      pausing("error waiting for processor", d->name);
      continue;
    }
    processor_done(d, wstat);
  }
}

static void reap(void)
{
  int wstat;
  pid_t pid;
  unsigned i;
  while ((pid = wait_nohang(&wstat)) > 0)
    for (i = 0; i < dirn; ++i)
      if (dir[i].ppid == pid) { processor_done(&dir[i], wstat); break; }
}

/* ---- writing ----------------------------------------------------- */

/* ENOSPC with N below n: delete the oldest rotated file while more than N
   exist.  1 when one was deleted (write again at once). */
static int make_room(struct logdir *d)
{
  char oldest[28];
  unsigned long n = scan_old(d, 0, 1, d->ppid || d->prestart ? d->pname : 0, oldest);
  errno = ENOSPC;
  if (n <= d->nmin || oldest[0] != '@') return 0;
  warn("out of disk space, delete: ", d->name, "/", oldest);
  if (unlinkat(d->fddir, oldest, 0) == -1) {
    warnsys("unable to unlink oldest logfile", ": ", d->name);
    errno = ENOSPC;
    return 0;
  }
  return 1;
}

static void dir_write(struct logdir *d, const char *s, size_t n)
{
  while (n) {
    ssize_t w = write(d->fdcur, s, n);
    if (w > 0) { s += w; n -= (size_t)w; continue; }
    if (w == 0) errno = EIO;
    if (errno == EINTR) continue;
    if (errno == ENOSPC && d->nmin < d->nmax && make_room(d)) continue;
    pausing("unable to write to current", d->name);
  }
}

static void dir_flush(struct logdir *d)
{
  if (d->obp) { dir_write(d, d->ob, d->obp); d->obp = 0; }
}

static int open_current(struct logdir *d)
{
  return openat(d->fddir, "current",
                O_WRONLY | O_NONBLOCK | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}

/* a fresh rotated name in d->pname */
static void new_name(struct logdir *d, char suffix)
{
  struct stat st;
  do {
    struct tain t;
    tain_now(&t);
    tain_label(d->pname, &t);
    d->pname[25] = '.'; d->pname[26] = suffix; d->pname[27] = 0;
    errno = 0;
  } while (fstatat(d->fddir, d->pname, &st, AT_SYMLINK_NOFOLLOW) != -1 || errno != ENOENT);
}

static void rmoldest(struct logdir *d, const char *protect)
{
  char oldest[28];
  unsigned long n = scan_old(d, 1, 0, protect, oldest);
  if (d->nmax && n > d->nmax && oldest[0] == '@') {
    info("delete: ", d->name, "/", oldest);
    if (unlinkat(d->fddir, oldest, 0) == -1)
      warnsys("unable to unlink oldest logfile", ": ", d->name);
  }
}

static void rotate(struct logdir *d)
{
  char num[FMT_ULONG];
  if (d->fddir == -1) return;
  dir_flush(d);
  if (d->tmax) {
    uint64_t now = clock_ms();
    if (d->trotate <= now) d->trotate = now + (uint64_t)d->tmax * 1000;
  }
  if (!d->size) return;
  if (d->ppid || d->prestart) processor_wait(d);
  new_name(d, d->processor ? 'u' : 's');
  while (fsync(d->fdcur) == -1) pausing("unable to fsync current logfile", d->name);
  while (fchmod(d->fdcur, 0744) == -1) pausing("unable to set mode of current", d->name);
  close(d->fdcur);
  num[fmt_ulong(num, (unsigned long)d->size)] = 0;
  info("rename: ", d->name, "/current ", d->pname, " ", num);
  while (renameat(d->fddir, "current", d->fddir, d->pname) == -1)
    pausing("unable to rename current", d->name);
  while ((d->fdcur = open_current(d)) == -1)
    pausing("unable to create new current", d->name);
  d->size = 0;
  while (fchmod(d->fdcur, 0644) == -1) pausing("unable to set mode of current", d->name);
  /* runit 2.3.0: the .u about to be processed is never the one deleted */
  rmoldest(d, d->processor ? d->pname : 0);
  processor_start(d);
}

/* Append to the current file, applying runit's size rule for each write:
   rotate before writing once size reaches s, and never let a file grow
   past s (the rest of the line goes to the next file). */
static void dir_put(struct logdir *d, const char *s, size_t n)
{
  while (n) {
    size_t k = n;
    if (d->sizemax) {
      if (d->size >= d->sizemax) rotate(d);
      if (k > d->sizemax - d->size) k = (size_t)(d->sizemax - d->size);
    }
    if (k > d->obn - d->obp) {
      dir_flush(d);
      if (k >= d->obn) dir_write(d, s, k);
      else { memcpy(d->ob, s, k); d->obp = k; }
    } else {
      memcpy(d->ob + d->obp, s, k);
      d->obp += k;
    }
    d->size += k;
    s += k; n -= k;
  }
}

/* end of a line: and rotate early once the file is within len of s */
static void dir_eol(struct logdir *d)
{
  dir_put(d, "\n", 1);
  if (d->sizemax && d->sizemax >= linemax && d->size >= d->sizemax - linemax)
    rotate(d);
}

/* ---- one line ---------------------------------------------------- */

static void logmatch(struct logdir *d, const char *s, size_t len)
{
  const char *p;
  d->match = '+';
  d->matcherr = 'E';
  for (p = d->inst; p < d->instend; p += strlen(p) + 1) {
    if (*p == '+' || *p == '-') {
      if (pmatch(p + 1, s, len)) d->match = *p;
    } else if (pmatch(p + 1, s, len))
      d->matcherr = *p;
  }
}

static void udp_send(struct logdir *d, const char *stamp, const char *h, size_t hlen, int more)
{
  struct iovec iov[5];
  struct msghdr m;
  size_t total = 0;
  int n = 0, i;
  if (stamp) { iov[n].iov_base = (char *)stamp; iov[n++].iov_len = 26; }
  if (d->prefixlen) { iov[n].iov_base = (char *)d->prefix; iov[n++].iov_len = d->prefixlen; }
  iov[n].iov_base = (char *)h; iov[n++].iov_len = hlen;
  if (more) { iov[n].iov_base = "..."; iov[n++].iov_len = 3; }
  iov[n].iov_base = "\n"; iov[n++].iov_len = 1;
  for (i = 0; i < n; ++i) total += iov[i].iov_len;
  if (d->fdudp == -1) {
    d->fdudp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (d->fdudp == -1) {
      dir_put(d, "warning: no udp socket available: ", 34);
      goto copy;
    }
  }
  memset(&m, 0, sizeof m);
  m.msg_name = &d->udpaddr;
  m.msg_namelen = sizeof d->udpaddr;
  m.msg_iov = iov;
  m.msg_iovlen = (size_t)n;
  if (sendmsg(d->fdudp, &m, MSG_NOSIGNAL) == (ssize_t)total) return;
  dir_put(d, "warning: failure sending through udp: ", 38);
copy:
  for (i = 0; i < n - 1; ++i) dir_put(d, iov[i].iov_base, iov[i].iov_len);
  dir_eol(d);
}

/* The first min(len, linemax) bytes of a line, as read; more: the line
   goes on past linemax (its tail follows through line_tail). */
static void line_head(const char *h, size_t len, int more, const char *stamp)
{
  unsigned i;
  if (replace) {
    size_t j;
    for (j = 0; j < len; ++j) linebuf[j] = (char)replmap[(unsigned char)h[j]];
    h = linebuf;
  }
  for (i = 0; i < dirn; ++i) {
    struct logdir *d = &dir[i];
    d->sel = 0;
    if (d->fddir == -1) continue;
    if (d->inst != d->instend) logmatch(d, h, len);
    else { d->match = '+'; d->matcherr = 'E'; }
    if (d->matcherr == 'e') {
      if (stamp) buf_put(&errb, stamp, 26);
      buf_put(&errb, d->prefix, d->prefixlen);
      buf_put(&errb, h, len);
      if (more) buf_put(&errb, "...", 3);
      buf_put(&errb, "\n", 1);
    }
    if (d->match != '+') continue;
    if (d->udp) udp_send(d, stamp, h, len, more);
    if (d->udponly) continue;
    d->sel = 1;
    if (stamp) dir_put(d, stamp, 26);
    if (d->prefixlen) dir_put(d, d->prefix, d->prefixlen);
    dir_put(d, h, len);
  }
}

static void line_tail(const char *s, size_t n)
{
  unsigned i;
  for (i = 0; i < dirn; ++i)
    if (dir[i].sel) dir_put(&dir[i], s, n);
}

static void line_end(void)
{
  unsigned i;
  for (i = 0; i < dirn; ++i)
    if (dir[i].sel) { dir_eol(&dir[i]); dir[i].sel = 0; }
}

static void flush_all(void)
{
  unsigned i;
  for (i = 0; i < dirn; ++i)
    if (dir[i].fddir != -1) dir_flush(&dir[i]);
  errb_flush();
}

/* ---- splitting the input into lines ------------------------------ */

static char carry_stamp[26];     /* stamp of the partial line in inbuf */
static int intail;               /* inside the rest of an over-long line */

/* inbuf[0..end) was read, its first `have` bytes an incomplete line kept
   from before: log every line it completes (an over-long line is logged
   as its first linemax bytes and then its tail, as it comes).  Keeps the
   incomplete line at the start of inbuf and returns its length. */
static size_t lines_split(size_t have, size_t end)
{
  size_t pos = 0;
  while (pos < end) {
    char *s = inbuf + pos, *nl;
    size_t avail = end - pos, lim;
    const char *stamp;
    if (intail) {
      size_t n;
      nl = memchr(s, '\n', avail);
      n = nl ? (size_t)(nl - s) : avail;
      if (n) line_tail(s, n);
      pos += n;
      if (nl) { line_end(); intail = 0; ++pos; }
      continue;
    }
    lim = avail < linemax ? avail : linemax;
    nl = memchr(s, '\n', lim);
    if (!nl && avail < linemax) break;  /* an incomplete line */
    stamp = 0;
    if (timestamp) stamp = (pos == 0 && have) ? carry_stamp : stamp_get();
    if (nl) {
      line_head(s, (size_t)(nl - s), 0, stamp);
      line_end();
      pos += (size_t)(nl - s) + 1;
    } else {
      line_head(s, linemax, 1, stamp);
      intail = 1;
      pos += linemax;
    }
  }
  if (pos < end) {
    if (timestamp && !(pos == 0 && have)) memcpy(carry_stamp, stamp_get(), 26);
    if (pos) memmove(inbuf, inbuf + pos, end - pos);
  }
  return end - pos;
}

/* end of input: a last line without newline is logged all the same */
static void lines_end(size_t have)
{
  if (intail) { line_end(); intail = 0; }
  else if (have) {
    line_head(inbuf, have, 0, timestamp ? carry_stamp : 0);
    line_end();
  }
}

/* ---- opening and closing log directories ------------------------- */

/* keep_lock: SIGHUP, the directory is opened again at once and its lock
   kept (see logdir_open) */
static void logdir_close(struct logdir *d, int keep_lock)
{
  if (d->fddir == -1) return;
  info("close: ", d->name);
  dir_flush(d);
  if (d->fdcur != -1) {
    while (fsync(d->fdcur) == -1) pausing("unable to fsync current logfile", d->name);
    while (fchmod(d->fdcur, 0744) == -1) pausing("unable to set mode of current", d->name);
    close(d->fdcur);
    d->fdcur = -1;
  }
  if (d->fdudp != -1) { close(d->fdudp); d->fdudp = -1; }
  if (d->fdlock != -1 && !keep_lock) { close(d->fdlock); d->fdlock = -1; }
  close(d->fddir);
  d->fddir = -1;
  d->processor = 0;
}

/* a config number: digits, saturating; junk or nothing is 0 (as runit) */
static unsigned long long conf_num(const char *s)
{
  unsigned long long r = 0;
  for (; *s >= '0' && *s <= '9'; ++s) {
    unsigned c = (unsigned)(*s - '0');
    if (r > (~0ULL - c) / 10) r = ~0ULL;
    else r = r * 10 + c;
  }
  return r;
}

static unsigned long long mul_sat(unsigned long long a, unsigned long long b)
{
  return a && b > ~0ULL / a ? ~0ULL : a * b;
}

/* a.b.c.d, each 0..255; the length used, 0 if none */
static size_t ip4_scan(const char *s, unsigned char ip[4])
{
  size_t pos = 0;
  int i;
  for (i = 0; i < 4; ++i) {
    unsigned long u;
    size_t k;
    if (i) { if (s[pos] != '.') return 0; ++pos; }
    k = scan_ulong(s + pos, &u);
    if (!k || u > 255) return 0;
    ip[i] = (unsigned char)u;
    pos += k;
  }
  return pos;
}

static void conf_udp(struct logdir *d, const char *v)
{
  unsigned char ip[4];
  size_t k = ip4_scan(v, ip);
  unsigned long port = 514;
  if (!k) { warn("unable to scan ip address: ", v); return; }
  if (v[k] == ':') {
    port = (unsigned long)conf_num(v + k + 1);
    if (!port || port > 65535) { warn("unable to scan port number: ", v + k + 1); return; }
  }
  memset(&d->udpaddr, 0, sizeof d->udpaddr);
  d->udpaddr.sin_family = AF_INET;
  memcpy(&d->udpaddr.sin_addr, ip, 4);
  d->udpaddr.sin_port = htons((unsigned short)port);
  d->udp = 1;
}

static void read_config(struct logdir *d)
{
  size_t room = CONF_ARENA - confused, len = 0, i;
  char *s = confarena + confused, *w;
  int fd = openat(d->fddir, "config", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1) {
    if (errno != ENOENT) warnsys("unable to read config", ": ", d->name);
    return;
  }
  /* the text, and room as large again for the pattern lines */
  for (;;) {
    ssize_t r;
    if (len >= room / 2) { errno = EFBIG; r = -1; }
    else r = read(fd, s + len, room / 2 - len);
    if (r == 0) break;
    if (r == -1) {
      if (errno == EINTR) continue;
      warnsys("unable to read config", ": ", d->name);
      close(fd);
      return;
    }
    len += (size_t)r;
  }
  close(fd);
  info("read: ", d->name, "/config");
  w = s + len + 1;
  d->inst = d->instend = w;
  for (i = 0; i + 1 < len; ++i) {
    char *l = s + i;
    char *nl = memchr(l, '\n', len - i);
    size_t n = nl ? (size_t)(nl - l) : len - i, k;
    unsigned long long v;
    l[n] = 0;
    switch (*l) {
    case '+': case '-': case 'e': case 'E':
      /* up to a NUL byte in the line, if any: the pattern is a string */
      k = strlen(l);
      memcpy(w, l, k + 1);
      w += k + 1;
      break;
    case 's':
      v = conf_num(l + 1);
      if (n && l[n - 1] == 'k') v = mul_sat(v, 1024);
      if (n && l[n - 1] == 'm') v = mul_sat(v, 1024 * 1024);
      d->sizemax = v;
      break;
    case 'n': v = conf_num(l + 1); d->nmax = v > ~0UL ? ~0UL : (unsigned long)v; break;
    case 'N': v = conf_num(l + 1); d->nmin = v > ~0UL ? ~0UL : (unsigned long)v; break;
    case 't':
      v = conf_num(l + 1);
      if (n && l[n - 1] == 'm') v = mul_sat(v, 60);
      if (n && l[n - 1] == 'h') v = mul_sat(v, 3600);
      if (v > 100000000) v = 100000000; /* over 3 years: as good as never */
      d->tmax = (unsigned long)v;
      break;
    case '!': if (n > 1 && l[1]) d->processor = l + 1; break;
    case 'U': d->udponly = 1; /* fall through */
    case 'u': conf_udp(d, l + 1); break;
    case 'p': if (n > 1 && l[1]) { d->prefix = l + 1; d->prefixlen = strlen(l + 1); } break;
    }
    i += n;
  }
  d->instend = w;
  confused += (size_t)(w - s);
}

/* On SIGHUP the lock held so far is kept when the lock file is still the
   same file: releasing it and locking again would fail while a processor
   just forked (sharing the lock until it execs) still holds it, and the
   directory would be dropped. */
static int lock_kept(int old, int fd)
{
  struct stat a, b;
  return old != -1 && fstat(old, &a) == 0 && fstat(fd, &b) == 0 &&
         a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int logdir_open(struct logdir *d, const char *fn)
{
  struct stat st;
  int isnew = 1;
  int old = d->fdlock;           /* kept over SIGHUP, or -1 */
  d->fdlock = -1;
  d->name = fn;
  d->fddir = open_read(fn);
  if (d->fddir == -1) {
    if (old != -1) close(old);
    warnsys("unable to open log directory", ": ", fn);
    return 0;
  }
  if (fchdir(d->fddir) == -1) {
    if (old != -1) close(old);
    warnsys("unable to change directory", ": ", fn);
    close(d->fddir); d->fddir = -1;
    return 0;
  }
  while (fchdir(fdwdir) == -1) pausing("unable to change directory, want main", 0);
  d->fdlock = openat(d->fddir, "lock", O_WRONLY | O_NONBLOCK | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (lock_kept(old, d->fdlock)) { close(d->fdlock); d->fdlock = old; }
  else if (old != -1) close(old);
  /* (on a kept lock this succeeds at once: the lock is already ours) */
  if (d->fdlock == -1 || lock_exnb(d->fdlock) == -1) {
    int e = errno;
    if (d->fdlock != -1) close(d->fdlock);
    close(d->fddir);
    d->fddir = d->fdlock = -1;
    errno = e;
    warnsys("unable to lock directory", ": ", fn);
    return 0;
  }
  d->size = 0;
  d->sizemax = 1000000;
  d->nmax = d->nmin = 10;
  d->tmax = 0;
  d->processor = 0;
  d->prefix = ""; d->prefixlen = 0;
  d->inst = d->instend = 0;
  d->udp = d->udponly = 0;
  d->fdudp = -1;
  read_config(d);
  if (d->tmax) d->trotate = clock_ms() + (uint64_t)d->tmax * 1000;

  if (fstatat(d->fddir, "current", &st, 0) != -1) {
    if (st.st_size && !(st.st_mode & S_IXUSR)) {
      /* svlogd was killed: keep what it wrote as an unfinished file */
      char save[28];
      memcpy(save, d->pname, 28);
      new_name(d, 'u');
      while (renameat(d->fddir, "current", d->fddir, d->pname) == -1)
        pausing("unable to rename current", d->name);
      rmoldest(d, d->ppid || d->prestart ? save : 0);
      memcpy(d->pname, save, 28);
    } else {
      d->size = (unsigned long long)st.st_size;
      isnew = 0;
    }
  } else if (errno != ENOENT) {
    warnsys("unable to stat current", ": ", fn);
    close(d->fdlock); close(d->fddir);
    d->fddir = d->fdlock = -1;
    return 0;
  }
  while ((d->fdcur = open_current(d)) == -1) pausing("unable to open current", d->name);
  while (fchmod(d->fdcur, 0644) == -1) pausing("unable to set mode of current", d->name);
  if (isnew) info("new: ", fn, "/current");
  else info("append: ", fn, "/current");
  return 1;
}

static void logdirs_reopen(char **names)
{
  unsigned i;
  int ok = 0;
  confused = 0;
  for (i = 0; i < dirn; ++i) logdir_close(&dir[i], 1);
  for (i = 0; i < dirn; ++i)
    if (logdir_open(&dir[i], names[i])) ok = 1;
  if (!ok) { errb_flush(); msg_die(111, "no functional log directories."); }
}

/* ---- main -------------------------------------------------------- */

static void usage(const char *prog) { msg_usage(111, prog, USAGE); }

static unsigned long opt_num(const char *s)
{
  unsigned long long v = conf_num(s);
  return v > ~0UL ? ~0UL : (unsigned long)v;
}

int main(int argc, char **argv)
{
  const char *prog = argv[0] ? argv[0] : "svlogd";
  unsigned long buflen = 1024;
  size_t have = 0;              /* bytes in inbuf: a partial line */
  int repl = 0;
  const char *extra = 0;
  unsigned i;
  int c;

  msg_prefix = "svlogd: ";
  sopt_prog = "svlogd";
  while ((c = sgetopt(argc, argv, "R:r:l:b:tvV")) != -1) {
    switch (c) {
    case 'R': extra = sopt_arg; if (!repl) repl = '_'; break;
    case 'r':
      if (!sopt_arg[0] || sopt_arg[1]) usage(prog);
      repl = (unsigned char)sopt_arg[0];
      break;
    case 'l': linemax = opt_num(sopt_arg); if (!linemax) linemax = 1000; break;
    case 'b': buflen = opt_num(sopt_arg); if (!buflen) buflen = 1024; break;
    case 't': if (++timestamp > 3) timestamp = 3; break;
    case 'v': ++verbose; break;
    case 'V': buf_putsflush(&buf_2, VERSION "\n"); /* fall through */
    default: usage(prog);
    }
  }
  argv += sopt_ind;
  argc -= sopt_ind;
  if (argc <= 0) usage(prog);
  if (buflen <= linemax) usage(prog);
  if (linemax > LINE_CAP) linemax = LINE_CAP;
  if ((unsigned long)argc > MAXDIRS) msg_die(111, "too many log directories.");
  dirn = (unsigned)argc;
  if (repl) {
    for (i = 0; i < 256; ++i) replmap[i] = (i < 32 || i > 126) ? (unsigned char)repl : (unsigned char)i;
    if (extra) for (; *extra; ++extra) replmap[(unsigned char)*extra] = (unsigned char)repl;
    replace = 1;
  }

  if ((fdwdir = open_read(".")) == -1)
    msg_diesys(111, "unable to open current working directory");
  {
    size_t slice = OUT_ARENA / dirn;
    if (slice > OUT_SLICE) slice = OUT_SLICE;
    for (i = 0; i < dirn; ++i) {
      dir[i].fddir = dir[i].fdcur = dir[i].fdlock = dir[i].fdudp = -1;
      dir[i].ob = outarena + i * slice;
      dir[i].obn = slice;
    }
  }
  if (selfpipe_init() == -1) msg_diesys(111, "unable to create selfpipe");
  selfpipe_catch(SIGTERM);
  selfpipe_catch(SIGCHLD);
  selfpipe_catch(SIGALRM);
  selfpipe_catch(SIGHUP);
  logdirs_reopen(argv);
  fd_nonblock(0);

  for (;;) {
    struct pollfd p[2];
    uint64_t deadline = NO_DEADLINE;
    ssize_t r;
    size_t room;
    int tmax = 0;

    for (i = 0; i < dirn; ++i) {
      if (dir[i].fddir != -1 && dir[i].tmax) {
        tmax = 1;
        if (dir[i].trotate < deadline) deadline = dir[i].trotate;
      }
      if (dir[i].prestart) {
        if (dir[i].prestart <= clock_ms()) processor_due(&dir[i]);
        else if (dir[i].prestart < deadline) deadline = dir[i].prestart;
      }
    }
    if (tmax && deadline <= clock_ms()) {
      uint64_t now = clock_ms();
      for (i = 0; i < dirn; ++i)
        if (dir[i].fddir != -1 && dir[i].tmax && dir[i].trotate <= now) rotate(&dir[i]);
      errb_flush();
      continue;
    }
    if (exitasap && !have && !intail) break;

    p[0].fd = 0; p[0].events = POLLIN; p[0].revents = 0;
    p[1].fd = selfpipe_fd(); p[1].events = POLLIN; p[1].revents = 0;
    if (poll_until(p, 2, deadline) <= 0) continue;
    if (p[1].revents) {
      unsigned long s = selfpipe_take();
      if (s & (1UL << SIGCHLD)) { info("sigchild received."); reap(); }
      if (s & (1UL << SIGALRM)) {
        info("sigalarm received.");
        for (i = 0; i < dirn; ++i) rotate(&dir[i]);
      }
      if (s & (1UL << SIGHUP)) { info("sighangup received."); logdirs_reopen(argv); }
      if (s & (1UL << SIGTERM)) { info("sigterm received."); exitasap = 1; }
      errb_flush();
      continue;
    }
    if (!p[0].revents) continue;

    /* after SIGTERM, read only up to the end of the line in progress */
    room = exitasap ? 1 : READ_MAX;
    r = read(0, inbuf + have, room);
    if (r == -1) {
      if (errno == EINTR || errno == EAGAIN) continue;
      warnsys("unable to read standard input");
      break;
    }
    if (r == 0) break;
    if (timestamp) { tain_now(&tnow); stampnow_ok = 0; }
    have = lines_split(have, have + (size_t)r);
    flush_all();
  }
  lines_end(have);
  flush_all();
  for (i = 0; i < dirn; ++i) {
    processor_wait(&dir[i]);
    logdir_close(&dir[i], 0);
  }
  errb_flush();
  _exit(0);
}
