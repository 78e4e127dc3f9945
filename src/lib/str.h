/* Byte and string helpers beyond <string.h>. */
#ifndef STR_H
#define STR_H
#include <stddef.h>
#include <string.h>

#define str_equal(a, b) (strcmp((a), (b)) == 0)
const char *str_basename(const char *path);   /* what follows the last inner / */
#endif
