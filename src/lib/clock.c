#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "clock.h"

/* A plain system call: the C library's clock_gettime reads the vDSO, whose
   pages then count in the resident memory of every supervisor for good. */
void clock_now(int clock, struct timespec *ts)
{
  if (syscall(__NR_clock_gettime, clock, ts) == -1) ts->tv_sec = ts->tv_nsec = 0;
}

uint64_t clock_ms(void)
{
  struct timespec ts;
  clock_now(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int poll_until(struct pollfd *p, unsigned n, uint64_t deadline)
{
  int timeout = -1;
  int r;
  if (deadline != NO_DEADLINE) {
    uint64_t now = clock_ms();
    uint64_t left = deadline > now ? deadline - now : 0;
    timeout = left > 3600000 ? 3600000 : (int)left;
  }
  r = poll(p, n, timeout);
  if (r == -1 && errno == EINTR) return 0;
  return r;
}

void clock_sleep_ms(unsigned long ms)
{
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (long)(ms % 1000) * 1000000;
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) ;
}
