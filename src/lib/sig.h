/* Signals: handlers without SA_RESTART, masks, and a self-pipe so that an
   event loop built on poll() sees signals as a readable fd. */
#ifndef SIG_H
#define SIG_H

void sig_catch(int sig, void (*handler)(int));
void sig_default(int sig);
void sig_block(int sig);
void sig_unblock(int sig);
void sig_unblockall(void);
/* every signal's disposition to the default: what a program is given to
   run (a shell's `&` leaves SIGINT and SIGQUIT ignored, and exec keeps
   what is ignored) */
void sig_defaultall(void);

/* The self-pipe: both ends non-blocking and close-on-exec.  selfpipe_catch
   installs a handler that records the signal and wakes the loop. */
int selfpipe_init(void);            /* read end, or -1 */
void selfpipe_catch(int sig);
int selfpipe_fd(void);
/* Drain the pipe; return and clear the bit set of signals seen (1 << sig). */
unsigned long selfpipe_take(void);

/* Or no handler at all: the signals of the set (1 << sig, below 32) stay
   blocked and a signalfd (non-blocking, close-on-exec) reports them, so
   no signal frame (3.4 kB with AVX-512) is ever pushed on the stack of
   an idle process.  Their dispositions are set to the default.  For a
   loop that never unblocks them (runsv); its children must
   (sig_unblock).  The fd, or -1. */
int sigfd_open(unsigned long sigs);
/* Read what is pending; the bit set of signals read. */
unsigned long sigfd_take(int fd);
#endif
