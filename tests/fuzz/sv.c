/* libFuzzer target: sv's option and command parsing, its status lines and
   its control step, through sv's own main.  Input: 20 bytes of status
   record for the service, 1 byte of switches (a log service with the
   same record byte-reversed, a down file), then sv's argv split at NUL
   bytes (argv[0] first: another name than "sv" is the LSB mode).

   The service "svc" lives in a private directory (SVDIR) with the
   supervise/ FIFOs held open by us, as runsv holds them, so sv sees a
   live supervisor (a name with a newline makes any output possible); sv
   may change directory only inside that directory,
   and its waiting ends at the first sleep.  The exit code must be one sv
   can give, and every line on standard output one of sv's. */
#include "fuzz.h"
#include <sys/stat.h>
#define chdir fz_chdir
#define clock_sleep_ms fz_sleep
static void fz_sleep(unsigned long ms) { (void)ms; _exit(0); }
#define main sv_main
#include "../../src/sv.c"
#undef main
#undef chdir

static int fifo_fd[4];

static void mkfifo_held(const char *fn, int i)
{
  if (mkfifo(fn, 0600) == -1 && errno != EEXIST) fz_die(fn);
  if ((fifo_fd[i] = open(fn, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) fz_die(fn);
}

static void put(const char *fn, const void *s, size_t n)
{
  int fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd == -1 || write(fd, s, n) != (ssize_t)n) fz_die(fn);
  close(fd);
}

static const char *kinds[] = {
  "ok: ", "fail: ", "warning: ", "timeout: ", "kill: ", "run: ", "down: ",
  "finish: ",
  0
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static int ready, home = -1;
  static char out[1 << 16];
  char *space, *argv[65], rev[20], drain[4096];
  int argc, i;
  const char *line;
  if (size < 21 || size > 4096) return 0;
  fz_setup();
  if (home == -1 && (home = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
    fz_die("open .");
  if (!ready) {
    if (chdir(FZ_DIR) == -1) fz_die("chdir");
    if (mkdir("svc", 0700) || mkdir("svc/supervise", 0700) || mkdir("svc/log", 0700) ||
        mkdir("svc/log/supervise", 0700)) fz_die("mkdir");
    mkfifo_held("svc/supervise/ok", 0);
    mkfifo_held("svc/supervise/control", 1);
    mkfifo_held("svc/log/supervise/ok", 2);
    mkfifo_held("svc/log/supervise/control", 3);
    setenv("SVDIR", FZ_DIR, 1);
    unsetenv("SVWAIT");
    ready = 1;
  }
  if (chdir(FZ_DIR) == -1) fz_die("chdir");
  put("svc/supervise/status", data, 20);
  for (i = 0; i < 20; ++i) rev[i] = (char)data[19 - i];
  if (data[20] & 1) put("svc/log/supervise/status", rev, 20);
  else unlink("svc/log/supervise/status");
  if (data[20] & 2) put("svc/down", "", 0);
  else unlink("svc/down");
  data += 21; size -= 21;

  space = malloc(size + 1);
  argc = fz_argv(data, size, space, argv, 64);
  fz_quiet();
  lsb = 0; svdir = SV_DEFAULT_SVDIR; waitsec = SV_DEFAULT_WAIT; waiting = 0;
  kill_on_timeout = 0; act = ACT_CONTROL; acts = 0; service = 0; islog = 0;
  rc = 0; curdir = -1; sopt_ind = 0;
  FZ_RUN(sv_main(argc, argv));
  if (curdir != -1) close(curdir);
  if (fchdir(home) == -1) fz_die("fchdir");
  if (fz_code == -1) __builtin_trap();          /* sv always exits */
  if (fz_code > 7 && fz_code != 99 && fz_code != 100 && fz_code != 151 &&
      !(fz_code < 100))
    __builtin_trap();
  fz_output(out, sizeof out);
  /* a record in an unknown state prints no state word: a line may then
     start with any name, so only known states are checked */
  if (data[-2] > 2 || data[-21] > 2 || memchr(data, '\n', size)) line = "";
  else line = out;
  for (; *line; ) {
    const char *nl = strchr(line, '\n');
    const char **k;
    for (k = kinds; *k; ++k) if (!strncmp(line, *k, strlen(*k))) break;
    if (!*k) {
      if (getenv("FZ_DEBUG")) fprintf(stderr, "line: [%s]\n", line);
      __builtin_trap();
    }
    if (!nl) break;
    line = nl + 1;
  }
  for (i = 0; i < 4; ++i)
    while (read(fifo_fd[i], drain, sizeof drain) > 0) ;
  free(space);
  return 0;
}
