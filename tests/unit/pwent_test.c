/* Unit tests of src/lib/pwent (passwd and group lookups); prints TAP. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "tap.h"
#include "pwent.h"

#define ok tap_ok

static char fn[] = "/tmp/pwent_test.XXXXXX";

static void put(const char *s)
{
  int fd = open(fn, O_WRONLY | O_TRUNC);
  if (fd == -1 || write(fd, s, strlen(s)) != (ssize_t)strlen(s)) _exit(111);
  close(fd);
}

static int user(const char *name, unsigned long *uid, unsigned long *gid)
{
  return pwent_user(fn, name, strlen(name), uid, gid);
}

int main(void)
{
  unsigned long uid = 7, gid = 7;
  char big[9000];
  int fd = mkstemp(fn);
  if (fd == -1) return 111;
  close(fd);

  put("root:x:0:0:root:/root:/bin/sh\n"
      "alice:x:1000:1001::/home/alice:/bin/sh\n"
      "bad:x:12a:5::/:/bin/sh\n"
      "empty:x::5::/:/bin/sh\n"
      "short:x:5\n"
      "alice:x:2000:2001::/:/bin/sh\n"
      "last:x:42:43::/:/bin/sh");
  ok(user("alice", &uid, &gid) == 1 && uid == 1000 && gid == 1001, "user found, first line wins");
  ok(user("root", &uid, &gid) == 1 && uid == 0 && gid == 0, "root");
  ok(user("last", &uid, &gid) == 1 && uid == 42 && gid == 43, "last line without newline");
  errno = 5;
  ok(user("nobody", &uid, &gid) == 0 && errno == 0, "unknown user: 0, errno 0");
  ok(user("alic", &uid, &gid) == 0, "a prefix of a name does not match");
  ok(user("alicee", &uid, &gid) == 0, "a longer name does not match");
  ok(user("bad", &uid, &gid) == 0, "malformed uid skipped");
  ok(user("empty", &uid, &gid) == 0, "empty uid skipped");
  ok(user("short", &uid, &gid) == 0, "missing gid field skipped");
  ok(user("", &uid, &gid) == 0, "empty name never matches");
  ok(pwent_user(fn, "alice:grp", 5, &uid, &gid) == 1 && uid == 1000, "name given by length");

  put("wheel:x:10:root,alice\nstaff:*:50:\nodd:x:\nusers:x:100");
  ok(pwent_group(fn, "staff", 5, &gid) == 1 && gid == 50, "group found");
  ok(pwent_group(fn, "users", 5, &gid) == 1 && gid == 100, "group on last line");
  ok(pwent_group(fn, "odd", 3, &gid) == 0, "group without gid skipped");
  ok(pwent_group(fn, "nogroup", 7, &gid) == 0, "unknown group");

  /* a member list longer than any read buffer */
  memset(big, 'm', sizeof big);
  memcpy(big, "huge:x:77:", 10);
  big[sizeof big - 1] = 0;
  put(big);
  fd = open(fn, O_WRONLY | O_APPEND);
  if (fd == -1 || write(fd, "\nafter:x:78:\n", 13) != 13) return 111;
  close(fd);
  ok(pwent_group(fn, "huge", 4, &gid) == 1 && gid == 77, "very long line");
  ok(pwent_group(fn, "after", 5, &gid) == 1 && gid == 78, "line after a very long line");

  unlink(fn);
  ok(pwent_user(fn, "root", 4, &uid, &gid) == -1 && errno == ENOENT, "missing file: -1, ENOENT");

  return tap_done();
}
