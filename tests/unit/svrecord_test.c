/* Unit tests of sv's pure core: its command line (src/lib/svcmd.c) and
   what it makes of a status record (src/lib/svrecord.c); prints TAP. */
#include <stdarg.h>
#include <string.h>
#include "profile.h"
#include "sgetopt.h"
#include "supervise.h"
#include "svcmd.h"
#include "svrecord.h"
#include "tai.h"
#include "tap.h"

#define str_eq(a, b) (strcmp((a), (b)) == 0)

static struct sv_cmd c;

static int opts(const char *svwait, ...)
{
  static char *argv[16];
  int argc = 0;
  va_list ap;
  va_start(ap, svwait);
  while ((argv[argc] = va_arg(ap, char *))) ++argc;
  va_end(ap);
  sopt_ind = 0;
  return sv_options(&c, argc, argv, svwait);
}

/* the command word w as sv (or as the init script foo) takes it */
static int cmd(int lsb, const char *w, const char *letters, int waiting, int kill)
{
  if (opts(0, lsb ? "/etc/init.d/foo" : "sv", w, "a", (char *)0) != 0) return 0;
  if (sv_command(&c) != 0) return 0;
  return str_eq(c.letters, letters) && c.waiting == waiting && c.kill_on_timeout == kill;
}

static char line[256];
static const char *status(const struct sv_status *s, const char *name, int normallyup,
                          uint64_t now, int *r)
{
  buf b = BUF_INIT(-1, line, sizeof line - 1);
  *r = svrecord_status(&b, s, name, normallyup, now);
  line[b.p] = 0;
  return line;
}

static unsigned checks;
static int pass(void *ctx) { (void)ctx; ++checks; return 1; }
static int failcheck(void *ctx) { (void)ctx; ++checks; return 0; }

int main(void)
{
  struct sv_status s;
  struct sv_xstatus x;
  char same[TAIN_PACK], before[TAIN_PACK];
  int r;

  tap_ok(sv_seconds("12x") == 12 && sv_seconds("x") == 0 && sv_seconds("") == 0,
         "seconds: digits up to the first non-digit, junk is 0");

  r = opts(0, "sv", "-v", "up", "a", "b", (char *)0);
  tap_ok(r == 0 && !c.lsb && c.waiting && c.n == 2 && str_eq(c.command, "up")
         && str_eq(c.services[0], "a") && str_eq(c.services[1], "b")
         && c.waitsec == SV_DEFAULT_WAIT, "sv -v up a b");
  r = opts("7s", "/usr/bin/sv", "status", "a", (char *)0);
  tap_ok(r == 0 && !c.lsb && !c.waiting && c.waitsec == 7 && str_eq(c.prog, "sv"),
         "SVWAIT=7s: 7 seconds, no waiting by itself");
  r = opts("7", "sv", "-w", "3", "up", "a", (char *)0);
  tap_ok(r == 0 && c.waiting && c.waitsec == 3, "-w 3 beats SVWAIT and waits");
  r = opts(0, "/etc/init.d/foo", "-w", "5", "start", (char *)0);
  tap_ok(r == 0 && c.lsb && c.n == 1 && str_eq(c.services[0], "foo")
         && str_eq(c.prog, "foo") && c.waitsec == 5, "an init script: its name is the service");
  tap_ok(opts(0, "sv", "up", (char *)0) == -1, "no service: usage");
  tap_ok(opts(0, "sv", (char *)0) == -1, "no command: usage");
  tap_ok(opts(0, "/etc/init.d/foo", (char *)0) == -1, "init script, no command: usage");
  tap_ok(opts(0, "sv", "-V", "up", "a", (char *)0) == 'V', "-V");
  sopt_prog = 0;

  tap_ok(cmd(0, "up", "u", 0, 0) && c.act == SV_ACT_CONTROL, "up: u, no waiting");
  tap_ok(cmd(0, "dx", "d", 0, 0), "a one-letter command: its first byte");
  tap_ok(cmd(0, "t", "t", 0, 0) && cmd(0, "c", "c", 0, 0) && cmd(0, "1", "1", 0, 0),
         "t, c, 1");
  tap_ok(cmd(0, "exit", "x", 0, 0) && cmd(0, "e", "x", 0, 0), "exit, e: x");
  tap_ok(cmd(0, "Exit", "x", 1, 1) && cmd(0, "X", "x", 1, 1), "Exit, X: x, then kill");
  tap_ok(cmd(0, "Down", "d", 1, 1) && cmd(0, "Term", "tc", 1, 1), "Down, Term");
  tap_ok(cmd(0, "start", "u", 1, 0) && cmd(0, "stop", "d", 1, 0)
         && cmd(0, "shutdown", "x", 1, 0), "start, stop, shutdown wait");
  tap_ok(cmd(0, "restart", "tcu", 1, 0) && cmd(0, "reload", "h", 1, 0)
         && cmd(0, "try-restart", "tc", 1, 0), "restart, reload, try-restart");
  tap_ok(cmd(0, "force-restart", "tcu", 1, 1) && cmd(0, "force-reload", "tc", 1, 1)
         && cmd(0, "force-stop", "d", 1, 1) && cmd(0, "force-shutdown", "x", 1, 1),
         "force-*: kill when the wait expires");
  tap_ok(cmd(0, "check", "C", 1, 0) && c.act == SV_ACT_CHECK, "check: C, nothing sent");
  tap_ok(cmd(0, "status", "s", 0, 0) && c.act == SV_ACT_STATUS, "status");
  tap_ok(opts(0, "sv", "-v", "sx", "a", (char *)0) == 0 && sv_command(&c) == 0
         && c.act == SV_ACT_STATUS && !c.waiting, "any s word is status, never waits");
  tap_ok(cmd(1, "status", "s", 0, 0) && cmd(1, "stop", "d", 1, 0), "init script: status, stop");
  tap_ok(opts(0, "/etc/init.d/foo", "sx", (char *)0) == 0 && sv_command(&c) == -1,
         "init script: only status among the s words");
  tap_ok(opts(0, "sv", "rx", "a", (char *)0) == 0 && sv_command(&c) == -1
         && opts(0, "sv", "fx", "a", (char *)0) == 0 && sv_command(&c) == -1
         && opts(0, "sv", "z", "a", (char *)0) == 0 && sv_command(&c) == -1
         && opts(0, "sv", "", "a", (char *)0) == 0 && sv_command(&c) == -1,
         "unknown words: usage");

  memset(&s, 0, sizeof s);
  s.start.sec = 1000; s.state = SV_STATE_RUN; s.pid = 10; s.want = SV_WANT_UP;
  tap_ok(str_eq(status(&s, "a", 1, 1005, &r), "run: a: (pid 10) 5s") && r == SVRECORD_RUNNING,
         "run, normally up");
  tap_ok(str_eq(status(&s, "a", 1, 999, &r), "run: a: (pid 10) 0s"), "start in the future: 0s");
  s.pid = 0xffffffff;
  tap_ok(str_eq(status(&s, "a", 1, 1000, &r),
                sizeof(long) == 8 ? "run: a: (pid 18446744073709551615) 0s"
                                  : "run: a: (pid 4294967295) 0s"),
         "pid as runit prints it: a signed int widened");
  s.pid = 7; s.state = SV_STATE_FINISH; s.paused = 1; s.term = 1; s.want = SV_WANT_DOWN;
  tap_ok(str_eq(status(&s, "log", 0, 1001, &r),
                "finish: log: (pid 7) 1s, normally down, paused, want down, got TERM"),
         "every annotation of a process, in runit's order");
  s.pid = 0; s.state = SV_STATE_DOWN; s.want = SV_WANT_UP;
  tap_ok(str_eq(status(&s, "a", 1, 1003, &r), "down: a: 3s, normally up, want up")
         && r == SVRECORD_NOPROCESS, "down, normally up, want up");
  tap_ok(str_eq(status(&s, "a", 0, 1003, &r), "down: a: 3s, want up"), "down, normally down");

  memset(&s, 0, sizeof s);
  s.want = SV_WANT_DOWN;
  tap_ok(!svrecord_redundant(&s, SV_CTL_DOWN), "d before the TERM was sent: sent");
  s.term = 1;
  tap_ok(svrecord_redundant(&s, SV_CTL_DOWN), "d after the TERM: skipped");
  s.want = SV_WANT_UP;
  tap_ok(!svrecord_redundant(&s, SV_CTL_UP) && !svrecord_redundant(&s, SV_CTL_DOWN),
         "u never skipped");

  tap_ok(!svrecord_unjudged(0, 1, 0) && svrecord_unjudged(1, 1, 0)
         && !svrecord_unjudged(1, 1, 1) && svrecord_unjudged(2, 1, 1),
         "unread letters: ours until the limit, older ones for good");

  memset(&s, 0, sizeof s);
  s.start.sec = 1000; s.state = SV_STATE_RUN; s.pid = 10; s.want = SV_WANT_UP;
  tain_pack(same, &s.start);
  s.start.nano = 1;
  tain_pack(before, &s.start);
  s.start.nano = 0;
  checks = 0;
  tap_ok(svrecord_done(&s, 0, "u", same, pass, 0) && checks == 1, "u: running, check passes");
  tap_ok(!svrecord_done(&s, 0, "u", same, failcheck, 0), "u: check fails");
  s.term = 1;
  tap_ok(!svrecord_done(&s, 0, "u", same, pass, 0), "u: TERM sent, on its way out");
  s.term = 0;
  tap_ok(!svrecord_done(&s, 0, "t", same, pass, 0), "t: same start, not restarted");
  checks = 0;
  tap_ok(svrecord_done(&s, 0, "tcu", before, pass, 0) && checks == 2,
         "tcu: restarted (nanoseconds tell), check run for t and u");
  tap_ok(!svrecord_done(&s, 0, "x", before, pass, 0), "x: never while runsv answers");
  tap_ok(!svrecord_done(&s, 0, "d", same, pass, 0), "d: still running");
  tap_ok(!svrecord_done(&s, 0, "p", same, pass, 0) && svrecord_done(&s, 0, "c", same, pass, 0),
         "p: not paused yet; c: not paused");
  s.paused = 1;
  tap_ok(svrecord_done(&s, 0, "p", same, pass, 0) && !svrecord_done(&s, 0, "c", same, pass, 0),
         "p: paused; c: still paused");
  tap_ok(svrecord_done(&s, 0, "C", same, pass, 0), "check, want up: running");
  s.paused = 0; s.pid = 0; s.state = SV_STATE_DOWN; s.want = SV_WANT_DOWN;
  checks = 0;
  tap_ok(svrecord_done(&s, 0, "d", same, pass, 0) && svrecord_done(&s, 0, "C", same, pass, 0)
         && svrecord_done(&s, 0, "t", same, pass, 0) && !checks,
         "d, check, t: down and wanted down, no ./check run");
  tap_ok(!svrecord_done(&s, 0, "o", same, pass, 0) && svrecord_done(&s, 0, "o", before, pass, 0),
         "o, down: it must have run since");

  tap_ok(opts(0, "sv", "-o", "json", "status", "a", (char *)0) == 0 && c.json
         && sv_command(&c) == 0 && c.act == SV_ACT_STATUS, "-o json status");
  tap_ok(opts(0, "sv", "status", "-o", "json", "a", "b", (char *)0) == 0 && c.json && c.n == 2
         && str_eq(c.services[0], "a"), "status -o json a b");
  tap_ok(opts(0, "sv", "-o", "yaml", "status", "a", (char *)0) == -1
         && opts(0, "sv", "status", "-o", "yaml", "a", (char *)0) == -1, "-o yaml: usage");
  tap_ok(opts(0, "sv", "-o", "json", "up", "a", (char *)0) == 0 && sv_command(&c) == -1,
         "-o json up: usage");
  tap_ok(opts(0, "sv", "up", "-o", "json", (char *)0) == 0 && !c.json && c.n == 2,
         "up -o json: two services, as runit reads it");
  buf_2.fd = -1;      /* sgetopt's complaint */
  tap_ok(opts(0, "/etc/init.d/foo", "-o", "json", "status", (char *)0) == -1,
         "init script: no -o");
  buf_2.p = 0;
  buf_2.fd = 2;

  /* readiness decides instead of ./check */
  memset(&s, 0, sizeof s);
  memset(&x, 0, sizeof x);
  s.start.sec = 1000; s.state = SV_STATE_RUN; s.pid = 10; s.want = SV_WANT_UP;
  tain_pack(same, &s.start);
  x.readiness = SV_READY_WAIT;
  checks = 0;
  tap_ok(!svrecord_done(&s, &x, "u", same, pass, 0) && !checks, "u: not ready, no ./check");
  x.readiness = SV_READY_YES;
  tap_ok(svrecord_done(&s, &x, "u", same, failcheck, 0) && !checks, "u: ready, ./check not run");
  x.readiness = SV_READY_NONE;
  tap_ok(svrecord_done(&s, &x, "u", same, pass, 0) && checks == 1, "u: nothing declared: ./check");
  s.pid = 0; s.state = SV_STATE_DOWN; s.start.sec = 1002;
  x.readiness = SV_READY_DIED;
  x.run.sec = 1001;
  tap_ok(svrecord_done(&s, &x, "u", same, pass, 0) == SVRECORD_DIED,
         "u: a ./run started since ended before ready");
  x.run.sec = 1000;
  tap_ok(svrecord_done(&s, &x, "u", same, pass, 0) == 0,
         "u: the ./run the letters stopped does not count");
  tap_ok(svrecord_done(&s, &x, "C", same, pass, 0) == 0, "check: the same");
  x.run.sec = 1001;
  tap_ok(svrecord_done(&s, &x, "tcu", same, pass, 0) == SVRECORD_DIED, "tcu: died since");

  /* the ./run waited for ended unready and the next one started at once */
  {
    struct svrecord_run r;
    memset(&r, 0, sizeof r);
    x.readiness = SV_READY_WAIT; x.run.sec = 1000; x.restarts = 3;
    tap_ok(!svrecord_rerun(&x, same, &r) && !r.seen, "rerun: none started since the letters");
    x.run.sec = 1001;
    tap_ok(!svrecord_rerun(&x, same, &r) && r.seen, "rerun: the first started since: noted");
    tap_ok(!svrecord_rerun(&x, same, &r), "rerun: the same, still waiting");
    x.run.sec = 1003; x.restarts = 4;
    tap_ok(svrecord_rerun(&x, same, &r), "rerun: a later start: it ended unready");
    memset(&r, 0, sizeof r);
    x.run.sec = 1001; x.restarts = 3;
    svrecord_rerun(&x, same, &r);
    x.restarts = 4;
    tap_ok(svrecord_rerun(&x, same, &r), "rerun: the restart count alone tells too");
    memset(&r, 0, sizeof r);
    x.readiness = SV_READY_YES; x.restarts = 3;
    svrecord_rerun(&x, same, &r);
    x.readiness = SV_READY_WAIT; x.run.sec = 1003; x.restarts = 4;
    tap_ok(!svrecord_rerun(&x, same, &r), "rerun: it was seen ready: not unready");
    memset(&r, 0, sizeof r);
    x.readiness = SV_READY_NONE; x.run.sec = 1001;
    svrecord_rerun(&x, same, &r);
    x.run.sec = 1003;
    tap_ok(!svrecord_rerun(&x, same, &r) && !svrecord_rerun(0, same, &r),
           "rerun: no readiness declared, or no xstatus: never");
  }

  /* the JSON object */
  {
    static char space[1024];
    buf b = BUF_INIT(-1, space, sizeof space - 1);
    memset(&s, 0, sizeof s);
    memset(&x, 0, sizeof x);
    s.start.sec = TAI_OFFSET + 1700000000; s.start.nano = 500;
    s.pid = 42; s.state = SV_STATE_RUN; s.want = SV_WANT_UP;
    x.start = s.start; x.pid = 42; x.pgid = 42; x.restarts = 3; x.want = SV_WANT_UP;
    x.readiness = SV_READY_YES;
    x.ready.sec = TAI_OFFSET + 1700000001; x.ready.nano = 123456789;
    x.end = SV_END_SIGNAL; x.code = 9;
    svrecord_json(&b, "a\"\\\001\303\251\377", 0, &s, &x, 1);
    space[b.p] = 0;
    tap_ok(str_eq(space, "{\"name\":\"a\\\"\\\\\\u0001\303\251\\ufffd\",\"state\":\"run\","
                  "\"pid\":42,\"pgid\":42,\"want\":\"up\",\"paused\":false,\"got-term\":false,"
                  "\"normally-up\":true,\"since\":1700000000.000000500,\"ready\":\"ready\","
                  "\"ready-since\":1700000001.123456789,\"last-exit\":null,\"last-signal\":9,"
                  "\"restarts\":3}"), "json: every field, the name escaped");
    b.p = 0;
    s.state = SV_STATE_DOWN; s.pid = 0; s.want = SV_WANT_DOWN;
    svrecord_json(&b, "a", 1, &s, 0, 0);
    space[b.p] = 0;
    tap_ok(str_eq(space, "{\"name\":\"a/log\",\"state\":\"down\",\"pid\":null,\"pgid\":null,"
                  "\"want\":\"down\",\"paused\":false,\"got-term\":false,\"normally-up\":false,"
                  "\"since\":1700000000.000000500,\"ready\":null,\"ready-since\":null,"
                  "\"last-exit\":null,\"last-signal\":null,\"restarts\":null}"),
           "json: the log, no xstatus (runit's runsv): nulls");
    b.p = 0;
    svrecord_json_error(&b, "a", 0, "runsv not running", 0);
    space[b.p] = 0;
    tap_ok(str_eq(space, "{\"name\":\"a\",\"error\":\"runsv not running\"}"), "json: an error");
  }
  return tap_done();
}
