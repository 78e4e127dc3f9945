/* svlogd: read lines on standard input and keep them in rotated log
   directories, runit's way.

   Design: input is read in large blocks; every complete line in a block is
   matched, stamped and copied into a per-directory output buffer, and all
   buffers are written out before svlogd waits for input again; from a
   pipe a block is only a copy (tee), consumed once written, so a kill
   loses no line (see "input").  The rotation rules are applied per line
   exactly as runit applies them per write, so the files come out the
   same.  All memory is fixed at start: the limits are the constants
   below, the large buffers mapped once, sized from the options. */
#define _ATFILE_SOURCE 1        /* renameat in dietlibc's stdio.h */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>              /* renameat() only */
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "buf.h"
#include "clock.h"
#include "err.h"
#include "fmt.h"
#include "lock.h"
#include "logconf.h"
#include "logline.h"
#include "msg.h"
#include "open.h"
#include "profile.h"
#include "sgetopt.h"
#include "sig.h"
#include "tai.h"
#include "wait.h"

extern char **environ;

#define USAGE " [-ttv] [-r c] [-R abc] [-l len] [-b buflen] dir ..."

/* Limits (documented in svlogd.8). */
#define MAXDIRS 1000             /* log directories on the command line */
#define LINE_CAP (1024 * 1024)   /* largest -l; larger values are capped */
#define READ_MAX (256 * 1024)    /* one read() */
#define TEE_MAX (64 * 1024)      /* one copy of a pipe: the most a kill may duplicate */
#define PIPE_SIZE (1024 * 1024)  /* an input pipe is made this large, where allowed */
#define READ_FAILING 4096        /* one read() of other input than a pipe while a dir fails */
#define OUT_ARENA (4096 * 1024)  /* output buffers, shared by all dirs */
#define OUT_SLICE (256 * 1024)   /* at most this much per dir */
#define CONF_ARENA (1024 * 1024) /* config files of all dirs together */
#define ERR_BUF (64 * 1024)      /* copies of lines for standard error */
#define PAUSE_MS 3000            /* wait before retrying a failed write */
#define PRESTART_MS 1000         /* a failed processor is run again at most this often */
#define PWAIT_MS 60000           /* the longest a rotation or the end waits for a processor */
#define PWAIT_TERM_MS 5000       /* the same after SIGTERM */
#define PFAIL_MAX 5              /* a rotation gives a failing processor this many runs */
#define WRITEBACK_AHEAD (256 * 1024) /* current's writeback is started every this much */
#define NO_WRITEBACK (~0ULL)
#ifndef SYNC_FILE_RANGE_WRITE
#define SYNC_FILE_RANGE_WRITE 2  /* the kernel's value; dietlibc lacks the name */
#endif

/* A stamp, as -t (TAIN_LABEL chars) or -tt/-ttt ("YYYY-MM-DD_HH:MM:SS."
   and 5 digits) write it, with the space after it. */
#define STAMP_LEN (TAIN_LABEL + 1)
/* A rotated file's name: the TAI64N label, '.', and the suffix
   (s: done, u: unprocessed, t: processor output); NAME_STEM is the part
   the suffix does not change. */
#define NAME_LEN (TAIN_LABEL + 2)
#define NAME_STEM (NAME_LEN - 1)
#define NAME_SUFFIX (NAME_LEN - 1)

struct logdir {
  const char *name;
  int fddir, fdcur, fdlock, fdudp;
  struct logconf conf;           /* the settings of its config */
  unsigned long long size;       /* of current */
  unsigned long long queued;     /* writeback of current was started up to here */
  uint64_t trotate;              /* monotonic ms of the next timed check */
  pid_t ppid;                    /* running processor */
  uint64_t pstarted;             /* monotonic ms it was last started */
  uint64_t prestart;             /* nonzero: a failed processor runs again then */
  int pfailed;                   /* times it failed on this .u */
  int pbroken;                   /* given up for failing; until one succeeds, no second chance */
  char pname[NAME_LEN + 1];      /* the .u it processes */
  char newest[NAME_LEN + 1];     /* the greatest rotated name there, "" if none */
  char *ob;                      /* output buffer */
  size_t obp, obn;
  char sel;                      /* takes the line in progress */
};

static struct logdir dir[MAXDIRS];
static unsigned dirn;
/* The large buffers are mapped at start, sized from the options (see
   buffers_map): in bss they would make exec itself fail under a memory
   limit, with SIGSEGV and no word. */
static char *inbuf;              /* -l + READ_MAX */
static char *linebuf;            /* -l, with -r or -R */
static char *outarena;           /* a slice for each dir, OUT_ARENA at most */
static char *confarena;          /* CONF_ARENA */
static size_t confarena_used;
static char errspace[ERR_BUF];
static buf errb = BUF_INIT(2, errspace, sizeof errspace);
static char dents[32768];

static int verbose, timestamp;
static struct logline lines = { 1000, 0 };  /* max: -l */
static unsigned char replmap[256];
static int replace;
static int fdwdir;
static int exitasap;
static int failing;              /* a directory paused while the last read was logged */
static unsigned long pauses;     /* pausing() so far */
static unsigned long sigs;       /* signals taken from the selfpipe, not yet acted on */
#define SIGS_GIVEUP ((1UL << SIGTERM) | (1UL << SIGHUP))

/* ---- messages ---------------------------------------------------- */

/* Copies of lines for standard error (e patterns) collect in errb, to go
   out in one write a block; a diagnostic first writes out the copies made
   before it, so that standard error keeps the order of events. */
static void errb_flush(void) { buf_flush(&errb); }
#define warn(...) (errb_flush(), msg_warn(__VA_ARGS__))
#define warnsys(...) (errb_flush(), msg_warnsys(__VA_ARGS__))
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

static int dir_removed(const struct logdir *d)
{
  struct stat st;
  return d && d->fddir != -1 && fstat(d->fddir, &st) == 0 && st.st_nlink == 0;
}

/* runit's "pausing" retry: say why, wait 3 seconds, let the caller retry
   (returns 0).  Unlike runit the wait is on the selfpipe: signals that
   come meanwhile are kept for the main loop, and SIGTERM or SIGHUP end it
   at once for one more try.  The caller gives up (returns 1, with a
   warning) when that try failed too, when svlogd is on its way out, and
   when the directory was removed: nothing done there can ever succeed
   again, and a directory must not hold up the others or svlogd's exit. */
static int pausing(const char *what, const struct logdir *d)
{
  const char *sep = d ? ": " : "", *name = d ? d->name : "";
  uint64_t end;
  errb_flush();
  if (dir_removed(d)) {
    msg_put("warning: ", 0, what, ", giving up: ", name, ": log directory removed", (char *)0);
    return 1;
  }
  if (exitasap || (sigs & SIGS_GIVEUP)) {
    msg_put("warning: ", 1, what, ", giving up", sep, name, (char *)0);
    return 1;
  }
  msg_put("pausing: ", 1, what, sep, name, (char *)0);
  ++pauses;
  end = clock_ms() + PAUSE_MS;
  for (;;) {
    struct pollfd p;
    uint64_t now = clock_ms();
    if (now >= end) return 0;
    p.fd = selfpipe_fd(); p.events = POLLIN; p.revents = 0;
    if (poll(&p, 1, (int)(end - now)) > 0) {
      sigs |= selfpipe_take();
      if (sigs & SIGS_GIVEUP) return 0;
    }
  }
}

/* ---- time stamps ------------------------------------------------- */

static char stampnow[STAMP_LEN];        /* stamp of the block just read */
static int stampnow_ok;
static char carry_stamp[STAMP_LEN]; /* of the incomplete line in inbuf */
static struct tain tnow;
static uint64_t cached_sec = (uint64_t)-1;
#define STAMP_SECS 20            /* "YYYY-MM-DD_HH:MM:SS.", then 5 digits */
static char cached_fmt[STAMP_SECS];

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
    memcpy(stampnow, cached_fmt, STAMP_SECS);
    for (i = STAMP_LEN - 2; i >= STAMP_SECS; --i) { stampnow[i] = '0' + f % 10; f /= 10; }
  }
  stampnow[STAMP_LEN - 1] = ' ';
  stampnow_ok = 1;
  return stampnow;
}

/* ---- directory listing without opendir (no malloc) --------------- */

/* Scan a log dir for rotated files (NAME_LEN-char names starting with '@').
   rm_t: delete .t leftovers (except the running processor's).
   protect: a name never chosen as the oldest (may be null).
   Returns the number of names counted; oldest[0] is '@' if one was found. */
static int label_ok(const char *nm)
{
  int i;
  for (i = 1; i < TAIN_LABEL; ++i)
    if (!((nm[i] >= '0' && nm[i] <= '9') || (nm[i] >= 'a' && nm[i] <= 'f'))) return 0;
  return 1;
}

static unsigned long scan_old(struct logdir *d, int rm_t, int count_t,
                              const char *protect, char *oldest)
{
  unsigned long n = 0;
  int fd;
  oldest[0] = 'A'; oldest[1] = 0;
  while ((fd = openat(d->fddir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
    if (pausing(rm_t ? "unable to open directory, want rotate"
                     : "unable to open directory, want remove old logfile", d))
      return 0;
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
      if (nm[0] != '@' || strlen(nm) != NAME_LEN) continue;
      if (label_ok(nm) && memcmp(nm, d->newest, TAIN_LABEL) > 0) {
        memcpy(d->newest, nm, TAIN_LABEL);
        d->newest[TAIN_LABEL] = 0;
      }
      if (nm[NAME_SUFFIX] == 't' && !count_t) {
        if (!rm_t) continue;
        if (d->ppid && !memcmp(nm, d->pname, NAME_STEM)) continue;
        if (unlinkat(d->fddir, nm, 0) == -1)
          warnsys("unable to unlink processor leftover", ": ", nm);
        continue;
      }
      ++n;
      if (protect && !memcmp(nm, protect, NAME_STEM)) continue;
      if (strcmp(nm, oldest) < 0) memcpy(oldest, nm, NAME_LEN + 1);
    }
  }
  close(fd);
  return n;
}

/* ---- processors -------------------------------------------------- */

static void child_fd(int to, int fd, const char *what, const char *name)
{
  if (fd == -1) msg_diesys(111, what, ": ", name);
  if (fd_move(to, fd) == -1)
    msg_diesys(111, "unable to move filedescriptor for processor", ": ", name);
}

static void processor_start(struct logdir *d)
{
  pid_t pid;
  if (!d->conf.processor) return;
  info("processing: ", d->name, "/", d->pname);
  buf_flush(&errb);
  while ((pid = fork()) == -1)
    if (pausing("unable to fork for processor", d)) return;
  if (!pid) {
    char *argv[4];
    char fn[NAME_LEN + 1];
    int fd;
    sig_default(SIGTERM); sig_default(SIGALRM); sig_default(SIGHUP);
    sig_default(SIGCHLD);
    sig_unblockall();
    if (fchdir(d->fddir) == -1)
      msg_diesys(111, "unable to change directory, want processor", ": ", d->name);
    child_fd(0, open_read(d->pname), "unable to open input for processor", d->name);
    memcpy(fn, d->pname, NAME_LEN + 1); fn[NAME_SUFFIX] = 't';
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
    argv[0] = "sh"; argv[1] = "-c"; argv[2] = (char *)d->conf.processor; argv[3] = 0;
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
  if (d->fddir != -1 && d->conf.processor && !d->ppid) processor_start(d);
}

/* A processor exited with wstat.  Returns 1 when it succeeded (or cannot
   be retried), 0 when it was restarted. */
static int processor_done(struct logdir *d, int wstat)
{
  char fn[NAME_LEN + 1];
  int fd;
  d->ppid = 0;
  memcpy(fn, d->pname, NAME_LEN + 1);
  if (d->fddir == -1) return 1;
  if (!WIFEXITED(wstat) || WEXITSTATUS(wstat) != 0) {
    warn("processor failed, restart: ", d->name);
    ++d->pfailed;
    fn[NAME_SUFFIX] = 't';
    unlinkat(d->fddir, fn, 0);
    if (!d->conf.processor) return 1;
    processor_again(d);
    return 0;
  }
  fn[NAME_SUFFIX] = 't';
  /* (giving up on any step leaves the .t and .u files as they are) */
  while ((fd = openat(d->fddir, fn, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
    if (pausing("unable to open processed", d)) return 1;
  while (fsync(fd) == -1)
    if (pausing("unable to fsync processed", d)) goto fail;
  while (fchmod(fd, 0744) == -1)
    if (pausing("unable to set mode of processed", d)) goto fail;
  close(fd);
  {
    char s[NAME_LEN + 1];
    memcpy(s, fn, NAME_LEN + 1); s[NAME_SUFFIX] = 's';
    while (renameat(d->fddir, fn, d->fddir, s) == -1)
      if (pausing("unable to rename processed", d)) return 1;
    fn[NAME_SUFFIX] = 'u';
    if (unlinkat(d->fddir, fn, 0) == -1) warnsys("unable to unlink: ", d->name, "/", fn);
    while (renameat(d->fddir, "newstate", d->fddir, "state") == -1)
      if (pausing("unable to rename state", d)) return 1;
    info("processed: ", d->name, "/", s);
    d->pbroken = 0;
  }
  return 1;
fail:
  close(fd);
  return 1;
}

/* Give up on d's processor: kill it if it runs, keep its .u as it is
   (for the n limit an old file like any other).  One warning. */
static void processor_giveup(struct logdir *d, const char *why)
{
  char fn[NAME_LEN + 1];
  int wstat;
  if (d->ppid) {
    kill(d->ppid, SIGKILL);
    while (wait_pid(d->ppid, &wstat) == -1 && errno == EINTR) ;
    d->ppid = 0;
  }
  d->prestart = 0;
  if (d->pfailed) d->pbroken = 1;
  d->pfailed = 0;
  memcpy(fn, d->pname, NAME_LEN + 1);
  if (d->fddir != -1) { fn[NAME_SUFFIX] = 't'; unlinkat(d->fddir, fn, 0); }
  fn[NAME_SUFFIX] = 'u';
  warn("processor ", why, ", giving up, keeping unprocessed: ", d->name, "/", fn);
}

/* Wait until d's processor is done (run again after a failure, as often
   as PRESTART_MS allows), but not forever: at most PWAIT_MS, or
   PWAIT_TERM_MS once SIGTERM came, then it is killed.  A failing one is
   given up after PFAIL_MAX runs, at its first failure once one was given
   up for failing (until one succeeds), and at once after SIGTERM: a typo
   in the ! line must neither keep svlogd from exiting nor hold the writer
   long.  Signals that come meanwhile are kept for the main loop. */
static void processor_wait(struct logdir *d)
{
  uint64_t start = clock_ms();
  while (d->ppid || d->prestart) {
    struct pollfd p;
    uint64_t now = clock_ms(), end;
    int term = exitasap || (sigs & (1UL << SIGTERM));
    int wstat;
    pid_t pid;
    end = start + (term ? PWAIT_TERM_MS : PWAIT_MS);
    if (d->pfailed && (term || d->pbroken || d->pfailed >= PFAIL_MAX)) {
      processor_giveup(d, "failed");
      return;
    }
    if (now >= end) {
      processor_giveup(d, d->ppid ? "did not finish in time" : "failed");
      return;
    }
    if (!d->ppid && now >= d->prestart) { processor_due(d); continue; }
    if (d->ppid) {
      pid = waitpid(d->ppid, &wstat, WNOHANG);
      if (pid == d->ppid) { processor_done(d, wstat); continue; }
      if (pid == -1 && errno != EINTR) {
        if (pausing("error waiting for processor", d)) d->ppid = 0;
        continue;
      }
    } else if (d->prestart < end) end = d->prestart;
    p.fd = selfpipe_fd(); p.events = POLLIN; p.revents = 0;
    if (poll(&p, 1, (int)(end - now)) > 0) sigs |= selfpipe_take();
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
  char oldest[NAME_LEN + 1];
  unsigned long n = scan_old(d, 0, 1, d->ppid || d->prestart ? d->pname : 0, oldest);
  errno = ENOSPC;
  if (n <= d->conf.nmin || oldest[0] != '@') return 0;
  warn("out of disk space, delete: ", d->name, "/", oldest);
  if (unlinkat(d->fddir, oldest, 0) == -1) {
    warnsys("unable to unlink oldest logfile", ": ", d->name);
    errno = ENOSPC;
    return 0;
  }
  return 1;
}

/* Give a directory up (see pausing): close it, keeping its lock for a
   SIGHUP that opens it again, and drop what it holds.  lost: bytes of a
   write that did not make it, besides the buffer. */
static void logdir_drop(struct logdir *d, size_t lost)
{
  lost += d->obp;
  d->obp = 0;
  if (lost) {
    char num[FMT_ULONG];
    num[fmt_ulong(num, (unsigned long)lost)] = 0;
    warn("dropped ", num, " bytes: ", d->name);
  }
  if (d->fdcur != -1) close(d->fdcur);
  if (d->fdudp != -1) close(d->fdudp);
  if (d->fddir != -1) close(d->fddir);
  d->fdcur = d->fdudp = d->fddir = -1;
  d->sel = 0;
}

static void dir_write(struct logdir *d, const char *s, size_t n)
{
  while (n) {
    ssize_t w = write(d->fdcur, s, n);
    if (w > 0) { s += w; n -= (size_t)w; continue; }
    if (w == 0) errno = EIO;
    if (errno == EINTR) continue;
    if (errno == ENOSPC && d->conf.nmin < d->conf.nmax && make_room(d)) continue;
    if (pausing("unable to write to current", d)) { logdir_drop(d, n); return; }
  }
}

/* The fsync of a finished current is what rotation waits for.  Asking
   the kernel to start writing current out as it grows lets the disk work
   while svlogd copies the next lines, and leaves that fsync little more
   than the journal commit (on a disk whose queue is full the call waits
   for room, time the fsync would have waited anyway).  It only starts
   writeback: nothing waits for it and no write error is taken from what
   fsync reports, so the fsync before the rename stays the promise, as in
   runit.  Where the call fails, current goes on without it. */
static int writeback_call(int fd, unsigned long long from)
{
#if !defined(__dietlibc__)
  return sync_file_range(fd, (off64_t)from, 0, SYNC_FILE_RANGE_WRITE);
#elif defined(__NR_sync_file_range) && defined(__LP64__)
  /* dietlibc declares sync_file_range but has none; on 64-bit systems
     the system call takes its arguments as they are */
  return (int)syscall(__NR_sync_file_range, fd, (long)from, 0L, (long)SYNC_FILE_RANGE_WRITE);
#else
  (void)fd; (void)from;
  errno = ENOSYS;
  return -1;
#endif
}

static void writeback_start(struct logdir *d)
{
  if (d->queued == NO_WRITEBACK || d->size - d->queued < WRITEBACK_AHEAD) return;
  if (writeback_call(d->fdcur, d->queued) == -1)
    d->queued = NO_WRITEBACK;
  else
    d->queued = d->size;
}

static void dir_flush(struct logdir *d)
{
  size_t n = d->obp;
  d->obp = 0;
  if (n) dir_write(d, d->ob, n);
}

static int open_current(struct logdir *d)
{
  return openat(d->fddir, "current",
                O_WRONLY | O_NONBLOCK | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
}

/* the label one microsecond after label (runit's names all end in 500
   nanoseconds) */
static void label_next(char *out, const char *label)
{
  char packed[TAIN_PACK];
  struct tain t;
  int i;
  for (i = 0; i < TAIN_PACK; ++i) {
    char h = label[1 + 2 * i], l = label[2 + 2 * i];
    packed[i] = (char)(((h <= '9' ? h - '0' : h - 'a' + 10) << 4) | (l <= '9' ? l - '0' : l - 'a' + 10));
  }
  tain_unpack(packed, &t);
  t.nano += 1000;
  if (t.nano >= 1000000000) { t.nano -= 1000000000; ++t.sec; }
  tain_label(out, &t);
}

/* A fresh rotated name in d->pname; -1 if svlogd gave up finding one.
   Names keep the order files were made in, which the n limit and every
   reader of `@*` go by: a name is never below one already there (the
   clock stepped back, or files named in the future): then it is the
   newest name there plus a microsecond, not the time. */
static int new_name(struct logdir *d, char suffix)
{
  struct stat st;
  for (;;) {
    struct tain t;
    tain_now(&t);
    tain_label(d->pname, &t);
    if (d->newest[0] == '@' && memcmp(d->pname, d->newest, TAIN_LABEL) <= 0)
      label_next(d->pname, d->newest);
    memcpy(d->newest, d->pname, TAIN_LABEL);
    d->newest[TAIN_LABEL] = 0;
    d->pname[TAIN_LABEL] = '.'; d->pname[NAME_SUFFIX] = suffix; d->pname[NAME_LEN] = 0;
    if (fstatat(d->fddir, d->pname, &st, AT_SYMLINK_NOFOLLOW) != -1) continue;
    if (errno == ENOENT) return 0;
    /* (runit tries again at once: a busy loop, e.g. on EACCES) */
    if (pausing("unable to stat new logfile name", d)) return -1;
  }
}

static void rmoldest(struct logdir *d, const char *protect)
{
  char oldest[NAME_LEN + 1];
  unsigned long n = scan_old(d, 1, 0, protect, oldest);
  if (d->conf.nmax && n > d->conf.nmax && oldest[0] == '@') {
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
  if (d->fddir == -1) return;       /* the flush gave it up */
  if (d->conf.tmax) {
    uint64_t now = clock_ms();
    if (d->trotate <= now) d->trotate = now + (uint64_t)d->conf.tmax * 1000;
  }
  if (!d->size) return;
  if (d->ppid || d->prestart) processor_wait(d);
  if (new_name(d, d->conf.processor ? 'u' : 's') == -1) goto drop;
  while (fsync(d->fdcur) == -1)
    if (pausing("unable to fsync current logfile", d)) goto drop;
  while (fchmod(d->fdcur, 0744) == -1)
    if (pausing("unable to set mode of current", d)) goto drop;
  close(d->fdcur);
  d->fdcur = -1;
  num[fmt_ulong(num, (unsigned long)d->size)] = 0;
  info("rename: ", d->name, "/current ", d->pname, " ", num);
  while (renameat(d->fddir, "current", d->fddir, d->pname) == -1)
    if (pausing("unable to rename current", d)) goto drop;
  while ((d->fdcur = open_current(d)) == -1)
    if (pausing("unable to create new current", d)) goto drop;
  d->size = d->queued = 0;
  while (fchmod(d->fdcur, 0644) == -1)
    if (pausing("unable to set mode of current", d)) goto drop;
  /* runit 2.3.0: the .u about to be processed is never the one deleted */
  rmoldest(d, d->conf.processor ? d->pname : 0);
  d->pfailed = 0;
  processor_start(d);
  return;
drop:
  logdir_drop(d, 0);
}

/* Append to the current file, applying runit's size rule for each write:
   rotate before writing once size reaches s, and never let a file grow
   past s (the rest of the line goes to the next file). */
static void dir_put(struct logdir *d, const char *s, size_t n)
{
  while (n) {
    size_t k;
    /* a directory given up, or not reopened after SIGHUP in the middle
       of a line, gets nothing: the others must not wait for it */
    if (d->fddir == -1) return;
    k = logline_fit(d->size, d->conf.sizemax, n);
    if (!k) { rotate(d); continue; }  /* (which empties current or gives d up) */
    if (k > d->obn - d->obp) {
      dir_flush(d);
      if (d->fddir == -1) return;
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
  if (logline_full(d->size, d->conf.sizemax, lines.max)) rotate(d);
}

/* ---- one line ---------------------------------------------------- */

#define dir_puts(d, s) dir_put((d), (s), sizeof (s) - 1)

static void udp_send(struct logdir *d, const char *stamp, const char *h, size_t hlen, int more)
{
  struct iovec iov[5];
  struct msghdr m;
  size_t total = 0;
  int n = 0, i;
  if (stamp) { iov[n].iov_base = (char *)stamp; iov[n++].iov_len = STAMP_LEN; }
  if (d->conf.prefixlen) { iov[n].iov_base = (char *)d->conf.prefix; iov[n++].iov_len = d->conf.prefixlen; }
  iov[n].iov_base = (char *)h; iov[n++].iov_len = hlen;
  if (more) { iov[n].iov_base = "..."; iov[n++].iov_len = 3; }
  iov[n].iov_base = "\n"; iov[n++].iov_len = 1;
  for (i = 0; i < n; ++i) total += iov[i].iov_len;
  if (d->fdudp == -1) {
    d->fdudp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (d->fdudp == -1) {
      dir_puts(d, "warning: no udp socket available: ");
      goto copy;
    }
  }
  memset(&m, 0, sizeof m);
  m.msg_name = &d->conf.udpaddr;
  m.msg_namelen = sizeof d->conf.udpaddr;
  m.msg_iov = iov;
  m.msg_iovlen = (size_t)n;
  if (sendmsg(d->fdudp, &m, MSG_NOSIGNAL) == (ssize_t)total) return;
  dir_puts(d, "warning: failure sending through udp: ");
copy:
  for (i = 0; i < n - 1; ++i) dir_put(d, iov[i].iov_base, iov[i].iov_len);
  dir_eol(d);
}

/* The first min(len, -l) bytes of a line, as read (see logline.h) */
static void line_head(void *ctx, const char *h, size_t len, int more, int carried)
{
  const char *stamp = timestamp ? carried ? carry_stamp : stamp_get() : 0;
  unsigned i;
  (void)ctx;
  if (replace) {
    size_t j;
    for (j = 0; j < len; ++j) linebuf[j] = (char)replmap[(unsigned char)h[j]];
    h = linebuf;
  }
  for (i = 0; i < dirn; ++i) {
    struct logdir *d = &dir[i];
    int sel;
    d->sel = 0;
    if (d->fddir == -1) continue;
    sel = d->conf.inst != d->conf.instend ? logconf_match(&d->conf, h, len) : LOGCONF_KEEP;
    if (sel & LOGCONF_ALERT) {
      if (stamp) buf_put(&errb, stamp, STAMP_LEN);
      buf_put(&errb, d->conf.prefix, d->conf.prefixlen);
      buf_put(&errb, h, len);
      if (more) buf_put(&errb, "...", 3);
      buf_put(&errb, "\n", 1);
    }
    if (!(sel & LOGCONF_KEEP)) continue;
    if (d->conf.udp) udp_send(d, stamp, h, len, more);
    if (d->conf.udponly) continue;
    d->sel = 1;
    if (stamp) dir_put(d, stamp, STAMP_LEN);
    if (d->conf.prefixlen) dir_put(d, d->conf.prefix, d->conf.prefixlen);
    dir_put(d, h, len);
  }
}

static void line_tail(void *ctx, const char *s, size_t n)
{
  unsigned i;
  (void)ctx;
  for (i = 0; i < dirn; ++i)
    if (dir[i].sel) dir_put(&dir[i], s, n);
}

static void line_end(void *ctx)
{
  unsigned i;
  (void)ctx;
  for (i = 0; i < dirn; ++i)
    if (dir[i].sel) { dir_eol(&dir[i]); dir[i].sel = 0; }
}

static const struct logline_ops line_ops = { line_head, line_tail, line_end };

static void flush_all(void)
{
  unsigned i;
  for (i = 0; i < dirn; ++i)
    if (dir[i].fddir != -1) {
      dir_flush(&dir[i]);
      if (dir[i].fdcur != -1) writeback_start(&dir[i]);
    }
  errb_flush();
}

/* inbuf[0..end) was read, its first `have` bytes an incomplete line kept
   from before: log every line it completes.  Returns the length of the
   incomplete line it leaves at the start of inbuf; a line begun in this
   read keeps this read's stamp. */
static size_t lines_split(size_t have, size_t end)
{
  size_t rest = logline_split(&lines, inbuf, have, end, &line_ops, 0);
  if (rest && timestamp && !(rest == end && have))
    memcpy(carry_stamp, stamp_get(), STAMP_LEN);
  return rest;
}

/* ---- opening and closing log directories ------------------------- */

/* keep_lock: SIGHUP, the directory is opened again at once and its lock
   kept (see logdir_open) */
static void logdir_close(struct logdir *d, int keep_lock)
{
  if (d->fddir == -1) return;
  info("close: ", d->name);
  dir_flush(d);                     /* (which may give it up) */
  if (d->fdcur != -1) {
    while (fsync(d->fdcur) == -1)
      if (pausing("unable to fsync current logfile", d)) break;
    while (fchmod(d->fdcur, 0744) == -1)
      if (pausing("unable to set mode of current", d)) break;
    close(d->fdcur);
    d->fdcur = -1;
  }
  if (d->fdudp != -1) { close(d->fdudp); d->fdudp = -1; }
  if (d->fdlock != -1 && !keep_lock) { close(d->fdlock); d->fdlock = -1; }
  if (d->fddir != -1) close(d->fddir);
  d->fddir = -1;
  d->conf.processor = 0;
}

static const char *conf_dir;     /* whose config is being read */
static void conf_bad(const char *what, const char *text)
{
  if (what == logconf_unknown) warn(what, conf_dir, "/config: ", text);
  else warn(what, text);
}

/* the config file, read into the arena (half of what is left: the other
   half is for the pattern lines logconf_parse copies) */
static void read_config(struct logdir *d)
{
  size_t room = CONF_ARENA - confarena_used, len = 0;
  char *s = confarena + confarena_used;
  int fd = openat(d->fddir, "config", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1) {
    if (errno != ENOENT) warnsys("unable to read config", ": ", d->name);
    return;
  }
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
  conf_dir = d->name;
  confarena_used += logconf_parse(&d->conf, s, len, conf_bad);
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
  while (fchdir(fdwdir) == -1)
    if (pausing("unable to change directory, want main", 0))
      msg_diesys(111, "unable to change directory, want main");
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
  logconf_default(&d->conf);
  d->fdudp = -1;
  read_config(d);
  if (d->conf.tmax) d->trotate = clock_ms() + (uint64_t)d->conf.tmax * 1000;

  {
    /* the newest rotated name there, for new_name */
    char oldest[NAME_LEN + 1];
    d->newest[0] = 0;
    scan_old(d, 0, 1, 0, oldest);
  }
  if (fstatat(d->fddir, "current", &st, 0) != -1) {
    if (st.st_size && !(st.st_mode & S_IXUSR)) {
      /* svlogd was killed: keep what it wrote as an unfinished file */
      char save[NAME_LEN + 1];
      int gaveup = 0;
      memcpy(save, d->pname, NAME_LEN + 1);
      if (new_name(d, 'u') == -1) gaveup = 1;
      else
        while (renameat(d->fddir, "current", d->fddir, d->pname) == -1)
          if (pausing("unable to rename current", d)) { gaveup = 1; break; }
      if (!gaveup) rmoldest(d, d->ppid || d->prestart ? save : 0);
      memcpy(d->pname, save, NAME_LEN + 1);
      if (gaveup) goto fail;
    } else {
      d->size = (unsigned long long)st.st_size;
      isnew = 0;
    }
  } else if (errno != ENOENT) {
    warnsys("unable to stat current", ": ", fn);
    goto fail;
  }
  while ((d->fdcur = open_current(d)) == -1)
    if (pausing("unable to open current", d)) goto fail;
  d->queued = d->size;
  while (fchmod(d->fdcur, 0644) == -1)
    if (pausing("unable to set mode of current", d)) goto fail;
  if (isnew) info("new: ", fn, "/current");
  else info("append: ", fn, "/current");
  return 1;
fail:
  if (d->fdcur != -1) close(d->fdcur);
  close(d->fdlock); close(d->fddir);
  d->fdcur = d->fddir = d->fdlock = -1;
  return 0;
}

static void logdirs_reopen(char **names)
{
  unsigned i;
  int ok = 0;
  confarena_used = 0;
  for (i = 0; i < dirn; ++i) logdir_close(&dir[i], 1);
  for (i = 0; i < dirn; ++i)
    if (logdir_open(&dir[i], names[i])) ok = 1;
  if (!ok) { errb_flush(); msg_die(111, "no functional log directories."); }
}

/* ---- input ------------------------------------------------------- */

/* At least once: from a pipe (as from runsv) svlogd takes a copy of what
   is there with tee(2), which leaves it in the pipe, and consumes only
   what every directory was given (written, or given up with a warning):
   killed in between, the next svlogd reads those lines again, so a kill
   duplicates at most one block.  A copy takes tee into peekp, then read
   from it; consuming is a splice into /dev/null.  Other input is read.
   While a directory fails, blocks are of READ_FAILING bytes, so that a
   kill then loses (other input) or duplicates (a pipe) little. */
static int peekp[2] = { -1, -1 };
static int fdnull = -1;
static int peeking;

static void input_init(void)
{
  struct stat st;
  if (fstat(0, &st) == -1 || !S_ISFIFO(st.st_mode)) return;
  if (pipe2(peekp, O_CLOEXEC | O_NONBLOCK) == -1) return;
  fdnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (fdnull == -1) { close(peekp[0]); close(peekp[1]); return; }
  /* What is being logged stays in the input pipe until it is written, so
     in a pipe of the default 64 KiB the writer would wait for each block
     to be logged before it could write the next: the pipe is made
     PIPE_SIZE large, and a copy is TEE_MAX at most, so the writer has
     room while a block is logged (and a kill duplicates little). */
  {
    int sz = fcntl(0, F_GETPIPE_SZ);
    if (sz != -1 && sz < PIPE_SIZE) fcntl(0, F_SETPIPE_SZ, PIPE_SIZE);
  }
  peeking = 1;
}

static void input_nopeek(void)
{
  close(peekp[0]); close(peekp[1]); close(fdnull);
  peekp[0] = peekp[1] = fdnull = -1;
  peeking = 0;
}

/* up to room bytes of input into s: -1 with errno, 0 at the end */
static ssize_t input_get(char *s, size_t room)
{
  ssize_t r, got = 0;
  if (failing && room > READ_FAILING) room = READ_FAILING;
  if (!peeking) return read(0, s, room);
  if (room > TEE_MAX) room = TEE_MAX;
  r = tee(0, peekp[1], room, SPLICE_F_NONBLOCK);
  if (r == -1 && errno == EINVAL) { input_nopeek(); return read(0, s, room); }
  if (r <= 0) return r;
  while (got < r) {
    ssize_t k = read(peekp[0], s + got, (size_t)(r - got));
    if (k > 0) { got += k; continue; }
    if (k == -1 && errno == EINTR) continue;
    /* (cannot be: what tee put there is there) */
    msg_diesys(111, "unable to read the copy of standard input");
  }
  return r;
}

/* n bytes of what input_get copied are done with: consume them */
static void input_done(size_t n)
{
  while (peeking && n) {
    ssize_t k = splice(0, 0, fdnull, 0, n, SPLICE_F_NONBLOCK);
    if (k > 0) { n -= (size_t)k; continue; }
    if (k == -1 && errno == EINTR) continue;
    if (k == -1 && errno == EAGAIN) { pause_ms(10); continue; }  /* (cannot be) */
    break;   /* splice to /dev/null refused: read instead */
  }
  while (n) {
    ssize_t k = read(0, dents, n < sizeof dents ? n : sizeof dents);
    if (k > 0) { n -= (size_t)k; continue; }
    if (k == -1 && (errno == EINTR || errno == EAGAIN)) continue;
    warnsys("unable to read standard input");
    return;
  }
}

/* ---- main -------------------------------------------------------- */

static void usage(const char *prog) { msg_usage(111, prog, USAGE); }

/* All the large buffers in one mapping, their sizes fixed from here on;
   slice: each directory's output buffer.  A failure is fatal and says
   how much was asked for (svlogd.8 states what svlogd needs). */
static void buffers_map(size_t slice)
{
  size_t in = lines.max + READ_MAX, line = replace ? lines.max : 0;
  size_t out = slice * dirn, total = in + line + out + CONF_ARENA;
  char *m = mmap(0, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) {
    char num[FMT_ULONG];
    num[fmt_ulong(num, (unsigned long)total)] = 0;
    msg_diesys(111, "unable to map ", num, " bytes for buffers");
  }
  inbuf = m; m += in;
  linebuf = m; m += line;
  outarena = m; m += out;
  confarena = m;
}

static unsigned long opt_num(const char *s)
{
  unsigned long long v = logconf_num(s);
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
    case 'l': lines.max = opt_num(sopt_arg); if (!lines.max) lines.max = 1000; break;
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
  if (buflen <= lines.max) usage(prog);
  if (lines.max > LINE_CAP) lines.max = LINE_CAP;
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
    buffers_map(slice);
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
  input_init();

  for (;;) {
    struct pollfd p[2];
    uint64_t deadline = NO_DEADLINE;
    ssize_t r;
    size_t room;
    int tmax = 0;

    for (i = 0; i < dirn; ++i) {
      if (dir[i].fddir != -1 && dir[i].conf.tmax) {
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
        if (dir[i].fddir != -1 && dir[i].conf.tmax && dir[i].trotate <= now) rotate(&dir[i]);
      errb_flush();
      continue;
    }
    if (exitasap && !have && !lines.intail) break;

    /* (signals a pause took from the selfpipe are acted on first) */
    p[0].fd = 0; p[0].events = POLLIN; p[0].revents = 0;
    p[1].fd = selfpipe_fd(); p[1].events = POLLIN; p[1].revents = 0;
    if (!sigs && poll_until(p, 2, deadline) <= 0) continue;
    if (sigs || p[1].revents) {
      unsigned long s = sigs | selfpipe_take();
      sigs = 0;
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
    r = input_get(inbuf + have, room);
    if (r == -1) {
      if (errno == EINTR || errno == EAGAIN) continue;
      warnsys("unable to read standard input");
      break;
    }
    if (r == 0) break;
    if (timestamp) { tain_now(&tnow); stampnow_ok = 0; }
    {
      unsigned long p0 = pauses;
      size_t rest = lines_split(have, have + (size_t)r);
      size_t done = have + (size_t)r - rest;  /* of inbuf, given to the dirs */
      flush_all();
      if (!peeking) have = rest;
      else if (done > have) {
        /* consumed up to the end of the last line logged: the incomplete
           line after it stays in the pipe, to be copied again */
        input_done(done - have);
        have = 0;
      } else {
        /* no line ended in this copy: take it, or the pipe would stay
           readable with nothing new (that beginning of a line is lost if
           svlogd is killed before its end comes) */
        input_done((size_t)r);
        have = rest;
      }
      failing = pauses != p0;
    }
  }
  if (peeking) input_nopeek();
  logline_finish(&lines, inbuf, have, &line_ops, 0);
  flush_all();
  for (i = 0; i < dirn; ++i) {
    processor_wait(&dir[i]);
    logdir_close(&dir[i], 0);
  }
  errb_flush();
  _exit(0);
}
