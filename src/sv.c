/* sv: control and query services supervised by runsv.

   sv talks to runsv through the files in <service>/supervise/ (supervise.h):
   it probes the ok FIFO to learn whether runsv is alive, reads the 20-byte
   status record, writes control letters into the control FIFO, and, when
   asked to wait, polls the status record until every letter has taken
   effect or the time limit passes.  Results go to stdout, one line per
   service; the exit code counts the failures.

   Called through any other name (a symlink /etc/init.d/foo -> sv), sv is an
   LSB init script for the service named like the link. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "clock.h"
#include "err.h"
#include "msg.h"
#include "open.h"
#include "profile.h"
#include "sgetopt.h"
#include "str.h"
#include "supervise.h"
#include "tai.h"
#include "wait.h"

#define USAGE " [-v] [-w sec] command service ..."
#define USAGE_LSB " [-w sec] command"

/* first poll interval and its ceiling (runit polls every 420 ms) */
#define POLL_FIRST_MS 2
#define POLL_MAX_MS 420

/* the supervisor is not there yet: keep waiting (a quiet probe's answer) */
#define NOTYET (-2)

/* per-service progress through the wait loop */
enum { SVC_DROPPED, SVC_PENDING, SVC_WAITING };

extern char **environ;

static const char *progname;
static int lsb;                 /* called as an init script */
static const char *svdir = SV_DEFAULT_SVDIR;
static unsigned long waitsec = SV_DEFAULT_WAIT;
static int waiting;             /* wait for the command to take effect */
static int kill_on_timeout;     /* force-*: send k when the wait expires */
static enum { ACT_CONTROL, ACT_STATUS, ACT_NONE } act = ACT_CONTROL;
static const char *acts;        /* letters sent and waited for; "C": check */
static char letter[2];

static const char *service;     /* the one being handled, as given */
static int islog;               /* messages name <service>/log */
static unsigned long rc;        /* failures so far */
static int curdir = -1;
static struct tain tstart, tnow;
static char svstatus[SV_STATUS_LEN]; /* the last status record read */

static void done(int e) __attribute__((noreturn));
static void done(int e)
{
  buf_flush(&buf_1);
  if (curdir != -1) (void)fchdir(curdir);
  _exit(e);
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
  buf_flush(&buf_1);
  msg_usage(lsb ? 2 : 100, progname, lsb ? USAGE_LSB : USAGE);
}

static void fatal(const char *m) __attribute__((noreturn));
static void fatal(const char *m)
{
  buf_flush(&buf_1);
  msg_put("fatal: ", 1, m, (char *)0);
  done(lsb ? 151 : 100);
}

/* "<kind><service>[/log]: <m>[: <error>]" on stdout */
static void out(const char *kind, const char *m, int e)
{
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

/* "warning: <what><service><file>: <error>" on stderr */
static void warn2(const char *what, const char *file, int e)
{
  buf_flush(&buf_1);
  msg_put("warning: ", 0, what, service, file, ": ", err_str(e), (char *)0);
}

/* runit's own name rule: a plain name lives in the services directory;
   anything starting with / or ., ending with /, or empty is a path. */
static int svchdir(const char *s)
{
  size_t n = strlen(s);
  if (n && s[0] != '/' && s[0] != '.' && s[n - 1] != '/')
    return chdir(svdir) == -1 || chdir(s) == -1 ? -1 : 0;
  return chdir(s);
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
      if (*acts == SV_CTL_EXIT) { out("ok: ", "runsv not running", 0); return 0; }
      if (quiet) return NOTYET;
      fail("runsv not running", 0);
      return 0;
    }
    if (quiet && errno == ENOENT) return NOTYET;
    warn("unable to open supervise/ok", errno);
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
  close(fd);
  if (r == (ssize_t)sizeof svstatus) return 1;
  if (r == -1) warn("unable to read supervise/status", e);
  else warn("unable to read supervise/status: bad format", 0);
  return -1;
}

/* The pid as runit's sv prints it: the four bytes make a signed int,
   widened to unsigned long, so 0xffffffff shows as 2^64-1. */
static unsigned long shown_pid(uint32_t pid)
{
  return (unsigned long)(long)(int32_t)pid;
}

/* One status part, "<state>: <m>: [(pid N) ]<secs>s<annotations>", no
   newline.  Returns 1 if a process runs, 2 if none, 0 on trouble. */
static int svstatus_print(const char *m)
{
  struct sv_status s;
  struct stat st;
  int normallyup = 0;
  if (stat("down", &st) == -1) {
    if (errno != ENOENT) { warn2("unable to stat ", "/down", errno); return 0; }
    normallyup = 1;
  }
  sv_status_decode(&s, svstatus, sizeof svstatus);
  switch (s.state) {
  case SV_STATE_DOWN: buf_puts(&buf_1, "down: "); break;
  case SV_STATE_RUN: buf_puts(&buf_1, "run: "); break;
  case SV_STATE_FINISH: buf_puts(&buf_1, "finish: "); break;
  }
  buf_puts(&buf_1, m);
  buf_puts(&buf_1, ": ");
  if (s.state != SV_STATE_DOWN) {
    buf_puts(&buf_1, "(pid ");
    buf_putulong(&buf_1, shown_pid(s.pid));
    buf_puts(&buf_1, ") ");
  }
  buf_putulong(&buf_1, tnow.sec < s.start.sec ? 0 : tnow.sec - s.start.sec);
  buf_puts(&buf_1, "s");
  if (s.pid && !normallyup) buf_puts(&buf_1, ", normally down");
  if (!s.pid && normallyup) buf_puts(&buf_1, ", normally up");
  if (s.pid && s.paused) buf_puts(&buf_1, ", paused");
  if (!s.pid && s.want == 'u') buf_puts(&buf_1, ", want up");
  if (s.pid && s.want == 'd') buf_puts(&buf_1, ", want down");
  if (s.pid && s.term) buf_puts(&buf_1, ", got TERM");
  return s.pid ? 1 : 2;
}

/* sv status: the main part, then "; " and the log part if there is one.
   In LSB mode the exit code comes from the main service alone (as runit
   2.3.0 does; 2.1.2 let the log's status overwrite it). */
static void status(void)
{
  int r = svstatus_get(0);
  int m, e;
  if (r == -1 && lsb) done(4);
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
    /* after a warning runit still prints the (stale) record: so do we */
    if (svstatus_get(0)) {
      svstatus_print("log");
      buf_puts(&buf_1, "\n");
    }
  }
  islog = 0;
  buf_flush(&buf_1);
  if (lsb) done(m == 1 ? 0 : m == 2 ? 3 : 4);
}

/* ./check: absent passes; otherwise it passes when it exits 0.  A check
   that cannot be executed passes too (runit's rule), with a warning. */
static int checkscript(void)
{
  struct stat st;
  pid_t pid;
  int w;
  if (stat("check", &st) == -1) {
    if (errno == ENOENT) return 1;
    warn2("unable to stat ", "/check", errno);
    return 0;
  }
  buf_flush(&buf_1);
  if ((pid = fork()) == -1) {
    warn2("unable to fork for ", "/check", errno);
    return 0;
  }
  if (!pid) {
    char *argv[2];
    argv[0] = (char *)"./check";
    argv[1] = 0;
    close(1);
    execve("check", argv, environ);
    msg_put("warning: ", 0, "unable to run ", service, "/check: ",
            err_str(errno), (char *)0);
    _exit(0);
  }
  if (wait_pid(pid, &w) == -1) {
    warn2("unable to wait for child ", "/check", errno);
    return 0;
  }
  /* a check killed by a signal has exit code 0 for runit: it passes */
  return ((w >> 8) & 255) == 0;
}

/* Has every letter taken effect?  1: yes ("ok: ..." printed), 0: not yet,
   -1: give up (reported), NOTYET: no supervisor yet (quiet only). */
static int check(const char *a, int quiet)
{
  struct sv_status s;
  int r = svstatus_get(quiet);
  char c;
  if (r == NOTYET || r == -1) return r;
  for (; *a; ++a) {
    if (r == 0) return *a == SV_CTL_EXIT ? 1 : -1;
    sv_status_decode(&s, svstatus, sizeof svstatus);
    c = *a;
    if (c == 'C') c = s.want == 'd' ? 'd' : 'u';
    switch (c) {
    case SV_CTL_EXIT:
      return 0;
    case SV_CTL_UP:
      if (!s.pid || s.state != SV_STATE_RUN) return 0;
      if (!checkscript()) return 0;
      break;
    case SV_CTL_DOWN:
      if (s.pid || s.state != SV_STATE_DOWN) return 0;
      break;
    case SV_CTL_TERM:
    case SV_CTL_KILL:
      if (!s.pid && s.want == 'd') break;
      /* restarted since sv started: whole seconds, as runit compares */
      if (tstart.sec > s.start.sec || !s.pid || s.term || !checkscript())
        return 0;
      break;
    case SV_CTL_ONCE:
      if ((!s.pid && tstart.sec > s.start.sec) || (s.pid && s.want != 'd'))
        return 0;
      break;
    case SV_CTL_PAUSE:
      if (s.pid && !s.paused) return 0;
      break;
    case SV_CTL_CONT:
      if (s.pid && s.paused) return 0;
      break;
    }
  }
  buf_puts(&buf_1, "ok: ");
  svstatus_print(service);
  buf_putsflush(&buf_1, "\n");
  return 1;
}

/* Are there letters in the control FIFO that runsv has not read yet?  Then
   the status record may not reflect them, and nothing is redundant. */
static int control_pending(int fd)
{
  int n = 0;
  if (ioctl(fd, FIONREAD, &n) == -1) return 1;
  return n > 0;
}

/* Send the letters.  1: sent; 0: nothing to send; -1: trouble (reported);
   NOTYET: no supervisor yet (quiet only). */
static int control(const char *a, int quiet)
{
  int fd, e, redundant;
  ssize_t w;
  size_t len = strlen(a);
  int r = svstatus_get(quiet);
  if (r == NOTYET) return NOTYET;
  if (r <= 0) return -1;
  /* runit skips a letter the record already shows as wanted: a 'd' after
     the TERM was sent (a 'd' after 'o' still stops it).  It never skips
     'u' here: the record may predate a 'd' still in the FIFO, and a
     repeated 'u' is harmless (void-linux/runit#33). */
  redundant = svstatus[17] == *a && *a != SV_CTL_UP
              && (*a != SV_CTL_DOWN || svstatus[18] == 1);
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
  if (redundant && !control_pending(fd)) { close(fd); return 0; }
  w = write(fd, a, len);
  e = errno;
  close(fd);
  if (w != (ssize_t)len) {
    warn("unable to write to supervise/control", w == -1 ? e : 0);
    return -1;
  }
  return 1;
}

/* scan_ulong as runit's: digits until the first non-digit, junk is 0 */
static unsigned long seconds(const char *s)
{
  unsigned long u = 0;
  while (*s >= '0' && *s <= '9') u = u * 10 + (unsigned long)(*s++ - '0');
  return u;
}

static void parse_action(const char *action)
{
  switch (*action) {
  case 'x': case 'e':
    acts = "x"; return;
  case 'X': case 'E':
    acts = "x"; kill_on_timeout = waiting = 1; return;
  case 'D':
    acts = "d"; kill_on_timeout = waiting = 1; return;
  case 'T':
    acts = "tc"; kill_on_timeout = waiting = 1; return;
  case 't':
    if (str_equal(action, "try-restart")) { acts = "tc"; waiting = 1; return; }
    break;
  case 'c':
    if (str_equal(action, "check")) {
      act = ACT_NONE; acts = "C"; waiting = 1; return;
    }
    break;
  case 'u': case 'd': case 'o': case 'p': case 'h':
  case 'a': case 'i': case 'k': case 'q': case '1': case '2':
    break;
  case 's':
    if (str_equal(action, "shutdown")) { acts = "x"; waiting = 1; return; }
    if (str_equal(action, "start")) { acts = "u"; waiting = 1; return; }
    if (str_equal(action, "stop")) { acts = "d"; waiting = 1; return; }
    if (lsb && !str_equal(action, "status")) usage();
    act = ACT_STATUS; acts = "s"; waiting = 0; return;
  case 'r':
    if (str_equal(action, "restart")) { acts = "tcu"; waiting = 1; return; }
    if (str_equal(action, "reload")) { acts = "h"; waiting = 1; return; }
    usage();
  case 'f':
    kill_on_timeout = waiting = 1;
    if (str_equal(action, "force-reload")) { acts = "tc"; return; }
    if (str_equal(action, "force-restart")) { acts = "tcu"; return; }
    if (str_equal(action, "force-shutdown")) { acts = "x"; return; }
    if (str_equal(action, "force-stop")) { acts = "d"; return; }
    usage();
  default:
    usage();
  }
  letter[0] = *action;  /* a one-letter command: only its first byte counts */
  acts = letter;
}

static void back(void)
{
  if (fchdir(curdir) == -1) fatal("unable to change to original directory");
}

/* The limit has passed for a service still unfinished: report it. */
static void expire(int state)
{
  if (state == SVC_PENDING) {
    /* no supervisor came: what runit would have said at once */
    if (svstatus_get(0) <= 0) return;
  }
  buf_puts(&buf_1, kill_on_timeout ? "kill: " : "timeout: ");
  if (state == SVC_PENDING || svstatus_get(0) > 0) {
    svstatus_print(service);
    ++rc;
  }
  buf_putsflush(&buf_1, "\n");
  if (kill_on_timeout && state == SVC_WAITING) control("k", 0);
}

/* Poll every service still unfinished until each is done or the limit
   passes.  The interval starts short and backs off to runit's 420 ms, so
   a fast stop is seen within milliseconds and ./check runs stay few. */
static void wait_loop(char **svc, unsigned n, unsigned char *state)
{
  uint64_t start = clock_ms();
  uint64_t limit = waitsec > UINT64_MAX / 2000 ? NO_DEADLINE : waitsec * 1000;
  uint64_t interval = POLL_FIRST_MS;
  for (;;) {
    uint64_t now = clock_ms(), next;
    uint64_t elapsed = now - start;
    unsigned i, left = 0;
    for (i = 0; i < n; ++i) {
      int r = 0;
      if (state[i] == SVC_DROPPED) continue;
      service = svc[i];
      if (svchdir(service) == -1) {
        fail("unable to change to service directory", errno);
        state[i] = SVC_DROPPED;
        back();
        continue;
      }
      if (state[i] == SVC_PENDING && act == ACT_CONTROL) {
        r = control(acts, 1);
        if (r == -1) state[i] = SVC_DROPPED;
        else if (r != NOTYET) state[i] = SVC_WAITING;
      }
      if (state[i] == SVC_PENDING && act == ACT_NONE) {
        r = check(acts, 1);
        if (r != NOTYET) state[i] = r ? SVC_DROPPED : SVC_WAITING;
      }
      else if (state[i] == SVC_WAITING) {
        if (check(acts, 0) != 0) state[i] = SVC_DROPPED;
      }
      if (state[i] != SVC_DROPPED && limit != NO_DEADLINE && elapsed > limit) {
        expire(state[i]);
        state[i] = SVC_DROPPED;
      }
      if (state[i] != SVC_DROPPED) ++left;
      back();
    }
    if (!left) return;
    now = clock_ms();
    next = now + interval;
    /* wake just after the limit rather than up to an interval later */
    if (limit != NO_DEADLINE && start + limit + 1 > now && start + limit + 1 < next)
      next = start + limit + 1;
    clock_sleep_ms((unsigned long)(next - now));
    if ((interval *= 2) > POLL_MAX_MS) interval = POLL_MAX_MS;
    tain_now(&tnow);
  }
}

int main(int argc, char **argv)
{
  const char *action, *x;
  char **svc;
  unsigned n, i;
  int opt;

  progname = argv[0] ? argv[0] : "sv";
  for (x = progname; *x; ++x)
    if (*x == '/') progname = x + 1;
  lsb = !str_equal(progname, "sv");
  sopt_prog = progname;
  if ((x = getenv("SVDIR"))) svdir = x;
  if ((x = getenv("SVWAIT"))) waitsec = seconds(x);
  while ((opt = sgetopt(argc, argv, "w:vV")) != -1) {
    switch (opt) {
    case 'w': waitsec = seconds(sopt_arg); waiting = 1; break;
    case 'v': waiting = 1; break;
    case 'V': msg_put("", 0, VERSION, (char *)0); usage(); break;
    default: usage();
    }
  }
  if (sopt_ind >= argc) usage();
  action = argv[sopt_ind];
  if (lsb) { svc = (char **)&progname; n = 1; }
  else {
    svc = argv + sopt_ind + 1;
    n = (unsigned)(argc - sopt_ind - 1);
    if (!n) usage();
  }

  tain_now(&tstart);
  tnow = tstart;
  if ((curdir = open_read(".")) == -1) fatal("unable to open current directory");
  parse_action(action);

  {
    unsigned char state[n];
    for (i = 0; i < n; ++i) {
      service = svc[i];
      state[i] = SVC_DROPPED;
      if (svchdir(service) == -1)
        fail("unable to change to service directory", errno);
      else if (act == ACT_STATUS)
        status();
      else if (act == ACT_NONE)
        state[i] = SVC_PENDING;
      else {
        /* with a limit to wait within, a supervisor not started yet is
           waited for by the commands that bring a service up; the others
           fail at once, so a stage 3 stopping everything never waits on
           a service that has no supervisor */
        int up = strchr(acts, SV_CTL_UP) || strchr(acts, SV_CTL_ONCE);
        int r = control(acts, waiting && up);
        state[i] = r == NOTYET ? SVC_PENDING : r == -1 ? SVC_DROPPED : SVC_WAITING;
      }
      back();
    }
    if (waiting) wait_loop(svc, n, state);
  }
  done(rc > 99 ? 99 : (int)rc);
  return 0;
}
