/* runsvchdir: make dir the current runlevel directory.

   runsvchdir dir

   In /etc/runit/runsvdir (or $RUNSVDIR, as runit 2.3.0), point the
   symlink "current" at dir and keep the one it replaces as "previous".
   Messages and exit codes as runit: usage 1, every error 111, and the
   fatal prefix is argv[0] even for the one warning. */
#include <errno.h>
#include <stdio.h> /* rename() only */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "msg.h"
#include "profile.h"

static char prefix[512];

static void say_prog(const char *argv0)
{
  /* msg_prefix is "<argv0>: "; a very long argv0 is cut, not overflowed */
  size_t n = 0;
  while (argv0[n] && n < sizeof prefix - 3) { prefix[n] = argv0[n]; ++n; }
  prefix[n++] = ':';
  prefix[n++] = ' ';
  prefix[n] = 0;
  msg_prefix = prefix;
}

static void done(const char *dir, const char *what)
{
  buf_puts(&buf_1, "runsvchdir: ");
  buf_puts(&buf_1, dir);
  buf_puts(&buf_1, what);
  buf_flush(&buf_1);
  _exit(0);
}

int main(int argc, char **argv)
{
  const char *runsvdir = RUNIT_RUNSVDIR;
  const char *dir, *e;
  struct stat st;
  dev_t dev;
  ino_t ino;
  (void)argc;

  if (!argv[0] || !argv[1]) msg_usage(1, argv[0] ? argv[0] : "runsvchdir", " dir");
  if (argv[1][0] == '-' && argv[1][1] == 'V' && !argv[1][2]) {
    buf_putsflush(&buf_2, VERSION "\n");
    msg_usage(1, argv[0], " dir");
  }
  say_prog(argv[0]);
  dir = argv[1];
  if ((e = getenv("RUNSVDIR"))) runsvdir = e;
  if (dir[0] == '.') msg_die(111, dir, ": must not start with a dot.");
  if (chdir(runsvdir) == -1) msg_diesys(111, "unable to chdir: ", runsvdir);
  if (stat(dir, &st) == -1) {
    if (errno == ENOENT) msg_diesys(111, dir);
    msg_diesys(111, "unable to stat: ", dir);
  }
  if (!S_ISDIR(st.st_mode)) msg_die(111, dir, "not a directory.");
  dev = st.st_dev;
  ino = st.st_ino;
  if (stat("current", &st) == -1) msg_diesys(111, "unable to stat: ", "current");
  if (st.st_dev == dev && st.st_ino == ino) done(dir, ": current.\n");

  if (unlink("current.new") == -1 && errno != ENOENT)
    msg_diesys(111, "unable to unlink: ", "current.new");
  if (symlink(dir, "current.new") == -1)
    msg_diesys(111, "unable to create: current.new -> ", dir);
  if (unlink("previous") == -1 && errno != ENOENT)
    msg_diesys(111, "unable to unlink: ", "previous");
  if (rename("current", "previous") == -1)
    msg_diesys(111, "unable to copy: current to ", "previous");
  if (rename("current.new", "current") == -1) {
    msg_put("fatal: ", 1, "unable to move: current.new to ", "current", (char *)0);
    if (rename("previous", "current") == -1)
      msg_diesys(111, "unable to move previous back to ", "current");
    _exit(111);
  }
  done(dir, ": now current.\n");
  return 0;
}
