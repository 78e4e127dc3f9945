/* libFuzzer target: the 20-byte status record decoder and the stat line,
   and the xstatus record's.  Any input decodes (exactly 20 bytes; at
   least 52 for xstatus) or is refused; a decoded status record encodes
   back to the same bytes except where encoding normalises flags, an
   xstatus record to exactly its first 52 bytes, and from 81 bytes on to
   its first 81 but for the flags of the status record it holds. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "supervise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct sv_status s;
  struct sv_xstatus x;
  char out[SV_STATUS_LEN], xout[SV_XSTATUS_LEN], line[SV_STAT_MAX];
  if (sv_xstatus_decode(&x, (const char *)data, size) == -1) {
    if (size >= SV_XSTATUS_LEN) __builtin_trap();
  } else {
    sv_xstatus_encode(xout, &x);
    if (memcmp(xout, data, SV_XSTATUS_MIN)) __builtin_trap();
    if (x.hasrec != (size >= SV_XSTATUS_LEN)) __builtin_trap();
    /* the status record in it: time and pid survive; ticks and ending */
    if (x.hasrec && (memcmp(xout + 52, data + 52, 16) || memcmp(xout + 72, data + 72, 9)))
      __builtin_trap();
  }
  if (sv_status_decode(&s, (const char *)data, size) == -1) {
    if (size == SV_STATUS_LEN) __builtin_trap();
    return 0;
  }
  if (sv_status_stat(line, &s) > sizeof line) __builtin_trap();
  sv_status_encode(out, &s);
  if (memcmp(out, data, 16)) __builtin_trap();   /* time and pid survive */
  return 0;
}
