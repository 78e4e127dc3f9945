/* Monotonic time in milliseconds, and poll() until a deadline.  Loops keep
   deadlines rather than sleeping, so they stay responsive. */
#ifndef CLOCK_H
#define CLOCK_H
#include <poll.h>
#include <stdint.h>
#include <time.h>

#define NO_DEADLINE UINT64_MAX
/* clock_gettime(clock), without the vDSO; on failure the epoch */
void clock_now(int clock, struct timespec *ts);
uint64_t clock_ms(void);
/* poll until an fd is ready or the deadline passes; EINTR returns 0. */
int poll_until(struct pollfd *p, unsigned n, uint64_t deadline);
/* sleep for ms milliseconds (only for short-lived programs) */
void clock_sleep_ms(unsigned long ms);
#endif
