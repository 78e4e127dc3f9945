/* The supervise/ directory protocol shared by runsv and sv (and daemontools'
   tools): file names, the 20-byte status record, the stat line, and the
   control letters.  This is the only place these formats are defined.

   status record, 20 bytes:
     0..11  TAI64N of the last start (or of the change to down), big-endian
     12..15 pid, little-endian (0: no process)
     16     paused flag (1 after 'p', cleared by 'c' or a new start)
     17     want: 'u' for up, 'd' for down or exit
     18     got-TERM flag (1 after runsv sent SIGTERM, cleared on exit/start)
     19     state: 0 down, 1 run, 2 finish

   xstatus record, 81 bytes (this implementation's addition, written
   before status and never instead of it; runit's tools ignore it; a
   reader takes any record of at least 52 bytes, the first 52 as below,
   the rest only when there: a runsv of 2026-12-07 or before wrote 52):
     0..11  TAI64N: the start of the status record it goes with
     12..15 pid of that record, little-endian (with 0..11, the key of a
            52-byte record: both files are of the same moment)
     16..27 TAI64N since when ./run is ready (zero: not ready)
     28..39 TAI64N of the last start of ./run (zero: not started yet)
     40..43 process group of ./run (kill-group, cgroup), little-endian, 0
     44..47 restarts: starts of ./run since this runsv started, minus one
     48     readiness: 0 not declared (no notification-fd), 'w' waiting,
            'r' ready, 'd' the last ./run ended before it was ready
     49     how ./run ended last: 0 not yet, 'e' exited, 's' by a signal
     50     its exit code or signal number
     51     want: 'u' up, 'd' down, 'x' exit
     52..71 the status record it goes with, byte for byte: the key (the
            two files are of one moment when status equals it)
     72..79 start of the process the status record names (its pid, or
            during an ending the group leader's): clock ticks since boot,
            as field 22 of /proc/PID/stat has it, little-endian; 0 none
     80     what runsv is ending (state finish): 0 nothing, 'p' that
            process, 'g' the process group it leads (the rest of a
            kill-group ./run that exited, or an earlier runsv's ./run) */
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
#define SV_XSTATUS "supervise/xstatus"

#define SV_STATUS_LEN 20
#define SV_XSTATUS_LEN 81
#define SV_XSTATUS_MIN 52   /* shortest record a reader takes */
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

/* readiness, as xstatus keeps it */
#define SV_READY_NONE 0
#define SV_READY_WAIT 'w'
#define SV_READY_YES 'r'
#define SV_READY_DIED 'd'
/* how ./run ended */
#define SV_END_NONE 0
#define SV_END_EXIT 'e'
#define SV_END_SIGNAL 's'
/* what runsv is ending */
#define SV_ENDING_NONE 0
#define SV_ENDING_PROC 'p'
#define SV_ENDING_GROUP 'g'

struct sv_xstatus {
  struct tain start;    /* the key: status's start and pid */
  uint32_t pid;
  struct tain ready;
  struct tain run;      /* the last start of ./run */
  uint32_t pgid;
  uint32_t restarts;
  char readiness;       /* SV_READY_* */
  char end;             /* SV_END_* */
  unsigned char code;   /* exit code or signal */
  char want;            /* SV_WANT_UP, SV_WANT_DOWN, SV_WANT_EXIT */
  /* from byte 52 on (hasrec: the record has them) */
  unsigned char hasrec;
  struct sv_status rec; /* the key: the status record it goes with */
  uint64_t ticks;       /* start of rec's pid, ticks since boot, 0 none */
  char ending;          /* SV_ENDING_* */
};

void sv_status_encode(char *out, const struct sv_status *s);
/* 0 on success; -1 if len is not exactly SV_STATUS_LEN ("bad format") */
int sv_status_decode(struct sv_status *s, const char *in, size_t len);
void sv_xstatus_encode(char *out, const struct sv_xstatus *x);
/* 0 on success; -1 if len is short (below SV_XSTATUS_MIN: "bad
   format"); a record shorter than SV_XSTATUS_LEN has no hasrec part,
   longer records (a later version) are read for their first
   SV_XSTATUS_LEN bytes */
int sv_xstatus_decode(struct sv_xstatus *x, const char *in, size_t len);
/* does x go with the status record s (the same moment)?  s equals the
   copy x holds; for a 52-byte record, the same start and pid */
int sv_xstatus_matches(const struct sv_xstatus *x, const struct sv_status *s);
/* An xstatus that does not match: could it be the one for the update
   runsv is making (written just before status, so not older than the
   status file)?  0: it is older, an earlier runsv's left beside one that
   writes none.  x and s: what fstat(2) said of the two files. */
struct stat;
int sv_xstatus_ahead(const struct stat *x, const struct stat *s);
/* the supervise/stat line, newline included; returns its length */
size_t sv_status_stat(char *out, const struct sv_status *s);
/* the signal a letter sends to a running service, 0 if none */
int sv_ctl_signal(char letter);
#endif
