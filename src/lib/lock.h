/* Exclusive advisory locks on a whole file (flock). */
#ifndef LOCK_H
#define LOCK_H
int lock_ex(int fd);    /* wait */
int lock_exnb(int fd);  /* fail at once with EAGAIN */
#endif
