/* Reaping children. */
#ifndef WAIT_H
#define WAIT_H
#include <sys/types.h>
#include <sys/wait.h>
pid_t wait_nohang(int *status);         /* 0: none ready, -1: no children */
pid_t wait_pid(pid_t pid, int *status); /* blocking, EINTR retried */
#endif
