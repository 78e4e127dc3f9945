/* Unit tests of svlogd's config parser and patterns (src/lib/logconf.c)
   and of its line splitter and size rule (src/lib/logline.c); prints TAP. */
#include <string.h>
#include "logconf.h"
#include "logline.h"
#include "tap.h"

static char space[1024];
static char bad[256];

static void saw_bad(const char *what, const char *text)
{
  strcat(bad, what);
  strcat(bad, text);
  strcat(bad, "|");
}

/* the settings of config text s (n bytes) over the defaults */
static struct logconf parse(const char *s, size_t n)
{
  struct logconf c;
  memset(space, 0x5a, sizeof space);
  memcpy(space, s, n);
  bad[0] = 0;
  logconf_default(&c);
  logconf_parse(&c, space, n, saw_bad);
  return c;
}
#define PARSE(lit) parse(lit, sizeof lit - 1)

/* what the splitter gave, as text: H(head) H+(head, more) Hc(carried) T(tail) E */
static char rec[256];
static void head(void *ctx, const char *s, size_t len, int more, int carried)
{
  (void)ctx;
  strcat(rec, more ? "H+(" : carried ? "Hc(" : "H(");
  strncat(rec, s, len);
  strcat(rec, ")");
}
static void tail(void *ctx, const char *s, size_t n)
{
  (void)ctx;
  strcat(rec, "T(");
  strncat(rec, s, n);
  strcat(rec, ")");
}
static void end(void *ctx) { (void)ctx; strcat(rec, "E "); }
static const struct logline_ops ops = { head, tail, end };

int main(void)
{
  struct logconf c;
  struct logline l = { 3, 0 };
  char buf[64];
  size_t have;

  logconf_default(&c);
  tap_ok(c.sizemax == LOGCONF_SIZEMAX && c.nmax == LOGCONF_NUM && c.nmin == LOGCONF_NUM &&
         !c.tmax && !c.processor && !strcmp(c.prefix, "") && !c.udp,
         "defaults: s1000000 n10 N10, no t, processor, prefix or udp");
  tap_ok(logconf_match(&c, "x", 1) == LOGCONF_KEEP, "no patterns: every line kept, no alert");

  c = PARSE("s100k\nn5\nN2\nt2m\n!gzip\npX: \nu127.0.0.1:99\n-*\n+a*\ne*\n");
  tap_ok(c.sizemax == 102400 && c.nmax == 5 && c.nmin == 2 && c.tmax == 120,
         "s100k n5 N2 t2m");
  tap_ok(c.processor && !strcmp(c.processor, "gzip"), "!gzip: the processor");
  tap_ok(c.prefixlen == 3 && !strcmp(c.prefix, "X: "), "pX: the prefix, with its space");
  tap_ok(c.udp && !c.udponly && ntohs(c.udpaddr.sin_port) == 99 &&
         !memcmp(&c.udpaddr.sin_addr, "\177\0\0\1", 4), "u127.0.0.1:99");
  tap_ok(logconf_match(&c, "abc", 3) == (LOGCONF_KEEP | LOGCONF_ALERT), "-* then +a*: abc kept, e*: alert");
  tap_ok(logconf_match(&c, "xyz", 3) == LOGCONF_ALERT, "... xyz not kept");

  c = PARSE("s3m\nt99999999999999h\nn99999999999999999999999999\n");
  tap_ok(c.sizemax == 3 * 1024 * 1024, "s3m");
  tap_ok(c.tmax == LOGCONF_TMAX_CAP, "t is capped");
  tap_ok(c.nmax == ~0UL, "numbers saturate");
  c = PARSE("sjunk\nn\n");
  tap_ok(c.sizemax == 0 && c.nmax == 0, "junk or nothing reads as 0");

  c = PARSE("u1.2.3\nU1.2.3.4:0\n");
  tap_ok(!c.udp && c.udponly, "bad addresses are not taken (U still says only)");
  tap_ok(!strcmp(bad, "unable to scan ip address: 1.2.3|unable to scan port number: 0|"),
         "... and are reported");
  c = PARSE("U10.0.0.1");
  tap_ok(c.udp && c.udponly && ntohs(c.udpaddr.sin_port) == LOGCONF_UDP_PORT,
         "U without port: 514, also on a last line without newline");
  c = PARSE("n5\nU");
  tap_ok(c.nmax == 5 && !c.udponly, "a last line of one byte is no setting (as runit)");
  c = PARSE("+ab\0cd\ne\nEx*\n");
  tap_ok(c.instend - c.inst == 4 + 2 + 4 && !strcmp(c.inst, "+ab"),
         "patterns are kept up to a NUL byte, in order");
  tap_ok(logconf_match(&c, "ab", 2) == LOGCONF_KEEP, "... +ab keeps ab");
  tap_ok(logconf_match(&c, "", 0) == (LOGCONF_KEEP | LOGCONF_ALERT), "... an empty e matches the empty line");
  tap_ok(logconf_match(&c, "xy", 2) == LOGCONF_KEEP, "... Ex* after e: no alert");
  c = PARSE("!\np\n");
  tap_ok(!c.processor && c.prefixlen == 0, "empty ! and p are none");

  rec[0] = 0;
  memcpy(buf, "ab\ncdefg\nh", 10);
  have = logline_split(&l, buf, 0, 10, &ops, 0);
  tap_ok(!strcmp(rec, "H(ab)E H+(cde)T(fg)E ") && have == 1 && buf[0] == 'h',
         "lines, a long one cut at -l, the incomplete one kept");
  rec[0] = 0;
  memcpy(buf + have, "i\nj", 3);
  have = logline_split(&l, buf, have, have + 3, &ops, 0);
  tap_ok(!strcmp(rec, "Hc(hi)E ") && have == 1, "a line begun in an earlier read is carried");
  rec[0] = 0;
  logline_finish(&l, buf, have, &ops, 0);
  tap_ok(!strcmp(rec, "Hc(j)E "), "the last line without newline is given at the end");
  rec[0] = 0;
  memcpy(buf, "wxyz", 4);
  have = logline_split(&l, buf, 0, 4, &ops, 0);
  logline_finish(&l, buf, have, &ops, 0);
  tap_ok(!strcmp(rec, "H+(wxy)T(z)E ") && !l.intail, "... also the tail of a long one");
  rec[0] = 0;
  memcpy(buf, "abc\n", 4);
  have = logline_split(&l, buf, 0, 4, &ops, 0);
  tap_ok(!strcmp(rec, "H+(abc)E ") && !have && !l.intail,
         "a line of exactly -l bytes goes on (its newline is not in the first -l), as runit's");

  tap_ok(logline_fit(123, 0, 5) == 5, "size rule: no limit takes all");
  tap_ok(logline_fit(10, 10, 1) == 0 && logline_fit(11, 10, 1) == 0, "... a full file rotates first");
  tap_ok(logline_fit(8, 10, 5) == 2, "... a file never grows past s");
  tap_ok(logline_full(95, 100, 5) && !logline_full(94, 100, 5), "... rotate early within -l of s");
  tap_ok(!logline_full(3, 3, 5) && !logline_full(0, 0, 5), "... not when s is below -l, nor without s");
  return tap_done();
}
