/* runit: process 1.

   It runs the three stages one after the other: /etc/runit/1 (one-time
   system set-up), /etc/runit/2 (normally runsvdir, for the whole uptime)
   and /etc/runit/3 (shutdown), then kills everything left and halts,
   powers off or reboots.  All the while it reaps every process the kernel
   hands over to it.  The loop sleeps in poll() on a self-pipe: signals and
   child exits wake it, deadlines bound the waits that need one, and
   nothing else runs.

   SIGPWR (a UPS daemon; Debian's runit does the same) shuts down in order
   and powers off.  Inside a container (a PID namespace other than the
   machine's, see container_check) a SIGTERM or SIGPWR from the runtime
   shuts down in order, like "init 0", and runit then exits with stage 3's
   exit code instead of calling reboot(2): the container's exit code says
   whether stage 3 stopped everything cleanly.

   No stdio, no malloc; messages go out with one write() each and are
   dropped rather than block process 1 on a stuck console (MSG_DROP). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "clock.h"
#include "msg.h"
#include "open.h"
#include "profile.h"
#include "sig.h"
#include "wait.h"

#ifndef SIGPWR
#define SIGPWR SIGINFO
#endif

#define STAGE1 0
#define STAGE2 1
#define STAGE3 2
#define CTRLALTDEL 3

static const char *const stagefile[4] = {
  RUNIT_STAGE1, RUNIT_STAGE2, RUNIT_STAGE3, RUNIT_CTRLALTDEL
};

static char **environment;
static int container;       /* not the machine's process 1 */
static int stopreq;         /* SIGPWR, or a container's SIGTERM: shut down */
static int quit;            /* container: exit after stage 3 */
static int stage3code;      /* a container's exit code: stage 3's (111
                               when it died of a signal) */
static int poweroff;        /* the machine's SIGPWR: power off, never reboot */

static pid_t stagepid;      /* the running stage, 0 once reaped */
static int stagewstat;
static pid_t cadpid;        /* the running ctrlaltdel, 0 once reaped */
static int cadwstat;
static int caddone;
static unsigned long sigs;  /* signals seen and not yet handled */

#define SIGBIT(s) (1UL << (s))


/* fd 2 is the console again after every wake-up, as runit does: a stage
   may have redirected or closed it */
static void console_stderr(void)
{
  int fd = open_write(RUNIT_CONSOLE);
  if (fd != -1) fd_move(2, fd);
}

static int owner_executable(const char *fn)
{
  struct stat st;
  return stat(fn, &st) == 0 && (st.st_mode & S_IXUSR);
}

static void reap(void)
{
  int w;
  pid_t pid;
  while ((pid = wait_nohang(&w)) > 0) {
    if (pid == stagepid) { stagepid = 0; stagewstat = w; }
    else if (pid == cadpid) { cadpid = 0; cadwstat = w; caddone = 1; }
  }
}

/* Sleep until a signal, a child's exit, or the deadline; then collect. */
static void wake(uint64_t deadline)
{
  struct pollfd p;
  p.fd = selfpipe_fd();
  p.events = POLLIN;
  p.revents = 0;
  poll_until(&p, 1, deadline);
  sigs |= selfpipe_take();
  if ((sigs & SIGBIT(SIGPWR)) || (container && (sigs & SIGBIT(SIGTERM)))) {
    stopreq = 1;
    if (container) quit = 1;
    else poweroff = 1;
  }
  reap();
  console_stderr();
}

/* Wait until ms milliseconds have passed or *pid is 0 (reaped). */
static void wait_reaped(pid_t *pid, uint64_t ms)
{
  uint64_t deadline = ms == NO_DEADLINE ? NO_DEADLINE : clock_ms() + ms;
  while (*pid && (deadline == NO_DEADLINE || clock_ms() < deadline)) wake(deadline);
}

static void pause_ms(uint64_t ms)
{
  uint64_t deadline = clock_ms() + ms;
  while (clock_ms() < deadline) wake(deadline);
}

static void child(int st)
{
  char *argv[2];
  argv[0] = (char *)stagefile[st];
  argv[1] = 0;
  if (st == STAGE1) {
    /* stage 1 may need to talk to the operator: the console on fd 0 too */
    int fd = open(RUNIT_CONSOLE, O_RDWR);
    if (fd != -1) {
      ioctl(fd, TIOCSCTTY, 0);
      fd_move(0, fd);
    } else
      msg_put("warning: ", 1, "unable to open " RUNIT_CONSOLE, (char *)0);
  } else
    setsid();
  /* a clean start: nothing caught, ignored or blocked is inherited */
  sig_default(SIGCHLD);
  sig_default(SIGCONT);
  sig_default(SIGINT);
  sig_default(SIGTERM);
  sig_default(SIGPWR);
  sig_unblockall();
  msg_info("enter stage: ", argv[0]);
  execve(argv[0], argv, environment);
  msg_put("fatal: ", 1, "unable to start child: ", argv[0], (char *)0);
  _exit(0);   /* so a missing stage counts as a stage that did its job */
}

static pid_t start(int st)
{
  pid_t pid;
  while ((pid = fork()) == -1) {
    msg_put("fatal: ", 1, "unable to fork for \"", stagefile[st], "\" pausing", (char *)0);
    pause_ms(5000);
  }
  if (!pid) child(st);
  return pid;
}

static void warn_exit(int st, int w)
{
  if (WIFSIGNALED(w)) msg_warn("child crashed: ", stagefile[st]);
  else if (WEXITSTATUS(w)) msg_warn("child failed: ", stagefile[st]);
}

/* End stage 2: SIGTERM, SIGKILL if it is still there after 5 seconds.
   Returns as soon as it is gone. */
static void stop_stage2(void)
{
  if (!stagepid) return;
  kill(stagepid, SIGTERM);
  wait_reaped(&stagepid, 5000);
  if (stagepid) {
    msg_warn("stage 2 not terminated, sending sigkill...");
    kill(stagepid, SIGKILL);
    wait_reaped(&stagepid, NO_DEADLINE);
  }
}

/* The signals that arrived while stage st runs.  Returns 1 when stage 2
   is to end now (a shutdown request). */
static int handle_signals(int st)
{
  unsigned long s = sigs;
  sigs = 0;
  if (st != STAGE2) {
    if (s & (SIGBIT(SIGCONT) | SIGBIT(SIGINT)))
      msg_warn("signals only work in stage 2.");
    return 0;
  }
  if (stopreq) return 1;
  if ((s & SIGBIT(SIGINT)) && !cadpid && owner_executable(RUNIT_CTRLALTDEL)) {
    msg_info("ctrl-alt-del request...");
    caddone = 0;
    cadpid = start(CTRLALTDEL);
  }
  if (caddone) {
    /* the ctrlaltdel script is done: now act as for SIGCONT */
    caddone = 0;
    if (WIFSIGNALED(cadwstat)) msg_warn("child crashed: ", RUNIT_CTRLALTDEL);
    msg_info("leave stage: ", RUNIT_CTRLALTDEL);
    s |= SIGBIT(SIGCONT);
  }
  if ((s & SIGBIT(SIGCONT)) && owner_executable(RUNIT_STOPIT)) {
    chmod(RUNIT_STOPIT, 0);   /* the request is consumed */
    return 1;
  }
  return 0;
}

/* reboot(RB_DISABLE_CAD) turns Ctrl-Alt-Del into a SIGINT for us.  The
   kernel accepts it only from the machine's own process 1: in a child PID
   namespace it fails with EINVAL, and without CAP_SYS_BOOT (the usual
   container) with EPERM.  Either failure means we are a container's init. */
static void container_check(void)
{
  container = reboot(RB_DISABLE_CAD) == -1;
}

static void stage2(void);

static void stage1(void)
{
  int w;
  stagepid = start(STAGE1);
  for (;;) {
    wake(NO_DEADLINE);
    if (!stagepid) break;
    handle_signals(STAGE1);
  }
  w = stagewstat;
  warn_exit(STAGE1, w);
  msg_info("leave stage: ", RUNIT_STAGE1);
  if (WIFSIGNALED(w) || WEXITSTATUS(w) == 100 || stopreq)
    msg_warn("skipping stage 2...");
  else
    stage2();
}

static void stage2(void)
{
  for (;;) {
    pid_t pid = stagepid = start(STAGE2);
    uint64_t deadline;
    int w;
    for (;;) {
      wake(NO_DEADLINE);
      if (!stagepid) break;
      if (handle_signals(STAGE2)) {
        stop_stage2();
        msg_info("leave stage: ", RUNIT_STAGE2);
        return;
      }
    }
    w = stagewstat;
    warn_exit(STAGE2, w);
    if (!WIFSIGNALED(w) && WEXITSTATUS(w) != 111) {
      msg_info("leave stage: ", RUNIT_STAGE2);
      return;
    }
    /* a runaway stage 2: clear its process group, retry in 5 seconds,
       still taking requests meanwhile */
    msg_warn("killing all processes in stage 2...");
    kill(-pid, SIGKILL);
    deadline = clock_ms() + 5000;
    while (clock_ms() < deadline) {
      wake(deadline);
      if (handle_signals(STAGE2)) {
        msg_info("leave stage: ", RUNIT_STAGE2);
        return;
      }
    }
    msg_warn("restarting.");
  }
}

static void stage3(void)
{
  stagepid = start(STAGE3);
  for (;;) {
    wake(NO_DEADLINE);
    if (!stagepid) break;
    handle_signals(STAGE3);
  }
  warn_exit(STAGE3, stagewstat);
  stage3code = WIFEXITED(stagewstat) ? WEXITSTATUS(stagewstat) : 111;
  msg_info("leave stage: ", RUNIT_STAGE3);
}

static void halt(void)
{
  pid_t pid;
  int nosync;
  console_stderr();
  msg_info("sending KILL signal to all processes...");
  kill(-1, SIGKILL);
  nosync = access(RUNIT_NOSYNC, F_OK) == 0;
  if (quit) {
    /* the container runtime asked us to stop: done */
    if (!nosync) sync();
    msg_info("exit.");
    _exit(stage3code);
  }
  pid = fork();
  if (pid <= 0) {
    if (!poweroff && owner_executable(RUNIT_REBOOT)) {
      msg_info("system reboot.");
      if (!nosync) sync();
      reboot(RB_AUTOBOOT);
    } else {
      msg_info("power off...");
      if (!nosync) sync();
      reboot(RB_POWER_OFF);
      /* reboot(2) returns only when it refused: try the plain halt */
      msg_info("system halt.");
      if (!nosync) sync();
      reboot(RB_HALT_SYSTEM);
    }
    if (!pid) _exit(0);
  } else {
    stagepid = pid;
    wait_reaped(&stagepid, NO_DEADLINE);
  }
  /* Still here: reboot(2) was refused.  A container's init may end; the
     machine's never does. */
  if (container) {
    msg_info("exit.");
    _exit(stage3code);
  }
  for (;;) wake(NO_DEADLINE);
}

int main(int argc, char **argv, char **envp)
{
  int fd;
  environment = envp;
  msg_prefix = "- runit: ";
  msg_mode = MSG_DROP;   /* never block process 1 on a stuck console */

  /* -V only when not process 1: the kernel passes its own arguments to init */
  if (getpid() != 1 && argc > 1 && argv[1][0] == '-' && argv[1][1] == 'V' && !argv[1][2]) {
    buf_putsflush(&buf_2, VERSION "\n");
    _exit(0);
  }
  if (getpid() != 1) msg_die(111, "must be run as process no 1.");
  setsid();

  /* kept blocked for good: process 1 has no use for them */
  sig_block(SIGALRM);
  sig_block(SIGHUP);
  sig_block(SIGPIPE);

  fd = open_write(RUNIT_CONSOLE);
  if (fd != -1) {
    dup2(fd, 0); dup2(fd, 1); dup2(fd, 2);
    if (fd > 2) close(fd);
    else fd_keep(fd);   /* dup2 onto itself leaves close-on-exec set */
  }

  while (selfpipe_init() == -1) {
    msg_put("fatal: ", 1, "unable to create selfpipe, pausing", (char *)0);
    clock_sleep_ms(5000);
  }
  selfpipe_catch(SIGCHLD);
  selfpipe_catch(SIGCONT);
  selfpipe_catch(SIGINT);
  selfpipe_catch(SIGPWR);
  container_check();
  if (container) selfpipe_catch(SIGTERM);
  else sig_block(SIGTERM);

  msg_info(VERSION, ": booting.");
  stage1();
  stage3();
  halt();
  return 0;
}
