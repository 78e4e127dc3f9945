/* libFuzzer target: the passwd/group reader (chpst's user:group lookups).
   Input: a name, NUL, then the file's contents.  The result must agree
   with a plain reference reading: the first line whose first field is the
   name and whose third (and, for passwd, fourth) field is a non-empty
   decimal number that fits an unsigned long. */
#include "fuzz.h"
#include "pwent.h"

static int field_num(const char *f, size_t n, unsigned long *u)
{
  size_t i;
  *u = 0;
  if (!n) return 0;
  for (i = 0; i < n; ++i) {
    unsigned d = (unsigned)(f[i] - '0');
    if (f[i] < '0' || f[i] > '9' || *u > (~0UL - d) / 10) return 0;
    *u = *u * 10 + d;
  }
  return 1;
}

/* the reference: want 1 (group) or 2 (passwd) numbers */
static int ref(const char *text, size_t len, const char *name, size_t nlen,
               unsigned want, unsigned long id[2])
{
  size_t start = 0, i;
  if (!nlen) return 0;
  for (i = 0; i <= len; ++i) {
    const char *f[5];
    size_t fl[5], k, nf = 0, fs = start;
    if (i < len && text[i] != '\n') continue;
    for (k = start; k <= i && nf < 5; ++k)
      if (k == i || text[k] == ':') {
        f[nf] = text + fs; fl[nf] = k - fs; ++nf; fs = k + 1;
      }
    start = i + 1;
    /* a line with fewer fields than needed does not count */
    if (nf < 2 + want) {
      /* unless it is the last line with more ':' beyond: handled above */
      continue;
    }
    if (fl[0] != nlen || memcmp(f[0], name, nlen)) continue;
    if (!field_num(f[2], fl[2], &id[0])) continue;
    if (want == 2 && !field_num(f[3], fl[3], &id[1])) continue;
    return 1;
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *nul = memchr(data, 0, size);
  char fn[100], *name;
  size_t nlen, tlen;
  const char *text;
  unsigned long u = 7, g = 7, id[2];
  int r, fd;
  if (!nul || size > 65536) return 0;
  fz_setup();
  nlen = (size_t)(nul - data);
  text = (const char *)nul + 1;
  tlen = size - nlen - 1;
  if (memchr(text, 0, tlen)) return 0;     /* text files: no NUL bytes */
  name = malloc(nlen ? nlen : 1);
  memcpy(name, data, nlen);
  snprintf(fn, sizeof fn, "%s/passwd", FZ_DIR);
  fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd == -1 || write(fd, text, tlen) != (ssize_t)tlen) fz_die("write");
  close(fd);
  r = pwent_user(fn, name, nlen, &u, &g);
  if (r != ref(text, tlen, name, nlen, 2, id)) __builtin_trap();
  if (r == 1 && (u != id[0] || g != id[1])) __builtin_trap();
  r = pwent_group(fn, name, nlen, &g);
  if (r != ref(text, tlen, name, nlen, 1, id)) __builtin_trap();
  if (r == 1 && g != id[0]) __builtin_trap();
  free(name);
  return 0;
}
