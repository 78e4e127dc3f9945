/* Read a small file whole into a caller's buffer. */
#ifndef READFILE_H
#define READFILE_H
#include <sys/types.h>
/* Bytes read (at most max), or -1 with errno.  Reads until EOF or full. */
ssize_t readfile(const char *fn, char *buf, size_t max);
#endif
