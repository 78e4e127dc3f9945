/* Opening files the way runit does (these flags matter for FIFOs), and
   small fd helpers. */
#ifndef OPEN_H
#define OPEN_H

int open_read(const char *fn);    /* O_RDONLY|O_NONBLOCK */
int open_write(const char *fn);   /* O_WRONLY|O_NONBLOCK */
int open_append(const char *fn);  /* O_WRONLY|O_NONBLOCK|O_APPEND|O_CREAT, 0600 */
int open_trunc(const char *fn);   /* O_WRONLY|O_NONBLOCK|O_TRUNC|O_CREAT, 0644 */
/* All of them are close-on-exec: a file meant for a child (a lock kept
   across exec, say) must be dup2()ed or have FD_CLOEXEC cleared. */

int fd_coe(int fd);               /* set close-on-exec */
int fd_keep(int fd);              /* clear it: fd is inherited across exec */
int fd_nonblock(int fd);
int fd_block(int fd);
/* Make "from" the file at number "to", inherited across exec, and close
   "from" (when they differ). */
int fd_move(int to, int from);
#endif
