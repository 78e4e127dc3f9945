/* runsv: supervise one service directory, and its log service if the
   directory has a log/ subdirectory.

   The supervisor is a small state machine per service (the main service
   and the log service are two instances of the same record).  Every
   (state, event) case is decided in svfsm_event() (src/lib/svfsm.c); this
   file is its edge to the world: the loop in main() turns what happens
   into events, and the operations below carry out what the machine
   decides (fork, kill, the control/<letter> hooks, the status files).

     SVFSM_DUE   the loop found the service should be started (svfsm_due)
     SVFSM_EXIT  the service's process was reaped
     SVFSM_CTL   a control letter arrived (SIGTERM arrives as 'x')

   Nothing blocks except the synchronous control/<letter> hooks, which
   runit defines that way.  The one-second restart throttle and the fork
   retry are deadlines in the poll loop, so control letters are answered
   while runsv waits to restart a service. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* rename() only */
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>
#include "buf.h"
#include "clock.h"
#include "fmt.h"
#include "lock.h"
#include "msg.h"
#include "open.h"
#include "profile.h"
#include "scan.h"
#include "sig.h"
#include "str.h"
#include "supervise.h"
#include "svfsm.h"
#include "tai.h"
#include "wait.h"

extern char **environ;

/* start-up and rarely run code, kept apart from the loop's (see
   release_cold); a section, not gcc's cold attribute, which would make
   main cold too for calling setup() first */
#define COLD __attribute__((noinline, section(".text.unlikely.runsv")))

/* the files of one supervise/ directory, as runsv names them */
struct paths {
  const char *dir, *lock, *control, *ok;
  const char *status, *statusnew, *stat, *statnew, *pid, *pidnew;
  const char *xstatus, *xstatusnew;
};

#define PATHS(d) { \
  .dir = d SV_DIR, .lock = d SV_LOCK, .control = d SV_CONTROL, .ok = d SV_OK, \
  .status = d SV_STATUS, .statusnew = d SV_STATUS ".new", \
  .stat = d SV_STAT, .statnew = d SV_STAT ".new", \
  .pid = d SV_PID, .pidnew = d SV_PID ".new", \
  .xstatus = d SV_XSTATUS, .xstatusnew = d SV_XSTATUS ".new" }
static const struct paths mainpaths = PATHS("");
static const struct paths logpaths = PATHS("log/");

/* a service: its state machine first (the operations get a pointer to
   it and find the rest), then where its files are */
struct svc {
  struct svfsm m;
  const struct paths *p;
  int fdctl;              /* supervise/control, read end */
  int oldfd;              /* pidfd of an earlier runsv's ./run, or -1 */
  uint64_t oldstart;      /* its start, clock ticks since boot */
  int notefd;             /* notification-fd's read end, or -1 */
  char cg[64];            /* its cgroup (the cgroup file), a directory */
};
#define SVC(f) ((struct svc *)(void *)(f))

static struct svc sv_main = { .m = { .state = SV_STATE_DOWN, .want = SV_WANT_UP,
                                     .pidnew = 1 },
                              .p = &mainpaths, .fdctl = -1, .oldfd = -1,
                              .notefd = -1 };
static struct svc sv_log = { .m = { .islog = 1, .state = SV_STATE_DOWN,
                                    .want = SV_WANT_UP },
                             .p = &logpaths, .fdctl = -1, .oldfd = -1,
                             .notefd = -1 };
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

static void status_write(struct svfsm *m)
{
  const struct paths *p = SVC(m)->p;
  char b[SV_STAT_MAX > SV_XSTATUS_LEN ? SV_STAT_MAX : SV_XSTATUS_LEN];
  struct sv_status st;
  struct sv_xstatus x;
  size_t n;

  svfsm_status(m, &st);
  if (m->pidnew) {
    n = 0;
    if (m->pid) {
      n = fmt_ulong(b, (unsigned long)m->pid);
      b[n++] = '\n';
    }
    if (putfile(p->pidnew, p->pid, b, n) == -1) return;
    m->pidnew = 0;
  }
  n = sv_status_stat(b, &st);
  if (putfile(p->statnew, p->stat, b, n) == -1) return;
  /* xstatus first: a reader that finds a new status finds its xstatus */
  svfsm_xstatus(m, &st, &x);
  sv_xstatus_encode(b, &x);
  putfile(p->xstatusnew, p->xstatus, b, SV_XSTATUS_LEN);
  sv_status_encode(b, &st);
  putfile(p->statusnew, p->status, b, SV_STATUS_LEN);
}

/* ---- children ---- */

static COLD void child_signals(void)
{
  sig_default(SIGCHLD);
  sig_default(SIGTERM);
  sig_unblock(SIGCHLD);
  sig_unblock(SIGTERM);
}

/* run the hook fn and wait for it: 1 if it succeeded */
static COLD int hook_run(char *fn)
{
  char *argv[2];
  pid_t pid;
  int w;

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

/* Run the control/<c> hook of the main service synchronously, its stdout
   on the log pipe.  1 if it ran and succeeded (exit 0, or killed by a
   signal, as runit counts it), so the caller skips its own action. */
static int hook(struct svfsm *s, char c)
{
  char fn[] = "control/?";
  struct stat st;

  if (s->islog) return 0;
  fn[8] = c;
  if (stat(fn, &st) == -1) {
    if (errno != ENOENT) msg_warnsys("unable to stat ", fn);
    return 0;
  }
  if (!(st.st_mode & S_IXUSR)) return 0;
  return hook_run(fn);
}

/* write w into the file fn of the service's cgroup */
static COLD int cg_write(struct svc *v, const char *fn, const char *w)
{
  char path[96];
  int fd, r;
  size_t n = fmt_str(path, v->cg);
  path[n + fmt_str(path + n, fn)] = 0;
  fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd == -1) return -1;
  r = fd_writeall(fd, w, strlen(w));
  close(fd);
  return r;
}

/* ./run's notification pipe is done with (read, or ./run ended) */
static void note_close(struct svc *v)
{
  if (v->notefd != -1) close(v->notefd);
  v->notefd = -1;
}

/* The child's half of spawn: it runs in the child only, so its pages
   are never the supervisor's (COLD). */
static COLD void child_exec(struct svfsm *s, int finish, int note) __attribute__((noreturn));
static COLD void child_exec(struct svfsm *s, int finish, int note)
{
  char a1[FMT_ULONG], a2[FMT_ULONG];
  char *argv[4];
  if (haslog && s->islog) {
    dup2(logpipe[0], 0);
    if (chdir("./log") == -1) msg_diesys(111, "unable to change directory to ./log");
  } else if (haslog && logpipe[1] != -1)
    dup2(logpipe[1], 1);
  if (!finish && s->group) setpgid(0, 0);
  if (!finish && s->cgroup && cg_write(SVC(s), "/cgroup.procs", "0") == -1)
    msg_warnsys("unable to join ", SVC(s)->cg);
  if (note != -1 && (fd_block(note) == -1 || fd_move(s->notify, note) == -1))
    msg_diesys(111, "unable to move the notification pipe to notification-fd");
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

/* Fork ./run (or ./finish, or log/run for the log). */
static pid_t spawn(struct svfsm *s, int finish)
{
  int note[2] = { -1, -1 };
  pid_t pid;
  if (!finish && s->notify) {
    note_close(SVC(s));
    if (pipe2(note, O_CLOEXEC | O_NONBLOCK) == -1) {
      msg_warnsys("unable to create the notification pipe, sleeping");
      return -1;
    }
  }
  if ((pid = fork()) == -1) {
    msg_warnsys("unable to fork, sleeping");
    if (note[0] != -1) { close(note[0]); close(note[1]); }
    return -1;
  }
  if (pid == 0) child_exec(s, finish, note[1]);
  if (note[1] != -1) {
    close(note[1]);
    SVC(s)->notefd = note[0];
  }
  if (!finish && (s->group || s->cgroup)) {
    setpgid(pid, pid);    /* whichever of the two runs first */
    /* what the group leaves behind is reparented to us: reaped, and
       each reaping wakes the loop to look whether the group is empty */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  }
  return pid;
}

/* ---- an earlier runsv's ./run (runsv was killed, the service not) ---- */

#define CGROOT "/sys/fs/cgroup"   /* a cgroup2 mount, for the cgroup file */

#ifndef CLOCK_BOOTTIME
#define CLOCK_BOOTTIME 7
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif

/* Read the small file dir/name (a /proc or cgroup file) into b, NUL
   terminated; its length, 0 when it cannot be read or is empty. */
static COLD size_t read_small(const char *dir, const char *name, char *b, size_t max)
{
  char fn[128];
  ssize_t r;
  int fd;
  size_t n = fmt_str(fn, dir);
  if (n + fmt_str(0, name) >= sizeof fn) return 0;
  fn[n + fmt_str(fn + n, name)] = 0;
  if ((fd = open_read(fn)) == -1) return 0;
  r = read(fd, b, max - 1);
  close(fd);
  if (r <= 0) return 0;
  b[r] = 0;
  return (size_t)r;
}

/* fields 3 (state), 5 (process group) and 22 (start, in clock ticks
   since boot) of /proc/PID/stat; the start, or 0 if there is no such
   process or it is a zombie */
static COLD uint64_t proc_stat(const char *pid, pid_t *pgrp)
{
  char dir[32], b[1024];
  unsigned long u = 0, g = 0;
  size_t r, n;
  int field;
  char *p;
  n = fmt_str(dir, "/proc/");
  if (n + fmt_str(0, pid) >= sizeof dir) return 0;
  dir[n + fmt_str(dir + n, pid)] = 0;
  if (!(r = read_small(dir, "/stat", b, sizeof b))) return 0;
  for (p = b + r; p > b && p[-1] != ')'; --p) ;   /* after the name */
  if (p == b || p[0] != ' ' || p[1] == 'Z') return 0;
  for (field = 2; *p && field < 22; ++p) {
    if (*p != ' ') continue;
    if (++field == 5) scan_ulong(p + 1, &g);
  }
  if (!scan_ulong(p, &u)) return 0;
  if (pgrp) *pgrp = (pid_t)g;
  return (uint64_t)u;
}

static COLD uint64_t proc_start(pid_t pid)
{
  char num[FMT_ULONG];
  num[fmt_ulong(num, (unsigned long)pid)] = 0;
  return proc_stat(num, 0);
}

/* Is anything but zombies left in process group g?  For the group of an
   earlier runsv's ./run, whose members are not our children: init reaps
   them, in its own time. */
static COLD int group_live(pid_t g)
{
  char b[4096];
  long r, i;
  pid_t pg;
  int fd, live = 0;
  if (kill(-g, 0) == -1 && errno != EPERM) return 0;
  fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd == -1) return 1;
  while (!live && (r = syscall(__NR_getdents64, fd, b, sizeof b)) > 0)
    for (i = 0; i < r && !live; i += *(unsigned short *)(void *)(b + i + 16)) {
      const char *name = b + i + 19;
      if (*name < '1' || *name > '9') continue;
      if (proc_stat(name, &pg) && pg == g) live = 1;
    }
  close(fd);
  return live;
}

static COLD uint64_t clock_of(int clock)
{
  struct timespec ts;
  clock_now(clock, &ts);
  return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Does the record's start time (taken just after the fork) match the
   start of pid?  Clock ticks are USER_HZ, 100 on Linux; the window allows
   for a busy machine between fork and stamp, and a recycled pid started
   later than that is never taken for the service. */
static COLD int same_process(pid_t pid, const struct tain *t, uint64_t *ticks)
{
  uint64_t rec = tain_unix(t) * 1000 + t->nano / 1000000;
  uint64_t start;
  *ticks = proc_start(pid);
  if (!*ticks) return 0;
  start = clock_of(CLOCK_REALTIME) - clock_of(CLOCK_BOOTTIME) + *ticks * 10;
  return rec + 1000 >= start && rec <= start + 3000;
}

/* its pidfd said it has ended (it stays readable: let go of it) */
static COLD void old_gone(struct svc *v)
{
  if (v->oldfd != -1) close(v->oldfd);
  v->oldfd = -1;
  v->oldstart = 0;
}

/* Is the adopted process still the one we found (and alive)? */
static COLD int old_alive(struct svc *v)
{
  struct pollfd p;
  if (v->oldfd != -1) {
    p.fd = v->oldfd; p.events = POLLIN;
    if (poll(&p, 1, 0) == 0) return 1;
    old_gone(v);
    return 0;
  }
  return v->oldstart && proc_start(v->m.pgid) == v->oldstart;
}

static void signal_to(struct svfsm *s, pid_t to, int sig)
{
  struct svc *v = SVC(s);
  if (s->adopted && to > 0) {   /* never a pid recycled meanwhile */
    if (v->oldfd != -1) syscall(__NR_pidfd_send_signal, v->oldfd, sig, 0, 0);
    else if (old_alive(v)) kill(to, sig);
    return;
  }
  kill(to, sig);
}

/* "populated 1" in cgroup.events: a process is left in the cgroup */
static COLD int cg_populated(struct svc *v)
{
  char b[256];
  size_t i, r = read_small(v->cg, "/cgroup.events", b, sizeof b);
  for (i = 0; i + 11 < r; ++i)
    if (!memcmp(b + i, "populated ", 10)) return b[i + 10] == '1';
  return 0;
}

static COLD void cgroup_kill(struct svfsm *s)
{
  if (cg_write(SVC(s), "/cgroup.kill", "1") == -1)
    msg_warnsys("unable to write ", SVC(s)->cg, "/cgroup.kill");
}

static COLD int group_alive(struct svfsm *s)
{
  if (s->cgroup && !s->adopted) return cg_populated(SVC(s));
  if (s->adopted) return s->group ? group_live(s->pgid) : old_alive(SVC(s));
  return kill(-s->pgid, 0) == 0 || errno == EPERM;
}

/* ---- the optional files, read when ./run starts ---- */

/* (a literal "log/" would be merged with the cold code's, and put
   there: src/runsv.ld) */
static const char logdir[] = "log/";

/* the first line of the service's file fn (in log/ for the log) into b;
   its length, or -1 when there is no such file */
static int readopt(struct svfsm *s, const char *fn, char *b, size_t max)
{
  char path[32];
  ssize_t r;
  size_t n = 0;
  int fd;
  if (s->islog) n = fmt_str(path, logdir);
  path[n + fmt_str(path + n, fn)] = 0;
  fd = open_read(path);
  if (fd == -1) {
    if (errno != ENOENT) msg_warnsys("unable to open ", path);
    return -1;
  }
  r = read(fd, b, max - 1);
  close(fd);
  if (r < 0) { msg_warnsys("unable to read ", path); return -1; }
  for (n = 0; n < (size_t)r && b[n] != '\n'; ++n) ;
  b[n] = 0;
  return (int)n;
}

static const struct { const char *name; int sig; } signames[] = {
  { "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "KILL", SIGKILL },
  { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
  { "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "WINCH", SIGWINCH }, { "PWR", SIGPWR }
};

static COLD int signame(const char *b)
{
  unsigned long u;
  size_t i;
  if (b[0] == 'S' && b[1] == 'I' && b[2] == 'G') b += 3;
  i = scan_ulong(b, &u);
  if (i && !b[i]) return u >= 1 && u < 65 ? (int)u : 0;
  for (i = 0; i < sizeof signames / sizeof signames[0]; ++i)
    if (str_equal(b, signames[i].name)) return signames[i].sig;
  return 0;
}

/* The service's own cgroup, named after its directory's device and inode
   (one per directory, the same for each runsv on it); 1 when it exists */
static COLD int cg_make(struct svc *v)
{
  struct stat st;
  size_t n;
  if (stat(v->m.islog ? "log" : ".", &st) == -1) return 0;
  n = fmt_str(v->cg, CGROOT "/runsv-");
  n += fmt_ulong(v->cg + n, (unsigned long)st.st_dev);
  v->cg[n++] = '-';
  n += fmt_ulong(v->cg + n, (unsigned long)st.st_ino);
  v->cg[n] = 0;
  if (mkdir(v->cg, 0755) == -1 && errno != EEXIST) {
    msg_warnsys("unable to create cgroup ", v->cg);
    return 0;
  }
  return 1;
}

static void configure(struct svfsm *s)
{
  char b[32];
  unsigned long u;
  size_t n;
  s->killms = 0;
  if (readopt(s, "timeout-kill", b, sizeof b) >= 0) {
    n = scan_ulong(b, &u);
    if (!n || b[n] || u > 0xffffffffUL) msg_warn("timeout-kill: not a number of milliseconds: ", b);
    else s->killms = (uint32_t)u;
  }
  s->downsig = 0;
  if (readopt(s, "down-signal", b, sizeof b) >= 0 && !(s->downsig = signame(b)))
    msg_warn("down-signal: not a signal: ", b);
  s->notify = 0;
  if (readopt(s, "notification-fd", b, sizeof b) >= 0) {
    n = scan_ulong(b, &u);
    if (!n || b[n] || u < 3 || u > 1023) msg_warn("notification-fd: not a descriptor from 3 to 1023: ", b);
    else s->notify = (int)u;
  }
  s->group = readopt(s, "kill-group", b, sizeof b) >= 0;
  s->cgroup = readopt(s, "cgroup", b, sizeof b) >= 0 && cg_make(SVC(s));
}

/* Is ./finish there to run?  (readable is enough, as in runit) */
static int has_finish(struct svfsm *s)
{
  int fd = open_read("finish");
  (void)s;
  if (fd == -1) return 0;
  close(fd);
  return 1;
}

static const struct svfsm_ops ops = {
  .spawn = spawn, .hook = hook, .signal = signal_to, .changed = status_write,
  .has_finish = has_finish, .now = clock_ms, .stamp = tain_now,
  .configure = configure, .group_alive = group_alive, .cgroup_kill = cgroup_kill
};

/* ---- startup ---- */

/* mkdir dir; if dir is a (dangling) symlink, create its target, relative
   to the directory holding the link (base). */
static COLD void make_supervise(const char *dir, const char *base, const char *name)
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

static COLD void lock_supervise(struct svc *s)
{
  int fd = open_append(s->p->lock);
  if (fd == -1) msg_diesys(111, "unable to open ", s->p->lock);
  if ((s->m.islog ? lock_ex(fd) : lock_exnb(fd)) == -1)
    msg_diesys(111, "unable to lock ", s->p->lock);
}

static COLD void open_control(struct svc *s)
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

static COLD void open_ok(struct svc *s)
{
  if (mkfifo(s->p->ok, 0600) == -1 && errno != EEXIST)
    msg_diesys(111, "unable to mkfifo ", s->p->ok);
  if (open_read(s->p->ok) == -1) msg_diesys(111, "unable to open ", s->p->ok);
}

/* supervise/status names a ./run (or log/run) of an earlier runsv that
   is still running: its pid (held by s->oldfd where pidfds exist), else 0.
   Both services are looked at before either is stopped: a logger ends by
   itself once the service writing to it is gone. */
static COLD pid_t find_old(struct svc *s)
{
  char b[SV_STATUS_LEN];
  struct sv_status st;
  pid_t pid;
  ssize_t r;
  int fd = open_read(s->p->status);
  if (fd == -1) return 0;
  r = read(fd, b, sizeof b);
  close(fd);
  if (r != SV_STATUS_LEN || sv_status_decode(&st, b, SV_STATUS_LEN) == -1) return 0;
  pid = (pid_t)st.pid;
  if (pid <= 1 || st.state != SV_STATE_RUN || !same_process(pid, &st.start, &s->oldstart)) return 0;
  s->oldfd = (int)syscall(__NR_pidfd_open, pid, 0);
  if (s->oldfd != -1) {
    fd_coe(s->oldfd);
    if (proc_start(pid) != s->oldstart) {   /* it went before the open */
      close(s->oldfd);
      s->oldfd = -1;
      return 0;
    }
  }
  return pid;
}

/* ... and stop it before a second copy is started */
static COLD void adopt_old(struct svc *s, pid_t pid)
{
  char num[FMT_ULONG];
  if (!pid) return;
  num[fmt_ulong(num, (unsigned long)pid)] = 0;
  msg_warn("stopping ", s->m.islog ? "log/run" : "./run", " left running by an earlier runsv: pid ", num);
  svfsm_adopt(&s->m, &ops, pid, getpgid(pid) == pid);
}

static COLD void init_svc(struct svc *s, const char *downfile)
{
  struct stat st;
  if (stat(downfile, &st) == 0) s->m.want = SV_WANT_DOWN;
  tain_now(&s->m.start);
}

/* ---- the loop ---- */

/* Read what ./run wrote to its notification-fd: the first newline makes
   it ready; end of file, that it never will be (the fd is let go). */
static void note_read(struct svc *v)
{
  char b[64];
  ssize_t r;
  while ((r = read(v->notefd, b, sizeof b)) > 0)
    if (memchr(b, '\n', (size_t)r)) {
      note_close(v);
      svfsm_event(&v->m, &ops, SVFSM_READY, 0);
      return;
    }
  if (r == 0 || errno != EAGAIN) note_close(v);
}

/* its process was reaped: a newline it wrote before it went counts */
static void ended(struct svc *v, int w)
{
  if (v->notefd != -1 && v->m.state == SV_STATE_RUN) {
    note_read(v);
    note_close(v);
  }
  svfsm_event(&v->m, &ops, SVFSM_EXIT, w);
}

static void reap(void)
{
  int w;
  pid_t pid;
  while ((pid = wait_nohang(&w)) > 0) {
    if (pid == sv_main.m.pid) ended(&sv_main, w);
    else if (haslog && pid == sv_log.m.pid) ended(&sv_log, w);
    else {      /* an orphan of a group we adopted (kill-group) */
      svfsm_event(&sv_main.m, &ops, SVFSM_GROUP, 0);
      if (haslog) svfsm_event(&sv_log.m, &ops, SVFSM_GROUP, 0);
    }
  }
}

static void control(struct svc *s)
{
  char c;
  if (read(s->fdctl, &c, 1) == 1) svfsm_event(&s->m, &ops, SVFSM_CTL, (unsigned char)c);
}

/* The pages of start-up and rarely run code (COLD here; src/runsv.ld
   puts them last in the text segment) leave our page tables after the
   first pass of the loop, the last to run any.  The kernel maps every
   cached page of the file around a fault, so without this an idle runsv
   kept them all.  They are clean pages of the program file: should a
   rare path run again, one minor fault maps them back from the page
   cache.  Only pages wholly past __cold_start go, up to the end of the
   text mapping; without the linker script the symbols are 0. */
extern const char __cold_start[] __attribute__((weak));
extern const char __cold_end[] __attribute__((weak));

static void release_cold(void)
{
  uintptr_t a = ((uintptr_t)__cold_start + 4095) & ~(uintptr_t)4095;
  uintptr_t e = ((uintptr_t)__cold_end + 4095) & ~(uintptr_t)4095;
  if (__cold_start && e > a) madvise((void *)a, e - a, MADV_DONTNEED);
}

static char prefix[512]; /* "runsv <dir>: " */
static int sigfd;        /* SIGCHLD and SIGTERM, which stay blocked */


/* everything up to the loop: run once */
static COLD void setup(int argc, char **argv)
{
  struct stat st;
  size_t n, i;

  if (argc != 2) msg_usage(1, argv[0], " dir");
  /* -V, unless it names a service directory (runsvdir passes bare names) */
  if (str_equal(argv[1], "-V") && stat("-V", &st) == -1) {
    buf_putsflush(&buf_2, VERSION "\n");
    msg_usage(1, argv[0], " dir");
  }
  n = fmt_str(prefix, "runsv ");
  for (i = 0; argv[1][i] && n < sizeof prefix - 3; ++i) prefix[n++] = argv[1][i];
  n += fmt_str(prefix + n, ": ");
  prefix[n] = 0;
  msg_prefix = prefix;

  sigfd = sigfd_open(1UL << SIGCHLD | 1UL << SIGTERM);
  if (sigfd == -1) msg_diesys(111, "unable to create signalfd");

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
  {
    pid_t oldmain = find_old(&sv_main), oldlog = haslog ? find_old(&sv_log) : 0;
    adopt_old(&sv_main, oldmain);
    adopt_old(&sv_log, oldlog);
  }
  /* runit's order: the records, then ok, and only then a start, so a
     runsv that cannot set up (its directory removed under it) dies
     before it has started anything */
  open_control(&sv_main);
  status_write(&sv_main.m);
  if (haslog) {
    open_control(&sv_log);
    status_write(&sv_log.m);
  }
  open_ok(&sv_main);
  if (haslog) open_ok(&sv_log);
}

int main(int argc, char **argv)
{
  struct pollfd pfd[7];
  unsigned long sigs;
  int i, first = 1;

  setup(argc, argv);
  pfd[0].fd = sigfd;
  pfd[1].fd = sv_main.fdctl;
  pfd[2].fd = sv_log.fdctl;
  for (i = 0; i < 7; ++i) pfd[i].events = POLLIN;

  for (;;) {
    uint64_t deadline = NO_DEADLINE;
    int round, acted = 1;
    /* the log first, so it is there to read the service's first line;
       again while something was done (a group found gone at its KILL
       deadline makes a start due at once) */
    for (round = 0; acted && round < 3; ++round) {
      uint64_t now = clock_ms();
      acted = 0;
      if (haslog && svfsm_due(&sv_log.m, logpipe[0] != -1, now, &deadline)) {
        svfsm_event(&sv_log.m, &ops, SVFSM_DUE, 0);
        acted = 1;
      }
      if (svfsm_due(&sv_main.m, 1, now, &deadline)) {
        svfsm_event(&sv_main.m, &ops, SVFSM_DUE, 0);
        acted = 1;
      }
    }
    if (first) {            /* the first pass: no more start-up code */
      release_cold();
      first = 0;
    }
    /* a failed fork set a new notbefore: count it in; anything still
       due is done on the next round, after a poll that does not wait */
    deadline = NO_DEADLINE;
    if (haslog && svfsm_due(&sv_log.m, logpipe[0] != -1, clock_ms(), &deadline)) deadline = 0;
    if (svfsm_due(&sv_main.m, 1, clock_ms(), &deadline)) deadline = 0;

    pfd[3].fd = sv_main.oldfd;    /* an adopted ./run ends: no SIGCHLD */
    pfd[4].fd = sv_log.oldfd;
    pfd[5].fd = sv_main.notefd;   /* ./run says it is ready */
    pfd[6].fd = sv_log.notefd;
    pfd[3].revents = pfd[4].revents = pfd[5].revents = pfd[6].revents = 0;
    poll_until(pfd, 7, deadline);

    sigs = sigfd_take(sigfd);
    if (pfd[5].revents && sv_main.notefd != -1) note_read(&sv_main);
    if (pfd[6].revents && sv_log.notefd != -1) note_read(&sv_log);
    reap();
    control(&sv_main);
    if (haslog) control(&sv_log);
    if (sigs & (1UL << SIGTERM)) svfsm_event(&sv_main.m, &ops, SVFSM_CTL, SV_CTL_EXIT);
    if (pfd[3].revents) { old_gone(&sv_main); svfsm_event(&sv_main.m, &ops, SVFSM_GROUP, 0); }
    if (pfd[4].revents) { old_gone(&sv_log); svfsm_event(&sv_log.m, &ops, SVFSM_GROUP, 0); }

    if (sv_main.m.want == SV_WANT_EXIT && sv_main.m.state == SV_STATE_DOWN) {
      if (!haslog || (!sv_log.m.pid && !sv_log.m.draining)) _exit(0);
      if (sv_log.m.want != SV_WANT_EXIT) {
        /* the logger reads to end of file, then exits */
        sv_log.m.want = SV_WANT_EXIT;
        status_write(&sv_log.m);
        close(logpipe[1]);
        close(logpipe[0]);
        logpipe[0] = logpipe[1] = -1;
      }
    }
  }
}
