/* nswrap: run a program as process 1 of a fresh PID namespace, for the
   runit tests.  Not a unit test itself: tests/runit-*.t build and use it.

     nswrap [-B] [-t secs] [-r root] [-c console.log] [-p pidfile]
            [-s statusfile] [-T timefile] -- prog [arg...]

   The program runs in a new PID namespace and a private mount namespace,
   with a fresh /proc, optionally chrooted into root, and optionally with a
   pty bound over <root>/dev/console whose output is copied to console.log
   as it arrives.  pidfile receives the program's pid as seen from here
   (for nsenter -t and for signals from "the container runtime").
   -B drops CAP_SYS_BOOT from the program's capabilities, as container
   runtimes do: its reboot(2) then fails with EPERM.

   At the end one line on stdout says what reached us, and the exit code
   repeats it:  "exit N" (N), "signal N" (128+N), "timeout" (124; the
   namespace was killed); statusfile, if given, receives the same line
   (it appears, complete, only at the end).  timefile, if given, receives
   "START END": the monotonic clock in nanoseconds (what /proc/timer_list
   calls "now") just before the namespace is created and just after its
   end was reaped, for bench/boot.sh.  SIGTERM, SIGINT or SIGHUP to nswrap
   kill the namespace too, so no process of a test outlives it. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

/* Under make SANITIZE=1 this harness is built with AddressSanitizer too.
   After unshare(CLONE_NEWPID) its namespace's process 1 is gone by the
   time we exit, so no more processes can be created in it, and
   LeakSanitizer's exit-time check (which clones a tracer) fails fatally.
   The harness allocates nothing worth checking: no leak check here. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }

static void say(const char *a, const char *b)
{
  (void)!write(2, "nswrap: ", 8);
  (void)!write(2, a, strlen(a));
  if (b) { (void)!write(2, ": ", 2); (void)!write(2, b, strlen(b)); }
  (void)!write(2, "\n", 1);
}

static void die(const char *a)
{
  say(a, strerror(errno));
  _exit(125);
}

static long now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static long long now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void putnum(int fd, const char *word, long n)
{
  char s[40];
  int i = sizeof s;
  s[--i] = '\n';
  do s[--i] = (char)('0' + n % 10); while ((n /= 10) && i > 0);
  (void)!write(fd, word, strlen(word));
  (void)!write(fd, s + i, sizeof s - (size_t)i);
}

static void writefile(const char *fn, const char *word, long n)
{
  char tmp[4096];
  int fd;
  if (!fn) return;
  if (strlen(fn) + 5 > sizeof tmp) { errno = ENAMETOOLONG; die(fn); }
  strcpy(tmp, fn);
  strcat(tmp, ".new");
  fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd == -1) die(tmp);
  if (n >= 0) putnum(fd, word, n); else (void)!write(fd, word, strlen(word));
  close(fd);
  if (rename(tmp, fn) == -1) die(fn);
}

/* "START END\n" into fn, both in nanoseconds */
static void writetimes(const char *fn, long long a, long long b)
{
  char s[64];
  int i = sizeof s, fd;
  s[--i] = '\n';
  do s[--i] = (char)('0' + b % 10); while ((b /= 10) && i > 0);
  s[--i] = ' ';
  do s[--i] = (char)('0' + a % 10); while ((a /= 10) && i > 0);
  fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd == -1) die(fn);
  (void)!write(fd, s + i, sizeof s - (size_t)i);
  close(fd);
}

static const char *statusfile;
static void report(const char *word, long n)
{
  if (n >= 0) putnum(1, word, n); else (void)!write(1, word, strlen(word));
  writefile(statusfile, word, n);
}

static volatile sig_atomic_t stop;
static int wakefd[2] = { -1, -1 };
static void onsig(int s) { (void)s; stop = 1; (void)!write(wakefd[1], "", 1); }
static void onchld(int s) { (void)s; (void)!write(wakefd[1], "", 1); }

static char path[4096];
static char *joined(const char *root, const char *p)
{
  size_t n = strlen(root);
  if (n + strlen(p) + 1 > sizeof path) { errno = ENAMETOOLONG; die(p); }
  memcpy(path, root, n);
  strcpy(path + n, p);
  return path;
}

static void copy(int from, int to)
{
  char b[4096];
  ssize_t r;
  while ((r = read(from, b, sizeof b)) > 0)
    if (to != -1) (void)!write(to, b, (size_t)r);
}

int main(int argc, char **argv)
{
  long timeout = 30;
  const char *root = 0, *log = 0, *pidfile = 0, *timefile = 0;
  long long t0;
  int master = -1, slave = -1, logfd = -1;
  char slavename[64];
  pid_t pid;
  int i, w;
  long deadline;
  struct sigaction sa;
  int noboot = 0;

  for (i = 1; i < argc && argv[i][0] == '-'; i++) {
    char o = argv[i][1];
    if (o == '-') { i++; break; }
    if (o == 'B') { noboot = 1; continue; }
    if (i + 1 >= argc) break;
    if (o == 't') timeout = atol(argv[++i]);
    else if (o == 'r') root = argv[++i];
    else if (o == 'c') log = argv[++i];
    else if (o == 'p') pidfile = argv[++i];
    else if (o == 's') statusfile = argv[++i];
    else if (o == 'T') timefile = argv[++i];
    else break;
  }
  if (i >= argc) {
    say("usage: nswrap [-B] [-t secs] [-r root] [-c console.log] [-p pidfile] [-s statusfile] [-T timefile] -- prog [arg...]", 0);
    return 125;
  }

  if (log) {
    struct termios t;
    unsigned n;
    int unlock = 0;
    master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (master == -1) die("unable to open /dev/ptmx");
    if (ioctl(master, TIOCSPTLCK, &unlock) == -1) die("unable to unlock the pty");
    if (ioctl(master, TIOCGPTN, &n) == -1) die("unable to get the pty number");
    strcpy(slavename, "/dev/pts/");
    { char d[16]; int k = 16; d[--k] = 0; do d[--k] = (char)('0' + n % 10); while (n /= 10);
      strcat(slavename, d + k); }
    /* kept open here so that reading the master never sees EIO while the
       namespace has no console open */
    slave = open(slavename, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave == -1) die("unable to open the pty slave");
    if (tcgetattr(slave, &t) == 0) {
      t.c_oflag &= ~(tcflag_t)OPOST;             /* no \r added to \n */
      t.c_lflag &= ~(tcflag_t)(ECHO | ICANON | ISIG);
      tcsetattr(slave, TCSANOW, &t);
    }
    logfd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (logfd == -1) die("unable to open the console log");
  }

  t0 = now_ns();
  if (unshare(CLONE_NEWPID | CLONE_NEWNS) == -1) die("unable to unshare");
  if (mount("none", "/", 0, MS_REC | MS_PRIVATE, 0) == -1) die("unable to make / private");

  /* a self-pipe: the end of the namespace wakes us at once (the
     benchmark times whole boots through this) */
  if (pipe(wakefd) == -1) die("unable to create a pipe");
  fcntl(wakefd[0], F_SETFD, FD_CLOEXEC); fcntl(wakefd[1], F_SETFD, FD_CLOEXEC);
  fcntl(wakefd[0], F_SETFL, O_NONBLOCK); fcntl(wakefd[1], F_SETFL, O_NONBLOCK);
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = onchld;
  sigaction(SIGCHLD, &sa, 0);
  sa.sa_handler = onsig;
  sigaction(SIGTERM, &sa, 0);
  sigaction(SIGINT, &sa, 0);
  sigaction(SIGHUP, &sa, 0);

  pid = fork();
  if (pid == -1) die("unable to fork");
  if (pid == 0) {
    sa.sa_handler = SIG_DFL;
    sigaction(SIGTERM, &sa, 0);
    sigaction(SIGINT, &sa, 0);
    sigaction(SIGHUP, &sa, 0);
    sigaction(SIGCHLD, &sa, 0);
    if (root) {
      mkdir(joined(root, "/proc"), 0555);
      if (mount("proc", joined(root, "/proc"), "proc", 0, 0) == -1) die("unable to mount proc");
      if (log) {
        int fd;
        mkdir(joined(root, "/dev"), 0755);
        fd = open(joined(root, "/dev/console"), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd != -1) close(fd);
        if (mount(slavename, joined(root, "/dev/console"), 0, MS_BIND, 0) == -1)
          die("unable to bind the pty over dev/console");
      }
      if (chroot(root) == -1) die("unable to chroot");
      if (chdir("/") == -1) die("unable to chdir to /");
    } else {
      if (mount("proc", "/proc", "proc", 0, 0) == -1) die("unable to mount proc");
      if (log && mount(slavename, "/dev/console", 0, MS_BIND, 0) == -1)
        die("unable to bind the pty over /dev/console");
    }
    /* root's exec keeps only the capabilities left in the bounding set */
    if (noboot && prctl(PR_CAPBSET_DROP, CAP_SYS_BOOT, 0, 0, 0) == -1)
      die("unable to drop CAP_SYS_BOOT");
    execvp(argv[i], argv + i);
    die(argv[i]);
  }

  writefile(pidfile, "", pid);

  deadline = now_ms() + timeout * 1000;
  for (;;) {
    struct pollfd p[2] = { { wakefd[0], POLLIN, 0 }, { master, POLLIN, 0 } };
    long left;
    pid_t r = waitpid(pid, &w, WNOHANG);
    if (r == pid) {
      if (timefile) writetimes(timefile, t0, now_ns());
      break;
    }
    if (stop || now_ms() >= deadline) {
      kill(pid, SIGKILL);               /* the namespace goes with it */
      while (waitpid(pid, &w, 0) == -1 && errno == EINTR) ;
      if (master != -1) copy(master, logfd);
      if (stop) { say("interrupted: namespace killed", 0); report("interrupted\n", -1); return 125; }
      report("timeout\n", -1);
      return 124;
    }
    left = deadline - now_ms();
    if (poll(p, master != -1 ? 2 : 1, left > 1000 ? 1000 : (int)left) > 0) {
      if (p[0].revents) copy(wakefd[0], -1);
      if (master != -1 && p[1].revents) copy(master, logfd);
    }
  }
  if (master != -1) copy(master, logfd);
  if (WIFSIGNALED(w)) {
    report("signal ", WTERMSIG(w));
    return 128 + WTERMSIG(w);
  }
  report("exit ", WEXITSTATUS(w));
  return WEXITSTATUS(w);
}
