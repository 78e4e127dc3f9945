/* A set of changes to the environment a program will be started with:
   variables set ("+NAME=value"), unset ("-NAME"), or read from an envdir
   file; the last change of a name wins.  Everything lives in storage the
   caller gives (chpst: a static arena, whose untouched pages cost
   nothing), and at the end the same storage holds the new envp. */
#ifndef ENVSET_H
#define ENVSET_H
#include <stddef.h>

struct envset {
  char *a;          /* the storage: the changes, one string each */
  size_t size;      /* its size */
  size_t len;       /* bytes in use */
  size_t changes;   /* number of changes */
};
#define ENVSET_INIT(space) { (space), sizeof (space), 0, 0 }

/* Each returns 0, or -1 when the storage is full (the set is unchanged). */
int envset_set(struct envset *e, const char *name, const char *value);
int envset_unset(struct envset *e, const char *name);
/* One envdir entry from the open file fd: its first line, trailing blanks
   removed, NULs turned into newlines; an empty file unsets the variable.
   -1 with errno when fd cannot be read, or with ENOMEM when full. */
int envset_file(struct envset *e, const char *name, int fd);
/* The new environment: env less what the set unsets or replaces, then the
   set's variables.  env itself when the set is empty; 0 when full. */
char **envset_build(struct envset *e, char **env);
#endif
