#include "str.h"

int str_start(const char *s, const char *prefix)
{
  while (*prefix)
    if (*s++ != *prefix++) return 0;
  return 1;
}

const char *str_basename(const char *path)
{
  const char *b = path;
  for (; *path; ++path)
    if (*path == '/' && path[1]) b = path + 1;
  return b;
}
