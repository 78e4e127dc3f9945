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
#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>
#include "buf.h"
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
   Changes (from an envdir, -U, envuidgid) are kept in a static arena as
   a sequence of strings: "+NAME=value" sets, "-NAME" unsets; the last
   change of a name wins.  At exec the arena also holds the new envp.  The
   arena is bss: pages never touched cost nothing. */
#define ARENA_SIZE (1024 * 1024)
static char arena[ARENA_SIZE];
static size_t arena_len;
static size_t changes;

static void arena_need(size_t n)
{
  if (n > ARENA_SIZE - arena_len) die_nomem();
}

static void arena_put(const char *s, size_t n)
{
  arena_need(n);
  memcpy(arena + arena_len, s, n);
  arena_len += n;
}

static size_t name_len(const char *s) { return strcspn(s, "="); }

static void env_set(const char *name, const char *value)
{
  arena_put("+", 1);
  arena_put(name, strlen(name));
  arena_put("=", 1);
  arena_put(value, strlen(value) + 1);
  ++changes;
}

/* Is a change later than the one at offset `at` (and before `end`, the
   end of the changes) about the same name? */
static int env_superseded(size_t at, size_t end)
{
  const char *s = arena + at + 1;
  size_t n = name_len(s), next = at + strlen(arena + at) + 1, k;
  for (k = next; k < end; k += strlen(arena + k) + 1)
    if (name_len(arena + k + 1) == n && !memcmp(arena + k + 1, s, n)) return 1;
  return 0;
}

static int env_changed(const char *e)
{
  size_t n = name_len(e), k, end = arena_len;
  for (k = 0; k < end; k += strlen(arena + k) + 1)
    if (name_len(arena + k + 1) == n && !memcmp(arena + k + 1, e, n)) return 1;
  return 0;
}

static char **env_build(void)
{
  size_t n = 0, k, end = arena_len, slots;
  char **envp, **e;
  if (!changes) return environ;
  for (e = environ; *e; ++e) ++n;
  slots = n + changes + 1;
  arena_len = (arena_len + sizeof(char *) - 1) & ~(sizeof(char *) - 1);
  if (slots > (ARENA_SIZE - arena_len) / sizeof(char *)) die_nomem();
  envp = (char **)(void *)(arena + arena_len);
  n = 0;
  for (e = environ; *e; ++e)
    if (!env_changed(*e)) envp[n++] = *e;
  for (k = 0; k < end; k += strlen(arena + k) + 1)
    if (arena[k] == '+' && !env_superseded(k, end)) envp[n++] = arena + k + 1;
  envp[n] = 0;
  return envp;
}

/* One envdir entry: the first line of the file, trailing blanks removed,
   NULs turned into newlines; an empty file unsets the variable.  -1 with
   errno when the file cannot be read. */
static int env_file(const char *name)
{
  size_t start = arena_len, value, i;
  int got = 0, fd = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1) return -1;
  arena_put("+", 1);
  arena_put(name, strlen(name));
  arena_put("=", 1);
  value = arena_len;
  for (;;) {
    size_t room = ARENA_SIZE - arena_len;
    ssize_t r;
    char *nl;
    if (room <= 1) die_nomem();
    r = read(fd, arena + arena_len, room - 1);
    if (r == -1) {
      int e = errno;
      if (e == EINTR) continue;
      close(fd);
      arena_len = start;
      errno = e;
      return -1;
    }
    if (r == 0) break;
    got = 1;
    nl = memchr(arena + arena_len, '\n', (size_t)r);
    if (nl) { arena_len = (size_t)(nl - arena); break; }
    arena_len += (size_t)r;
  }
  close(fd);
  if (!got) {
    arena_len = start;
    arena_put("-", 1);
    arena_put(name, strlen(name) + 1);
    ++changes;
    return 0;
  }
  while (arena_len > value &&
         (arena[arena_len - 1] == ' ' || arena[arena_len - 1] == '\t'))
    --arena_len;
  for (i = value; i < arena_len; ++i)
    if (!arena[i]) arena[i] = '\n';
  arena_put("", 1);
  ++changes;
  return 0;
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
#define MAXGIDS 60
struct ids {
  uid_t uid;
  gid_t gid[MAXGIDS];
  size_t n;
};

static int id_fits(unsigned long u)
{
  return (unsigned long)(uid_t)u == u && (uid_t)u != (uid_t)-1;
}

/* ":uid:gid[:gid...]" without lookups.  Unlike runit, an empty number
   is rejected rather than read as 0 (root). */
static int ids_numeric(struct ids *u, const char *s)
{
  unsigned long l;
  size_t n = scan_ulong(s, &l);
  if (!n || s[n] != ':' || !id_fits(l)) return 0;
  u->uid = (uid_t)l;
  u->n = 0;
  for (;;) {
    s += n + 1;
    n = scan_ulong(s, &l);
    if (!n || !id_fits(l) || u->n == MAXGIDS) return 0;
    u->gid[u->n++] = (gid_t)l;
    if (!s[n]) return 1;
    if (s[n] != ':') return 0;
  }
}

/* -u and -U: "[:]user[:group...]"; dies unless the ids are found. */
static void ids_get(struct ids *u, const char *spec)
{
  size_t len = strcspn(spec, ":");
  const char *g;
  unsigned long uid, gid;
  int r;

  if (*spec == ':') {
    if (!ids_numeric(u, spec + 1)) msg_die(111, "invalid uid/gids: ", spec + 1);
    return;
  }
  r = pwent_user(PWENT_PASSWD, spec, len, &uid, &gid);
  if (r == 1 && !id_fits(uid)) r = 0;
  if (r == -1) msg_diesys(111, "unable to get password/group file entry");
  if (r == 0) msg_die(111, "unknown user/group: ", spec);
  u->uid = (uid_t)uid;
  if (!spec[len]) { u->gid[0] = (gid_t)gid; u->n = 1; return; }
  u->n = 0;
  for (g = spec + len + 1; u->n < MAXGIDS; g += len + 1) {
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
enum { L_DATA, L_STACK, L_MEMLOCK, L_AS, L_NOFILE, L_NPROC, L_FSIZE, L_CORE,
       L_RSS, L_CPU, L_N };
static const int limit_res[L_N] = {
  RLIMIT_DATA, RLIMIT_STACK, RLIMIT_MEMLOCK, RLIMIT_AS, RLIMIT_NOFILE,
  RLIMIT_NPROC, RLIMIT_FSIZE, RLIMIT_CORE, RLIMIT_RSS, RLIMIT_CPU
};
enum { LIMIT_NONE, LIMIT_VALUE, LIMIT_HARD };
static struct { int how; unsigned long value; } limits[L_N];

/* Digits only; an empty string is 0, as in runit. */
static int scan_number(const char *s, unsigned long *u)
{
  size_t n;
  *u = 0;
  if (!*s) return 1;
  n = scan_ulong(s, u);
  return n && !s[n];
}

static void limit_set(int which, int how, unsigned long value)
{
  limits[which].how = how;
  limits[which].value = value;
}

/* Only the soft limit changes; it never goes above the hard limit. */
static void limits_apply(void)
{
  int i;
  for (i = 0; i < L_N; ++i) {
    struct rlimit r;
    if (limits[i].how == LIMIT_NONE) continue;
    if (getrlimit(limit_res[i], &r) == -1) msg_diesys(111, "unable to getrlimit()");
    if (limits[i].how == LIMIT_HARD || limits[i].value > r.rlim_max)
      r.rlim_cur = r.rlim_max;
    else
      r.rlim_cur = limits[i].value;
    if (setrlimit(limit_res[i], &r) == -1) msg_diesys(111, "unable to setrlimit()");
  }
}

static void limit_mem(int how, unsigned long value)
{
  limit_set(L_DATA, how, value);
  limit_set(L_STACK, how, value);
  limit_set(L_MEMLOCK, how, value);
  limit_set(L_AS, how, value);
}

/* ---- exec ---- */
/* The program is looked up in chpst's own PATH, not one an envdir set. */
static void run(char **argv, const char *argv0, int x)
{
  const char *file = argv[0];
  if (argv0) argv[0] = (char *)argv0;
  pathexec_runpath(file, argv, env_build(), getenv("PATH"));
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

/* runit's setlock is inverted against daemontools': it fails at once by
   default (and with -N) and waits only with -n. */
static void setlock_main(int argc, char **argv)
{
  int opt, wait = 0, x = 0;
  while ((opt = sgetopt(argc, argv, "nNxX")) != -1)
    switch (opt) {
    case 'n': wait = 1; break;
    case 'N': wait = 0; break;
    case 'x': x = 1; break;
    case 'X': x = 0; break;
    default: usage(USAGE_SETLOCK);
    }
  argv += sopt_ind;
  if (!argv[0] || !argv[1]) usage(USAGE_SETLOCK);
  lock_file(argv[0], wait, x);
  run(argv + 1, 0, x);
}

static void softlimit_arg(int which)
{
  unsigned long v;
  if (str_equal(sopt_arg, "=")) { limit_set(which, LIMIT_HARD, 0); return; }
  /* runit prints chpst's usage here; we print softlimit's own */
  if (!scan_number(sopt_arg, &v)) usage(USAGE_SOFTLIMIT);
  limit_set(which, LIMIT_VALUE, v);
}

static void softlimit_main(int argc, char **argv)
{
  int opt;
  while ((opt = sgetopt(argc, argv, "a:c:d:f:l:m:o:p:r:s:t:")) != -1)
    switch (opt) {
    case 'a': softlimit_arg(L_AS); break;
    case 'c': softlimit_arg(L_CORE); break;
    case 'd': softlimit_arg(L_DATA); break;
    case 'f': softlimit_arg(L_FSIZE); break;
    case 'l': softlimit_arg(L_MEMLOCK); break;
    case 'm':
      softlimit_arg(L_DATA);
      limit_mem(limits[L_DATA].how, limits[L_DATA].value);
      break;
    case 'o': softlimit_arg(L_NOFILE); break;
    case 'p': softlimit_arg(L_NPROC); break;
    case 'r': softlimit_arg(L_RSS); break;
    case 's': softlimit_arg(L_STACK); break;
    case 't': softlimit_arg(L_CPU); break;
    default: usage(USAGE_SOFTLIMIT);
    }
  argv += sopt_ind;
  if (!argv[0]) usage(USAGE_SOFTLIMIT);
  limits_apply();
  run(argv, 0, 0);
}

/* ---- chpst itself ---- */
static unsigned long number(const char *s)
{
  unsigned long u;
  if (!scan_number(s, &u)) usage(USAGE_MAIN);
  return u;
}

int main(int argc, char **argv)
{
  const char *set_user = 0, *env_user = 0, *argv0 = 0, *env_dir = 0;
  const char *root = 0, *pwd = 0, *lock = 0;
  int opt, pgrp = 0, lock_wait = 0, close0 = 0, close1 = 0, close2 = 0;
  long nicelvl = 0;

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

  while ((opt = sgetopt(argc, argv, "u:U:b:e:m:d:o:p:f:c:r:t:/:C:n:l:L:vP012V")) != -1)
    switch (opt) {
    case 'u': set_user = sopt_arg; break;
    case 'U': env_user = sopt_arg; break;
    case 'b': argv0 = sopt_arg; break;
    case 'e': env_dir = sopt_arg; break;
    case 'm': limit_mem(LIMIT_VALUE, number(sopt_arg)); break;
    case 'd': limit_set(L_DATA, LIMIT_VALUE, number(sopt_arg)); break;
    case 'o': limit_set(L_NOFILE, LIMIT_VALUE, number(sopt_arg)); break;
    case 'p': limit_set(L_NPROC, LIMIT_VALUE, number(sopt_arg)); break;
    case 'f': limit_set(L_FSIZE, LIMIT_VALUE, number(sopt_arg)); break;
    case 'c': limit_set(L_CORE, LIMIT_VALUE, number(sopt_arg)); break;
    case 'r': limit_set(L_RSS, LIMIT_VALUE, number(sopt_arg)); break;
    case 't': limit_set(L_CPU, LIMIT_VALUE, number(sopt_arg)); break;
    case '/': root = sopt_arg; break;
    case 'C': pwd = sopt_arg; break;
    case 'n': {
      const char *s = sopt_arg;
      unsigned long u;
      int neg = (*s == '-');
      if (*s == '-' || *s == '+') ++s;
      u = number(s);
      if (u > 40) u = 40;   /* the kernel saturates there anyway */
      nicelvl = neg ? -(long)u : (long)u;
      break;
    }
    case 'l': if (lock) usage(USAGE_MAIN); lock = sopt_arg; lock_wait = 1; break;
    case 'L': if (lock) usage(USAGE_MAIN); lock = sopt_arg; lock_wait = 0; break;
    case 'v': verbose = 1; break;
    case 'P': pgrp = 1; break;
    case '0': close0 = 1; break;
    case '1': close1 = 1; break;
    case '2': close2 = 1; break;
    case 'V':
      buf_puts(&buf_2, VERSION);
      buf_putsflush(&buf_2, "\n");
      usage(USAGE_MAIN);
    default: usage(USAGE_MAIN);
    }
  argv += sopt_ind;
  if (!*argv) usage(USAGE_MAIN);

  if (pgrp) setsid();
  if (env_dir) envdir(env_dir, 0);
  if (root) {
    if (chdir(root) == -1) msg_diesys(111, "unable to change directory: ", root);
    if (chroot(".") == -1) msg_diesys(111, "unable to change root directory");
  }
  if (pwd && chdir(pwd) == -1) msg_diesys(111, "unable to change directory: ", pwd);
  if (nicelvl) {
    errno = 0;
    if (nice((int)nicelvl) == -1 && errno) msg_diesys(111, "unable to set nice level");
  }
  if (env_user) { struct ids u; ids_get(&u, env_user); ids_env(&u); }
  if (set_user) { struct ids u; ids_get(&u, set_user); ids_set(&u); }
  if (lock) lock_file(lock, lock_wait, 0);
  if (close0 && close(0) == -1) msg_diesys(111, "unable to close stdin");
  if (close1 && close(1) == -1) msg_diesys(111, "unable to close stdout");
  if (close2 && close(2) == -1) msg_diesys(111, "unable to close stderr");
  limits_apply();
  run(argv, argv0, 0);
  return 111;
}
