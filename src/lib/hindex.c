#include <string.h>
#include "hindex.h"

#define MIN_CAP 64

void hindex_init(struct hindex *x, uint32_t *mem, uint32_t max)
{
  uint32_t b;
  x->head = mem;
  x->next = mem + max;
  x->hash = mem + 2 * (uint64_t)max;
  x->max = max;
  x->cap = max < MIN_CAP ? max : MIN_CAP;
  x->n = 0;
  for (b = 0; b < x->cap; ++b) x->head[b] = 0;
}

void hindex_resize(struct hindex *x, uint32_t *mem, uint32_t max)
{
  uint32_t old = x->max;
  /* hash, then next, up to their new places (never down) */
  memmove(mem + 2 * (uint64_t)max, mem + 2 * (uint64_t)old, old * sizeof *mem);
  memmove(mem + max, mem + old, old * sizeof *mem);
  x->head = mem;
  x->next = mem + max;
  x->hash = mem + 2 * (uint64_t)max;
  x->max = max;
}

/* Double the buckets: bucket b's chain splits, in order, between b and
   b + cap, on the one hash bit the new mask adds. */
static void grow(struct hindex *x)
{
  uint32_t c = x->cap, b;
  for (b = 0; b < c; ++b) {
    uint32_t p = x->head[b], *lo = &x->head[b], *hi = &x->head[b + c];
    while (p) {
      uint32_t **tail = (x->hash[p - 1] & c) ? &hi : &lo;
      **tail = p;
      *tail = &x->next[p - 1];
      p = x->next[p - 1];
    }
    *lo = *hi = 0;
  }
  x->cap = 2 * c;
}

/* the link that points at pos: a bucket's head or a next */
static uint32_t *link_to(const struct hindex *x, uint32_t pos)
{
  uint32_t *l = &x->head[x->hash[pos] & (x->cap - 1)];
  while (*l && *l != pos + 1) l = &x->next[*l - 1];
  return *l ? l : 0;
}

void hindex_add(struct hindex *x, uint32_t pos, uint32_t h)
{
  uint32_t *l;
  if (x->n >= x->cap && x->cap < x->max) grow(x);
  l = &x->head[h & (x->cap - 1)];
  x->hash[pos] = h;
  x->next[pos] = *l;
  *l = pos + 1;
  ++x->n;
}

void hindex_del(struct hindex *x, uint32_t pos)
{
  uint32_t *l = link_to(x, pos);
  if (!l) return;
  *l = x->next[pos];
  --x->n;
}

void hindex_move(struct hindex *x, uint32_t from, uint32_t to)
{
  uint32_t *l = link_to(x, from);
  if (!l) return;
  *l = to + 1;
  x->next[to] = x->next[from];
  x->hash[to] = x->hash[from];
}

static uint32_t from(const struct hindex *x, uint32_t p, uint32_t h)
{
  for (; p; p = x->next[p - 1])
    if (x->hash[p - 1] == h) return p - 1;
  return HINDEX_NONE;
}

uint32_t hindex_first(const struct hindex *x, uint32_t h)
{
  return from(x, x->head[h & (x->cap - 1)], h);
}

uint32_t hindex_next(const struct hindex *x, uint32_t pos)
{
  return from(x, x->next[pos], x->hash[pos]);
}

uint32_t hindex_hash(uint64_t k)
{
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return (uint32_t)k;
}
