/* A hash index over an array the caller owns: finds the positions whose
   key has a given hash, in constant time on average, without malloc.

   The caller keeps the elements (and their keys) in its array and tells
   the index each element's position and the 32-bit hash of its key; the
   index keeps only positions, chained per bucket, and the caller compares
   the keys of the candidates:

     for (p = hindex_first(&x, h); p != HINDEX_NONE; p = hindex_next(&x, p))
       if (key of elem[p] equals the key wanted) return p;

   Memory is given at setup: HINDEX_WORDS(max) words for positions below
   max (a power of two).  Of it, only the chain heads in use (64, or up to
   twice the number of elements) and the words of the positions in use
   are ever written, so a large reserved mapping costs only what is
   used.  The heads double as the index fills and never shrink.  The
   memory may grow: hindex_resize takes it over, still laid out for the
   old max, and spreads it out for the new one. */
#ifndef HINDEX_H
#define HINDEX_H
#include <stdint.h>

#define HINDEX_NONE UINT32_MAX
#define HINDEX_WORDS(max) (3 * (uint64_t)(max))

struct hindex {
  uint32_t *head;   /* per bucket: first position + 1, 0 when none */
  uint32_t *next;   /* per position: next position + 1 in its bucket */
  uint32_t *hash;   /* per position: the hash of its key */
  uint32_t cap;     /* buckets in use, a power of two */
  uint32_t max;     /* positions and buckets the memory holds */
  uint32_t n;       /* positions indexed */
};

void hindex_init(struct hindex *x, uint32_t *mem, uint32_t max);
/* mem (maybe moved) holds HINDEX_WORDS(max) words, max >= the old max,
   and the index at its start as the old max laid it out */
void hindex_resize(struct hindex *x, uint32_t *mem, uint32_t max);
/* index position pos (below max, not indexed yet) under hash h */
void hindex_add(struct hindex *x, uint32_t pos, uint32_t h);
/* forget pos (nothing when it is not indexed) */
void hindex_del(struct hindex *x, uint32_t pos);
/* the element at from moved to to (not indexed): index it there */
void hindex_move(struct hindex *x, uint32_t from, uint32_t to);
/* the first, then the next candidate position with hash h */
uint32_t hindex_first(const struct hindex *x, uint32_t h);
uint32_t hindex_next(const struct hindex *x, uint32_t pos);
/* a 32-bit hash of a 64-bit key, for callers that have none */
uint32_t hindex_hash(uint64_t key);
#endif
