/* libFuzzer target: svlogd's line splitter and writer (lines_split,
   lines_end, line_head/tail/end, dir_put with the size rule).  The input
   picks -l (1..32), -r _ or not, a size limit (none, or 1..256 bytes:
   rotations), and the size of each read (1..64); the rest is fed as
   standard input.  The log directory's files, concatenated in order, must
   be every line of the input (a last partial line with a newline added),
   with the first -l bytes of each line replaced when -r is on; no file
   may exceed the size limit. */
#include "fuzz.h"
#include <dirent.h>
#define main svlogd_main
#include "../../src/svlogd.c"
#undef main

static char dname[100];

static void clean(void)
{
  DIR *dp = opendir(dname);
  struct dirent *e;
  if (!dp) fz_die("opendir");
  while ((e = readdir(dp)))
    if (e->d_name[0] != '.') unlinkat(dirfd(dp), e->d_name, 0);
  closedir(dp);
}

static int byname(const struct dirent **a, const struct dirent **b)
{
  return strcmp((*a)->d_name, (*b)->d_name);
}

/* every rotated file in order, then current */
static size_t collect(char *out, size_t max, unsigned long long sizemax)
{
  struct dirent **names;
  size_t len = 0;
  int n = scandir(dname, &names, 0, byname), i, pass;
  if (n < 0) fz_die("scandir");
  for (pass = 0; pass < 2; ++pass)
    for (i = 0; i < n; ++i) {
      const char *nm = names[i]->d_name;
      char fn[200];
      int fd;
      ssize_t r;
      if (pass == 0 ? nm[0] != '@' : strcmp(nm, "current")) continue;
      snprintf(fn, sizeof fn, "%s/%s", dname, nm);
      if ((fd = open(fn, O_RDONLY)) == -1) fz_die(fn);
      r = read(fd, out + len, max - len);
      if (r < 0) fz_die("read");
      if (sizemax && (unsigned long long)r > sizemax) __builtin_trap();
      len += (size_t)r;
      close(fd);
    }
  for (i = 0; i < n; ++i) free(names[i]);
  free(names);
  return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static char *want, *got;
  struct logdir *d = &dir[0];
  size_t chunk, have = 0, i, wl = 0, gl, linepos = 0;
  int repl;
  if (size < 4 || size > 8192) return 0;
  fz_setup();
  fz_quiet();
  errb.fd = fz_null; errb.p = 0;
  if (!want) {
    want = malloc(1 << 16); got = malloc(1 << 16);
    snprintf(dname, sizeof dname, "%s/log", FZ_DIR);
    if (mkdir(dname, 0700) == -1) fz_die("mkdir");
  }
  clean();
  linemax = 1 + data[0] % 32;
  repl = data[1] & 1;
  replace = repl;
  for (i = 0; i < 256; ++i) replmap[i] = (i < 32 || i > 126) ? '_' : (unsigned char)i;
  chunk = 1 + data[2] % 64;
  timestamp = 0;
  memset(d, 0, sizeof *d);
  dirn = 1;
  d->name = "log";
  d->fdlock = d->fdudp = -1;
  if ((d->fddir = open(dname, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) fz_die("open");
  if ((d->fdcur = open_current(d)) == -1) fz_die("current");
  d->sizemax = (data[1] & 2) ? 1 + data[3] : 0;
  d->nmax = 0;
  d->nmin = 0;
  d->prefix = "";
  d->ob = outarena;
  d->obn = 1 + data[3] % 97;
  data += 4; size -= 4;

  /* the expected output */
  for (i = 0; i < size; ++i) {
    unsigned char c = data[i];
    if (c == '\n') { want[wl++] = '\n'; linepos = 0; continue; }
    want[wl++] = (char)(repl && linepos < linemax ? replmap[c] : c);
    ++linepos;
  }
  if (linepos) want[wl++] = '\n';

  intail = 0;
  FZ_RUN(
    for (i = 0; i < size; i += chunk) {
      size_t n = size - i < chunk ? size - i : chunk;
      memcpy(inbuf + have, data + i, n);
      have = lines_split(have, have + n);
      flush_all();
    }
    lines_end(have);
    flush_all()
  );
  if (fz_code != -1) __builtin_trap();       /* it must not exit */
  close(d->fdcur);
  close(d->fddir);
  d->fddir = -1;
  gl = collect(got, 1 << 16, d->sizemax);
  if (gl != wl || memcmp(got, want, wl)) __builtin_trap();
  return 0;
}
