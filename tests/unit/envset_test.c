/* Unit tests of the environment changes chpst makes (src/lib/envset.c)
   and of chpst's option parsing (src/lib/chpstopt.c); prints TAP.
   Regression: the build looked for later changes of a name past the end
   of the changes, in the alignment padding before the new envp, so bytes
   left there could drop a variable (found by tests/fuzz/chpst.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "chpstopt.h"
#include "envset.h"
#include "sgetopt.h"
#include "tap.h"

static char space[256];
static struct envset e;

static const char *get(char **envp, const char *name)
{
  size_t k = strlen(name);
  for (; *envp; ++envp)
    if (!strncmp(*envp, name, k) && (*envp)[k] == '=') return *envp + k + 1;
  return 0;
}

/* an empty set over storage filled with junk, as a previous use leaves it */
static void reset(const char *junk)
{
  size_t i, k = strlen(junk) + 1;
  for (i = 0; i + k <= sizeof space; i += k) memcpy(space + i, junk, k);
  e.a = space; e.size = sizeof space; e.len = e.changes = 0;
}

/* a file with content n bytes of s, opened for reading */
static int file(const char *s, size_t n)
{
  char fn[] = "/tmp/envset-test.XXXXXX";
  int fd = mkstemp(fn);
  if (fd == -1 || write(fd, s, n) != (ssize_t)n) { perror(fn); exit(99); }
  unlink(fn);
  lseek(fd, 0, SEEK_SET);
  return fd;
}

static int parse(int (*f)(struct chpst_opts *, int, char **), struct chpst_opts *o, ...)
{
  static char *argv[16];
  int argc = 0;
  va_list ap;
  va_start(ap, o);
  while ((argv[argc] = va_arg(ap, char *))) ++argc;
  va_end(ap);
  sopt_ind = 0;
  sopt_prog = 0;
  return f(o, argc, argv);
}

int main(void)
{
  static char *env0[] = { "KEEP=1", "GONE=2", "OVER=old", 0 };
  struct chpst_opts o;
  struct chpst_ids ids;
  char **v;
  const char *x;
  int fd;

  reset("+A=stale");
  envset_set(&e, "A", "value");           /* 9 bytes: padding follows */
  v = envset_build(&e, env0);
  x = get(v, "A");
  tap_ok(x && !strcmp(x, "value"), "a variable set survives bytes left after the changes");

  reset("-A");
  envset_set(&e, "A", "v2");
  v = envset_build(&e, env0);
  x = get(v, "A");
  tap_ok(x && !strcmp(x, "v2"), "... also a stale unset of the same name");

  reset("");
  envset_set(&e, "OVER", "new");
  envset_set(&e, "X", "1");
  envset_set(&e, "X", "2");
  envset_unset(&e, "GONE");
  v = envset_build(&e, env0);
  x = get(v, "X");
  tap_ok(x && !strcmp(x, "2"), "the last change of a name wins");
  x = get(v, "OVER");
  tap_ok(x && !strcmp(x, "new"), "a change replaces the inherited value");
  tap_ok(!get(v, "GONE"), "an unset removes an inherited variable");
  x = get(v, "KEEP");
  tap_ok(x && !strcmp(x, "1"), "untouched variables are inherited");
  {
    int count = 0;
    for (; *v; ++v) if (!strncmp(*v, "X=", 2)) ++count;
    tap_ok(count == 1, "a name appears once");
  }

  reset("");
  tap_ok(envset_build(&e, env0) == env0, "no change: the environment itself");

  reset("");
  fd = file("first line \t\nsecond\n", 20);
  tap_ok(envset_file(&e, "F", fd) == 0, "envdir file read");
  close(fd);
  fd = file("a\0b", 3);
  envset_file(&e, "N", fd);
  close(fd);
  fd = file("", 0);
  envset_file(&e, "KEEP", fd);
  close(fd);
  v = envset_build(&e, env0);
  x = get(v, "F");
  tap_ok(x && !strcmp(x, "first line"), "the first line, trailing blanks removed");
  x = get(v, "N");
  tap_ok(x && !strcmp(x, "a\nb"), "NULs become newlines");
  tap_ok(!get(v, "KEEP"), "an empty file unsets the variable");

  reset("");
  {
    static char big[300];
    memset(big, 'b', sizeof big - 1);
    tap_ok(envset_set(&e, "B", big) == -1 && e.len == 0 && e.changes == 0,
           "a change that does not fit: -1, the set unchanged");
    fd = file(big, sizeof big - 1);
    tap_ok(envset_file(&e, "B", fd) == -1 && e.len == 0, "... also from a file");
    close(fd);
  }

  tap_ok(parse(chpst_options, &o, "chpst", "-u", "a:b", "-m", "100", "-n", "-50",
               "-L", "lk", "-012", "prog", "arg", (char *)0) == 0 &&
         !strcmp(o.set_user, "a:b") && o.limit[LIMIT_AS].how == LIMIT_VALUE &&
         o.limit[LIMIT_STACK].value == 100 && o.nice == -40 && !o.lock_wait &&
         !strcmp(o.lock, "lk") && o.close0 && o.close1 && o.close2 &&
         !strcmp(o.prog[0], "prog") && !strcmp(o.prog[1], "arg"),
         "chpst's options collected, -n capped at 40");
  tap_ok(parse(chpst_options, &o, "chpst", "-l", "a", "-L", "b", "p", (char *)0) == -1,
         "two locks: a usage error");
  tap_ok(parse(chpst_options, &o, "chpst", "-m", "1x", "p", (char *)0) == -1,
         "a bad number: a usage error");
  tap_ok(parse(chpst_options, &o, "chpst", "-v", (char *)0) == -1, "no program: a usage error");
  tap_ok(parse(chpst_options, &o, "chpst", "-V", "p", (char *)0) == 'V', "-V");
  tap_ok(parse(softlimit_options, &o, "softlimit", "-m", "=", "-t", "5", "p", (char *)0) == 0 &&
         o.limit[LIMIT_DATA].how == LIMIT_HARD && o.limit[LIMIT_CPU].value == 5,
         "softlimit: = is the hard limit");
  tap_ok(parse(setlock_options, &o, "setlock", "-nx", "f", "p", (char *)0) == 0 &&
         o.wait && o.x && !strcmp(o.lock, "f") && !strcmp(o.prog[0], "p"),
         "setlock: -n waits, -x");
  tap_ok(chpst_ids_numeric(&ids, "5:6:7") && ids.uid == 5 && ids.n == 2 && ids.gid[1] == 7,
         "numeric ids");
  tap_ok(!chpst_ids_numeric(&ids, "5:") && !chpst_ids_numeric(&ids, ":6") &&
         !chpst_ids_numeric(&ids, "4294967295:1"), "an empty number or -1 is refused");
  return tap_done();
}
