#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "envset.h"

static int put(struct envset *e, const char *s, size_t n)
{
  if (n > e->size - e->len) return -1;
  memcpy(e->a + e->len, s, n);
  e->len += n;
  return 0;
}

static size_t name_len(const char *s) { return strcspn(s, "="); }

/* one change, "<sign>NAME[=value]\0", whole or not at all */
static int change(struct envset *e, const char *sign, const char *name, const char *value)
{
  size_t start = e->len;
  if (put(e, sign, 1) || put(e, name, strlen(name) + !value) ||
      (value && (put(e, "=", 1) || put(e, value, strlen(value) + 1)))) {
    e->len = start;
    return -1;
  }
  ++e->changes;
  return 0;
}

int envset_set(struct envset *e, const char *name, const char *value)
{
  return change(e, "+", name, value);
}

int envset_unset(struct envset *e, const char *name)
{
  return change(e, "-", name, 0);
}

int envset_file(struct envset *e, const char *name, int fd)
{
  size_t start = e->len, value, i;
  int got = 0;
  if (put(e, "+", 1) || put(e, name, strlen(name)) || put(e, "=", 1)) goto full;
  value = e->len;
  for (;;) {
    size_t room = e->size - e->len;
    ssize_t r;
    char *nl;
    if (room <= 1) goto full;
    r = read(fd, e->a + e->len, room - 1);
    if (r == -1) {
      if (errno == EINTR) continue;
      e->len = start;
      return -1;
    }
    if (r == 0) break;
    got = 1;
    nl = memchr(e->a + e->len, '\n', (size_t)r);
    if (nl) { e->len = (size_t)(nl - e->a); break; }
    e->len += (size_t)r;
  }
  if (!got) {
    e->len = start;
    return envset_unset(e, name) == -1 ? (errno = ENOMEM, -1) : 0;
  }
  while (e->len > value && (e->a[e->len - 1] == ' ' || e->a[e->len - 1] == '\t'))
    --e->len;
  for (i = value; i < e->len; ++i)
    if (!e->a[i]) e->a[i] = '\n';
  e->a[e->len++] = 0;   /* room - 1 above kept a byte for it */
  ++e->changes;
  return 0;
full:
  e->len = start;
  errno = ENOMEM;
  return -1;
}

/* Is a change later than the one at offset at (and before end, the end of
   the changes) about the same name? */
static int superseded(const struct envset *e, size_t at, size_t end)
{
  const char *s = e->a + at + 1;
  size_t n = name_len(s), k;
  for (k = at + strlen(e->a + at) + 1; k < end; k += strlen(e->a + k) + 1)
    if (name_len(e->a + k + 1) == n && !memcmp(e->a + k + 1, s, n)) return 1;
  return 0;
}

static int changed(const struct envset *e, const char *var, size_t end)
{
  size_t n = name_len(var), k;
  for (k = 0; k < end; k += strlen(e->a + k) + 1)
    if (name_len(e->a + k + 1) == n && !memcmp(e->a + k + 1, var, n)) return 1;
  return 0;
}

char **envset_build(struct envset *e, char **env)
{
  size_t n = 0, k, end = e->len, slots, at;
  char **envp, **v;
  if (!e->changes) return env;
  for (v = env; *v; ++v) ++n;
  slots = n + e->changes + 1;
  at = (e->len + sizeof(char *) - 1) & ~(sizeof(char *) - 1);
  if (at > e->size || slots > (e->size - at) / sizeof(char *)) return 0;
  envp = (char **)(void *)(e->a + at);
  n = 0;
  for (v = env; *v; ++v)
    if (!changed(e, *v, end)) envp[n++] = *v;
  for (k = 0; k < end; k += strlen(e->a + k) + 1)
    if (e->a[k] == '+' && !superseded(e, k, end)) envp[n++] = e->a + k + 1;
  envp[n] = 0;
  e->len = at + slots * sizeof(char *);
  return envp;
}
