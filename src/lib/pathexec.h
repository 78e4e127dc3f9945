/* exec a program, searching $PATH (default /bin:/usr/bin) when the name
   has no slash.  Returns only on failure, with errno from the most telling
   attempt (as execvp does: EACCES wins over ENOENT). */
#ifndef PATHEXEC_H
#define PATHEXEC_H
void pathexec_run(const char *file, char *const *argv, char *const *envp);
#endif
