/* Looking up users and groups in /etc/passwd and /etc/group directly,
   without NSS and without stdio: chpst and its personalities need only
   the ids.  The files are read relative to the current root, so a lookup
   after chroot() sees the new root's files. */
#ifndef PWENT_H
#define PWENT_H
#include <stddef.h>

#define PWENT_PASSWD "/etc/passwd"
#define PWENT_GROUP "/etc/group"

/* name is len bytes long (it need not be null-terminated).
   1: found, *uid and *gid set; 0: no such name (errno 0);
   -1: the file could not be read (errno says why).  The first line
   whose name field equals name wins; lines with a malformed id field
   are skipped. */
int pwent_user(const char *file, const char *name, size_t len,
               unsigned long *uid, unsigned long *gid);
int pwent_group(const char *file, const char *name, size_t len,
                unsigned long *gid);
#endif
