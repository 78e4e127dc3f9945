/* utmpset: record a logout of a terminal line in utmp (and with -w in
   wtmp), for a getty service's ./finish:  exec utmpset -w tty5

   The record layout is glibc's struct utmp on x86_64 (384 bytes, 32-bit
   time fields), which is what login, who and last on a GNU/Linux system
   read; dietlibc's own struct utmp is 400 bytes there, so the layout is
   spelled out here.  Exit codes: 1 usage, 111 failure, 0 done. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"
#include "lock.h"
#include "msg.h"
#include "open.h"
#include "profile.h"   /* UTMP_FILE_PATH, WTMP_FILE_PATH: the build profile */
#include "sgetopt.h"
#include "str.h"

#define LINE_SIZE 32
#define TYPE_DEAD_PROCESS 8

struct record {                /* glibc's struct utmp, x86_64 */
  int16_t type;
  int16_t pad;
  int32_t pid;
  char line[LINE_SIZE];
  char id[4];
  char user[32];
  char host[256];
  int16_t exit_termination;
  int16_t exit_exit;
  int32_t session;
  int32_t tv_sec;
  int32_t tv_usec;
  int32_t addr_v6[4];
  char reserved[20];
};
_Static_assert(sizeof(struct record) == 384, "glibc's utmp record is 384 bytes");

static const char *progname;

static void __attribute__((noreturn)) usage(void)
{
  msg_usage(1, progname, " [-w] line");
}

/* Does the record's line field name this line?  A name shorter than the
   field must be followed by a NUL there. */
static int line_is(const struct record *r, const char *line, size_t len)
{
  if (memcmp(r->line, line, len)) return 0;
  return len == LINE_SIZE || !r->line[len];
}

/* 0 done, -1 no such entry (or the rewrite failed) */
static int utmp_logout(const char *line, size_t len)
{
  struct record r;
  int fd, ok = -1;

  fd = open(UTMP_FILE_PATH, O_RDWR | O_CLOEXEC);
  if (fd == -1) msg_diesys(111, "unable to open ", UTMP_FILE_PATH);
  if (lock_ex(fd) == -1) msg_diesys(111, "unable to lock: ", UTMP_FILE_PATH);
  while (fd_read(fd, (char *)&r, sizeof r) == (ssize_t)sizeof r) {
    time_t now;
    if (!r.user[0] || !line_is(&r, line, len)) continue;
    memset(r.user, 0, sizeof r.user);
    memset(r.host, 0, sizeof r.host);
    if (time(&now) == (time_t)-1) break;
    r.tv_sec = (int32_t)now;
    r.type = TYPE_DEAD_PROCESS;
    if (lseek(fd, -(off_t)sizeof r, SEEK_CUR) == -1) break;
    if (write(fd, &r, sizeof r) != (ssize_t)sizeof r) break;
    ok = 0;
    break;
  }
  close(fd);
  return ok;
}

/* Append a DEAD_PROCESS record for the line; on a short write the file is
   cut back to its old size so no partial record remains. */
static int wtmp_logout(const char *line, size_t len)
{
  struct record r;
  struct stat st;
  time_t now;
  ssize_t w;
  int fd;

  fd = open_append(WTMP_FILE_PATH);
  if (fd == -1) msg_diesys(111, "unable to open ", WTMP_FILE_PATH);
  if (lock_ex(fd) == -1) msg_diesys(111, "unable to lock ", WTMP_FILE_PATH);
  if (fstat(fd, &st) == -1) { close(fd); return -1; }
  memset(&r, 0, sizeof r);
  memcpy(r.line, line, len);
  if (time(&now) == (time_t)-1) { close(fd); return -1; }
  r.tv_sec = (int32_t)now;
  r.type = TYPE_DEAD_PROCESS;
  do w = write(fd, &r, sizeof r); while (w == -1 && errno == EINTR);
  if (w != (ssize_t)sizeof r) {
    int e = (w == -1) ? errno : ENOSPC;
    if (ftruncate(fd, st.st_size) == -1) { /* nothing more to be done */ }
    close(fd);
    errno = e;
    return -1;
  }
  close(fd);
  return 0;
}

int main(int argc, char **argv)
{
  const char *line;
  size_t len;
  int opt, wtmp = 0;

  progname = argv[0] ? argv[0] : "utmpset";
  sopt_prog = str_basename(progname);
  msg_prefix = "utmpset: ";
  if (!argv[0]) usage();

  while ((opt = sgetopt(argc, argv, "wV")) != -1)
    switch (opt) {
    case 'w': wtmp = 1; break;
    case 'V':
      buf_putsflush(&buf_2, VERSION "\n");
      usage();
    default: usage();
    }
  argv += sopt_ind;
  if (!*argv) usage();
  line = *argv;
  len = strlen(line);

  /* runit 2.3.0: a name that does not fit the record is an error */
  if (len > LINE_SIZE)
    msg_die(111, "unable to logout line ", line, " in utmp: name too long");
  if (utmp_logout(line, len) == -1)
    msg_exit(111, "warning: ", 0, "unable to logout line ", line,
             " in utmp: no such entry", (char *)0);
  if (wtmp && wtmp_logout(line, len) == -1)
    msg_exit(111, "warning: ", 1, "unable to logout line ", line,
             " in wtmp", (char *)0);
  return 0;
}
