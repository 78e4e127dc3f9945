#include <errno.h>
#include <signal.h>
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
