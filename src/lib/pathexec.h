/* exec a program, searching $PATH (default /bin:/usr/bin) when the name
   has no slash.  Returns only on failure, with errno from the most telling
   attempt (as execvp does: EACCES wins over ENOENT). */
#ifndef PATHEXEC_H
#define PATHEXEC_H
void pathexec_run(const char *file, char *const *argv, char *const *envp);
/* The same, searching the given path list instead of envp's PATH (chpst
   looks the program up in its own PATH, not in one set by an envdir);
   a null path is the default. */
void pathexec_runpath(const char *file, char *const *argv, char *const *envp,
                      const char *path);
#endif
