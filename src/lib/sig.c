#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include "open.h"
#include "sig.h"

void sig_catch(int sig, void (*handler)(int))
{
  struct sigaction sa;
  sa.sa_handler = handler;
  sa.sa_flags = 0;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, 0);
}

void sig_default(int sig) { sig_catch(sig, SIG_DFL); }

static void mask(int how, int sig)
{
  sigset_t ss;
  sigemptyset(&ss);
  sigaddset(&ss, sig);
  sigprocmask(how, &ss, 0);
}

void sig_block(int sig) { mask(SIG_BLOCK, sig); }
void sig_unblock(int sig) { mask(SIG_UNBLOCK, sig); }

void sig_unblockall(void)
{
  sigset_t ss;
  sigemptyset(&ss);
  sigprocmask(SIG_SETMASK, &ss, 0);
}

/* Linux has signals 1 to 64 (the kernel's _NSIG); sigaction refuses
   KILL and STOP, and the C library those it keeps for itself */
#define SIG_LAST 64

void sig_defaultall(void)
{
  int sig;
  for (sig = 1; sig <= SIG_LAST; ++sig) sig_default(sig);
}

static int pipefd[2] = { -1, -1 };
static volatile sig_atomic_t seen; /* bit set of signals below 32 */

static void trigger(int sig)
{
  int e = errno;
  if (sig < 32) seen |= 1 << sig;
  (void)!write(pipefd[1], "", 1);
  errno = e;
}

int selfpipe_init(void)
{
  if (pipe(pipefd) == -1) return -1;
  fd_coe(pipefd[0]); fd_coe(pipefd[1]);
  fd_nonblock(pipefd[0]); fd_nonblock(pipefd[1]);
  return pipefd[0];
}

void selfpipe_catch(int sig) { sig_catch(sig, trigger); }
int selfpipe_fd(void) { return pipefd[0]; }

unsigned long selfpipe_take(void)
{
  char junk[64];
  unsigned long s;
  sigset_t all, old;
  while (read(pipefd[0], junk, sizeof junk) > 0) ;
  /* read and clear as one step, or a signal in between would be lost */
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &old);
  s = (unsigned long)seen;
  seen = 0;
  sigprocmask(SIG_SETMASK, &old, 0);
  return s;
}

#ifndef SFD_CLOEXEC   /* dietlibc: the kernel's values */
#define SFD_CLOEXEC O_CLOEXEC
#define SFD_NONBLOCK O_NONBLOCK
#endif

int sigfd_open(unsigned long sigs)
{
  sigset_t ss;
  int sig;
  sigemptyset(&ss);
  for (sig = 1; sig < 32; ++sig)
    if (sigs & (1UL << sig)) sigaddset(&ss, sig);
  if (sigprocmask(SIG_BLOCK, &ss, 0) == -1) return -1;
  /* blocked first: a disposition inherited as ignored goes, or an
     ignored SIGCHLD would reap the children by itself */
  for (sig = 1; sig < 32; ++sig)
    if (sigs & (1UL << sig)) sig_default(sig);
  return signalfd(-1, &ss, SFD_NONBLOCK | SFD_CLOEXEC);
}

unsigned long sigfd_take(int fd)
{
  struct signalfd_siginfo si[2];
  unsigned long s = 0;
  ssize_t r;
  size_t i;
  do {
    r = read(fd, si, sizeof si);
    for (i = 0; r > 0 && i < (size_t)r / sizeof si[0]; ++i)
      if (si[i].ssi_signo < 32) s |= 1UL << si[i].ssi_signo;
  } while (r == (ssize_t)sizeof si);   /* a full buffer: there may be more */
  return s;
}
