#include "buf.h"
#include "sgetopt.h"

int sopt_ind = 1;
const char *sopt_arg;
const char *sopt_prog;
static int pos; /* position inside a group such as -vw */

static int complain(const char *what, char c)
{
  char s[2] = { c, 0 };
  if (sopt_prog) {
    buf_puts(&buf_2, sopt_prog);
    buf_puts(&buf_2, what);
    buf_puts(&buf_2, s);
    buf_putsflush(&buf_2, "\n");
  }
  return '?';
}

int sgetopt(int argc, char *const *argv, const char *opts)
{
  const char *arg, *o;
  char c;
  sopt_arg = 0;
  if (sopt_ind <= 0) { sopt_ind = 1; pos = 0; }  /* start over */
  if (sopt_ind >= argc || !argv[sopt_ind]) return -1;
  arg = argv[sopt_ind];
  if (!pos) {
    if (arg[0] != '-' || !arg[1]) return -1;
    if (arg[1] == '-' && !arg[2]) { ++sopt_ind; return -1; }
    pos = 1;
  }
  c = arg[pos++];
  if (!arg[pos]) { pos = 0; ++sopt_ind; }
  for (o = opts; *o; ++o)
    if (*o == c && c != ':') break;
  if (!*o) return complain(": illegal option -- ", c);
  if (o[1] == ':') {
    if (pos) { sopt_arg = arg + pos; pos = 0; ++sopt_ind; }
    else if (sopt_ind < argc) sopt_arg = argv[sopt_ind++];
    else return complain(": option requires an argument -- ", c);
  }
  return c;
}
