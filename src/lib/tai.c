#include "clock.h"
#include "tai.h"

/* microseconds, as runit's stamps have them */
void tain_now(struct tain *t)
{
  struct timespec ts;
  clock_now(CLOCK_REALTIME, &ts);
  t->sec = TAI_OFFSET + (uint64_t)ts.tv_sec;
  t->nano = (uint32_t)(ts.tv_nsec / 1000 * 1000 + 500);
}

void tain_pack(char *out, const struct tain *t)
{
  int i;
  for (i = 0; i < 8; ++i) out[i] = (char)(t->sec >> (56 - 8 * i));
  for (i = 0; i < 4; ++i) out[8 + i] = (char)(t->nano >> (24 - 8 * i));
}

void tain_unpack(const char *in, struct tain *t)
{
  const unsigned char *u = (const unsigned char *)in;
  int i;
  t->sec = 0;
  for (i = 0; i < 8; ++i) t->sec = (t->sec << 8) | u[i];
  t->nano = 0;
  for (i = 8; i < 12; ++i) t->nano = (t->nano << 8) | u[i];
}

size_t tain_label(char *out, const struct tain *t)
{
  char packed[TAIN_PACK];
  int i;
  tain_pack(packed, t);
  out[0] = '@';
  for (i = 0; i < TAIN_PACK; ++i) {
    unsigned char c = (unsigned char)packed[i];
    out[1 + 2 * i] = "0123456789abcdef"[c >> 4];
    out[2 + 2 * i] = "0123456789abcdef"[c & 15];
  }
  return TAIN_LABEL;
}

uint64_t tain_unix(const struct tain *t)
{
  return t->sec >= TAI_OFFSET ? t->sec - TAI_OFFSET : 0;
}
