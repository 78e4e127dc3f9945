/* libFuzzer target: svlogd's line splitter (logline_split,
   logline_finish) and runit's size rule (logline_fit, logline_full),
   written into simulated files as svlogd's dir_put and dir_eol do.  The
   input picks -l (1..32), a size limit (none, or 1..256 bytes:
   rotations) and the size of each read (1..64); the rest is fed as
   standard input (the input format is the one the earlier harness took;
   its -r bit now asks for no size limit and its buffer byte is unused).
   The files, concatenated in order, must be every line of the input (a
   last partial line with a newline added); no file may exceed the size
   limit; a head is at most -l bytes, exactly -l when the line goes on, a
   tail comes only after such a head, and a head is said to be carried
   exactly when its first byte came with an earlier read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "logline.h"

#define IN_MAX 8192
#define READ_MAX 64

static struct logline ls;
static char buf[32 + READ_MAX];
static size_t have;              /* bytes kept in buf before this read */
static char got[2 * IN_MAX];
static size_t gotn;
static unsigned long long size, sizemax;  /* of the simulated current */
static int inline_, intail;      /* a head was given, its end not yet */

static void rotate(void)
{
  if (sizemax && size > sizemax) __builtin_trap();
  size = 0;
}

static void put(const char *s, size_t n)
{
  while (n) {
    size_t k = logline_fit(size, sizemax, n);
    if (!k) { rotate(); continue; }
    if (k > n) __builtin_trap();
    memcpy(got + gotn, s, k);
    gotn += k; size += k;
    s += k; n -= k;
  }
}

static void head(void *ctx, const char *s, size_t len, int more, int carried)
{
  (void)ctx;
  if (inline_) __builtin_trap();
  if (len > ls.max || (more && len != ls.max)) __builtin_trap();
  if (carried != (s == buf && have > 0)) __builtin_trap();
  if (memchr(s, '\n', len)) __builtin_trap();
  inline_ = 1; intail = more;
  put(s, len);
}

static void tail(void *ctx, const char *s, size_t n)
{
  (void)ctx;
  if (!inline_ || !intail || !n || memchr(s, '\n', n)) __builtin_trap();
  put(s, n);
}

static void end(void *ctx)
{
  (void)ctx;
  if (!inline_) __builtin_trap();
  inline_ = intail = 0;
  put("\n", 1);
  if (logline_full(size, sizemax, ls.max)) rotate();
}

static const struct logline_ops ops = { head, tail, end };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size_)
{
  size_t chunk, i;
  if (size_ < 4 || size_ > IN_MAX) return 0;
  ls.max = 1 + data[0] % 32;
  ls.intail = 0;
  sizemax = (data[1] & 2) && !(data[1] & 1) ? 1 + data[3] : 0;
  chunk = 1 + data[2] % READ_MAX;
  data += 4; size_ -= 4;
  gotn = 0; size = 0; have = 0; inline_ = intail = 0;

  for (i = 0; i < size_; i += chunk) {
    size_t n = size_ - i < chunk ? size_ - i : chunk;
    memcpy(buf + have, data + i, n);
    have = logline_split(&ls, buf, have, have + n, &ops, 0);
    if (have >= ls.max || (have && ls.intail)) __builtin_trap();
  }
  logline_finish(&ls, buf, have, &ops, 0);
  if (inline_ || ls.intail) __builtin_trap();
  rotate();

  if (gotn != size_ + (size_ && data[size_ - 1] != '\n')) __builtin_trap();
  if (memcmp(got, data, size_)) __builtin_trap();
  if (gotn > size_ && got[size_] != '\n') __builtin_trap();
  return 0;
}
