#include <errno.h>
#include "err.h"

static const struct { int e; const char *s; } table[] = {
  { ENOENT, "file does not exist" },
  { EAGAIN, "temporary failure" },
  { EACCES, "access denied" },
  { EPERM, "permission denied" },
  { ENXIO, "device not configured" },
  { EISDIR, "is a directory" },
  { ENOTDIR, "not a directory" },
  { EEXIST, "file already exists" },
  { EINTR, "interrupted system call" },
  { ENOMEM, "out of memory" },
  { EIO, "input/output error" },
  { EPIPE, "broken pipe" },
  { ENOSPC, "out of disk space" },
  { EINVAL, "invalid argument" },
  { EBUSY, "device busy" },
  { ESRCH, "no such process" },
  { ECHILD, "no child processes" },
  { ENOEXEC, "exec format error" },
  { EROFS, "read-only file system" },
  { ELOOP, "symbolic link loop" },
  { ENAMETOOLONG, "file name too long" },
  { ENOTEMPTY, "directory not empty" },
  { EMFILE, "process cannot open more files" },
  { ENFILE, "system cannot open more files" },
  { EBADF, "file descriptor not open" },
  { ETXTBSY, "text busy" },
  { EXDEV, "cross-device link" },
  { EFBIG, "file too big" },
  { EDQUOT, "disk quota exceeded" },
  { ECONNREFUSED, "connection refused" },
  { EHOSTUNREACH, "host is unreachable" },
  { ENETUNREACH, "network is unreachable" },
  { ETIMEDOUT, "timed out" },
  { E2BIG, "argument list too long" },
  { ENODEV, "device not configured" },
  { ESPIPE, "unseekable descriptor" },
  { EFAULT, "bad address" },
  { EDEADLK, "operation would cause deadlock" },
  { EOPNOTSUPP, "operation not supported" },
  { EMLINK, "too many links" },
};

const char *err_str(int e)
{
  unsigned i;
  for (i = 0; i < sizeof table / sizeof table[0]; ++i)
    if (table[i].e == e) return table[i].s;
  return "unknown error";
}
