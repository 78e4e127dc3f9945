/* TAI64N time stamps as runit writes them: seconds = 2^62 + 10 + unix time,
   nanoseconds = 1000 * microseconds + 500, packed big-endian in 12 bytes,
   shown as "@" and 24 lowercase hex digits. */
#ifndef TAI_H
#define TAI_H
#include <stdint.h>
#include <stddef.h>

#define TAI_OFFSET 0x400000000000000AULL
#define TAIN_PACK 12
#define TAIN_LABEL 25

struct tain { uint64_t sec; uint32_t nano; };

void tain_now(struct tain *t);
void tain_pack(char *out, const struct tain *t);
void tain_unpack(const char *in, struct tain *t);
size_t tain_label(char *out, const struct tain *t);     /* 25 chars, "@..." */
uint64_t tain_unix(const struct tain *t);               /* seconds since 1970 */
#endif
