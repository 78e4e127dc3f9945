/* Buffered output on a file descriptor (no stdio).  Writes retry on EINTR
   and on EAGAIN (after waiting for the fd to become writable). */
#ifndef BUF_H
#define BUF_H
#include <stddef.h>
#include <sys/types.h>

typedef struct {
  char *x;    /* space */
  size_t p;   /* bytes buffered */
  size_t n;   /* size of x */
  int fd;
} buf;

#define BUF_INIT(fd, space, size) { (space), 0, (size), (fd) }

extern buf buf_1; /* stdout */
extern buf buf_2; /* stderr, small, flushed by each message */

int buf_put(buf *b, const char *s, size_t len);
int buf_puts(buf *b, const char *s);
int buf_putulong(buf *b, unsigned long u);
int buf_flush(buf *b);
int buf_putsflush(buf *b, const char *s);

/* Write all of s to fd; -1 with errno on failure. */
int fd_writeall(int fd, const char *s, size_t len);
/* read() retried on EINTR. */
ssize_t fd_read(int fd, char *s, size_t len);
#endif
