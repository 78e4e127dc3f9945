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
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include "buf.h"
#include "cgroup.h"
#include "clock.h"
#include "fmt.h"
#include "lock.h"
#include "msg.h"
#include "open.h"
#include "procid.h"
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
  struct procid old;      /* an earlier runsv's ./run (or its group) */
  unsigned char oldexit;  /* ... which has exited: its pidfd is read */
  int dirfd;              /* its supervise/ directory, for leave() */
  char xlast[SV_XSTATUS_LEN]; /* the xstatus of the last status written */
  unsigned char xlastok;  /* (there is one) */
  int notefd;             /* notification-fd's read end, or -1 */
  unsigned notelen;       /* bytes read from it, no newline among them */
  struct cgroup *cg;      /* its cgroup (the cgroup file), in bss */
  unsigned char cgwarned; /* that it has no cgroup.kill, said once */
};
#define SVC(f) ((struct svc *)(void *)(f))

static struct cgroup cgs[2];
static struct svc sv_main = { .m = { .state = SV_STATE_DOWN, .want = SV_WANT_UP,
                                     .pidnew = 1 },
                              .p = &mainpaths, .fdctl = -1, .old = PROCID_NONE,
                              .notefd = -1, .cg = &cgs[0] };
static struct svc sv_log = { .m = { .islog = 1, .state = SV_STATE_DOWN,
                                    .want = SV_WANT_UP },
                             .p = &logpaths, .fdctl = -1, .old = PROCID_NONE,
                             .notefd = -1, .cg = &cgs[1] };
static int haslog;
static int logpipe[2] = { -1, -1 };

/* ---- a spare descriptor ---- */

/* One descriptor is kept spare for runsv's own short-lived opens (the
   status files, the optional files, ./finish): when ./run's pipes have
   taken the last ones the limit allows, the open is tried again on the
   spare's place, so a ./run that was started is recorded (setup dies
   when even the spare does not fit). */
static int spare = -1;

static void spare_take(void)
{
  if (spare == -1) spare = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* op(fn), on the spare's place if need be; spare_take() after its close */
static int spared(int (*op)(const char *), const char *fn)
{
  int fd = op(fn);
  if (fd == -1 && errno == EMFILE && spare != -1) {
    close(spare);
    spare = -1;
    fd = op(fn);
  }
  return fd;
}

/* ---- supervise/ files ---- */

/* a *.new file made afresh: a link another user left there is neither
   followed nor written through */
static int open_new(const char *fn)
{
  unlink(fn);
  return open(fn, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
}

/* Write fn atomically (through tmp, made afresh by open_new); 0, or -1
   after a warning. */
static int putfile(const char *tmp, const char *fn, const char *s, size_t n)
{
  int fd = spared(open_new, tmp);
  if (fd == -1) { msg_warnsys("unable to open ", tmp); spare_take(); return -1; }
  if (n && fd_writeall(fd, s, n) == -1) {
    msg_warnsys("unable to write ", tmp);
    close(fd);
    spare_take();
    return -1;
  }
  close(fd);
  spare_take();
  if (rename(tmp, fn) == -1) {
    msg_warnsys("unable to rename ", tmp, " to ", fn);
    return -1;
  }
  return 0;
}

static void status_write(struct svfsm *m)
{
  struct svc *v = SVC(m);
  const struct paths *p = v->p;
  char b[SV_STAT_MAX > SV_STATUS_LEN ? SV_STAT_MAX : SV_STATUS_LEN];
  char xb[SV_XSTATUS_LEN];
  struct sv_status st;
  struct sv_xstatus x;
  size_t n;
  int xnew;

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
  sv_xstatus_encode(xb, &x);
  xnew = putfile(p->xstatusnew, p->xstatus, xb, SV_XSTATUS_LEN) == 0;
  sv_status_encode(b, &st);
  if (putfile(p->statusnew, p->status, b, SV_STATUS_LEN) == 0) {
    memcpy(v->xlast, xb, SV_XSTATUS_LEN);
    v->xlastok = 1;
  } else if (xnew && (!v->xlastok ||
             putfile(p->xstatusnew, p->xstatus, v->xlast, SV_XSTATUS_LEN) == -1))
    unlink(p->xstatus);
  /* (status stays as it was: so does xstatus, or sv would wait for the
     status it is ahead of at every read) */
}

/* ---- children ---- */

/* what runsv was given is not passed on: ./run, ./finish and the hooks
   start with every signal at its default and none blocked, as stage 2
   under runit has them, however runsv itself was started */
static COLD void child_signals(void)
{
  sig_defaultall();
  sig_unblockall();
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
  if (!finish && (s->group || s->cgroup)) setpgid(0, 0);
  if (!finish && s->cgroup && cgroup_enter(SVC(s)->cg, 0) == -1)
    msg_warnsys("unable to join ", SVC(s)->cg->path);
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
  s->ticks = procid_start(pid, 0);    /* for xstatus: who it is */
  if (note[1] != -1) {
    close(note[1]);
    SVC(s)->notefd = note[0];
    SVC(s)->notelen = 0;
  }
  if (!finish && (s->group || s->cgroup)) {
    setpgid(pid, pid);    /* the child too: it leads the group before exec */
    /* what the group leaves behind is reparented to us: reaped, and
       each reaping wakes the loop to look whether the group is empty */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  }
  return pid;
}

/* ---- an earlier runsv's ./run (runsv was killed, the service not) ---- */

/* Is what we adopted still there?  (let go of it when not) */
static COLD int old_alive(struct svc *v)
{
  if (v->m.group ? procid_group_alive(&v->old) : procid_alive(&v->old)) return 1;
  procid_release(&v->old);
  return 0;
}

static void signal_to(struct svfsm *s, pid_t to, int sig)
{
  struct svc *v = SVC(s);
  if (s->adopted && to) {   /* never a pid or group recycled meanwhile */
    if (to < 0) procid_signal_group(&v->old, sig);
    else procid_signal(&v->old, sig);
    return;
  }
  kill(to, sig);
}

/* SIGKILL to what is left in the cgroup (svfsm kills ./run's process
   group beside it, while that has members).  One that cannot be
   emptied is let go of. */
static COLD void cg_kill(struct svfsm *s)
{
  struct svc *v = SVC(s);
  int n = cgroup_kill(v->cg);
  if (v->cg->nokill && !v->cgwarned) {
    v->cgwarned = 1;
    errno = v->cg->nokill;
    msg_warnsys("unable to write ", v->cg->path, "/cgroup.kill, killing the pids of cgroup.procs");
  }
  if (n <= 0 && cgroup_populated(v->cg)) {
    msg_warn("unable to empty ", v->cg->path, ", waiting for ./run's process group only");
    v->cg->path[0] = 0;
  }
}

/* what is left of the service: SVFSM_ALIVE_*  (an empty cgroup is
   removed) */
static COLD int group_alive(struct svfsm *s)
{
  int r = 0;
  if (s->adopted) return old_alive(SVC(s)) ? SVFSM_ALIVE_GROUP : 0;
  if (s->cgroup && cgroup_populated(SVC(s)->cg)) r = SVFSM_ALIVE_CGROUP;
  if (kill(-s->pgid, 0) == 0 || errno == EPERM) r |= SVFSM_ALIVE_GROUP;
  if (!r && s->cgroup) cgroup_remove(SVC(s)->cg);
  return r;
}

/* ---- the optional files, read when ./run starts ---- */

/* (a literal "log/" was once shared with the cold code's, and put
   there, until src/runsv.ld kept the strings of COLD functions in
   .rodata) */
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
  fd = spared(open_read, path);
  if (fd == -1) {
    if (errno != ENOENT) msg_warnsys("unable to open ", path);
    spare_take();
    return -1;
  }
  r = read(fd, b, max - 1);
  close(fd);
  spare_take();
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

#define CGROOT "/sys/fs/cgroup"   /* where cgroup2 is looked for first */
static unsigned char cgnone;      /* that there is none, said once */

/* The service's own cgroup, named after its directory (the same for each
   runsv on it); 1 when it exists */
static COLD int cg_make(struct svc *v)
{
  char root[CGROUP_PATH - 48];
  struct stat st;
  if (stat(v->m.islog ? "log" : ".", &st) == -1) return 0;
  if (cgroup_mount(root, sizeof root, CGROOT, "/proc/self/mountinfo") == -1) {
    if (!cgnone) msg_warn("cgroup: no cgroup2 mount (" CGROOT ", /proc/self/mountinfo), going on without");
    cgnone = 1;
    return 0;
  }
  if (cgroup_make(v->cg, root, st.st_dev, st.st_ino) == 0) return 1;
  msg_warnsys("unable to create a cgroup in ", root);
  return 0;
}

static void configure(struct svfsm *s)
{
  struct rlimit rl;
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
    else if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && u >= rl.rlim_cur) {
      /* ./run could not be given it: say so here, not in a child that
         dies at every start */
      char num[FMT_ULONG];
      num[fmt_ulong(num, (unsigned long)rl.rlim_cur)] = 0;
      msg_warn("notification-fd: not below the descriptor limit ", num, " (ulimit -n): ", b);
    } else s->notify = (int)u;
  }
  s->group = readopt(s, "kill-group", b, sizeof b) >= 0;
  s->cgroup = readopt(s, "cgroup", b, sizeof b) >= 0 && cg_make(SVC(s));
}

/* Is ./finish there to run?  (readable is enough, as in runit) */
static int has_finish(struct svfsm *s)
{
  int fd = spared(open_read, "finish");
  (void)s;
  if (fd != -1) close(fd);
  spare_take();
  return fd != -1;
}

static const struct svfsm_ops ops = {
  .spawn = spawn, .hook = hook, .signal = signal_to, .changed = status_write,
  .has_finish = has_finish, .now = clock_ms, .stamp = tain_now,
  .configure = configure, .group_alive = group_alive, .cgroup_kill = cg_kill
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

/* a file of supervise/, never through a symlink (runit's runsv follows
   them: whoever can write supervise/ could have root's runsv open any
   file) */
static COLD int open_sv(const char *fn, int flags)
{
  return open(fn, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
}

static COLD void lock_supervise(struct svc *s)
{
  int fd = open_sv(s->p->lock, O_WRONLY | O_APPEND | O_CREAT);
  if (fd == -1) msg_diesys(111, "unable to open ", s->p->lock);
  if ((s->m.islog ? lock_ex(fd) : lock_exnb(fd)) == -1)
    msg_diesys(111, "unable to lock ", s->p->lock);
  s->dirfd = open(s->p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (s->dirfd == -1) msg_diesys(111, "unable to open ", s->p->dir);
}

/* The files runit's runsv does not write go with runsv: Debian's package
   scripts remove supervise/ by runit's file names and rmdir, and nothing
   of ours may keep the directory there.  Through the descriptor taken at
   the start, so this works when the link to it is gone already. */
static void leave(void)
{
  static const char *const ours[] = {     /* (their names in supervise/) */
    SV_XSTATUS + sizeof SV_DIR, SV_XSTATUS ".new" + sizeof SV_DIR
  };
  size_t i;
  for (i = 0; i < sizeof ours / sizeof ours[0]; ++i) {
    unlinkat(sv_main.dirfd, ours[i], 0);
    if (haslog) unlinkat(sv_log.dirfd, ours[i], 0);
  }
  _exit(0);
}

/* setup fails after the records were written: the xstatus it wrote goes
   too, as at leave() (errno kept for the message) */
static COLD void forget_xstatus(void)
{
  int e = errno;
  if (sv_main.xlastok) unlink(mainpaths.xstatus);
  if (sv_log.xlastok) unlink(logpaths.xstatus);
  errno = e;
}
#define setup_die(...) (forget_xstatus(), msg_die(111, __VA_ARGS__))
#define setup_diesys(...) (forget_xstatus(), msg_diesys(111, __VA_ARGS__))

static COLD void open_control(struct svc *s)
{
  struct stat st;
  if (mkfifo(s->p->control, 0600) == -1 && errno != EEXIST)
    setup_diesys("unable to mkfifo ", s->p->control);
  if (lstat(s->p->control, &st) == -1)
    setup_diesys("unable to stat ", s->p->control);
  if (!S_ISFIFO(st.st_mode))
    setup_die(s->p->control, " exists but is not a fifo");
  s->fdctl = open_sv(s->p->control, O_RDONLY);
  if (s->fdctl == -1) setup_diesys("unable to open ", s->p->control);
  /* our own writer: reads never see end of file */
  if (open_sv(s->p->control, O_WRONLY) == -1)
    setup_diesys("unable to open ", s->p->control);
}

/* (a regular file there would tell sv that runsv runs while none does) */
static COLD void open_ok(struct svc *s)
{
  struct stat st;
  int fd;
  if (mkfifo(s->p->ok, 0600) == -1 && errno != EEXIST)
    setup_diesys("unable to mkfifo ", s->p->ok);
  if ((fd = open_sv(s->p->ok, O_RDONLY)) == -1) setup_diesys("unable to open ", s->p->ok);
  if (fstat(fd, &st) == -1) setup_diesys("unable to stat ", s->p->ok);
  if (!S_ISFIFO(st.st_mode)) setup_die(s->p->ok, " exists but is not a fifo");
}

/* Read the record fn (not through a symlink), and what fstat says of
   it: its length, or -1. */
static COLD ssize_t read_rec(const char *fn, char *b, size_t n, struct stat *st)
{
  ssize_t r;
  int fd = open_sv(fn, O_RDONLY);
  if (fd == -1) return -1;
  r = read(fd, b, n);
  if (fstat(fd, st) == -1) r = -1;
  close(fd);
  return r;
}

/* no other user can have written it: ours, and writable by us alone */
static COLD int ours(const struct stat *st)
{
  return st->st_uid == geteuid() && !(st->st_mode & 022);
}

/* supervise/status, and the xstatus written with it, name a ./run (or
   log/run) of an earlier runsv that is still running, or the process
   group it was ending (finish): the very process, its start against
   the one xstatus recorded.  Hold it in s->old; how to stop it
   (SVFSM_ADOPT_*), or -1 for nothing.  Both services are looked at
   before either is stopped. */
static COLD int find_old(struct svc *s)
{
  char b[SV_XSTATUS_LEN + 1], num[FMT_ULONG];
  struct sv_status st;
  struct sv_xstatus x;
  struct stat ds, fs, xs;
  ssize_t r;
  pid_t pid;
  int how;
  if (read_rec(s->p->status, b, sizeof b, &fs) != SV_STATUS_LEN) return -1;
  sv_status_decode(&st, b, SV_STATUS_LEN);
  r = read_rec(s->p->xstatus, b, sizeof b, &xs);
  if (r < 0 || sv_xstatus_decode(&x, b, (size_t)r) == -1 || !x.hasrec || !x.ticks
      || !sv_xstatus_matches(&x, &st) || (pid = (pid_t)st.pid) <= 1) return -1;
  if (st.state == SV_STATE_RUN && !x.ending) how = SVFSM_ADOPT_PROC;
  else if (st.state == SV_STATE_FINISH && x.ending == SV_ENDING_PROC) how = SVFSM_ADOPT_PROC;
  else if (st.state == SV_STATE_FINISH && x.ending == SV_ENDING_GROUP) how = SVFSM_ADOPT_GROUP;
  else return -1;
  if (!procid_hold(&s->old, pid, x.ticks, how == SVFSM_ADOPT_GROUP)) return -1;
  if (how == SVFSM_ADOPT_PROC && getpgid(pid) == pid) how = SVFSM_ADOPT_LEADER;
  if (stat(s->p->dir, &ds) == -1 || !ours(&ds) || !ours(&fs) || !ours(&xs)) {
    num[fmt_ulong(num, (unsigned long)pid)] = 0;
    msg_warn("not stopping pid ", num, " named in ", s->p->status,
             ": another user can write ", s->p->dir);
    procid_release(&s->old);
    return -1;
  }
  return how;
}

/* ... and stop it before a second copy is started; waitms: not before */
static COLD void adopt_old(struct svc *s, int how, uint32_t waitms)
{
  char num[FMT_ULONG];
  if (how < 0) return;
  num[fmt_ulong(num, (unsigned long)s->old.pid)] = 0;
  msg_warn("stopping ", s->m.islog ? "log/run" : "./run", " left running by an earlier runsv: pid ", num);
  svfsm_adopt(&s->m, &ops, s->old.pid, how, s->old.start, waitms);
}

static COLD void init_svc(struct svc *s, const char *downfile)
{
  struct stat st;
  if (stat(downfile, &st) == 0) s->m.want = SV_WANT_DOWN;
  tain_now(&s->m.start);
}

/* ---- the loop ---- */

/* Read what ./run wrote to its notification-fd: the first newline makes
   it ready; end of file, that it never will be (the fd is let go).  A
   readiness line is short: after NOTE_MAX bytes without a newline the
   pipe is let go too (./run then gets EPIPE or SIGPIPE writing to it),
   so a ./run that streams to the descriptor costs runsv at most that. */
#define NOTE_MAX 4096
static void note_read(struct svc *v)
{
  char b[512], num[FMT_ULONG];
  ssize_t r;
  while ((r = read(v->notefd, b, sizeof b)) > 0) {
    if (memchr(b, '\n', (size_t)r)) {
      note_close(v);
      svfsm_event(&v->m, &ops, SVFSM_READY, 0);
      return;
    }
    if ((v->notelen += (unsigned)r) >= NOTE_MAX) {
      num[fmt_ulong(num, NOTE_MAX)] = 0;
      msg_warn(v->m.islog ? "log/" : "", "notification-fd: no newline in the first ",
               num, " bytes: not read any more, not ready");
      note_close(v);
      return;
    }
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
  spare_take();
  if (spare == -1) msg_diesys(111, "unable to keep a spare descriptor");

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
    /* an earlier logger reads its pipe to the end once the ./run
       writing to it is stopped, and ends by itself: TERM only after */
    int oldmain = find_old(&sv_main), oldlog = haslog ? find_old(&sv_log) : -1;
    adopt_old(&sv_main, oldmain, 0);
    adopt_old(&sv_log, oldlog, SVFSM_LOGWAIT_MS + (uint32_t)(sv_main.m.killat ? sv_main.m.killat - clock_ms() : 0));
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
  spare_take();
  if (spare == -1) setup_diesys("unable to keep a spare descriptor");
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

    pfd[3].fd = sv_main.oldexit ? -1 : sv_main.old.fd;  /* an adopted ./run ends: no SIGCHLD */
    pfd[4].fd = sv_log.oldexit ? -1 : sv_log.old.fd;
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
    if (pfd[3].revents) { sv_main.oldexit = 1; svfsm_event(&sv_main.m, &ops, SVFSM_GROUP, 0); }
    if (pfd[4].revents) { sv_log.oldexit = 1; svfsm_event(&sv_log.m, &ops, SVFSM_GROUP, 0); }

    if (sv_main.m.want == SV_WANT_EXIT && sv_main.m.state == SV_STATE_DOWN) {
      if (!haslog || (!sv_log.m.pid && !sv_log.m.draining)) leave();
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
