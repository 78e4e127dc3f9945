/* A log directory's settings, as svlogd reads them from its config file
   (svlogd.8), and the line selection its patterns make.  One setting a
   line, by its first character:
     sN[k|m] size limit of current     nN  keep at most N old files
     NN      keep at least N (on ENOSPC)   tN[m|h] rotate after N seconds
     !cmd    processor                 pX  prefix for every line
     ua.b.c.d[:port] copy lines to UDP  U... the same, and only there
     +pat -pat  select / deselect lines   epat Epat  alert / no alert
   Numbers are digits, saturating; junk or nothing reads as 0 (as runit).
   Lines starting with '#' and empty lines are comments; any other line
   not understood (another first character, a number with junk after it)
   is told to bad(logconf_unknown, line), and taken as runit takes it.

   logconf_parse works in place: the settings point into the text it is
   given, and the pattern lines are copied right after the text, so the
   caller's storage must have LOGCONF_SPACE(len) bytes.  It neither
   allocates nor reads files: svlogd reads the file and owns the arena. */
#ifndef LOGCONF_H
#define LOGCONF_H
#include <stddef.h>
#include <netinet/in.h>

#define LOGCONF_SIZEMAX 1000000    /* s when the config does not say */
#define LOGCONF_NUM 10             /* n and N when it does not say */
#define LOGCONF_TMAX_CAP 100000000 /* t is capped: over 3 years, as good as never */
#define LOGCONF_UDP_PORT 514       /* u and U without :port */
/* storage parsing len bytes of text needs: the text with a NUL after it,
   the pattern lines as large again with their NULs */
#define LOGCONF_SPACE(len) (2 * (size_t)(len) + 2)

struct logconf {
  unsigned long long sizemax;    /* 0: no limit */
  unsigned long nmax, nmin;
  unsigned long tmax;            /* seconds; 0: none */
  const char *processor;         /* null: none */
  const char *prefix;            /* "" when none */
  size_t prefixlen;
  const char *inst, *instend;    /* pattern lines, each NUL-terminated */
  struct sockaddr_in udpaddr;
  int udp, udponly;
};

/* what a line's patterns decide (logconf_match) */
#define LOGCONF_KEEP 1    /* the last + or - that matched was +, or none did */
#define LOGCONF_ALERT 2   /* the last e or E that matched was e */

/* the `what` bad() is given for a line not understood */
extern const char logconf_unknown[];

/* the settings of a directory without config */
void logconf_default(struct logconf *c);
/* Parse s[0..len) (space: LOGCONF_SPACE(len) bytes from s) over c's
   settings so far.  bad(what, text) is told of an address that does not
   scan and of each line not understood (may be null).  Returns the bytes of space used. */
size_t logconf_parse(struct logconf *c, char *s, size_t len,
                     void (*bad)(const char *what, const char *text));
/* LOGCONF_KEEP and LOGCONF_ALERT for the line s[0..len) */
int logconf_match(const struct logconf *c, const char *s, size_t len);
/* a config number: digits, saturating at ~0ULL; junk or nothing is 0 */
unsigned long long logconf_num(const char *s);
#endif
