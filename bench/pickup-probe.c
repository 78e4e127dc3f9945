/* bench/pickup.sh's clock, built static by the script.  Two roles:

     probe link DIR LINK   watch DIR, read CLOCK_REALTIME, symlink(DIR,
                           LINK), wait (inotify, no polling) until DIR/started
                           appears; print the microseconds from before the
                           symlink to what DIR/started says, or "timeout"
     run (as DIR/run)      write CLOCK_REALTIME, in ns, to ./started (through
                           a rename, so it appears whole), then pause

   The service's run is this program itself, so the second clock is read
   in the first instructions of ./run's main: nothing but the exec lies
   between runsv's fork and it (no shell, no date). */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h> /* rename() */
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static size_t fmt_u64(char *s, uint64_t u)
{
  char t[24];
  size_t n = 0, i;
  do t[n++] = (char)('0' + u % 10); while (u /= 10);
  for (i = 0; i < n; ++i) s[i] = t[n - 1 - i];
  return n;
}

static uint64_t scan_u64(const char *s)
{
  uint64_t u = 0;
  while (*s >= '0' && *s <= '9') u = u * 10 + (uint64_t)(*s++ - '0');
  return u;
}

static int run(void)
{
  char b[32];
  size_t n = fmt_u64(b, now_ns());
  int fd = open("started.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  b[n++] = '\n';
  if (fd == -1 || write(fd, b, n) != (ssize_t)n || close(fd) == -1 ||
      rename("started.tmp", "started") == -1) return 111;
  for (;;) pause();
}

static int link_and_wait(const char *dir, const char *lnk)
{
  char ev[4096] __attribute__((aligned(8)));
  char fn[4096], b[32];
  struct pollfd p;
  uint64_t t0, t1, deadline;
  size_t n = strlen(dir);
  ssize_t r;
  int fd, in = inotify_init1(IN_NONBLOCK);
  if (in == -1 || n + sizeof "/started" > sizeof fn) return 111;
  if (inotify_add_watch(in, dir, IN_MOVED_TO) == -1) return 111;
  memcpy(fn, dir, n);
  memcpy(fn + n, "/started", sizeof "/started");
  t0 = now_ns();
  if (symlink(dir, lnk) == -1) return 111;
  deadline = t0 + 15000000000u;
  for (;;) {
    if ((fd = open(fn, O_RDONLY)) != -1) break;
    t1 = now_ns();
    if (t1 >= deadline) { (void)!write(1, "timeout\n", 8); return 1; }
    p.fd = in; p.events = POLLIN;
    poll(&p, 1, (int)((deadline - t1) / 1000000 + 1));
    while ((r = read(in, ev, sizeof ev)) > 0) ;
  }
  r = read(fd, b, sizeof b - 1);
  close(fd);
  if (r <= 0) return 111;
  b[r] = 0;
  t1 = scan_u64(b);
  n = fmt_u64(b, t1 > t0 ? (t1 - t0) / 1000 : 0);
  b[n++] = '\n';
  (void)!write(1, b, n);
  return 0;
}

int main(int argc, char **argv)
{
  const char *s = strrchr(argv[0], '/');
  s = s ? s + 1 : argv[0];
  if (!strcmp(s, "run")) return run();
  if (argc == 4 && !strcmp(argv[1], "link")) return link_and_wait(argv[2], argv[3]);
  (void)!write(2, "usage: probe link DIR LINK\n", 27);
  return 100;
}
