/* bench/debian-systemd.sh's probe, built static by the script and put in
   each guest's root as /usr/local/lib/bench/probe.  The guest's
   /usr/local/sbin/bench-init (the kernel's init=) starts it in the
   background and execs /sbin/init, so it runs from the same moment
   whatever init is.

     probe AFTER...   wait for /proc, then every 0.2 s: read the uptime,
                      look for a LISTEN socket on port 22 in /proc/net/tcp
                      and tcp6 (until found; sock_diag would be cheaper,
                      but its TCP part is a module and the guest has no
                      modules), and for a process named cron
                      and one named getty or agetty in /proc/PID/comm
                      (until both are found; a kernel thread, a child
                      of kthreadd, is looked at once); print "@bench sshd|cron|
                      getty|all UPTIME" as each is seen, then its own CPU
                      time, "@bench probe-cpu MS ms", and exec AFTER...

   Output goes to its standard output (the console).  Nothing but
   system calls: no process is started while it polls. */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void out(const char *a, const char *b)
{
  char buf[128];
  size_t n = 0, la = strlen(a), lb = strlen(b);
  if (la + lb + 10 > sizeof buf) return;
  memcpy(buf, "@bench ", 7); n = 7;
  memcpy(buf + n, a, la); n += la;
  buf[n++] = ' ';
  memcpy(buf + n, b, lb); n += lb;
  buf[n++] = '\n';
  write(1, buf, n);
}

/* readf PATH BUF SIZE: the file's first SIZE-1 bytes, NUL-terminated; -1 */
static long readf(const char *path, char *buf, size_t size)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  long n;
  if (fd < 0) return -1;
  n = read(fd, buf, size - 1);
  close(fd);
  if (n < 0) return -1;
  buf[n] = 0;
  return n;
}

/* CPU time of this process in ms */
static long cpu_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static char *fmt_ms(char *end, long t)
{
  *end = 0;
  do { *--end = '0' + t % 10; t /= 10; } while (t);
  return end;
}

static void nap(long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  nanosleep(&ts, 0);
}

/* the uptime's first word, "12.34" */
static int uptime(char *u, size_t size)
{
  char b[64];
  size_t i;
  if (readf("/proc/uptime", b, sizeof b) <= 0) return -1;
  for (i = 0; i + 1 < size && b[i] && b[i] != ' '; i++) u[i] = b[i];
  u[i] = 0;
  return 0;
}

/* a line "N: LOCAL REMOTE ST ...": LOCAL ends in :0016 and ST is 0A */
static int listening(const char *path)
{
  static char b[65536];
  char *l, *e;
  if (readf(path, b, sizeof b) <= 0) return 0;
  for (l = b; l && *l; l = e ? e + 1 : 0) {
    char *w[4];
    int i = 0;
    char *p = l;
    e = strchr(l, '\n');
    if (e) *e = 0;
    while (i < 4) {
      while (*p == ' ') p++;
      if (!*p) break;
      w[i++] = p;
      while (*p && *p != ' ') p++;
      if (*p) *p++ = 0;
    }
    if (i == 4 && strcmp(w[3], "0A") == 0) {
      size_t n = strlen(w[1]);
      if (n > 5 && strcmp(w[1] + n - 5, ":0016") == 0) return 1;
    }
  }
  return 0;
}

/* kernel threads: never looked at again (pid_max is 32768 with one CPU;
   a larger pid is always looked at) */
static unsigned char kthread[32768 / 8];

/* is PID a kernel thread: its parent is kthreadd (2), or it is */
static int is_kthread(long pid, const char *dir)
{
  char path[64], b[256], *p;
  if (pid == 2) return 1;
  strcpy(path, dir);
  strcat(path, "/stat");
  if (readf(path, b, sizeof b) <= 0 || !(p = strrchr(b, ')'))) return 0;
  /* ") S PPID " */
  return p[1] == ' ' && p[2] && p[3] == ' ' && p[4] == '2' && p[5] == ' ';
}

/* the comm of PID (digits) is one of NAMES ("cron", "getty agetty") */
static int comm_is(const char *pid, const char *names)
{
  char path[64], c[32];
  const char *n;
  size_t l;
  if (strlen(pid) > 20) return 0;
  strcpy(path, "/proc/");
  strcat(path, pid);
  strcat(path, "/comm");
  if (readf(path, c, sizeof c) <= 0) return 0;
  l = strcspn(c, "\n");
  c[l] = 0;
  for (n = names; *n; n += strcspn(n, " "), n += *n == ' ')
    if (strncmp(n, c, l) == 0 && (n[l] == ' ' || n[l] == 0)) return 1;
  return 0;
}

/* cron's pid file names a cron */
static int cron_pidfile(void)
{
  char b[32];
  if (readf("/run/crond.pid", b, sizeof b) <= 0) return 0;
  b[strcspn(b, "\n")] = 0;
  return comm_is(b, "cron");
}

/* a LOGIN_PROCESS record in /run/utmp (agetty writes one as it starts)
   whose pid is a getty: glibc's x86-64 struct utmp, 384 bytes, ut_type
   (short) at 0, ut_pid (int) at 4 */
static int getty_utmp(void)
{
  static unsigned char b[384 * 64];
  long n = readf("/run/utmp", (char *)b, sizeof b), i;
  for (i = 0; i + 384 <= n; i += 384) {
    short type;
    int pid;
    char s[24], *e = s + sizeof s - 1;
    memcpy(&type, b + i, sizeof type);
    memcpy(&pid, b + i + 4, sizeof pid);
    if (type != 6 || pid <= 0) continue;
    *e = 0;
    do { *--e = '0' + pid % 10; pid /= 10; } while (pid);
    if (comm_is(e, "getty agetty")) return 1;
  }
  return 0;
}

int main(int argc, char **argv)
{
  char u[32], sshd = 0, cron = 0, getty = 0;
  char ms[96], n[24];
  long t0, t_sock = 0, t_proc = 0, polls = 0;
  (void)argc;
  while (uptime(u, sizeof u) < 0) nap(50);
  out("start", u);
  for (;;) {
    uptime(u, sizeof u);
    t0 = cpu_ms();
    if (!sshd && (listening("/proc/net/tcp") || listening("/proc/net/tcp6"))) {
      sshd = 1;
      out("sshd", u);
    }
    t_sock += cpu_ms() - t0;
    t0 = cpu_ms();
    if (!cron && cron_pidfile()) { cron = 1; out("cron", u); }
    if (!getty && getty_utmp()) { getty = 1; out("getty", u); }
    if ((!cron || !getty) && polls++ % 25 == 24) {
      DIR *d = opendir("/proc");
      struct dirent *de;
      char path[64], c[32];
      while (d && (de = readdir(d))) {
        long pid = 0;
        const char *q;
        if (de->d_name[0] < '1' || de->d_name[0] > '9' || strlen(de->d_name) > 20) continue;
        for (q = de->d_name; *q >= '0' && *q <= '9'; q++) pid = pid * 10 + (*q - '0');
        if (pid < 32768 && kthread[pid / 8] & (1 << pid % 8)) continue;
        strcpy(path, "/proc/");
        strcat(path, de->d_name);
        if (pid < 32768 && is_kthread(pid, path)) {
          kthread[pid / 8] |= 1 << pid % 8;
          continue;
        }
        strcat(path, "/comm");
        if (readf(path, c, sizeof c) <= 0) continue;
        c[strcspn(c, "\n")] = 0;
        if (!cron && strcmp(c, "cron") == 0) { cron = 1; out("cron", u); out("cron-by", "scan"); }
        if (!getty && (strcmp(c, "getty") == 0 || strcmp(c, "agetty") == 0)) {
          getty = 1;
          out("getty", u);
          out("getty-by", "scan");
        }
      }
      if (d) closedir(d);
    }
    t_proc += cpu_ms() - t0;
    if (sshd && cron && getty) break;
    nap(200);
  }
  out("all", u);
  /* "TOTAL ms (sockets S, processes P)" */
  strcpy(ms, fmt_ms(n + sizeof n - 1, cpu_ms()));
  strcat(ms, " ms (sockets ");
  strcat(ms, fmt_ms(n + sizeof n - 1, t_sock));
  strcat(ms, ", processes ");
  strcat(ms, fmt_ms(n + sizeof n - 1, t_proc));
  strcat(ms, ")");
  out("probe-cpu", ms);
  if (argv[1]) execv(argv[1], argv + 1);
  return 0;
}
