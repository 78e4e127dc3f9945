/* libFuzzer target: runsv's state machine and control-letter handling
   (on_event, due, stop, start, status_write), driven through sequences of
   events as runsv's main loop produces them.  fork and kill are stubbed
   (a fake pid; kill only records, and must never be sent to pid 0 or
   below, which would signal a process group), the clock is simulated.

   Input bytes: 0xff N: the main service's process exits with status N;
   0xfe N: the log's; 0xfd N: N*10 ms pass; 0xfc: further letters go to
   the other service (main/log); 0xfb: ./finish appears or disappears;
   anything else: that byte arrives on the current control FIFO.  After
   every step the loop's start pass runs, and the written status record
   must agree with runsv's state: state RUN has a pid, DOWN has none, and
   supervise/status decodes to exactly the state, want, pid, paused and
   got-TERM flags runsv holds. */
#include "fuzz.h"
#include <sys/stat.h>
#include "supervise.h"
static uint64_t fz_now = 1000000;
static pid_t fz_nextpid = 1000;
static int fz_forks;
static uint64_t fz_clock(void) { return fz_now; }
static pid_t fz_fork(void) { ++fz_forks; return ++fz_nextpid; }
static int fz_kill(pid_t pid, int sig)
{
  if (pid <= 0 || sig <= 0) __builtin_trap();
  return 0;
}
#define fork fz_fork
#define kill fz_kill
#define clock_ms fz_clock
#define main runsv_main
#include "../../src/runsv.c"
#undef main
#undef kill
#undef fork

static void check(struct svc *s, const char *status)
{
  char b[SV_STATUS_LEN + 1];
  struct sv_status st;
  int fd = open(status, O_RDONLY);
  ssize_t r;
  if (s->state > SV_STATE_FINISH) __builtin_trap();
  if (s->want != SV_WANT_UP && s->want != SV_WANT_DOWN && s->want != SV_WANT_EXIT) __builtin_trap();
  if (s->state == SV_STATE_RUN && !s->pid) __builtin_trap();
  if (s->state == SV_STATE_DOWN && s->pid) __builtin_trap();
  if (fd == -1) __builtin_trap();
  r = read(fd, b, sizeof b);
  close(fd);
  if (r != SV_STATUS_LEN || sv_status_decode(&st, b, (size_t)r) == -1) __builtin_trap();
  if (st.state != s->state || st.pid != (uint32_t)s->pid || st.paused != s->paused ||
      st.term != s->term || st.want != (s->want == SV_WANT_UP ? 'u' : 'd'))
    __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static int ready, home = -1;
  static struct svc m0, l0;
  struct svc *cur;
  size_t i;
  int finish = 0;
  if (size > 2048) return 0;
  fz_setup();
  fz_quiet();
  if (home == -1 && (home = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
    fz_die("open .");
  if (chdir(FZ_DIR) == -1) fz_die("chdir");
  if (!ready) {
    if (mkdir("supervise", 0700) || mkdir("log", 0700) || mkdir("log/supervise", 0700))
      fz_die("mkdir");
    m0 = sv_main; l0 = sv_log;
    haslog = 1;
    if (pipe(logpipe) == -1) fz_die("pipe");
    ready = 1;
  }
  unlink("finish");
  sv_main = m0; sv_log = l0;
  status_write(&sv_main);
  status_write(&sv_log);
  cur = &sv_main;
  for (i = 0; i <= size; ++i) {
    uint64_t deadline = NO_DEADLINE;
    unsigned b = i < size ? data[i] : 0xfd;
    unsigned arg = i + 1 < size ? data[i + 1] : 0;
    switch (b) {
    case 0xff: if (sv_main.pid) on_event(&sv_main, EV_EXIT, (int)(arg << 8 | (arg & 0x7f) % 32)); ++i; break;
    case 0xfe: if (sv_log.pid) on_event(&sv_log, EV_EXIT, (int)(arg << 8)); ++i; break;
    case 0xfd: fz_now += (uint64_t)arg * 10; ++i; break;
    case 0xfc: cur = cur == &sv_main ? &sv_log : &sv_main; break;
    case 0xfb:
      finish = !finish;
      if (finish) { int fd = open("finish", O_WRONLY | O_CREAT | O_CLOEXEC, 0700); if (fd != -1) close(fd); }
      else unlink("finish");
      break;
    default: on_event(cur, EV_CTL, (int)b); break;
    }
    /* the main loop's start pass */
    if (due(&sv_log, fz_now, &deadline)) on_event(&sv_log, EV_DUE, 0);
    if (due(&sv_main, fz_now, &deadline)) on_event(&sv_main, EV_DUE, 0);
    if (deadline != NO_DEADLINE && deadline <= fz_now) __builtin_trap();  /* would spin */
    check(&sv_main, "supervise/status");
    check(&sv_log, "log/supervise/status");
    if (sv_main.want == SV_WANT_EXIT && sv_main.state == SV_STATE_DOWN) break;
  }
  if (fchdir(home) == -1) fz_die("fchdir");
  return 0;
}
