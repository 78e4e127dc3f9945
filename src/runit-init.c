/* runit-init: installed as /sbin/init.  As process 1 it becomes runit;
   run by an administrator, "init 0" and "init 6" ask runit to halt or
   reboot.  The request is carried by permission bits alone: runit looks
   at the owner-execute bit of the stopit and reboot files when it gets
   SIGCONT (runit(8)). */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "msg.h"
#include "open.h"
#include "profile.h"

static const char *progname;

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
  msg_usage(0, progname, " 0|6");   /* runit-init's usage is not an error */
}

/* create the file if need be and leave it with exactly mode */
static void request(const char *fn, mode_t mode)
{
  int fd = open_trunc(fn);
  if (fd == -1) msg_diesys(111, "unable to create ", fn);
  close(fd);
  if (chmod(fn, mode) == -1) msg_diesys(111, "unable to chmod ", fn);
}

int main(int argc, char **argv, char **envp)
{
  char *prog[2];
  (void)argc;
  msg_prefix = "init: ";
  progname = argv[0] ? argv[0] : "init";

  if (getpid() == 1) {
    prog[0] = "runit";
    prog[1] = 0;
    execve(RUNIT_BINARY, prog, envp);
    msg_diesys(111, "unable to start runit");
  }

  if (!argv[0] || !argv[1] || !argv[1][0]) usage();
  switch (argv[1][0]) {
  case '0':
    request(RUNIT_STOPIT, 0100);
    if (chmod(RUNIT_REBOOT, 0) == -1 && errno != ENOENT)
      msg_diesys(111, "unable to chmod ", RUNIT_REBOOT);
    break;
  case '6':
    request(RUNIT_STOPIT, 0100);
    request(RUNIT_REBOOT, 0100);
    break;
  case '-':
    if (argv[1][1] == 'V') {
      buf_puts(&buf_2, VERSION);
      buf_putsflush(&buf_2, "\n\n");
    }
    usage();
  default:
    usage();
  }
  kill(1, SIGCONT);   /* as runit's: a failure here is not reported */
  return 0;
}
