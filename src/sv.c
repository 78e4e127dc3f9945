/* sv: control and query services supervised by runsv.

   sv talks to runsv through the files in <service>/supervise/ (supervise.h):
   it probes the ok FIFO to learn whether runsv is alive, reads the 20-byte
   status record, writes control letters into the control FIFO, and, when
   asked to wait, polls the status record until every letter has taken
   effect or the time limit passes.  Results go to stdout, one line per
   service; the exit code counts the failures.

   Called through any other name (a symlink /etc/init.d/foo -> sv), sv is an
   LSB init script for the service named like the link.

   What is pure lives in the library: the command line (svcmd.c) and what
   a status record says, the status line and whether the letters have
   taken effect (svrecord.c).  This file does the I/O: the FIFOs, the
   record, ./down and ./check, the wait loop and its clock. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "buf.h"
#include "clock.h"
#include "err.h"
#include "fmt.h"
#include "msg.h"
#include "open.h"
#include "profile.h"
#include "supervise.h"
#include "svcmd.h"
#include "svrecord.h"
#include "tai.h"
#include "wait.h"

#define USAGE " [-v] [-w sec] command service ..."
#define USAGE_LSB " [-w sec] command"
#define USAGE_JSON " [-w sec] -o json status service ..."

/* exit codes: sv's, and an init script's as the LSB defines them */
#define EXIT_USAGE 100
#define EXIT_FATAL 100
#define FAILURES_MAX 99     /* the exit code counts failures up to this */
#define LSB_USAGE 2
#define LSB_FATAL 151
#define LSB_RUNNING 0
#define LSB_NOT_RUNNING 3
#define LSB_UNKNOWN 4

/* poll intervals: at least 1 ms, at most half the time waited so far
   (a change is seen at most 50% late), at most 420 ms (runit's) */
#define POLL_FIRST_MS 1
#define POLL_LATE_DIV 2
#define POLL_MAX_MS 420

/* the supervisor is not there yet: keep waiting (a quiet probe's answer) */
#define NOTYET (-2)

/* per-service progress through the wait loop */
enum { SVC_DROPPED, SVC_PENDING, SVC_WAITING };
/* (36 bytes: one per argument, on the stack, as many as fit in argv) */
struct svc {
  unsigned char state;      /* SVC_* */
  unsigned char sent;       /* letters written to control, 0 if none */
  char start[TAIN_PACK];    /* the record's start just before, packed */
  struct svrecord_run run;  /* the ./run they wait for */
};

extern char **environ;

static struct sv_cmd cmd;       /* the command line */
static const char *svdir = SV_DEFAULT_SVDIR;

static const char *service;     /* the one being handled, as given */
static int islog;               /* messages name <service>/log */
static unsigned long rc;        /* failures so far */
static int curdir = -1;
static struct tain tnow;
static char svstatus[SV_STATUS_LEN]; /* the last status record read */
static struct stat svstatus_st;      /* its file, as fstat(2) saw it */
static struct sv_xstatus svx;        /* its xstatus record, if hasx */
static int hasx;

static void done(int e) __attribute__((noreturn));
static void done(int e)
{
  buf_flush(&buf_1);
  _exit(e);
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
  msg_usage(cmd.lsb ? LSB_USAGE : EXIT_USAGE, cmd.prog,
            cmd.lsb ? USAGE_LSB : cmd.output ? USAGE_JSON : USAGE);
}

/* "<kind><service>[/log]: <m>[: <error>]" on stdout; with -o json
   {"name":"<service>[/log]","error":"<m>[: <error>]"} */
static void out(const char *kind, const char *m, int e)
{
  if (cmd.json) {
    svrecord_json_error(&buf_1, service, islog, m, e ? err_str(e) : 0);
    buf_putsflush(&buf_1, "\n");
    return;
  }
  buf_puts(&buf_1, kind);
  buf_puts(&buf_1, service);
  if (islog) buf_puts(&buf_1, "/log");
  buf_puts(&buf_1, ": ");
  buf_puts(&buf_1, m);
  if (e) {
    buf_puts(&buf_1, ": ");
    buf_puts(&buf_1, err_str(e));
  }
  buf_putsflush(&buf_1, "\n");
}
static void fail(const char *m, int e) { ++rc; out("fail: ", m, e); }
static void warn(const char *m, int e) { ++rc; out("warning: ", m, e); }

/* runit's own name rule: a plain name lives in the services directory;
   anything starting with / or ., ending with /, or empty is a path. */
static int svchdir(const char *s)
{
  size_t n = strlen(s);
  if (n && s[0] != '/' && s[0] != '.' && s[n - 1] != '/')
    return chdir(svdir) == -1 || chdir(s) == -1 ? -1 : 0;
  return chdir(s);
}

/* Is fd a FIFO?  (0 also when it cannot be told) */
static int is_fifo(int fd)
{
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* a service directory that could not be entered: a plain name says
   where it was looked for (runit names only the service) */
static void fail_chdir(void)
{
  int e = errno;
  size_t n = strlen(service);
  if (n && service[0] != '/' && service[0] != '.' && service[n - 1] != '/') {
    char m[sizeof "unable to change to service directory " + PATH_MAX];
    size_t d = strlen(svdir), k = fmt_str(m, "unable to change to service directory ");
    if (d + n + 1 < PATH_MAX) {
      k += fmt_str(m + k, svdir);
      if (d && svdir[d - 1] != '/') m[k++] = '/';
      k += fmt_str(m + k, service);
      m[k] = 0;
      fail(m, e);
      return;
    }
  }
  fail("unable to change to service directory", e);
}

/* Probe the supervisor and read its status record into svstatus.
   1: read; 0: runsv not running (reported); -1: trouble (reported).
   With quiet set, a supervisor that is not there yet (no supervise/ok or
   status, or nobody reading ok) gives NOTYET and prints nothing. */
static int svstatus_get(int quiet)
{
  ssize_t r;
  int e;
  int fd = open_write(SV_OK);
  if (fd == -1) {
    if (errno == ENXIO) {
      if (*cmd.letters == SV_CTL_EXIT) { out("ok: ", "runsv not running", 0); return 0; }
      if (quiet) return NOTYET;
      fail("runsv not running", 0);
      return 0;
    }
    if (quiet && errno == ENOENT) return NOTYET;
    warn("unable to open supervise/ok", errno);
    return -1;
  }
  /* a regular file opens whether or not a runsv is there */
  if (!is_fifo(fd)) {
    close(fd);
    warn("supervise/ok is not a fifo", 0);
    return -1;
  }
  close(fd);
  if ((fd = open_read(SV_STATUS)) == -1) {
    if (quiet && errno == ENOENT) return NOTYET;
    warn("unable to open supervise/status", errno);
    return -1;
  }
  r = read(fd, svstatus, sizeof svstatus);
  e = errno;
  if (r == (ssize_t)sizeof svstatus && fstat(fd, &svstatus_st) == -1) r = -1, e = errno;
  close(fd);
  if (r == (ssize_t)sizeof svstatus) return 1;
  if (r == -1) warn("unable to read supervise/status", e);
  else warn("unable to read supervise/status: bad format", 0);
  return -1;
}

/* Read up to n bytes of file fn into b, and what fstat(2) says of it:
   the bytes read, -1 on trouble. */
static ssize_t readfile(const char *fn, char *b, size_t n, struct stat *st)
{
  ssize_t r;
  int fd = open_read(fn);
  if (fd == -1) return -1;
  r = read(fd, b, n);
  if (r >= 0 && fstat(fd, st) == -1) r = -1;
  close(fd);
  return r;
}

/* The xstatus record that goes with the status record just read, into
   svx (hasx); none from runit's runsv.  Ours writes xstatus just before
   status, so a reader can find it one update ahead (runsv between its
   two renames): then both are read again after 1, 2, 4 ... ms, about
   half a second at most; status may change meanwhile.  An xstatus older
   than status is an earlier runsv's, left beside one that writes none. */
static void xstatus_get(void)
{
  char b[SV_XSTATUS_LEN], st[SV_STATUS_LEN];
  struct sv_status s;
  struct stat xst;
  unsigned long ms;
  hasx = 0;
  for (ms = 1;; ms *= 2) {
    ssize_t r = readfile(SV_XSTATUS, b, sizeof b, &xst);
    if (r < 0 || sv_xstatus_decode(&svx, b, (size_t)r) == -1) return;
    sv_status_decode(&s, svstatus, sizeof svstatus);
    if (sv_xstatus_matches(&svx, &s)) { hasx = 1; return; }
    if (ms > 256 || !sv_xstatus_ahead(&xst, &svstatus_st)) return;
    clock_sleep_ms(ms);
    if (readfile(SV_STATUS, st, sizeof st, &svstatus_st) != (ssize_t)sizeof st) return;
    memcpy(svstatus, st, sizeof st);
  }
}

/* Is there no ./down?  1 or 0; -1 on trouble (reported: on stderr, or
   with -o json as the service's error object, a failure). */
static int normally_up(void)
{
  struct stat st;
  int e;
  if (stat("down", &st) == 0) return 0;
  if ((e = errno) == ENOENT) return 1;
  if (cmd.json) {
    fail("unable to stat down", e);
    return -1;
  }
  buf_flush(&buf_1);
  msg_warn("unable to stat ", service, "/down: ", err_str(e));
  return -1;
}

/* One status part of the record read last (svrecord_status), named m.
   Returns SVRECORD_RUNNING or SVRECORD_NOPROCESS, 0 on trouble. */
static int svstatus_print(const char *m)
{
  struct sv_status s;
  int normallyup = normally_up();
  if (normallyup == -1) return 0;
  sv_status_decode(&s, svstatus, sizeof svstatus);
  return svrecord_status(&buf_1, &s, m, normallyup, tnow.sec);
}

/* The same as a JSON object on a line of its own (-o json) */
static void svstatus_json(void)
{
  struct sv_status s;
  int normallyup = normally_up();
  if (normallyup == -1) return;
  xstatus_get();
  sv_status_decode(&s, svstatus, sizeof svstatus);
  svrecord_json(&buf_1, service, islog, &s, hasx ? &svx : 0, normallyup);
  buf_puts(&buf_1, "\n");
}

/* sv -o json status: the main object, then the log's if there is one */
static void status_json(void)
{
  if (svstatus_get(0) <= 0) return;
  svstatus_json();
  islog = 1;
  if (chdir("log") == -1) {
    if (errno != ENOENT) warn("unable to change directory", errno);
  } else if (svstatus_get(0) > 0)
    svstatus_json();
  islog = 0;
  buf_flush(&buf_1);
}

/* sv status: the main part, then "; " and the log part if there is one.
   In LSB mode the exit code comes from the main service alone (as runit
   2.3.0 does; 2.1.2 let the log's status overwrite it). */
static void status(void)
{
  int r = svstatus_get(0);
  int m, e;
  if (r == -1 && cmd.lsb) done(LSB_UNKNOWN);
  if (r <= 0) return;
  m = svstatus_print(service);
  islog = 1;
  if (chdir("log") == -1) {
    e = errno;
    if (e != ENOENT) {
      buf_puts(&buf_1, "; ");
      warn("unable to change directory", e);
    }
    else buf_puts(&buf_1, "\n");
  }
  else {
    buf_puts(&buf_1, "; ");
    /* after a warning runit prints the main record again as the log's:
       the warning (or fail) line is all we say */
    if (svstatus_get(0) > 0) {
      svstatus_print("log");
      buf_puts(&buf_1, "\n");
    }
  }
  islog = 0;
  buf_flush(&buf_1);
  if (cmd.lsb)
    done(m == SVRECORD_RUNNING ? LSB_RUNNING
         : m == SVRECORD_NOPROCESS ? LSB_NOT_RUNNING : LSB_UNKNOWN);
}

/* ./check: absent passes; otherwise it passes when it exits 0.  A check
   that cannot be executed passes too (runit's rule), with a warning.
   (ctx: unused; svrecord_done's operation) */
static int checkscript(void *ctx)
{
  struct stat st;
  pid_t pid;
  int w, e;
  (void)ctx;
  if (stat("check", &st) == -1) {
    if ((e = errno) == ENOENT) return 1;
    buf_flush(&buf_1);
    msg_warn("unable to stat ", service, "/check: ", err_str(e));
    return 0;
  }
  buf_flush(&buf_1);
  if ((pid = fork()) == -1) {
    msg_warn("unable to fork for ", service, "/check: ", err_str(errno));
    return 0;
  }
  if (!pid) {
    char *argv[2];
    argv[0] = (char *)"./check";
    argv[1] = 0;
    close(1);
    execve("check", argv, environ);
    msg_warn("unable to run ", service, "/check: ", err_str(errno));
    _exit(0);
  }
  if (wait_pid(pid, &w) == -1) {
    msg_warn("unable to wait for child ", service, "/check: ", err_str(errno));
    return 0;
  }
  /* a check killed by a signal has exit code 0 for runit: it passes */
  return WEXITSTATUS(w) == 0;
}

/* Letters in the FIFO that runsv has not read yet; -1 if unknown. */
static int unread(int fd)
{
  int n = 0;
  if (ioctl(fd, FIONREAD, &n) == -1) return -1;
  return n;
}

/* The same for the service's control FIFO; 0 when it cannot be told
   (runsv just went away, or the FIFO is not ours to open). */
static int control_unread(void)
{
  int n, fd = open_write(SV_CONTROL);
  if (fd == -1) return 0;
  n = unread(fd);
  close(fd);
  return n < 0 ? 0 : n;
}

/* the letters that wait for a ./run to be up (and ready) */
static const char upletters[] = { SV_CTL_UP, SV_CTL_TERM, SV_CTL_KILL, SV_LETTER_CHECK, 0 };

/* Has every letter taken effect?  1: yes ("ok: ..." printed), 0: not yet,
   -1: give up (reported), NOTYET: no supervisor yet (quiet only).
   With last set the limit has passed: this is the final look. */
static int check(const char *a, int quiet, struct svc *v, int last)
{
  struct sv_status s;
  int rerun;
  int r = svstatus_get(quiet);
  if (r == NOTYET || r == -1) return r;
  if (r == 0) return *a == SV_CTL_EXIT ? 1 : -1;
  if (svrecord_unjudged(control_unread(), v->sent, last)) return 0;
  xstatus_get();
  sv_status_decode(&s, svstatus, sizeof svstatus);
  rerun = strpbrk(a, upletters) && svrecord_rerun(hasx ? &svx : 0, v->start, &v->run);
  r = svrecord_done(&s, hasx ? &svx : 0, a, v->start, checkscript, 0);
  if (r == SVRECORD_DIED || (!r && rerun)) {
    fail("./run ended before it was ready", 0);
    return -1;
  }
  if (!r) return 0;
  buf_puts(&buf_1, "ok: ");
  svstatus_print(service);
  buf_putsflush(&buf_1, "\n");
  return 1;
}

/* Send the letters; with v, note there the record they were sent on and
   how many were written.  1: sent; 0: nothing to send; -1: trouble
   (reported); NOTYET: no supervisor yet (quiet only). */
static int control(const char *a, int quiet, struct svc *v)
{
  struct sv_status s;
  int fd, e, redundant;
  ssize_t w;
  size_t len = strlen(a);
  int r = svstatus_get(quiet);
  if (r == NOTYET) return NOTYET;
  if (r <= 0) return -1;
  sv_status_decode(&s, svstatus, sizeof svstatus);
  if (v) {
    tain_pack(v->start, &s.start);
    v->sent = 0;
    memset(&v->run, 0, sizeof v->run);
  }
  redundant = svrecord_redundant(&s, *a);
  if ((fd = open_write(SV_CONTROL)) == -1) {
    e = errno;
    if (redundant) return 0;
    if (e == ENXIO) {
      if (*a == SV_CTL_EXIT) out("ok: ", "runsv not running", 0);
      else if (quiet) return NOTYET;
      else fail("runsv not running", 0);
    }
    else warn("unable to open supervise/control", e);
    return -1;
  }
  /* letters written into a regular file would vanish unread */
  if (!is_fifo(fd)) {
    close(fd);
    warn("supervise/control is not a fifo", 0);
    return -1;
  }
  /* unread letters may not show in the record yet: then none is redundant */
  if (redundant && unread(fd) == 0) { close(fd); return 0; }
  w = write(fd, a, len);
  e = errno;
  close(fd);
  if (w != (ssize_t)len) {
    warn("unable to write to supervise/control", w == -1 ? e : 0);
    return -1;
  }
  if (v) v->sent = (unsigned char)len;
  return 1;
}

static void back(void)
{
  if (fchdir(curdir) == -1) {
    buf_flush(&buf_1);
    msg_diesys(cmd.lsb ? LSB_FATAL : EXIT_FATAL, "unable to change to original directory");
  }
}

/* The limit has passed for a service still unfinished: report it. */
static void expire(int state)
{
  if (state == SVC_PENDING) {
    /* no supervisor came: what runit would have said at once */
    if (svstatus_get(0) <= 0) return;
  }
  buf_puts(&buf_1, cmd.kill_on_timeout ? "kill: " : "timeout: ");
  if (state == SVC_PENDING || svstatus_get(0) > 0) {
    svstatus_print(service);
    ++rc;
  }
  buf_putsflush(&buf_1, "\n");
  if (cmd.kill_on_timeout && state == SVC_WAITING) control("k", 0, 0);
}

/* Poll every service still unfinished until each is done or the limit
   passes.  The interval grows with the time waited, from 1 ms to runit's
   420 ms, so a fast stop is seen within a millisecond or two (a stage 3
   stopping every service waits for exactly this) and ./check runs stay
   few. */
static void wait_loop(char **svc, unsigned n, struct svc *v)
{
  uint64_t start = clock_ms();
  uint64_t limit = cmd.waitsec > UINT64_MAX / 2000 ? NO_DEADLINE : cmd.waitsec * 1000;
  uint64_t interval;
  for (;;) {
    uint64_t now = clock_ms(), next;
    uint64_t elapsed = now - start;
    int last = limit != NO_DEADLINE && elapsed > limit;
    unsigned i, left = 0;
    for (i = 0; i < n; ++i) {
      int r = 0;
      if (v[i].state == SVC_DROPPED) continue;
      service = svc[i];
      if (svchdir(service) == -1) {
        fail_chdir();
        v[i].state = SVC_DROPPED;
        back();
        continue;
      }
      if (v[i].state == SVC_PENDING && cmd.act == SV_ACT_CONTROL) {
        r = control(cmd.letters, 1, &v[i]);
        if (r == -1) v[i].state = SVC_DROPPED;
        else if (r != NOTYET) v[i].state = SVC_WAITING;
      }
      if (v[i].state == SVC_PENDING && cmd.act == SV_ACT_CHECK) {
        r = check(cmd.letters, 1, &v[i], last);
        if (r != NOTYET) v[i].state = r ? SVC_DROPPED : SVC_WAITING;
      }
      else if (v[i].state == SVC_WAITING) {
        if (check(cmd.letters, 0, &v[i], last) != 0) v[i].state = SVC_DROPPED;
      }
      if (v[i].state != SVC_DROPPED && last) {
        expire(v[i].state);
        v[i].state = SVC_DROPPED;
      }
      if (v[i].state != SVC_DROPPED) ++left;
      back();
    }
    if (!left) return;
    now = clock_ms();
    interval = (now - start) / POLL_LATE_DIV;
    if (interval < POLL_FIRST_MS) interval = POLL_FIRST_MS;
    if (interval > POLL_MAX_MS) interval = POLL_MAX_MS;
    next = now + interval;
    /* wake just after the limit rather than up to an interval later */
    if (limit != NO_DEADLINE && start + limit + 1 > now && start + limit + 1 < next)
      next = start + limit + 1;
    clock_sleep_ms((unsigned long)(next - now));
    tain_now(&tnow);
  }
}

int main(int argc, char **argv)
{
  const char *x;
  char **svc;
  unsigned n, i;

  if ((x = getenv("SVDIR"))) svdir = x;
  switch (sv_options(&cmd, argc, argv, getenv("SVWAIT"))) {
  case 0: break;
  case 'V': msg_info(VERSION); usage();
  default: usage();
  }
  svc = cmd.services;
  n = cmd.n;

  tain_now(&tnow);
  if ((curdir = open_read(".")) == -1)
    msg_diesys(cmd.lsb ? LSB_FATAL : EXIT_FATAL, "unable to open current directory");
  if (sv_command(&cmd) == -1) usage();

  {
    struct svc v[n];
    memset(v, 0, sizeof v);
    for (i = 0; i < n; ++i) {
      service = svc[i];
      v[i].state = SVC_DROPPED;
      if (svchdir(service) == -1)
        fail_chdir();
      else if (cmd.act == SV_ACT_STATUS)
        cmd.json ? status_json() : status();
      else if (cmd.act == SV_ACT_CHECK)
        v[i].state = SVC_PENDING;
      else {
        /* with a limit to wait within, a supervisor not started yet is
           waited for by the commands that bring a service up; the others
           fail at once, so a stage 3 stopping everything never waits on
           a service that has no supervisor */
        int up = strchr(cmd.letters, SV_CTL_UP) || strchr(cmd.letters, SV_CTL_ONCE);
        int r = control(cmd.letters, cmd.waiting && up, &v[i]);
        v[i].state = r == NOTYET ? SVC_PENDING : r == -1 ? SVC_DROPPED : SVC_WAITING;
      }
      back();
    }
    if (cmd.waiting) wait_loop(svc, n, v);
  }
  done(rc > FAILURES_MAX ? FAILURES_MAX : (int)rc);
  return 0;
}
