/* libFuzzer target: chpst's option parsing, user:group parsing and envdir
   reader, through chpst's own main.  Everything chpst would change in the
   process (root, ids, nice, limits, locks, closing 0-2, exec) is stubbed
   here, so the fuzzer itself stays as it is; chdir stays inside a private
   directory.  The exec stub checks the environment chpst built.

   Input byte 0 bit 0 clear: the rest is chpst's argv (split at NULs).
   Set: the rest is pairs "name NUL content NUL" written as files of an
   envdir, run as `envdir e prog`; then each variable must be exactly what
   envdir(8) says: the first line, trailing blanks removed, NULs made
   newlines, and an empty file removes the variable. */
#include "fuzz.h"
#include <sys/stat.h>
#include <dirent.h>
#include <grp.h>
#include <sys/resource.h>

static char **fz_envp;
static int fz_stub(void) { return 0; }

/* chpst may exit (here: jump back) with a directory or files still open,
   which the real program leaves to exit(2).  Their opens and closes are
   recorded, and whatever is still open after a run is closed. */
#define FZ_FDS 64
static int fz_fds[FZ_FDS];
static unsigned fz_nfds;
static DIR *fz_dir;
static int fz_keep(int fd)
{
  if (fd > 2 && fz_nfds < FZ_FDS) fz_fds[fz_nfds++] = fd;
  return fd;
}
static int fz_open(const char *fn, int flags, ...)
{
  return fz_keep(open(fn, flags, 0600));
}
static int fz_close(int fd)
{
  unsigned i;
  if (fd <= 2) return 0;
  for (i = 0; i < fz_nfds; ++i)
    if (fz_fds[i] == fd) { fz_fds[i] = fz_fds[--fz_nfds]; break; }
  return close(fd);
}
static DIR *fz_opendir(const char *d) { return fz_dir = opendir(d); }
static int fz_closedir(DIR *d) { fz_dir = 0; return closedir(d); }
static void fz_release(void)
{
  while (fz_nfds) close(fz_fds[--fz_nfds]);
  if (fz_dir) closedir(fz_dir);
  fz_dir = 0;
}
static int fz_open_append(const char *fn)
{
  if (strchr(fn, '/') || !*fn) { errno = EACCES; return -1; }
  return fz_keep(open(fn, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
}
static void fz_exec(const char *file, char *const *argv, char *const *envp, const char *path)
{
  size_t i;
  (void)file; (void)argv; (void)path;
  for (i = 0; envp[i]; ++i)
    if (!strchr(envp[i], '=')) __builtin_trap();
  fz_envp = (char **)envp;
  _exit(42);
}
#define chdir fz_chdir
#define chroot(p) fz_stub()
#define setsid() fz_stub()
#define nice(n) fz_stub()
#define setgroups(n, g) fz_stub()
#define setgid(g) fz_stub()
#define setuid(u) fz_stub()
#define setrlimit(r, l) fz_stub()
#define lock_ex(fd) fz_stub()
#define lock_exnb(fd) fz_stub()
#define open_append fz_open_append
#define close fz_close
#define open fz_open
#define opendir fz_opendir
#define closedir fz_closedir
#define pathexec_runpath fz_exec
#define main chpst_main
#include "../../src/chpst.c"
#undef main
#undef close
#undef open
#undef opendir
#undef closedir
#undef chdir

static void clean(const char *d)
{
  DIR *dp = opendir(d);
  struct dirent *e;
  if (!dp) fz_die("opendir");
  while ((e = readdir(dp)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      unlinkat(dirfd(dp), e->d_name, 0);
  closedir(dp);
}

static const char *env_get(char **envp, const char *name)
{
  size_t n = strlen(name);
  for (; *envp; ++envp)
    if (!strncmp(*envp, name, n) && (*envp)[n] == '=') return *envp + n + 1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static int home = -1;
  static char edir[100];
  char *space, *argv[65], *fake[4];
  int argc, mode, i;
  if (size < 1 || size > 4096) return 0;
  fz_setup();
  fz_quiet();
  if (home == -1) {
    if ((home = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) fz_die("open .");
    snprintf(edir, sizeof edir, "%s/e", FZ_DIR);
    if (mkdir(edir, 0700) == -1) fz_die("mkdir");
  }
  if (chdir(FZ_DIR) == -1) fz_die("chdir");
  mode = data[0] & 1;
  ++data; --size;
  space = malloc(size + 1);
  argc = fz_argv(data, size, space, argv, 64);

  if (mode) {
    clean(edir);
    for (i = 0; i + 1 < argc; i += 2) {
      char fn[300];
      int fd;
      const char *nm = argv[i];
      /* the content runs to the next NUL; its own NULs cannot be given
         this way, so bit 1 of byte 0 turns 0x01 bytes into NULs */
      size_t n = strlen(argv[i + 1]), k;
      char *c = strdup(argv[i + 1]);
      if (data[-1] & 2) for (k = 0; k < n; ++k) if (c[k] == 1) c[k] = 0;
      if (!*nm || strchr(nm, '/') || strlen(nm) > 200) { free(c); continue; }
      snprintf(fn, sizeof fn, "%s/%s", edir, nm);
      fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd != -1) { if (write(fd, c, n) != (ssize_t)n) fz_die("write"); close(fd); }
      free(c);
    }
    fake[0] = "envdir"; fake[1] = "e"; fake[2] = "prog"; fake[3] = 0;
  }
  arena_len = changes = 0;
  verbose = 0;
  memset(limits, 0, sizeof limits);
  sopt_ind = 0;
  fz_envp = 0;
  FZ_RUN(mode ? chpst_main(3, fake) : chpst_main(argc, argv));
  fz_release();
  if (fchdir(home) == -1) fz_die("fchdir");
  if (fz_code != 42 && fz_code != 100 && fz_code != 111) __builtin_trap();
  if (fz_code == 42 && !fz_envp) __builtin_trap();

  /* a file named "A=x" changes A too (the name ends at '='): such runs
     are not checked */
  if (mode && fz_code == 42 && !memchr(data, '=', size)) {
    /* the oracle: read the files back the plain way */
    DIR *dp = opendir(edir);
    struct dirent *e;
    while ((e = readdir(dp))) {
      char fn[300], v[8192];
      const char *got;
      ssize_t r;
      int fd;
      size_t n;
      if (e->d_name[0] == '.' || strchr(e->d_name, '=')) continue;
      snprintf(fn, sizeof fn, "%s/%s", edir, e->d_name);
      if ((fd = open(fn, O_RDONLY)) == -1) fz_die(fn);
      r = read(fd, v, sizeof v - 1);
      close(fd);
      if (r < 0) fz_die("read");
      got = env_get(fz_envp, e->d_name);
      if (r == 0) { if (got) __builtin_trap(); continue; }
      n = (size_t)r;
      if (memchr(v, '\n', n)) n = (size_t)((char *)memchr(v, '\n', n) - v);
      while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) --n;
      for (r = 0; (size_t)r < n; ++r) if (!v[r]) v[r] = '\n';
      v[n] = 0;
      if (!got || strcmp(got, v)) {
        if (getenv("FZ_DEBUG")) {
          size_t k;
          fprintf(stderr, "%s: got [%s] want [%s]\narena:", e->d_name, got ? got : "(unset)", v);
          for (k = 0; k < arena_len && k < 300; ++k) fputc(arena[k] ? arena[k] : '|', stderr);
          fputc('\n', stderr);
        }
        __builtin_trap();
      }
    }
    closedir(dp);
  }
  free(space);
  return 0;
}
