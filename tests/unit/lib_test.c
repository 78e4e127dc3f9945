/* Unit tests of the helper library; prints TAP. */
#include <errno.h>
#include <string.h>
#include "buf.h"
#include "tap.h"
#include "err.h"
#include "fmt.h"
#include "scan.h"
#include "sgetopt.h"
#include "str.h"
#include "supervise.h"
#include "tai.h"

#define ok tap_ok

static int fmts(size_t (*f)(char *, unsigned long), unsigned long u, const char *want)
{
  char s[FMT_ULONG];
  size_t len = f(s, u);
  return len == strlen(want) && !memcmp(s, want, len) && f(0, u) == len;
}

int main(void)
{
  char s[64];
  unsigned long u;
  struct sv_status st, back;
  struct tain t;

  ok(fmts(fmt_ulong, 0, "0"), "fmt_ulong 0");
  ok(fmts(fmt_ulong, 18446744073709551615UL, "18446744073709551615"), "fmt_ulong max");
  ok(scan_ulong("123x", &u) == 3 && u == 123, "scan_ulong stops at junk");
  ok(scan_ulong("x", &u) == 0, "scan_ulong rejects junk");
  ok(scan_ulong("99999999999999999999999", &u) == 0, "scan_ulong rejects overflow");
  ok(!strcmp(err_str(ENOENT), "file does not exist"), "err_str ENOENT");
  ok(!strcmp(err_str(EAGAIN), "temporary failure"), "err_str EAGAIN");
  ok(!strcmp(err_str(-12345), "unknown error"), "err_str unknown");
  ok(!strcmp(str_basename("/etc/init.d/foo"), "foo"), "basename");
  ok(!strcmp(str_basename("sv"), "sv"), "basename plain");

  t.sec = TAI_OFFSET + 1700000000; t.nano = 123456500;
  ok(tain_label(s, &t) == 25 && !memcmp(s, "@400000006553f10a075bcbf4", 25), "tain_label");
  tain_pack(s, &t);
  { struct tain r; tain_unpack(s, &r); ok(r.sec == t.sec && r.nano == t.nano, "tain pack round trip"); }

  st.start = t; st.pid = 0x35fe; st.paused = 0; st.want = SV_WANT_EXIT;
  st.term = 1; st.state = SV_STATE_RUN;
  sv_status_encode(s, &st);
  ok(!memcmp(s + 12, "\xfe\x35\x00\x00", 4), "status pid is little-endian");
  ok(s[17] == 'd' && s[18] == 1 && s[19] == 1, "status want exit stored as d");
  ok(sv_status_decode(&back, s, 20) == 0 && back.pid == 0x35fe && back.start.sec == t.sec,
     "status round trip");
  ok(sv_status_decode(&back, s, 18) == -1, "status of 18 bytes is bad format");
  s[sv_status_stat(s, &st)] = 0;
  ok(!strcmp(s, "run, got TERM, want exit\n"), "stat line");
  st.state = SV_STATE_DOWN; st.paused = 1; st.term = 0;
  s[sv_status_stat(s, &st)] = 0;
  ok(!strcmp(s, "down, paused\n"), "stat line down paused");

  {
    char *argv[] = { "sv", "-vw5", "-x", "up", 0 };
    int c1 = sgetopt(4, argv, "w:vV");
    int c2 = sgetopt(4, argv, "w:vV");
    ok(c1 == 'v' && c2 == 'w' && sopt_arg && !strcmp(sopt_arg, "5"), "sgetopt group with argument");
    ok(sgetopt(4, argv, "w:vV") == '?', "sgetopt illegal option");
    ok(sgetopt(4, argv, "w:vV") == -1 && sopt_ind == 3, "sgetopt stops at operand");
  }
  return tap_done();
}
