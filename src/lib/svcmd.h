/* sv's command line, parsed without acting on it: the options (-v, -w),
   the command word and the control letters it stands for, and the LSB
   init-script words when sv runs under another name (a symlink
   /etc/init.d/foo -> sv).  sv (src/sv.c) acts on the result; the unit
   test and the fuzzer call these directly. */
#ifndef SVCMD_H
#define SVCMD_H

enum sv_act {
  SV_ACT_CONTROL,   /* write the letters, then (waiting) wait for them */
  SV_ACT_STATUS,    /* print the status lines */
  SV_ACT_CHECK      /* write nothing, wait for what the record wants */
};
/* the letter "check" waits for: the record's want, up or down */
#define SV_LETTER_CHECK 'C'

struct sv_cmd {
  const char *prog;     /* argv[0] without its directory */
  int lsb;              /* called as an init script: prog is the service */
  unsigned long waitsec;
  int waiting;          /* wait for the command to take effect (-v, -w) */
  const char *command;  /* the command word as given */
  char **services;      /* the services named (lsb: prog alone) */
  unsigned n;
  enum sv_act act;
  const char *letters;  /* sent and waited for, in order (SV_CTL_*, 'C') */
  int kill_on_timeout;  /* force-*: send k when the wait expires */
  int json;             /* -o json: status as one JSON object per line */
  int output;           /* -o given at all, so a usage error shows -o's usage */
  char letter[2];       /* storage for a one-letter command's letters */
};

/* runit's scan_ulong for seconds: digits up to the first non-digit, so
   junk is 0 */
unsigned long sv_seconds(const char *s);
/* The options and the words after them; svwait is $SVWAIT or null.
   -o json may also follow the word status (sv status -o json svc...).
   Returns 0; 'V' for -V; -1 for a usage error (sgetopt has complained
   about a bad option).  The struct must stay where it is: services may
   point into it. */
int sv_options(struct sv_cmd *c, int argc, char **argv, const char *svwait);
/* The command word's letters and what to do with them: 0, or -1 for a
   usage error (-o json with another command than status is one).
   letters may point into c. */
int sv_command(struct sv_cmd *c);
#endif
