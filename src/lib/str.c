#include "str.h"

const char *str_basename(const char *path)
{
  const char *b = path;
  for (; *path; ++path)
    if (*path == '/' && path[1]) b = path + 1;
  return b;
}
