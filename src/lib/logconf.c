/* svlogd's config files and patterns; see logconf.h. */
#include <string.h>
#include "logconf.h"
#include "pmatch.h"
#include "scan.h"

void logconf_default(struct logconf *c)
{
  memset(c, 0, sizeof *c);
  c->sizemax = LOGCONF_SIZEMAX;
  c->nmax = c->nmin = LOGCONF_NUM;
  c->prefix = "";
}

unsigned long long logconf_num(const char *s)
{
  unsigned long long r = 0;
  for (; *s >= '0' && *s <= '9'; ++s) {
    unsigned c = (unsigned)(*s - '0');
    if (r > (~0ULL - c) / 10) r = ~0ULL;
    else r = r * 10 + c;
  }
  return r;
}

const char logconf_unknown[] = "config line not understood: ";

/* digits, then at most one of the suffixes, then nothing */
static int num_ok(const char *s, const char *suffixes)
{
  const char *p = s;
  while (*p >= '0' && *p <= '9') ++p;
  if (p == s) return 0;
  if (*p && strchr(suffixes, *p)) ++p;
  return !*p;
}

static unsigned long long mul_sat(unsigned long long a, unsigned long long b)
{
  return a && b > ~0ULL / a ? ~0ULL : a * b;
}

static unsigned long ulong_sat(unsigned long long v)
{
  return v > ~0UL ? ~0UL : (unsigned long)v;
}

/* a.b.c.d, each 0..255; the length used, 0 if none */
static size_t ip4_scan(const char *s, unsigned char ip[4])
{
  size_t pos = 0;
  int i;
  for (i = 0; i < 4; ++i) {
    unsigned long u;
    size_t k;
    if (i) { if (s[pos] != '.') return 0; ++pos; }
    k = scan_ulong(s + pos, &u);
    if (!k || u > 255) return 0;
    ip[i] = (unsigned char)u;
    pos += k;
  }
  return pos;
}

static void conf_udp(struct logconf *c, const char *v,
                     void (*bad)(const char *, const char *))
{
  unsigned char ip[4];
  size_t k = ip4_scan(v, ip);
  unsigned long long port = LOGCONF_UDP_PORT;
  if (!k) { if (bad) bad("unable to scan ip address: ", v); return; }
  if (v[k] == ':') {
    port = logconf_num(v + k + 1);
    if (!port || port > 65535) {
      if (bad) bad("unable to scan port number: ", v + k + 1);
      return;
    }
  }
  memset(&c->udpaddr, 0, sizeof c->udpaddr);
  c->udpaddr.sin_family = AF_INET;
  memcpy(&c->udpaddr.sin_addr, ip, 4);
  c->udpaddr.sin_port = htons((unsigned short)port);
  c->udp = 1;
}

size_t logconf_parse(struct logconf *c, char *s, size_t len,
                     void (*bad)(const char *what, const char *text))
{
  char *w = s + len + 1;
  size_t i;
  c->inst = w;
  /* (a last line of one byte is no setting: runit's loop stops short) */
  for (i = 0; i + 1 < len; ++i) {
    char *l = s + i;
    char *nl = memchr(l, '\n', len - i);
    size_t n = nl ? (size_t)(nl - l) : len - i, k;
    unsigned long long v;
    l[n] = 0;
    /* (read as runit does all the same: the digits, or 0) */
    if (bad && n && (((*l == 's' && !num_ok(l + 1, "km")) ||
                      ((*l == 'n' || *l == 'N') && !num_ok(l + 1, "")) ||
                      (*l == 't' && !num_ok(l + 1, "mh")) ||
                      !strchr("+-eEsnNt!uUp#", *l))))
      bad(logconf_unknown, l);
    switch (*l) {
    case '+': case '-': case 'e': case 'E':
      /* up to a NUL byte in the line, if any: the pattern is a string */
      k = strlen(l);
      memcpy(w, l, k + 1);
      w += k + 1;
      break;
    case 's':
      v = logconf_num(l + 1);
      if (n && l[n - 1] == 'k') v = mul_sat(v, 1024);
      if (n && l[n - 1] == 'm') v = mul_sat(v, 1024 * 1024);
      c->sizemax = v;
      break;
    case 'n': c->nmax = ulong_sat(logconf_num(l + 1)); break;
    case 'N': c->nmin = ulong_sat(logconf_num(l + 1)); break;
    case 't':
      v = logconf_num(l + 1);
      if (n && l[n - 1] == 'm') v = mul_sat(v, 60);
      if (n && l[n - 1] == 'h') v = mul_sat(v, 3600);
      if (v > LOGCONF_TMAX_CAP) v = LOGCONF_TMAX_CAP;
      c->tmax = (unsigned long)v;
      break;
    case '!': if (n > 1 && l[1]) c->processor = l + 1; break;
    case 'U': c->udponly = 1; /* fall through */
    case 'u': conf_udp(c, l + 1, bad); break;
    case 'p': if (n > 1 && l[1]) { c->prefix = l + 1; c->prefixlen = strlen(l + 1); } break;
    }
    i += n;
  }
  c->instend = w;
  return (size_t)(w - s);
}

int logconf_match(const struct logconf *c, const char *s, size_t len)
{
  const char *p;
  int sel = LOGCONF_KEEP;
  for (p = c->inst; p < c->instend; p += strlen(p) + 1) {
    if (!pmatch(p + 1, s, len)) continue;
    switch (*p) {
    case '+': sel |= LOGCONF_KEEP; break;
    case '-': sel &= ~LOGCONF_KEEP; break;
    case 'e': sel |= LOGCONF_ALERT; break;
    default: sel &= ~LOGCONF_ALERT;       /* E */
    }
  }
  return sel;
}
