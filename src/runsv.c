/* runsv: supervise one service directory, and its log service if the
   directory has a log/ subdirectory.

   The supervisor is a small state machine per service (the main service
   and the log service are two instances of the same record).  Every
   (state, event) case is decided in on_event(); the loop in main() only
   turns the outside world into events:

     EV_DUE     the loop found the service should be started (see due())
     EV_EXIT    the service's process was reaped
     EV_CTL     a control letter arrived (SIGTERM arrives as 'x')

   Nothing blocks except the synchronous control/<letter> hooks, which
   runit defines that way.  The one-second restart throttle and the fork
   retry are deadlines in the poll loop, so control letters are answered
   while runsv waits to restart a service. */
#include <errno.h>
#include <stdio.h> /* rename() only */
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include "buf.h"
#include "clock.h"
#include "fmt.h"
#include "lock.h"
#include "msg.h"
#include "open.h"
#include "sig.h"
#include "str.h"
#include "supervise.h"
#include "tai.h"
#include "wait.h"

extern char **environ;

#define THROTTLE_MS 1000   /* at most one start of ./run per second */
#define FORKRETRY_MS 5000  /* after a failed fork */

/* the files of one supervise/ directory, as runsv names them */
struct paths {
  const char *dir, *lock, *control, *ok;
  const char *status, *statusnew, *stat, *statnew, *pid, *pidnew;
};

#define PATHS(d) { \
  .dir = d SV_DIR, .lock = d SV_LOCK, .control = d SV_CONTROL, .ok = d SV_OK, \
  .status = d SV_STATUS, .statusnew = d SV_STATUS ".new", \
  .stat = d SV_STAT, .statnew = d SV_STAT ".new", \
  .pid = d SV_PID, .pidnew = d SV_PID ".new" }
static const struct paths mainpaths = PATHS("");
static const struct paths logpaths = PATHS("log/");

struct svc {
  const struct paths *p;
  char islog;
  unsigned char state;    /* SV_STATE_DOWN, _RUN, _FINISH */
  char want;              /* SV_WANT_UP, _DOWN, _EXIT */
  unsigned char paused;   /* 'p' received, no 'c' or start since */
  unsigned char term;     /* we sent SIGTERM to this process */
  unsigned char once;     /* 'o' asked for one start while down */
  unsigned char pidnew;   /* supervise/pid is stale */
  pid_t pid;              /* of ./run or ./finish, 0 if none */
  int wstat;              /* how ./run ended, for ./finish */
  struct tain start;      /* last start of ./run, or last change to down */
  uint64_t started;       /* clock_ms() of the last start of ./run */
  uint64_t notbefore;     /* no start before this clock_ms() */
  int fdctl;              /* supervise/control, read end */
};

enum event { EV_DUE, EV_EXIT, EV_CTL };

static struct svc sv_main = { .p = &mainpaths, .state = SV_STATE_DOWN,
                              .want = SV_WANT_UP, .pidnew = 1, .fdctl = -1 };
static struct svc sv_log = { .p = &logpaths, .islog = 1, .state = SV_STATE_DOWN,
                             .want = SV_WANT_UP, .fdctl = -1 };
static int haslog;
static int logpipe[2] = { -1, -1 };

/* ---- supervise/ files ---- */

/* Write fn atomically (through tmp); 0, or -1 after a warning. */
static int putfile(const char *tmp, const char *fn, const char *s, size_t n)
{
  int fd = open_trunc(tmp);
  if (fd == -1) { msg_warnsys("unable to open ", tmp); return -1; }
  if (n && fd_writeall(fd, s, n) == -1) {
    msg_warnsys("unable to write ", tmp);
    close(fd);
    return -1;
  }
  close(fd);
  if (rename(tmp, fn) == -1) {
    msg_warnsys("unable to rename ", tmp, " to ", fn);
    return -1;
  }
  return 0;
}

static void status_write(struct svc *s)
{
  char b[SV_STAT_MAX > SV_STATUS_LEN ? SV_STAT_MAX : SV_STATUS_LEN];
  struct sv_status st;
  size_t n;

  st.start = s->start;
  st.pid = (uint32_t)s->pid;
  st.paused = s->paused;
  st.want = s->want;
  st.term = s->term;
  st.state = s->state;
  if (s->pidnew) {
    n = 0;
    if (s->pid) {
      n = fmt_ulong(b, (unsigned long)s->pid);
      b[n++] = '\n';
    }
    if (putfile(s->p->pidnew, s->p->pid, b, n) == -1) return;
    s->pidnew = 0;
  }
  n = sv_status_stat(b, &st);
  if (putfile(s->p->statnew, s->p->stat, b, n) == -1) return;
  sv_status_encode(b, &st);
  putfile(s->p->statusnew, s->p->status, b, SV_STATUS_LEN);
}

/* ---- children ---- */

static void child_signals(void)
{
  sig_default(SIGCHLD);
  sig_default(SIGTERM);
  sig_unblock(SIGCHLD);
  sig_unblock(SIGTERM);
}

/* Run the control/<c> hook of the main service synchronously, its stdout
   on the log pipe.  1 if it ran and succeeded (exit 0, or killed by a
   signal, as runit counts it), so the caller skips its own action. */
static int hook(struct svc *s, char c)
{
  char fn[] = "control/?";
  char *argv[2];
  struct stat st;
  pid_t pid;
  int w;

  if (s->islog) return 0;
  fn[8] = c;
  if (stat(fn, &st) == -1) {
    if (errno != ENOENT) msg_warnsys("unable to stat ", fn);
    return 0;
  }
  if (!(st.st_mode & S_IXUSR)) return 0;
  pid = fork();
  if (pid == -1) { msg_warnsys("unable to fork for ", fn); return 0; }
  if (pid == 0) {
    if (haslog && logpipe[1] != -1) dup2(logpipe[1], 1);
    child_signals();
    argv[0] = fn; argv[1] = 0;
    execve(fn, argv, environ);
    msg_diesys(111, "unable to run ", fn);
  }
  if (wait_pid(pid, &w) == -1) return 0;
  return !WIFEXITED(w) || WEXITSTATUS(w) == 0;
}

/* Fork ./run (or ./finish in state finish, or log/run for the log). */
static void start(struct svc *s)
{
  char a1[FMT_ULONG], a2[FMT_ULONG];
  char *argv[4];
  int finish = s->state == SV_STATE_FINISH;
  pid_t pid;

  if (!finish) hook(s, SV_CTL_UP);
  pid = fork();
  if (pid == -1) {
    msg_warnsys("unable to fork, sleeping");
    s->notbefore = clock_ms() + FORKRETRY_MS;
    return;
  }
  if (pid == 0) {
    if (haslog && s->islog) {
      dup2(logpipe[0], 0);
      if (chdir("./log") == -1) msg_diesys(111, "unable to change directory to ./log");
    } else if (haslog && logpipe[1] != -1)
      dup2(logpipe[1], 1);
    child_signals();
    if (finish) {
      a1[WIFEXITED(s->wstat) ? fmt_ulong(a1, (unsigned long)WEXITSTATUS(s->wstat))
                             : fmt_str(a1, "-1")] = 0;
      a2[fmt_ulong(a2, (unsigned long)(s->wstat & 0xff))] = 0;
      argv[0] = "./finish"; argv[1] = a1; argv[2] = a2; argv[3] = 0;
    } else {
      argv[0] = "./run"; argv[1] = 0;
    }
    execve(argv[0], argv, environ);
    msg_diesys(111, "unable to start ", s->islog ? "log/" : "", argv[0]);
  }
  if (!finish) {
    tain_now(&s->start);
    s->started = clock_ms();
    s->state = SV_STATE_RUN;
  }
  s->pid = pid;
  s->pidnew = 1;
  s->paused = s->term = s->once = 0;
  status_write(s);
}

/* The stop sequence of d, x, t and SIGTERM. */
static void stop(struct svc *s)
{
  if (!hook(s, SV_CTL_TERM)) {
    kill(s->pid, SIGTERM);
    s->term = 1;
    status_write(s);
  }
  if (s->want == SV_WANT_DOWN) {
    kill(s->pid, SIGCONT);
    hook(s, SV_CTL_DOWN);
  } else if (s->want == SV_WANT_EXIT) {
    kill(s->pid, SIGCONT);
    hook(s, SV_CTL_EXIT);
  }
}

/* ./run (or ./finish) is gone for good: down, throttled. */
static void enter_down(struct svc *s)
{
  uint64_t now = clock_ms();
  s->state = SV_STATE_DOWN;
  if (now < s->started + THROTTLE_MS) s->notbefore = now + THROTTLE_MS;
  tain_now(&s->start);
  status_write(s);
}

/* Is ./finish there to run?  (readable is enough, as in runit) */
static int has_finish(void)
{
  int fd = open_read("finish");
  if (fd == -1) return 0;
  close(fd);
  return 1;
}

/* The state machine: every (state, event) pair is decided here. */
static void on_event(struct svc *s, enum event ev, int arg)
{
  int sig;

  switch (ev) {
  case EV_DUE:              /* due() said: start something now */
    switch (s->state) {
    case SV_STATE_DOWN:
    case SV_STATE_FINISH: start(s); break;
    case SV_STATE_RUN: break;
    }
    return;

  case EV_EXIT:             /* arg: wait status */
    s->pid = 0;
    s->pidnew = 1;
    s->term = 0;
    switch (s->state) {
    case SV_STATE_RUN:
      s->wstat = arg;
      if (!s->islog && has_finish()) {
        s->state = SV_STATE_FINISH;   /* started by the next due() */
        status_write(s);
      } else
        enter_down(s);
      break;
    case SV_STATE_FINISH: enter_down(s); break;
    case SV_STATE_DOWN: break;         /* cannot happen: no pid */
    }
    return;

  case EV_CTL:              /* arg: the control byte */
    switch (arg) {
    case SV_CTL_UP:
      s->want = SV_WANT_UP;
      s->once = 0;
      status_write(s);                 /* started by due() when down */
      return;
    case SV_CTL_ONCE:
      s->want = SV_WANT_DOWN;
      if (s->state == SV_STATE_DOWN) s->once = 1;
      status_write(s);
      return;
    case SV_CTL_EXIT:
      if (s->islog) return;            /* the log leaves after the main */
      /* fall through */
    case SV_CTL_DOWN:
      s->want = arg == SV_CTL_EXIT ? SV_WANT_EXIT : SV_WANT_DOWN;
      s->once = 0;
      status_write(s);
      if (s->state == SV_STATE_RUN) stop(s);
      return;
    case SV_CTL_TERM:
      if (s->state == SV_STATE_RUN) stop(s);
      return;
    case SV_CTL_PAUSE:
    case SV_CTL_CONT:
      if (s->state == SV_STATE_RUN && !hook(s, (char)arg))
        kill(s->pid, sv_ctl_signal((char)arg));
      s->paused = arg == SV_CTL_PAUSE;
      status_write(s);
      return;
    default:
      /* k h a i q 1 2: a signal to ./run.  k never touches the state
         (runit set it to down, which re-ran ./finish when k came during
         ./finish); the state changes when the process is reaped. */
      sig = sv_ctl_signal((char)arg);
      if (!sig) return;                /* unknown bytes are ignored */
      if (s->state == SV_STATE_RUN && !hook(s, (char)arg)) kill(s->pid, sig);
      return;
    }
  }
}

/* Should s be started now?  Otherwise lower *deadline to when it may. */
static int due(struct svc *s, uint64_t now, uint64_t *deadline)
{
  if (s->pid) return 0;
  if (s->state == SV_STATE_DOWN && s->want != SV_WANT_UP && !s->once) return 0;
  if (s->islog && logpipe[0] == -1) return 0;
  if (now >= s->notbefore) return 1;
  if (s->notbefore < *deadline) *deadline = s->notbefore;
  return 0;
}

/* ---- startup ---- */

/* mkdir dir; if dir is a (dangling) symlink, create its target, relative
   to the directory holding the link (base). */
static void make_supervise(const char *dir, const char *base, const char *name)
{
  char target[256 + 4];
  struct stat st;
  ssize_t n;
  size_t b = 0;

  if (mkdir(dir, 0700) == 0) return;
  if (lstat(dir, &st) == -1 || !S_ISLNK(st.st_mode)) return;
  b = fmt_str(target, base);
  n = readlink(dir, target + b, 256);
  if (n == -1) msg_diesys(111, "unable to readlink ", name);
  if (n >= 256) msg_die(111, "unable to readlink ", name, ": name too long");
  if (target[b] == '/') { /* absolute: drop the base */
    size_t i;
    for (i = 0; i < (size_t)n; ++i) target[i] = target[b + i];
    b = 0;
  }
  target[b + (size_t)n] = 0;
  mkdir(target, 0700);
}

static void lock_supervise(struct svc *s)
{
  int fd = open_append(s->p->lock);
  if (fd == -1) msg_diesys(111, "unable to open ", s->p->lock);
  if ((s->islog ? lock_ex(fd) : lock_exnb(fd)) == -1)
    msg_diesys(111, "unable to lock ", s->p->lock);
}

static void open_control(struct svc *s)
{
  struct stat st;
  if (mkfifo(s->p->control, 0600) == -1 && errno != EEXIST)
    msg_diesys(111, "unable to mkfifo ", s->p->control);
  if (stat(s->p->control, &st) == -1)
    msg_diesys(111, "unable to stat ", s->p->control);
  if (!S_ISFIFO(st.st_mode))
    msg_die(111, s->p->control, " exists but is not a fifo");
  s->fdctl = open_read(s->p->control);
  if (s->fdctl == -1) msg_diesys(111, "unable to open ", s->p->control);
  /* our own writer: reads never see end of file */
  if (open_write(s->p->control) == -1)
    msg_diesys(111, "unable to open ", s->p->control);
}

static void open_ok(struct svc *s)
{
  if (mkfifo(s->p->ok, 0600) == -1 && errno != EEXIST)
    msg_diesys(111, "unable to mkfifo ", s->p->ok);
  if (open_read(s->p->ok) == -1) msg_diesys(111, "unable to open ", s->p->ok);
}

static void init_svc(struct svc *s, const char *downfile)
{
  struct stat st;
  if (stat(downfile, &st) == 0) s->want = SV_WANT_DOWN;
  tain_now(&s->start);
}

/* ---- the loop ---- */

static void reap(void)
{
  int w;
  pid_t pid;
  while ((pid = wait_nohang(&w)) > 0) {
    if (pid == sv_main.pid) on_event(&sv_main, EV_EXIT, w);
    else if (haslog && pid == sv_log.pid) on_event(&sv_log, EV_EXIT, w);
  }
}

static void control(struct svc *s)
{
  char c;
  if (read(s->fdctl, &c, 1) == 1) on_event(s, EV_CTL, (unsigned char)c);
}

static char prefix[512]; /* "runsv <dir>: " */

int main(int argc, char **argv)
{
  struct pollfd pfd[3];
  struct stat st;
  unsigned long sigs;
  size_t n, i;

  if (argc != 2) msg_usage(1, argv[0], " dir");
  n = fmt_str(prefix, "runsv ");
  for (i = 0; argv[1][i] && n < sizeof prefix - 3; ++i) prefix[n++] = argv[1][i];
  n += fmt_str(prefix + n, ": ");
  prefix[n] = 0;
  msg_prefix = prefix;

  if (selfpipe_init() == -1) msg_diesys(111, "unable to create selfpipe");
  sig_block(SIGCHLD);
  selfpipe_catch(SIGCHLD);
  sig_block(SIGTERM);
  selfpipe_catch(SIGTERM);

  if (chdir(argv[1]) == -1) msg_diesys(111, "unable to change to directory");
  init_svc(&sv_main, "down");
  if (stat("log", &st) == -1) {
    if (errno != ENOENT) msg_warnsys("unable to stat() ./log: ");
  } else if (!S_ISDIR(st.st_mode))
    msg_warn("./log: not a directory.");
  else {
    haslog = 1;
    init_svc(&sv_log, "log/down");
    if (pipe(logpipe) == -1) msg_diesys(111, "unable to create pipe for log service");
    fd_coe(logpipe[0]);
    fd_coe(logpipe[1]);
  }

  make_supervise(mainpaths.dir, "", "./supervise");
  lock_supervise(&sv_main);
  if (haslog) {
    make_supervise(logpaths.dir, "log/", "./log/supervise");
    lock_supervise(&sv_log);
  }
  open_control(&sv_main);
  status_write(&sv_main);
  if (haslog) {
    open_control(&sv_log);
    status_write(&sv_log);
  }
  open_ok(&sv_main);
  if (haslog) open_ok(&sv_log);

  pfd[0].fd = selfpipe_fd();
  pfd[1].fd = sv_main.fdctl;
  pfd[2].fd = sv_log.fdctl;
  pfd[0].events = pfd[1].events = pfd[2].events = POLLIN;

  for (;;) {
    uint64_t deadline = NO_DEADLINE;
    uint64_t now = clock_ms();
    /* the log first, so it is there to read the service's first line */
    if (haslog && due(&sv_log, now, &deadline)) on_event(&sv_log, EV_DUE, 0);
    if (due(&sv_main, now, &deadline)) on_event(&sv_main, EV_DUE, 0);
    /* a failed fork set a new notbefore: count it in */
    if (haslog) due(&sv_log, clock_ms(), &deadline);
    due(&sv_main, clock_ms(), &deadline);

    sig_unblock(SIGTERM);
    sig_unblock(SIGCHLD);
    poll_until(pfd, haslog ? 3 : 2, deadline);
    sig_block(SIGTERM);
    sig_block(SIGCHLD);

    sigs = selfpipe_take();
    reap();
    control(&sv_main);
    if (haslog) control(&sv_log);
    if (sigs & (1UL << SIGTERM)) on_event(&sv_main, EV_CTL, SV_CTL_EXIT);

    if (sv_main.want == SV_WANT_EXIT && sv_main.state == SV_STATE_DOWN) {
      if (!haslog || !sv_log.pid) _exit(0);
      if (sv_log.want != SV_WANT_EXIT) {
        /* the logger reads to end of file, then exits */
        sv_log.want = SV_WANT_EXIT;
        status_write(&sv_log);
        close(logpipe[1]);
        close(logpipe[0]);
        logpipe[0] = logpipe[1] = -1;
      }
    }
  }
}
