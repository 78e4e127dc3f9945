/* Number formatting without stdio.  Each returns the length written;
   a null destination only measures. */
#ifndef FMT_H
#define FMT_H
#include <stddef.h>

#define FMT_ULONG 40 /* more than enough for any unsigned long */
size_t fmt_ulong(char *s, unsigned long u);
size_t fmt_str(char *s, const char *t);
#endif
