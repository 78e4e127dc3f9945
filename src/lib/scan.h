/* Number scanning.  Each returns the number of characters used, 0 when
   there is no number or it does not fit (the result is then untouched). */
#ifndef SCAN_H
#define SCAN_H
#include <stddef.h>

size_t scan_ulong(const char *s, unsigned long *u);
#endif
