/* Unit tests of the hash index (src/lib/hindex.c); prints TAP.  A random
   run of adds, deletions and moves is checked after every step against a
   plain array searched in full, with a hash that collides often, and the
   memory past what is in use must stay untouched. */
#include <string.h>
#include "buf.h"
#include "tap.h"
#include "hindex.h"

#define MAX 4096
#define UNTOUCHED 0xa5a5a5a5u

static uint32_t mem[HINDEX_WORDS(MAX)];
static uint64_t key[MAX];       /* the caller's array: key of position p */
static unsigned char used[MAX];
static uint32_t n;              /* positions 0..n-1 are used, as runsvdir keeps them */
static unsigned long seed = 1;

static unsigned long rnd(void)
{
  seed = seed * 6364136223846793005UL + 1442695040888963407UL;
  return (unsigned long)(seed >> 33);
}

/* few distinct hashes for many keys: long chains, many false candidates */
static uint32_t weak(uint64_t k) { return (uint32_t)(k % 97) * 0x9e3779b1u; }

static long find(const struct hindex *x, uint64_t k, uint32_t (*h)(uint64_t))
{
  uint32_t p;
  for (p = hindex_first(x, h(k)); p != HINDEX_NONE; p = hindex_next(x, p))
    if (key[p] == k) return p;
  return -1;
}

static long find_slow(uint64_t k)
{
  uint32_t p;
  for (p = 0; p < n; ++p) if (key[p] == k) return p;
  return -1;
}

/* every key in use is found at its position; keys not in use are not */
static int consistent(const struct hindex *x, uint32_t (*h)(uint64_t))
{
  uint32_t p;
  if (x->n != n) return 0;
  for (p = 0; p < n; ++p) if (find(x, key[p], h) != (long)p) return 0;
  for (p = 0; p < 64; ++p) {
    uint64_t k = rnd() % 100000;
    if (find(x, k, h) != find_slow(k)) return 0;
  }
  return 1;
}

/* delete position i as runsvdir does: the last element moves into it */
static void del(struct hindex *x, uint32_t i)
{
  uint32_t last = n - 1;
  hindex_del(x, i);
  used[key[i] % MAX] = 0;
  if (i != last) {
    hindex_move(x, last, i);
    key[i] = key[last];
  }
  --n;
}

static int run(uint32_t (*h)(uint64_t), uint32_t max, unsigned steps, unsigned fill)
{
  struct hindex x;
  unsigned s;
  uint32_t p, hiwater = 0;
  int good = 1;
  for (p = 0; p < HINDEX_WORDS(MAX); ++p) mem[p] = UNTOUCHED;
  memset(used, 0, sizeof used);
  n = 0;
  hindex_init(&x, mem, max);
  for (s = 0; s < steps && good; ++s) {
    unsigned long r = rnd() % 100;
    if (n < max && (r < fill || n == 0)) {
      uint64_t k;
      do k = rnd() % 100000; while (used[k % MAX]);   /* distinct keys */
      used[k % MAX] = 1;
      key[n] = k;
      hindex_add(&x, n, h(k));
      if (++n > hiwater) hiwater = n;
    }
    else del(&x, (uint32_t)(rnd() % n));
    if (s % 17 == 0 || n == max) good = consistent(&x, h);
  }
  good = good && consistent(&x, h);
  /* nothing written past the buckets in use, nor past the positions used */
  for (p = x.cap; p < max; ++p) if (mem[p] != UNTOUCHED) good = 0;
  for (p = hiwater; p < max; ++p)
    if (mem[max + p] != UNTOUCHED || mem[2 * max + p] != UNTOUCHED) good = 0;
  return good;
}

/* an index grown twice in place (as runsvdir's mremap'ed table), full
   each time, then random work at the last size */
static int grown(void)
{
  struct hindex x;
  uint32_t sizes[3] = { 16, 256, MAX }, p;
  unsigned i, s;
  int good = 1;
  for (p = 0; p < HINDEX_WORDS(MAX); ++p) mem[p] = UNTOUCHED;
  memset(used, 0, sizeof used);
  n = 0;
  hindex_init(&x, mem, sizes[0]);
  for (i = 0; i < 3 && good; ++i) {
    if (i) hindex_resize(&x, mem, sizes[i]);
    good = consistent(&x, hindex_hash);
    while (n < sizes[i] && n < MAX / 2) {
      uint64_t k;
      do k = rnd() % 100000; while (used[k % MAX]);
      used[k % MAX] = 1;
      key[n] = k;
      hindex_add(&x, n, hindex_hash(k));
      ++n;
    }
    good = good && consistent(&x, hindex_hash);
  }
  for (s = 0; s < 4000 && good; ++s) {
    if (rnd() % 2 && n < MAX) {
      uint64_t k;
      do k = rnd() % 100000; while (used[k % MAX]);
      used[k % MAX] = 1;
      key[n] = k;
      hindex_add(&x, n, hindex_hash(k));
      ++n;
    }
    else if (n) del(&x, (uint32_t)(rnd() % n));
    if (s % 13 == 0) good = consistent(&x, hindex_hash);
  }
  return good && consistent(&x, hindex_hash);
}

int main(void)
{
  struct hindex x;
  static uint32_t small[HINDEX_WORDS(8)];
  uint32_t p;

  hindex_init(&x, small, 8);
  tap_ok(hindex_first(&x, 5) == HINDEX_NONE, "empty index finds nothing");
  hindex_add(&x, 3, 5);
  hindex_add(&x, 0, 5);
  hindex_add(&x, 1, 13);          /* same bucket of 8, another hash */
  p = hindex_first(&x, 5);
  tap_ok(p == 0 || p == 3, "first candidate has the hash");
  p = hindex_next(&x, p);
  tap_ok(p == 0 || p == 3, "next candidate has the hash");
  tap_ok(hindex_next(&x, p) == HINDEX_NONE, "then no more (13 is skipped)");
  tap_ok(hindex_first(&x, 13) == 1, "other hash, same bucket");
  hindex_del(&x, 3);
  tap_ok(hindex_first(&x, 5) == 0 && hindex_next(&x, 0) == HINDEX_NONE, "deleted");
  hindex_del(&x, 3);
  tap_ok(x.n == 2, "deleting what is not there does nothing");
  hindex_move(&x, 1, 7);
  tap_ok(hindex_first(&x, 13) == 7, "moved");

  tap_ok(run(hindex_hash, MAX, 20000, 60), "random adds and deletes, good hash");
  tap_ok(run(weak, MAX, 20000, 60), "random adds and deletes, colliding hash");
  tap_ok(run(hindex_hash, MAX, 8000, 95), "filled to the limit, good hash");
  tap_ok(run(weak, 16, 2000, 60), "a limit below the first size");
  tap_ok(run(hindex_hash, 64, 2000, 80), "a limit equal to the first size");
  tap_ok(grown(), "grown in place twice (resize), still finds every key");
  tap_ok(hindex_hash(1) != hindex_hash(2) && hindex_hash(0) != hindex_hash(1ULL << 32),
         "hash of nearby keys differs");
  return tap_done();
}
