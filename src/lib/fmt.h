/* Number formatting without stdio.  Each returns the length written;
   a null destination only measures. */
#ifndef FMT_H
#define FMT_H
#include <stddef.h>

#define FMT_ULONG 40 /* enough for any unsigned long, signed or hex */
size_t fmt_ulong(char *s, unsigned long u);
size_t fmt_long(char *s, long l);
size_t fmt_ulong0(char *s, unsigned long u, size_t width); /* zero padded */
size_t fmt_xlong(char *s, unsigned long u);                /* lowercase hex */
size_t fmt_str(char *s, const char *t);
#endif
