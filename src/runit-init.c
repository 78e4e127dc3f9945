/* runit-init: installed as /sbin/init.  As process 1 it becomes runit;
   run by an administrator, "init 0" and "init 6" ask runit to halt or
   reboot.  The request is carried by permission bits alone: runit looks
   at the owner-execute bit of the stopit and reboot files when it gets
   SIGCONT (runit(8)).

   Linked as halt, poweroff, reboot or shutdown (argv[0]'s basename) it
   makes the same request with those programs' usual options, or with -f
   stops the machine at once through reboot(2), without the stages
   (halt(8), shutdown(8)).  Any other name is init. */
#include <errno.h>
#include <signal.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "msg.h"
#include "open.h"
#include "profile.h"
#include "sgetopt.h"
#include "str.h"

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

/* init 0 (reboot 0) or init 6 (reboot 1): leave the request for runit,
   then wake it */
static void ask_runit(int reboot)
{
  request(RUNIT_STOPIT, 0100);
  if (reboot)
    request(RUNIT_REBOOT, 0100);
  else if (chmod(RUNIT_REBOOT, 0) == -1 && errno != ENOENT)
    msg_diesys(111, "unable to chmod ", RUNIT_REBOOT);
  kill(1, SIGCONT);   /* as runit's: a failure here is not reported */
}

/* ---- halt, poweroff, reboot, shutdown ---- */

enum stop { STOP_HALT, STOP_POWEROFF, STOP_REBOOT };

static const char *stop_tail;   /* the personality's usage */

static void stop_usage(void) __attribute__((noreturn));
static void stop_usage(void)
{
  msg_usage(100, progname, stop_tail);
}

static void version(void) __attribute__((noreturn));
static void version(void)
{
  buf_putsflush(&buf_2, VERSION "\n");
  stop_usage();
}

/* -f: no stages, no runit; what runit itself does at the very end */
static void stop_now(enum stop how, int nosync) __attribute__((noreturn));
static void stop_now(enum stop how, int nosync)
{
  static const int cmd[] = { RB_HALT_SYSTEM, RB_POWER_OFF, RB_AUTOBOOT };
  static const char *const what[] = { "halt", "power off", "reboot" };
  if (geteuid() != 0)
    msg_die(100, "unable to ", what[how], " at once: only root may (-f)");
  if (!nosync) sync();
  reboot(cmd[how]);
  /* still here: refused, as in a container without CAP_SYS_BOOT */
  msg_diesys(111, "unable to ", what[how]);
}

/* The request, or as process 1 (a script's "exec reboot") the act itself:
   there is no runit to ask. */
static void stop(enum stop how, int now, int nosync) __attribute__((noreturn));
static void stop(enum stop how, int now, int nosync)
{
  if (now || getpid() == 1) stop_now(how, nosync);
  if (nosync)
    msg_die(100, "-n needs -f: runit syncs unless " RUNIT_NOSYNC " exists");
  ask_runit(how == STOP_REBOOT);
  _exit(0);
}

static void halt_main(int argc, char **argv, enum stop how) __attribute__((noreturn));
static void halt_main(int argc, char **argv, enum stop how)
{
  int opt, now = 0, nosync = 0;
  stop_tail = " [-fndhip]";
  while ((opt = sgetopt(argc, argv, "dfhinpwBV")) != -1)
    switch (opt) {
    case 'd': break;                 /* no wtmp record: none is written */
    case 'h': case 'i': break;       /* disks, interfaces: the kernel's */
    case 'f': now = 1; break;
    case 'n': nosync = 1; break;
    case 'p': if (how == STOP_HALT) how = STOP_POWEROFF; break;
    case 'w': case 'B':
      msg_die(100, opt == 'w' ? "-w" : "-B",
              " is not supported: no wtmp record is ever written");
    case 'V': version();
    default: stop_usage();
    }
  if (argv[sopt_ind]) stop_usage();
  stop(how, now, nosync);
}

/* only "now", or a delay of "+0" minutes */
static int time_now(const char *t)
{
  if (str_equal(t, "now")) return 1;
  if (*t++ != '+' || !*t) return 0;
  while (*t == '0') ++t;
  return !*t;
}

static void shutdown_main(int argc, char **argv) __attribute__((noreturn));
static void shutdown_main(int argc, char **argv)
{
  int opt, how = -1;
  const char *t;
  stop_tail = " -r|-h|-P now [message]";
  while ((opt = sgetopt(argc, argv, "rhHPckV")) != -1)
    switch (opt) {
    case 'r': how = STOP_REBOOT; break;
    case 'h': case 'H': how = STOP_HALT; break;
    case 'P': how = STOP_POWEROFF; break;
    case 'c': msg_die(100, "-c: nothing to cancel: only now is supported");
    case 'k': msg_die(100, "-k is not supported: no warning is ever sent");
    case 'V': version();
    default: stop_usage();
    }
  t = argv[sopt_ind];
  if (!t) stop_usage();
  if (!time_now(t))
    msg_die(100, "unable to shut down at ", t, ": only now is supported");
  /* the rest is a message for the logged-in users: not sent */
  if (how == -1)
    msg_die(100, "say -r, -h or -P: there is no single-user mode");
  stop((enum stop)how, 0, 0);
}

static const struct personality {
  const char *name, *prefix;
  int how;                    /* enum stop; -1: shutdown */
} personalities[] = {
  { "halt", "halt: ", STOP_HALT },
  { "poweroff", "poweroff: ", STOP_POWEROFF },
  { "reboot", "reboot: ", STOP_REBOOT },
  { "shutdown", "shutdown: ", -1 },
};

int main(int argc, char **argv, char **envp)
{
  char *prog[2];
  const char *name = argv[0] ? str_basename(argv[0]) : "";
  unsigned i;

  for (i = 0; i < sizeof personalities / sizeof *personalities; ++i) {
    const struct personality *p = &personalities[i];
    if (!str_equal(name, p->name)) continue;
    progname = sopt_prog = p->name;
    msg_prefix = p->prefix;
    if (p->how == -1) shutdown_main(argc, argv);
    halt_main(argc, argv, (enum stop)p->how);
  }

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
    ask_runit(0);
    break;
  case '6':
    ask_runit(1);
    break;
  case '-':
    if (argv[1][1] == 'V') {
      buf_putsflush(&buf_2, VERSION "\n\n");
    }
    usage();
  default:
    usage();
  }
  return 0;
}
