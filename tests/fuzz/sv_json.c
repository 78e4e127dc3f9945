/* libFuzzer target: sv -o json's object (svrecord_json and
   svrecord_json_error in src/lib/svrecord.c) for any status record, any
   xstatus record and any service name.  Input: 20 bytes of status
   record, 52 of xstatus, 1 byte of switches (1: the xstatus goes with
   it; 2: no ./down; 4: the log's part; 8: an error object instead), then
   the name, up to the first NUL.

   The output must be one JSON object by the grammar (RFC 8259: strings
   with only the escapes it allows and valid UTF-8, numbers, true, false,
   null), with exactly the documented keys in their order, no control
   byte anywhere (one object per line), and a name that decodes back to
   the service's (with "/log") wherever that is valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "supervise.h"
#include "svrecord.h"

#define must(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static const char *keys[] = {
  "name", "state", "pid", "pgid", "want", "paused", "got-term", "normally-up",
  "since", "ready", "ready-since", "last-exit", "last-signal", "restarts", 0
};
static const char *errkeys[] = { "name", "error", 0 };

static const unsigned char *p, *end;
static char str[8192];       /* the last string, decoded (escapes only) */
static size_t strn;
static int str_exact;        /* no \ufffd or other \u escape above 0x1f */

static void ws(void) { while (p < end && (*p == ' ' || *p == '\t')) ++p; }

static int hexval(unsigned char c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  __builtin_trap();
}

static void string(void)
{
  must(p < end && *p == '"');
  ++p;
  strn = 0;
  str_exact = 1;
  for (;;) {
    must(p < end);
    if (*p == '"') { ++p; return; }
    must(*p >= 0x20);
    if (*p == '\\') {
      must(p + 1 < end);
      switch (p[1]) {
      case '"': case '\\': case '/': str[strn++] = (char)p[1]; p += 2; break;
      case 'b': case 'f': case 'n': case 'r': case 't': str_exact = 0; p += 2; break;
      case 'u': {
        int v;
        must(p + 5 < end);
        v = hexval(p[2]) << 12 | hexval(p[3]) << 8 | hexval(p[4]) << 4 | hexval(p[5]);
        if (v < 0x20) str[strn++] = (char)v; else str_exact = 0;
        p += 6;
        break;
      }
      default: __builtin_trap();
      }
    } else {
      str[strn++] = (char)*p++;
    }
    must(strn < sizeof str);
  }
}

static void number(void)
{
  const unsigned char *q = p;
  if (p < end && *p == '-') ++p;
  must(p < end && *p >= '0' && *p <= '9');
  if (*p == '0') ++p; else while (p < end && *p >= '0' && *p <= '9') ++p;
  if (p < end && *p == '.') {
    ++p;
    must(p < end && *p >= '0' && *p <= '9');
    while (p < end && *p >= '0' && *p <= '9') ++p;
  }
  must(p > q);
}

static int word(const char *w)
{
  size_t n = strlen(w);
  if ((size_t)(end - p) < n || memcmp(p, w, n)) return 0;
  p += n;
  return 1;
}

static void value(void)
{
  ws();
  must(p < end);
  if (*p == '"') string();
  else if (!word("true") && !word("false") && !word("null")) number();
  ws();
}

/* an object whose keys are exactly k, in order; the name's decoding is
   left in name */
static void object(const char **k, char *name, size_t *namen, int *exact)
{
  ws();
  must(p < end && *p == '{');
  ++p;
  for (; *k; ++k) {
    ws();
    string();
    must(strn == strlen(*k) && !memcmp(str, *k, strn));
    ws();
    must(p < end && *p == ':');
    ++p;
    value();
    if (k == keys || k == errkeys) {
      memcpy(name, str, strn);
      *namen = strn;
      *exact = str_exact;
    }
    must(p < end && *p == (k[1] ? ',' : '}'));
    ++p;
  }
  must(p == end);
}

static int utf8_valid(const unsigned char *s, size_t n)
{
  size_t i = 0, k, len;
  while (i < n) {
    unsigned char c = s[i];
    unsigned char lo = 0x80, hi = 0xbf;
    if (c < 0x80) { ++i; continue; }
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) { len = 3; if (c == 0xe0) lo = 0xa0; if (c == 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { len = 4; if (c == 0xf0) lo = 0x90; if (c == 0xf4) hi = 0x8f; }
    else return 0;
    if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return 0;
    for (k = 2; k < len; ++k) if (s[i + k] < 0x80 || s[i + k] > 0xbf) return 0;
    i += len;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static char out[65536];
  char name[2048], given[1025], full[1025 + 4];
  size_t namen = 0, fulln, n;
  int exact = 0;
  struct sv_status s;
  struct sv_xstatus x;
  unsigned sw;
  buf b = BUF_INIT(-1, out, sizeof out);
  if (size < SV_STATUS_LEN + SV_XSTATUS_MIN + 1) return 0;
  must(sv_status_decode(&s, (const char *)data, SV_STATUS_LEN) == 0);
  must(sv_xstatus_decode(&x, (const char *)data + SV_STATUS_LEN, SV_XSTATUS_MIN) == 0);
  sw = data[SV_STATUS_LEN + SV_XSTATUS_MIN];
  data += SV_STATUS_LEN + SV_XSTATUS_MIN + 1;
  size -= SV_STATUS_LEN + SV_XSTATUS_MIN + 1;
  for (n = 0; n < size && n < 1024 && data[n]; ++n) given[n] = full[n] = (char)data[n];
  given[n] = 0;
  fulln = n;
  if (sw & 4) { memcpy(full + fulln, "/log", 4); fulln += 4; }

  if (sw & 8)
    svrecord_json_error(&b, given, sw & 4, "unable to open supervise/ok", sw & 1 ? "file does not exist" : 0);
  else
    svrecord_json(&b, given, sw & 4, &s, sw & 1 ? &x : 0, sw & 2);
  must(b.p < b.n);              /* never filled the buffer */
  for (n = 0; n < b.p; ++n) must((unsigned char)out[n] >= 0x20);
  must(utf8_valid((const unsigned char *)out, b.p));
  p = (const unsigned char *)out;
  end = p + b.p;
  object(sw & 8 ? errkeys : keys, name, &namen, &exact);
  /* the name decodes back to what was given, where it was valid UTF-8 */
  if (exact && utf8_valid((const unsigned char *)full, fulln))
    must(namen == fulln && !memcmp(name, full, namen));
  return 0;
}
