/* chpst: run a program with a changed process state.

   Options are collected first and applied afterwards in one fixed order,
   whatever their order on the command line: setsid, envdir, chroot, chdir,
   nice, UID/GID variables, setgroups/setgid/setuid, lock, closing 0/1/2,
   resource limits, exec.  Called as setuidgid, envuidgid, envdir,
   pgrphack, softlimit or setlock (argv[0]'s basename, one leading 'd'
   dropped as runit does), it behaves like that daemontools tool.

   Exit codes: 100 usage, 111 any failure, else the program's (exec). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>
#include "buf.h"
#include "chpstopt.h"
#include "envset.h"
#include "fmt.h"
#include "lock.h"
#include "msg.h"
#include "open.h"
#include "pathexec.h"
#include "profile.h"
#include "pwent.h"
#include "scan.h"
#include "sgetopt.h"
#include "str.h"

#define USAGE_MAIN " [-vVP012] [-u user[:group]] [-U user[:group]] [-b argv0]" \
  " [-e dir] [-/ root] [-C pwd] [-n nice] [-l|-L lock] [-m n] [-d n] [-o n]" \
  " [-p n] [-f n] [-c n] [-t n] prog"
#define USAGE_SETUIDGID " account child"
#define USAGE_ENVUIDGID " account child"
#define USAGE_ENVDIR " dir child"
#define USAGE_PGRPHACK " child"
#define USAGE_SETLOCK " [ -nNxX ] file program [ arg ... ]"
#define USAGE_SOFTLIMIT " [-a allbytes] [-c corebytes] [-d databytes]" \
  " [-f filebytes] [-l lockbytes] [-m membytes] [-o openfiles] [-p processes]" \
  " [-r residentbytes] [-s stackbytes] [-t cpusecs] child"

extern char **environ;
static const char *progname;
static int verbose;

static void __attribute__((noreturn)) usage(const char *tail)
{
  msg_usage(100, progname, tail);
}
static void __attribute__((noreturn)) die_nomem(void)
{
  msg_die(111, "out of memory.");
}

/* ---- the program's environment ----
   Changes (from an envdir, -U, envuidgid) are kept in an arena
   (src/lib/envset.c); at exec the arena also holds the new envp.  It
   starts as 1 MiB of bss (pages never touched cost nothing) and, when a
   change does not fit, moves to a mapping twice as large, up to
   ENV_ARENA_MAX: more than the kernel takes at exec (at most 6 MiB of
   strings, or a quarter of the stack limit), so the limit a user meets is
   the kernel's, named by execve's "argument list too long". */
#define ARENA_SIZE (1024 * 1024)
#define ENV_ARENA_MAX (64UL * 1024 * 1024)
static char arena[ARENA_SIZE];
static struct envset env = ENVSET_INIT(arena);

static void __attribute__((noreturn)) die_envsize(void)
{
  char num[FMT_ULONG];
  num[fmt_ulong(num, ENV_ARENA_MAX / (1024 * 1024))] = 0;
  msg_die(111, "environment too large: over ", num, " MiB of changes.");
}

/* a larger arena, or a fatal message saying why not */
static void env_grow(void)
{
  size_t size = env.size * 2;
  char *a;
  if (env.size >= ENV_ARENA_MAX) die_envsize();
  if (size > ENV_ARENA_MAX) size = ENV_ARENA_MAX;
  a = mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (a == MAP_FAILED) {
    char num[FMT_ULONG];
    num[fmt_ulong(num, (unsigned long)size)] = 0;
    msg_diesys(111, "unable to map ", num, " bytes for the environment");
  }
  memcpy(a, env.a, env.len);
  if (env.a != arena) munmap(env.a, env.size);
  env.a = a;
  env.size = size;
}

static void env_set(const char *name, const char *value)
{
  while (envset_set(&env, name, value) == -1) env_grow();
}

/* One envdir entry; -1 with errno when the file cannot be read. */
static int env_file(const char *name)
{
  int r, fd = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1) return -1;
  while ((r = envset_file(&env, name, fd)) == -1 && errno == ENOMEM) {
    env_grow();
    if (lseek(fd, 0, SEEK_SET) == -1) break;
  }
  { int e = errno; close(fd); errno = e; }
  return r;
}

/* Read an envdir.  A subdirectory is skipped by -e (a warning with -v)
   and fatal for the envdir personality, as in runit. */
static void envdir(const char *dir, int strict)
{
  struct dirent *d;
  DIR *dp;
  /* O_PATH: returning needs no read permission on the current directory */
  int here = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (here == -1) msg_diesys(111, "unable to open current working directory");
  if (chdir(dir) == -1) msg_diesys(111, "unable to switch to directory: ", dir);
  dp = opendir(".");
  if (!dp) msg_diesys(111, "unable to open directory: ", dir);
  for (;;) {
    errno = 0;
    d = readdir(dp);
    if (!d) {
      if (errno) msg_diesys(111, "unable to read directory: ", dir);
      break;
    }
    if (d->d_name[0] == '.') continue;
    if (env_file(d->d_name) == -1) {
      if (errno == ENOMEM) die_nomem();
      if (errno == EISDIR && !strict) {
        if (verbose) msg_warnsys("unable to read ", dir, "/", d->d_name);
        continue;
      }
      msg_diesys(111, "unable to read ", dir, "/", d->d_name);
    }
  }
  closedir(dp);
  if (fchdir(here) == -1) msg_diesys(111, "unable to switch to starting directory");
  close(here);
}

/* ---- users and groups ---- */
#define ids chpst_ids
#define id_fits chpst_id_fits

/* -u and -U: "[:]user[:group...]"; dies unless the ids are found. */
static void ids_get(struct ids *u, const char *spec)
{
  size_t len = strcspn(spec, ":");
  const char *g;
  unsigned long uid, gid;
  int r;

  if (*spec == ':') {
    if (!chpst_ids_numeric(u, spec + 1)) msg_die(111, "invalid uid/gids: ", spec + 1);
    return;
  }
  r = pwent_user(PWENT_PASSWD, spec, len, &uid, &gid);
  if (r == 1 && !id_fits(uid)) r = 0;
  if (r == -1) msg_diesys(111, "unable to get password/group file entry");
  if (r == 0) msg_die(111, "unknown user/group: ", spec);
  u->uid = (uid_t)uid;
  if (!spec[len]) { u->gid[0] = (gid_t)gid; u->n = 1; return; }
  u->n = 0;
  for (g = spec + len + 1; u->n < CHPST_GIDS; g += len + 1) {
    len = strcspn(g, ":");
    r = pwent_group(PWENT_GROUP, g, len, &gid);
    if (r == 1 && !id_fits(gid)) r = 0;
    if (r == -1) msg_diesys(111, "unable to get password/group file entry");
    if (r == 0) msg_die(111, "unknown user/group: ", spec);
    u->gid[u->n++] = (gid_t)gid;
    if (!g[len]) break;
  }
}

/* setuidgid and envuidgid: an account name, its primary group only. */
static void ids_account(struct ids *u, const char *name)
{
  unsigned long uid, gid;
  int r = pwent_user(PWENT_PASSWD, name, strlen(name), &uid, &gid);
  if (r == 1 && (!id_fits(uid) || !id_fits(gid))) r = 0;
  if (r == -1) msg_diesys(111, "unable to get password file entry");
  if (r == 0) msg_die(111, "unknown account: ", name);
  u->uid = (uid_t)uid;
  u->gid[0] = (gid_t)gid;
  u->n = 1;
}

/* Exactly the groups asked for: no supplementary group of ours survives. */
static void ids_set(const struct ids *u)
{
  if (setgroups(u->n, u->gid) == -1) msg_diesys(111, "unable to setgroups");
  if (setgid(u->gid[0]) == -1) msg_diesys(111, "unable to setgid");
  if (setuid(u->uid) == -1) msg_diesys(111, "unable to setuid");
}

static void ids_env(const struct ids *u)
{
  char num[FMT_ULONG];
  num[fmt_ulong(num, u->gid[0])] = 0;
  env_set("GID", num);
  num[fmt_ulong(num, u->uid)] = 0;
  env_set("UID", num);
}

/* ---- lock ---- */
/* The lock stays open, inherited by the program: clear close-on-exec.
   x (setlock -x): give up silently, exit 0, instead of failing. */
static void lock_file(const char *fn, int wait, int x)
{
  int fd = open_append(fn);
  if (fd == -1) {
    if (x) _exit(0);
    msg_diesys(111, "unable to open lock: ", fn);
  }
  if ((wait ? lock_ex(fd) : lock_exnb(fd)) == -1) {
    if (x) _exit(0);
    msg_diesys(111, "unable to lock: ", fn);
  }
  if (fd_keep(fd) == -1) {
    if (x) _exit(0);
    msg_diesys(111, "unable to lock: ", fn);
  }
}

/* ---- resource limits ---- */
static const int limit_res[LIMIT_N] = {
  RLIMIT_DATA, RLIMIT_STACK, RLIMIT_MEMLOCK, RLIMIT_AS, RLIMIT_NOFILE,
  RLIMIT_NPROC, RLIMIT_FSIZE, RLIMIT_CORE, RLIMIT_RSS, RLIMIT_CPU
};

/* Only the soft limit changes; it never goes above the hard limit. */
static void limits_apply(const struct chpst_opts *o)
{
  int i;
  for (i = 0; i < LIMIT_N; ++i) {
    struct rlimit r;
    if (o->limit[i].how == LIMIT_NONE) continue;
    if (getrlimit(limit_res[i], &r) == -1) msg_diesys(111, "unable to getrlimit()");
    if (o->limit[i].how == LIMIT_HARD || o->limit[i].value > r.rlim_max)
      r.rlim_cur = r.rlim_max;
    else
      r.rlim_cur = o->limit[i].value;
    if (setrlimit(limit_res[i], &r) == -1) msg_diesys(111, "unable to setrlimit()");
  }
}

/* ---- exec ---- */
/* The program is looked up in chpst's own PATH, not one an envdir set. */
static void run(char **argv, const char *argv0, int x)
{
  const char *file = argv[0];
  if (argv0) argv[0] = (char *)argv0;
  char **envp;
  while (!(envp = envset_build(&env, environ))) env_grow();
  pathexec_runpath(file, argv, envp, getenv("PATH"));
  if (x) _exit(0);
  msg_diesys(111, "unable to run: ", argv[0]);
}

/* ---- the personalities ---- */
static void setuidgid_main(char **argv)
{
  struct ids u;
  if (!argv[1] || !argv[2]) usage(USAGE_SETUIDGID);
  ids_account(&u, argv[1]);
  ids_set(&u);
  run(argv + 2, 0, 0);
}

static void envuidgid_main(char **argv)
{
  struct ids u;
  if (!argv[1] || !argv[2]) usage(USAGE_ENVUIDGID);
  ids_account(&u, argv[1]);
  ids_env(&u);
  run(argv + 2, 0, 0);
}

static void envdir_main(char **argv)
{
  if (!argv[1] || !argv[2]) usage(USAGE_ENVDIR);
  envdir(argv[1], 1);
  run(argv + 2, 0, 0);
}

static void pgrphack_main(char **argv)
{
  if (!argv[1]) usage(USAGE_PGRPHACK);
  setsid();
  run(argv + 1, 0, 0);
}

static void setlock_main(int argc, char **argv)
{
  struct chpst_opts o;
  if (setlock_options(&o, argc, argv) == -1) usage(USAGE_SETLOCK);
  lock_file(o.lock, o.wait, o.x);
  run(o.prog, 0, o.x);
}

/* runit prints chpst's usage for a bad number; we print softlimit's own */
static void softlimit_main(int argc, char **argv)
{
  struct chpst_opts o;
  if (softlimit_options(&o, argc, argv) == -1) usage(USAGE_SOFTLIMIT);
  limits_apply(&o);
  run(o.prog, 0, 0);
}

/* ---- chpst itself ---- */
int main(int argc, char **argv)
{
  struct chpst_opts o;

  progname = argv[0] ? argv[0] : "chpst";
  progname = str_basename(progname);
  sopt_prog = progname;               /* getopt's complaints: the real name */
  if (*progname == 'd') ++progname;   /* runit's quirk, kept */
  msg_prefix = "chpst: ";
  if (!argv[0]) usage(USAGE_MAIN);

  if (str_equal(progname, "setuidgid")) setuidgid_main(argv);
  if (str_equal(progname, "envuidgid")) envuidgid_main(argv);
  if (str_equal(progname, "envdir")) envdir_main(argv);
  if (str_equal(progname, "pgrphack")) pgrphack_main(argv);
  if (str_equal(progname, "setlock")) setlock_main(argc, argv);
  if (str_equal(progname, "softlimit")) softlimit_main(argc, argv);

  switch (chpst_options(&o, argc, argv)) {
  case 'V':
    buf_putsflush(&buf_2, VERSION "\n");
    /* fall through */
  case -1: usage(USAGE_MAIN);
  }
  verbose = o.verbose;
  if (o.pgrp) setsid();
  if (o.env_dir) envdir(o.env_dir, 0);
  if (o.root) {
    if (chdir(o.root) == -1) msg_diesys(111, "unable to change directory: ", o.root);
    if (chroot(".") == -1) msg_diesys(111, "unable to change root directory");
  }
  if (o.pwd && chdir(o.pwd) == -1) msg_diesys(111, "unable to change directory: ", o.pwd);
  if (o.nice) {
    errno = 0;
    if (nice((int)o.nice) == -1 && errno) msg_diesys(111, "unable to set nice level");
  }
  if (o.env_user) { struct ids u; ids_get(&u, o.env_user); ids_env(&u); }
  if (o.set_user) { struct ids u; ids_get(&u, o.set_user); ids_set(&u); }
  if (o.lock) lock_file(o.lock, o.lock_wait, 0);
  if (o.close0 && close(0) == -1) msg_diesys(111, "unable to close stdin");
  if (o.close1 && close(1) == -1) msg_diesys(111, "unable to close stdout");
  if (o.close2 && close(2) == -1) msg_diesys(111, "unable to close stderr");
  limits_apply(&o);
  run(o.prog, o.argv0, 0);
  return 111;
}
