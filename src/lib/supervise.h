/* The supervise/ directory protocol shared by runsv and sv (and daemontools'
   tools): file names, the 20-byte status record, the stat line, and the
   control letters.  This is the only place these formats are defined.

   status record, 20 bytes:
     0..11  TAI64N of the last start (or of the change to down), big-endian
     12..15 pid, little-endian (0: no process)
     16     paused flag (1 after 'p', cleared by 'c' or a new start)
     17     want: 'u' for up, 'd' for down or exit
     18     got-TERM flag (1 after runsv sent SIGTERM, cleared on exit/start)
     19     state: 0 down, 1 run, 2 finish */
#ifndef SUPERVISE_H
#define SUPERVISE_H
#include <stddef.h>
#include <stdint.h>
#include "tai.h"

#define SV_DIR "supervise"
#define SV_LOCK "supervise/lock"
#define SV_CONTROL "supervise/control"
#define SV_OK "supervise/ok"
#define SV_STATUS "supervise/status"
#define SV_STAT "supervise/stat"
#define SV_PID "supervise/pid"

#define SV_STATUS_LEN 20
/* longest stat line: "finish, paused, got TERM, want down\n" */
#define SV_STAT_MAX 48

enum sv_state { SV_STATE_DOWN = 0, SV_STATE_RUN = 1, SV_STATE_FINISH = 2 };

/* want, as runsv keeps it; the record stores 'd' for both down and exit */
#define SV_WANT_UP 'u'
#define SV_WANT_DOWN 'd'
#define SV_WANT_EXIT 'x'

/* control letters written to supervise/control */
#define SV_CTL_UP 'u'
#define SV_CTL_DOWN 'd'
#define SV_CTL_ONCE 'o'
#define SV_CTL_EXIT 'x'
#define SV_CTL_TERM 't'
#define SV_CTL_KILL 'k'
#define SV_CTL_PAUSE 'p'
#define SV_CTL_CONT 'c'
#define SV_CTL_HUP 'h'
#define SV_CTL_ALARM 'a'
#define SV_CTL_INT 'i'
#define SV_CTL_QUIT 'q'
#define SV_CTL_USR1 '1'
#define SV_CTL_USR2 '2'
#define SV_CTL_LETTERS "udoxtkpchaiq12"

struct sv_status {
  struct tain start;
  uint32_t pid;
  unsigned char paused;
  char want;            /* SV_WANT_UP, SV_WANT_DOWN or SV_WANT_EXIT */
  unsigned char term;
  unsigned char state;  /* enum sv_state */
};

void sv_status_encode(char *out, const struct sv_status *s);
/* 0 on success; -1 if len is not exactly SV_STATUS_LEN ("bad format") */
int sv_status_decode(struct sv_status *s, const char *in, size_t len);
/* the supervise/stat line, newline included; returns its length */
size_t sv_status_stat(char *out, const struct sv_status *s);
/* the signal a letter sends to a running service, 0 if none */
int sv_ctl_signal(char letter);
#endif
