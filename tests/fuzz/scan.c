/* libFuzzer target: the number scanners never read past the terminating
   NUL, never overflow, and agree with formatting. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "fmt.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char s[64], back[FMT_ULONG];
  unsigned long u;
  size_t n;
  if (size >= sizeof s) size = sizeof s - 1;
  memcpy(s, data, size);
  s[size] = 0;
  n = scan_ulong(s, &u);
  if (n > size) __builtin_trap();
  if (n && s[0] != '0' && (fmt_ulong(back, u) != n || memcmp(back, s, n))) __builtin_trap();
  return 0;
}
