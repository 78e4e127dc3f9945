/* chpst's command lines, parsed without acting on them: chpst itself,
   and its softlimit and setlock personalities.  The program applies the
   result (src/chpst.c); the tests and the fuzzer call these directly. */
#ifndef CHPSTOPT_H
#define CHPSTOPT_H
#include <stddef.h>
#include <sys/types.h>

enum { LIMIT_DATA, LIMIT_STACK, LIMIT_MEMLOCK, LIMIT_AS, LIMIT_NOFILE,
       LIMIT_NPROC, LIMIT_FSIZE, LIMIT_CORE, LIMIT_RSS, LIMIT_CPU, LIMIT_N };
enum { LIMIT_NONE, LIMIT_VALUE, LIMIT_HARD };   /* how: untouched, a value, = */

struct chpst_opts {
  const char *set_user, *env_user;  /* -u, -U: "[:]user[:group...]" */
  const char *argv0, *env_dir, *root, *pwd, *lock;
  int lock_wait;                    /* -l (wait) rather than -L */
  int pgrp, verbose, close0, close1, close2;
  long nice;                        /* -n, within -40..40 */
  struct { int how; unsigned long value; } limit[LIMIT_N];
  int wait, x;                      /* setlock: -n, -x */
  char **prog;                      /* the program and its arguments */
};

/* Each fills o (zeroed first) and returns 0; 'V' for chpst's -V; -1 for
   a usage error (sgetopt has complained about a bad option). */
int chpst_options(struct chpst_opts *o, int argc, char **argv);
int softlimit_options(struct chpst_opts *o, int argc, char **argv);
int setlock_options(struct chpst_opts *o, int argc, char **argv);

#define CHPST_GIDS 60
struct chpst_ids {
  uid_t uid;
  gid_t gid[CHPST_GIDS];
  size_t n;
};
/* a number that is a valid uid or gid (not -1, fits) */
int chpst_id_fits(unsigned long u);
/* "uid:gid[:gid...]" (after -u's leading ':'): 1 when valid, else 0.
   Unlike runit, an empty number is rejected rather than read as 0. */
int chpst_ids_numeric(struct chpst_ids *u, const char *s);
#endif
