#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include "pathexec.h"

static const char *env_path(char *const *envp)
{
  for (; *envp; ++envp)
    if (!strncmp(*envp, "PATH=", 5)) return *envp + 5;
  return 0;
}

void pathexec_run(const char *file, char *const *argv, char *const *envp)
{
  pathexec_runpath(file, argv, envp, env_path(envp));
}

void pathexec_runpath(const char *file, char *const *argv, char *const *envp,
                      const char *path)
{
  char fn[PATH_MAX];
  size_t flen = strlen(file);
  int saved = ENOENT;

  if (!path) path = "/bin:/usr/bin";
  if (strchr(file, '/')) { execve(file, argv, envp); return; }
  for (;;) {
    size_t dlen = strcspn(path, ":");
    if (dlen + 1 + flen + 1 <= sizeof fn) {
      size_t at = dlen;
      memcpy(fn, path, dlen);
      if (at) fn[at++] = '/';   /* an empty element means "." */
      memcpy(fn + at, file, flen + 1);
      execve(fn, argv, envp);
      if (errno != ENOENT && errno != ENOTDIR) saved = errno;
      if (errno == ENOEXEC || errno == ETXTBSY) break;
    }
    if (!path[dlen]) break;
    path += dlen + 1;
  }
  errno = saved;
}
