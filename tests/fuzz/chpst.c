/* libFuzzer target: chpst's command lines and its envdir reading, through
   the modules chpst itself uses (src/lib/chpstopt.c, src/lib/envset.c).

   Input byte 0 bit 0 clear: the rest is an argv (split at NULs), parsed
   as chpst's, softlimit's and setlock's; every result must be sane.  Set:
   the rest is pairs "name NUL content NUL", each content read as an envdir
   file through a pipe; then each variable must be exactly what envdir(8)
   says: the first line, trailing blanks removed, NULs made newlines, and
   an empty file removes the variable.  Bit 1 turns 0x01 bytes of a content
   into NULs (a NUL cannot be given inside a pair). */
#include "fuzz.h"
#include "chpstopt.h"
#include "envset.h"
#include "sgetopt.h"

static void sane(int r, const struct chpst_opts *o, int argc, char **argv)
{
  int i;
  if (r != 0 && r != -1 && r != 'V') __builtin_trap();
  if (r) return;
  if (!o->prog || o->prog < argv || o->prog >= argv + argc || !*o->prog) __builtin_trap();
  if (o->nice < -40 || o->nice > 40) __builtin_trap();
  for (i = 0; i < LIMIT_N; ++i)
    if (o->limit[i].how < LIMIT_NONE || o->limit[i].how > LIMIT_HARD) __builtin_trap();
}

static const char *env_get(char **envp, const char *name)
{
  size_t n = strlen(name);
  for (; *envp; ++envp)
    if (!strncmp(*envp, name, n) && (*envp)[n] == '=') return *envp + n + 1;
  return 0;
}

/* what envdir(8) makes of a file's content; 0 when it unsets */
static const char *expect(char *v, size_t n)
{
  size_t i;
  if (!n) return 0;
  if (memchr(v, '\n', n)) n = (size_t)((char *)memchr(v, '\n', n) - v);
  while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) --n;
  for (i = 0; i < n; ++i) if (!v[i]) v[i] = '\n';
  v[n] = 0;
  return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static char arena[64 * 1024];
  static char *env0[] = { "KEEP=1", "A=old", 0 };
  char *space, *argv[65];
  size_t len[65];
  int argc, mode, i;
  if (size < 1 || size > 4096) return 0;
  mode = data[0];
  ++data; --size;
  space = malloc(size + 1);
  argc = fz_argv(data, size, space, argv, 64);

  if (!(mode & 1)) {
    struct chpst_opts o;
    struct chpst_ids u;
    sopt_prog = 0;   /* no complaints on stderr */
    sopt_ind = 0; sane(chpst_options(&o, argc, argv), &o, argc, argv);
    sopt_ind = 0; sane(softlimit_options(&o, argc, argv), &o, argc, argv);
    sopt_ind = 0; sane(setlock_options(&o, argc, argv), &o, argc, argv);
    for (i = 0; i < argc; ++i)
      if (chpst_ids_numeric(&u, argv[i]) && (u.n < 1 || u.n > CHPST_GIDS)) __builtin_trap();
  } else {
    struct envset e = ENVSET_INIT(arena);
    char **envp;
    int full = 0;
    for (i = 0; i + 1 < argc; i += 2) {
      int p[2];
      size_t n = len[i + 1] = strlen(argv[i + 1]), k;
      if (mode & 2) for (k = 0; k < n; ++k) if (argv[i + 1][k] == 1) argv[i + 1][k] = 0;
      if (!*argv[i] || strchr(argv[i], '=')) continue;   /* not a file name envdir reads */
      if (pipe(p) == -1) abort();
      if (write(p[1], argv[i + 1], n) != (ssize_t)n) abort();
      close(p[1]);
      if (envset_file(&e, argv[i], p[0]) == -1) full = 1;
      close(p[0]);
    }
    envp = envset_build(&e, env0);
    if (!envp) { if (!full && e.len < sizeof arena / 2) __builtin_trap(); }
    else if (!full) {
      for (i = 0; envp[i]; ++i)
        if (!strchr(envp[i], '=')) __builtin_trap();
      /* the last pair of a name decides it */
      for (i = argc - 2 - (argc % 2); i >= 0; i -= 2) {
        int j, later = 0;
        char v[4096];
        const char *want, *got;
        if (!*argv[i] || strchr(argv[i], '=')) continue;
        for (j = i + 2; j + 1 < argc; j += 2) if (!strcmp(argv[j], argv[i])) later = 1;
        if (later) continue;
        /* the content as written: up to its NUL, 0x01 bytes made NULs */
        memcpy(v, argv[i + 1], len[i + 1]);
        want = expect(v, len[i + 1]);
        got = env_get(envp, argv[i]);
        if (!want ? got != 0 : (!got || strcmp(got, want))) __builtin_trap();
      }
    }
  }
  free(space);
  return 0;
}
