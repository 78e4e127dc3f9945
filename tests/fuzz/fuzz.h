/* Shared by libFuzzer targets that need a private directory (FZ_DIR,
   removed at exit), the library's output buffers silenced (fz_quiet), or
   an argv made of the input (fz_argv).  Targets call the modules of
   src/lib/ through their headers; none includes a program's source. */
#ifndef FUZZ_H
#define FUZZ_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <ftw.h>
#include "buf.h"

static char FZ_DIR[64];
static int fz_null = -1, fz_out = -1;
static pid_t fz_pid;

static void fz_die(const char *what)
{
  perror(what);
  abort();
}

static int fz_rm(const char *p, const struct stat *st, int flag, struct FTW *f)
{
  (void)st; (void)flag; (void)f;
  return remove(p) == -1 ? 0 : 0;
}

static void fz_cleanup(void)
{
  if (FZ_DIR[0] && getpid() == fz_pid) nftw(FZ_DIR, fz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

static void fz_setup(void)
{
  if (FZ_DIR[0]) return;
  fz_pid = getpid();
  atexit(fz_cleanup);
  /* tmpfs where there is one: rotations fsync */
  strcpy(FZ_DIR, access("/dev/shm", W_OK) == 0 ? "/dev/shm/runit-fuzz.XXXXXX"
                                               : "/tmp/runit-fuzz.XXXXXX");
  if (!mkdtemp(FZ_DIR)) fz_die("mkdtemp");
  if ((fz_null = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1) fz_die("/dev/null");
  if ((fz_out = memfd_create("fz_out", MFD_CLOEXEC)) == -1) fz_die("memfd_create");
}

/* discard the library's buffered output: stdout to fz_out (rewound),
   stderr to /dev/null */
static void fz_quiet(void)
{
  buf_1.p = buf_2.p = 0;
  buf_1.fd = fz_out;
  buf_2.fd = fz_null;
  if (ftruncate(fz_out, 0) == -1 || lseek(fz_out, 0, SEEK_SET) == -1) fz_die("fz_out");
}

/* split data into at most max NUL-terminated strings (at NUL bytes),
   copied into space; argv[n] = 0.  Returns n. */
static int fz_argv(const uint8_t *data, size_t size, char *space, char **argv, int max)
{
  int n = 0;
  size_t i, start = 0;
  memcpy(space, data, size);
  space[size] = 0;
  for (i = 0; i <= size && n < max; ++i)
    if (i == size || !space[i]) { argv[n++] = space + start; start = i + 1; }
  argv[n] = 0;
  return n;
}

#endif
