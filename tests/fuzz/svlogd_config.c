/* libFuzzer target: svlogd's config file reader (read_config), then the
   patterns it kept matched against each line of the same input
   (logmatch).  Everything read_config keeps must lie inside its arena and
   be well formed: pattern lines start with + - e or E and end in NUL
   before instend, the prefix is NUL-terminated and prefixlen long, a
   processor is a non-empty string, a UDP address has its port set. */
#include "fuzz.h"
#define main svlogd_main
#include "../../src/svlogd.c"
#undef main

static int inside(const char *p)
{
  return p >= confarena && p < confarena + sizeof confarena;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static char fn[100];
  struct logdir *d = &dir[0];
  const char *p;
  int fd;
  size_t i, start;
  if (size > 65536) return 0;
  fz_setup();
  fz_quiet();
  errb.fd = fz_null; errb.p = 0;
  if (!fn[0]) snprintf(fn, sizeof fn, "%s/config", FZ_DIR);
  fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd == -1 || write(fd, data, size) != (ssize_t)size) fz_die("write config");
  close(fd);

  memset(d, 0, sizeof *d);
  dirn = 1;
  d->name = "fz";
  d->fdcur = d->fdlock = d->fdudp = -1;
  if ((d->fddir = open(FZ_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) fz_die("open");
  d->sizemax = 1000000;
  d->nmax = d->nmin = 10;
  d->prefix = "";
  confused = size & 1 ? 0 : sizeof confarena - 2 * size - 8;  /* a full arena too */
  if (confused > sizeof confarena) confused = 0;
  FZ_RUN(read_config(d));
  if (fz_code != -1) __builtin_trap();
  close(d->fddir);
  d->fddir = -1;

  if (confused > sizeof confarena) __builtin_trap();
  if (d->inst || d->instend) {
    if (!inside(d->inst) || d->instend < d->inst || d->instend > confarena + confused)
      __builtin_trap();
    for (p = d->inst; p < d->instend; p += strlen(p) + 1) {
      if (!memchr(p, 0, (size_t)(d->instend - p))) __builtin_trap();
      if (!strchr("+-eE", *p) || !*p) __builtin_trap();
    }
  }
  if (d->processor && (!inside(d->processor) || !*d->processor)) __builtin_trap();
  if (d->prefixlen && (!inside(d->prefix) || strlen(d->prefix) != d->prefixlen))
    __builtin_trap();
  if (d->udp && (d->udpaddr.sin_family != AF_INET || !d->udpaddr.sin_port))
    __builtin_trap();
  if (d->tmax > 100000000) __builtin_trap();

  /* the patterns against each input line, as svlogd matches them */
  for (i = 0, start = 0; i <= size; ++i)
    if (i == size || data[i] == '\n') {
      size_t n = i - start;
      char *line = malloc(n ? n : 1);
      memcpy(line, data + start, n);
      logmatch(d, line, n);
      if (!strchr("+-", d->match) || !strchr("eE", d->matcherr)) __builtin_trap();
      free(line);
      start = i + 1;
    }
  return 0;
}
