#include <string.h>
#include "chpstopt.h"
#include "scan.h"
#include "sgetopt.h"

/* Digits only; an empty string is 0, as in runit. */
static int number(const char *s, unsigned long *u)
{
  size_t n;
  *u = 0;
  if (!*s) return 1;
  n = scan_ulong(s, u);
  return n && !s[n];
}

static void limit(struct chpst_opts *o, int which, int how, unsigned long v)
{
  o->limit[which].how = how;
  o->limit[which].value = v;
}

/* -m: data, stack, locked memory and address space at once */
static void limit_mem(struct chpst_opts *o, int how, unsigned long v)
{
  limit(o, LIMIT_DATA, how, v);
  limit(o, LIMIT_STACK, how, v);
  limit(o, LIMIT_MEMLOCK, how, v);
  limit(o, LIMIT_AS, how, v);
}

/* an option letter's resource, for the letters chpst and softlimit share */
static int resource(int opt)
{
  switch (opt) {
  case 'a': return LIMIT_AS;
  case 'c': return LIMIT_CORE;
  case 'd': return LIMIT_DATA;
  case 'f': return LIMIT_FSIZE;
  case 'l': return LIMIT_MEMLOCK;
  case 'o': return LIMIT_NOFILE;
  case 'p': return LIMIT_NPROC;
  case 'r': return LIMIT_RSS;
  case 's': return LIMIT_STACK;
  case 't': return LIMIT_CPU;
  }
  return -1;
}

int chpst_options(struct chpst_opts *o, int argc, char **argv)
{
  int opt;
  unsigned long u;
  memset(o, 0, sizeof *o);
  while ((opt = sgetopt(argc, argv, "u:U:b:e:m:d:o:p:f:c:r:t:/:C:n:l:L:vP012V")) != -1)
    switch (opt) {
    case 'u': o->set_user = sopt_arg; break;
    case 'U': o->env_user = sopt_arg; break;
    case 'b': o->argv0 = sopt_arg; break;
    case 'e': o->env_dir = sopt_arg; break;
    case 'm':
      if (!number(sopt_arg, &u)) return -1;
      limit_mem(o, LIMIT_VALUE, u);
      break;
    case 'd': case 'o': case 'p': case 'f': case 'c': case 'r': case 't':
      if (!number(sopt_arg, &u)) return -1;
      limit(o, resource(opt), LIMIT_VALUE, u);
      break;
    case '/': o->root = sopt_arg; break;
    case 'C': o->pwd = sopt_arg; break;
    case 'n': {
      const char *s = sopt_arg;
      int neg = (*s == '-');
      if (*s == '-' || *s == '+') ++s;
      if (!number(s, &u)) return -1;
      if (u > 40) u = 40;   /* the kernel saturates there anyway */
      o->nice = neg ? -(long)u : (long)u;
      break;
    }
    case 'l': case 'L':
      if (o->lock) return -1;
      o->lock = sopt_arg;
      o->lock_wait = (opt == 'l');
      break;
    case 'v': o->verbose = 1; break;
    case 'P': o->pgrp = 1; break;
    case '0': o->close0 = 1; break;
    case '1': o->close1 = 1; break;
    case '2': o->close2 = 1; break;
    case 'V': return 'V';
    default: return -1;
    }
  o->prog = argv + sopt_ind;
  return *o->prog ? 0 : -1;
}

int softlimit_options(struct chpst_opts *o, int argc, char **argv)
{
  int opt;
  unsigned long u;
  memset(o, 0, sizeof *o);
  while ((opt = sgetopt(argc, argv, "a:c:d:f:l:m:o:p:r:s:t:")) != -1) {
    int how = LIMIT_HARD;
    if (opt == '?') return -1;
    if (strcmp(sopt_arg, "=")) {
      if (!number(sopt_arg, &u)) return -1;
      how = LIMIT_VALUE;
    } else
      u = 0;
    if (opt == 'm') limit_mem(o, how, u);
    else limit(o, resource(opt), how, u);
  }
  o->prog = argv + sopt_ind;
  return *o->prog ? 0 : -1;
}

/* runit's setlock is inverted against daemontools': it fails at once by
   default (and with -N) and waits only with -n. */
int setlock_options(struct chpst_opts *o, int argc, char **argv)
{
  int opt;
  memset(o, 0, sizeof *o);
  while ((opt = sgetopt(argc, argv, "nNxX")) != -1)
    switch (opt) {
    case 'n': o->wait = 1; break;
    case 'N': o->wait = 0; break;
    case 'x': o->x = 1; break;
    case 'X': o->x = 0; break;
    default: return -1;
    }
  argv += sopt_ind;
  if (!argv[0] || !argv[1]) return -1;
  o->lock = argv[0];
  o->prog = argv + 1;
  return 0;
}

int chpst_id_fits(unsigned long u)
{
  return (unsigned long)(uid_t)u == u && (uid_t)u != (uid_t)-1;
}

int chpst_ids_numeric(struct chpst_ids *u, const char *s)
{
  unsigned long l;
  size_t n = scan_ulong(s, &l);
  if (!n || s[n] != ':' || !chpst_id_fits(l)) return 0;
  u->uid = (uid_t)l;
  u->n = 0;
  for (;;) {
    s += n + 1;
    n = scan_ulong(s, &l);
    if (!n || !chpst_id_fits(l) || u->n == CHPST_GIDS) return 0;
    u->gid[u->n++] = (gid_t)l;
    if (!s[n]) return 1;
    if (s[n] != ':') return 0;
  }
}
