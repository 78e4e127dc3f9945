/* Shared by the libFuzzer targets that drive a program's own functions
   (the target #includes src/<prog>.c with main renamed).

   Programs end by calling _exit (directly or through msg_die/msg_usage).
   This file defines _exit, overriding libc's: inside FZ_RUN it jumps back
   to the target, which then checks the exit code; elsewhere (libFuzzer,
   the sanitizers) it really exits.  FZ_DIR is a private temporary
   directory for files a target writes.  fz_quiet() sends the library's
   standard output and error buffers to /dev/null (or to fz_out, a memfd
   a target can read back). */
#ifndef FUZZ_H
#define FUZZ_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <ftw.h>
#include "buf.h"

static jmp_buf fz_jmp;
static volatile int fz_armed;
static volatile int fz_code;
static char FZ_DIR[64];
static int fz_null = -1, fz_out = -1;
static pid_t fz_pid;

void _exit(int code)
{
  if (fz_armed && getpid() == fz_pid) {  /* never in a forked child */ fz_armed = 0; fz_code = code; longjmp(fz_jmp, 1); }
  syscall(SYS_exit_group, code);
  __builtin_unreachable();
}

/* run stmt; fz_code is -1 when it returned, else the code it exited with */
#define FZ_RUN(stmt) do { \
    fz_code = -1; \
    if (!setjmp(fz_jmp)) { fz_armed = 1; stmt; } \
    fz_armed = 0; \
  } while (0)

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

/* what was written to fz_out, NUL-terminated (at most max-1 bytes) */
static size_t fz_output(char *s, size_t max)
{
  ssize_t r;
  buf_flush(&buf_1);
  r = pread(fz_out, s, max - 1, 0);
  if (r < 0) r = 0;
  s[r] = 0;
  return (size_t)r;
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

/* chdir, but only to FZ_DIR or below it (the programs under test must
   never wander into the machine's directories while being fuzzed) */
static int fz_chdir(const char *p)
{
  char r[PATH_MAX];
  size_t n = strlen(FZ_DIR);
  if (!realpath(p, r) || strncmp(r, FZ_DIR, n) || (r[n] && r[n] != '/')) {
    errno = ENOENT;
    return -1;
  }
  return chdir(p);
}
#endif
