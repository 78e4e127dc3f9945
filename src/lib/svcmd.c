/* sv's command line (svcmd.h). */
#include <string.h>
#include "profile.h"
#include "sgetopt.h"
#include "str.h"
#include "supervise.h"
#include "svcmd.h"

unsigned long sv_seconds(const char *s)
{
  unsigned long u = 0;
  while (*s >= '0' && *s <= '9') u = u * 10 + (unsigned long)(*s++ - '0');
  return u;
}

int sv_options(struct sv_cmd *c, int argc, char **argv, const char *svwait)
{
  const char *x;
  int opt;
  memset(c, 0, sizeof *c);
  c->prog = argv[0] ? argv[0] : "sv";
  for (x = c->prog; *x; ++x)
    if (*x == '/') c->prog = x + 1;
  c->lsb = !str_equal(c->prog, "sv");
  c->waitsec = svwait ? sv_seconds(svwait) : SV_DEFAULT_WAIT;
  c->act = SV_ACT_CONTROL;
  sopt_prog = c->prog;
  while ((opt = sgetopt(argc, argv, c->lsb ? "w:vV" : "w:vVo:")) != -1) {
    switch (opt) {
    case 'w': c->waitsec = sv_seconds(sopt_arg); c->waiting = 1; break;
    case 'v': c->waiting = 1; break;
    case 'o': c->output = 1; if (!str_equal(sopt_arg, "json")) return -1; c->json = 1; break;
    case 'V': return 'V';
    default: return -1;
    }
  }
  if (sopt_ind >= argc) return -1;
  c->command = argv[sopt_ind];
  if (!c->lsb && str_equal(c->command, "status") && sopt_ind + 2 < argc
      && str_equal(argv[sopt_ind + 1], "-o")) {
    c->output = 1;
    if (!str_equal(argv[sopt_ind + 2], "json")) return -1;
    c->json = 1;
    sopt_ind += 2;
  }
  if (c->lsb) { c->services = (char **)&c->prog; c->n = 1; }
  else {
    c->services = argv + sopt_ind + 1;
    c->n = (unsigned)(argc - sopt_ind - 1);
    if (!c->n) return -1;
  }
  return 0;
}

/* the letters of a command that waits; force: kill when the wait expires */
static int waits(struct sv_cmd *c, const char *letters, int force)
{
  c->letters = letters;
  c->waiting = 1;
  if (force) c->kill_on_timeout = 1;
  return 0;
}

static int command(struct sv_cmd *c);

int sv_command(struct sv_cmd *c)
{
  if (command(c) == -1) return -1;
  return c->json && c->act != SV_ACT_STATUS ? -1 : 0;
}

static int command(struct sv_cmd *c)
{
  const char *w = c->command;
  switch (*w) {
  case 'x': case 'e':
    c->letters = "x"; return 0;
  case 'X': case 'E':
    return waits(c, "x", 1);
  case 'D':
    return waits(c, "d", 1);
  case 'T':
    return waits(c, "tc", 1);
  case SV_CTL_TERM:
    if (str_equal(w, "try-restart")) return waits(c, "tc", 0);
    break;
  case SV_CTL_CONT:
    if (str_equal(w, "check")) { c->act = SV_ACT_CHECK; return waits(c, "C", 0); }
    break;
  case SV_CTL_UP: case SV_CTL_DOWN: case SV_CTL_ONCE: case SV_CTL_PAUSE:
  case SV_CTL_HUP: case SV_CTL_ALARM: case SV_CTL_INT: case SV_CTL_KILL:
  case SV_CTL_QUIT: case SV_CTL_USR1: case SV_CTL_USR2:
    break;
  case 's':
    if (str_equal(w, "shutdown")) return waits(c, "x", 0);
    if (str_equal(w, "start")) return waits(c, "u", 0);
    if (str_equal(w, "stop")) return waits(c, "d", 0);
    if (c->lsb && !str_equal(w, "status")) return -1;
    c->act = SV_ACT_STATUS; c->letters = "s"; c->waiting = 0; return 0;
  case 'r':
    if (str_equal(w, "restart")) return waits(c, "tcu", 0);
    if (str_equal(w, "reload")) return waits(c, "h", 0);
    return -1;
  case 'f':
    if (str_equal(w, "force-reload")) return waits(c, "tc", 1);
    if (str_equal(w, "force-restart")) return waits(c, "tcu", 1);
    if (str_equal(w, "force-shutdown")) return waits(c, "x", 1);
    if (str_equal(w, "force-stop")) return waits(c, "d", 1);
    return -1;
  default:
    return -1;
  }
  c->letter[0] = *w;  /* a one-letter command: only its first byte counts */
  c->letter[1] = 0;
  c->letters = c->letter;
  return 0;
}
