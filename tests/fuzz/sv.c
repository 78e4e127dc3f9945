/* libFuzzer target: sv's pure core through its real interfaces, the
   command line (src/lib/svcmd.c) and what sv makes of a status record
   (src/lib/svrecord.c).  Input: 20 bytes of status record, 1 byte of
   switches, then sv's argv split at NUL bytes (argv[0] first: another name
   than "sv" is the LSB mode).  Switches: 1: the service has started since
   the letters were sent; 2: there is a ./down file; 4: ./check fails;
   8, 16: how many letters wait unread in the control FIFO; 32: the time
   limit has passed; 64: $SVWAIT is set (to the record's last byte); 128:
   an xstatus record goes with it (readiness from the record's byte 16,
   the last start of ./run just after the letters were sent when 1 is
   set, before otherwise).

   Every command line must be one sv accepts or rejects as a usage error,
   with letters sv can send; the status line of every service named must
   be one sv can print, in its grammar, saying what the record says; and
   every decision must be sane: the letters are done only if the record
   shows them done, ./check is run only for the letters that need it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "sgetopt.h"
#include "str.h"
#include "supervise.h"
#include "svcmd.h"
#include "svrecord.h"
#include "tai.h"

#define must(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static int check_fails;
static unsigned checks;
static int check_op(void *ctx)
{
  (void)ctx;
  ++checks;
  return !check_fails;
}

/* p past the word w, or null */
static const char *skip(const char *p, const char *w)
{
  size_t n = strlen(w);
  return strncmp(p, w, n) ? 0 : p + n;
}

static const char *digits(const char *p, unsigned long *u)
{
  const char *q = p;
  *u = 0;
  while (*p >= '0' && *p <= '9') *u = *u * 10 + (unsigned long)(*p++ - '0');
  return p == q ? 0 : p;
}

/* one status part as svrecord_status writes it, checked against the record */
static void status_line(const struct sv_status *s, const char *name, int normallyup,
                        uint64_t now)
{
  static char space[16384];
  static const char *const notes[] = {
    ", normally down", ", normally up", ", paused", ", want up", ", want down",
    ", got TERM", 0
  };
  static const char *const words[] = { "down: ", "run: ", "finish: " };
  buf b = BUF_INIT(-1, space, sizeof space - 1);
  const char *p;
  unsigned long u;
  int r, i, seen[6] = { 0 };
  r = svrecord_status(&b, s, name, normallyup, now);
  must(b.p < b.n);
  space[b.p] = 0;
  must(r == (s->pid ? SVRECORD_RUNNING : SVRECORD_NOPROCESS));
  p = space;
  if (s->state <= SV_STATE_FINISH) must((p = skip(p, words[s->state])));
  must((p = skip(p, name)));
  must((p = skip(p, ": ")));
  if (s->state != SV_STATE_DOWN) {
    must((p = skip(p, "(pid ")));
    must((p = digits(p, &u)) && u == svrecord_pid(s->pid));
    must((p = skip(p, ") ")));
  }
  must((p = digits(p, &u)) && u == (now < s->start.sec ? 0 : now - s->start.sec));
  must((p = skip(p, "s")));
  for (i = 0; notes[i]; ++i) {
    const char *q = skip(p, notes[i]);
    if (q) { seen[i] = 1; p = q; }
  }
  must(!*p);    /* nothing else, in no other order */
  must(seen[0] == (s->pid && !normallyup));
  must(seen[1] == (!s->pid && normallyup));
  must(seen[2] == (s->pid && s->paused));
  must(seen[3] == (!s->pid && s->want == SV_WANT_UP));
  must(seen[4] == (s->pid && s->want == SV_WANT_DOWN));
  must(seen[5] == (s->pid && s->term));
}

/* do the letters wait for the service to be up (u, t, k, check up)? */
static int letters_ready(const char *a, const struct sv_status *s)
{
  for (; *a; ++a)
    if (*a == SV_CTL_UP || (*a == 'C' && s->want != SV_WANT_DOWN)
        || ((*a == SV_CTL_TERM || *a == SV_CTL_KILL) && s->pid))
      return 1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static struct sv_cmd c;
  char *space, *argv[65], started[TAIN_PACK], svwait[2];
  const uint8_t *rec = data;
  struct sv_status s;
  struct sv_xstatus x;
  unsigned sw, i, n, unread;
  int argc, r, letters_u = 0, letters_d = 0, up_for_good;
  const char *a;
  if (size < 21 || size > 4096) return 0;
  sw = data[20];
  data += 21; size -= 21;
  space = malloc(size + 1);
  memcpy(space, data, size);
  space[size] = 0;
  for (argc = 0, i = 0; argc < 64; ++argc) {
    argv[argc] = space + i;
    i += strlen(space + i) + 1;
    if (i > size) { ++argc; break; }
  }
  argv[argc] = 0;

  buf_2.fd = -1;    /* sgetopt's complaints go nowhere */
  sopt_ind = 0;
  svwait[0] = (char)rec[19]; svwait[1] = 0;
  r = sv_options(&c, argc, argv, sw & 64 ? svwait : 0);
  buf_2.p = 0;
  must(r == 0 || r == 'V' || r == -1);
  if (r) goto out;
  must(c.command && c.n >= 1 && c.services);
  must(c.lsb == !str_equal(c.prog, "sv") && !strchr(c.prog, '/'));
  if (c.lsb) must(c.n == 1 && c.services[0] == c.prog);
  for (i = 0; i < c.n; ++i) must(c.services[i]);
  r = sv_command(&c);
  must(r == 0 || r == -1);
  if (r) goto out;
  must(c.letters && *c.letters);
  if (c.act == SV_ACT_CHECK) must(str_equal(c.letters, "C"));
  else if (c.act == SV_ACT_STATUS) must(str_equal(c.letters, "s"));
  else
    for (a = c.letters; *a; ++a) must(strchr(SV_CTL_LETTERS, *a));
  if (c.act == SV_ACT_STATUS) {
    must(!c.waiting && !c.kill_on_timeout);
    if (c.lsb) must(str_equal(c.command, "status"));
  }
  if (c.kill_on_timeout) must(c.waiting);
  /* a one-letter command: its first byte is the letter sent */
  if (c.letters == c.letter)
    must(!c.letter[1] && c.letter[0] == c.command[0] && strchr("udopchaiktq12", c.letter[0]));

  /* the record, as every service named would show it */
  must(sv_status_decode(&s, (const char *)rec, SV_STATUS_LEN) == 0);
  for (i = 0; i < c.n && i < 4; ++i)
    status_line(&s, c.services[i], !(sw & 2), s.start.sec + (sw >> 3));
  status_line(&s, "log", sw & 2, (uint64_t)rec[18] << 56);

  /* a letter the record shows as wanted */
  if (svrecord_redundant(&s, *c.letters)) {
    must(*c.letters != SV_CTL_UP && s.want == *c.letters);
    if (*c.letters == SV_CTL_DOWN) must(s.term == 1);
  }

  /* unread letters: older ones than ours make the record stale */
  n = (unsigned)strlen(c.letters);
  unread = (sw >> 3) & 3;
  r = svrecord_unjudged((int)unread, n, sw & 32);
  if (unread > n) must(r);
  if (!unread) must(!r);

  /* have the letters taken effect? */
  tain_pack(started, &s.start);
  if (sw & 1) started[TAIN_PACK - 1] ^= 1;
  check_fails = sw & 4;
  checks = 0;
  if (sw & 128) {
    static const char ready[] = { SV_READY_NONE, SV_READY_WAIT, SV_READY_YES, SV_READY_DIED };
    memset(&x, 0, sizeof x);
    x.readiness = ready[rec[16] & 3];
    tain_unpack(started, &x.run);
    if (sw & 1) ++x.run.nano;
    else if (x.run.nano) --x.run.nano;
    else if (x.run.sec) --x.run.sec;      /* (zero: the same, not after) */
  }
  r = svrecord_done(&s, sw & 128 ? &x : 0, c.letters, started, check_op, 0);
  must(r == 0 || r == 1 || r == SVRECORD_DIED);
  if (r == SVRECORD_DIED) must(sw & 128 && sw & 1 && x.readiness == SV_READY_DIED && !checks);
  /* a service that declares readiness is never judged by ./check */
  if (sw & 128 && x.readiness) must(!checks);
  if (r == 1 && letters_ready(c.letters, &s) && sw & 128 && x.readiness)
    must(x.readiness == SV_READY_YES);
  must(checks <= n);
  up_for_good = sw & 128 && x.readiness ? x.readiness == SV_READY_YES : !check_fails;
  for (a = c.letters; *a; ++a) {
    char l = *a;
    if (l == 'C') l = s.want == SV_WANT_DOWN ? SV_CTL_DOWN : SV_CTL_UP;
    if (l == SV_CTL_UP) letters_u = 1;
    if (l == SV_CTL_DOWN) letters_d = 1;
    if (r != 1) continue;
    must(l != SV_CTL_EXIT);
    if ((l == SV_CTL_TERM || l == SV_CTL_KILL) && s.pid)
      must(sw & 1 && s.state == SV_STATE_RUN && !s.term && up_for_good);
    if (l == SV_CTL_ONCE && !s.pid) must(sw & 1);
    if (l == SV_CTL_PAUSE && s.pid) must(s.paused);
    if (l == SV_CTL_CONT && s.pid) must(!s.paused);
  }
  if (r == 1 && letters_u) must(s.pid && s.state == SV_STATE_RUN && !s.term && up_for_good);
  if (r == 1 && letters_d) must(!s.pid && s.state == SV_STATE_DOWN);
  if (!letters_u && !strpbrk(c.letters, "tk")) must(!checks);
out:
  free(space);
  return 0;
}
