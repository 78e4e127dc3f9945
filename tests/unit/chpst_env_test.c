/* Unit tests of chpst's environment changes (env_set, env_build in
   src/chpst.c, included here with its main renamed); prints TAP.
   Regression: env_build looked for later changes of a name past the end
   of the changes, in the alignment padding before the new envp, so bytes
   left there could drop a variable (found by tests/fuzz/chpst.c). */
#include <string.h>
#define main chpst_main
#include "../../src/chpst.c"
#undef main

static int n, failed;
static void ok(int cond, const char *what)
{
  ++n;
  if (!cond) { buf_puts(&buf_1, "not "); ++failed; }
  buf_puts(&buf_1, "ok ");
  buf_putulong(&buf_1, (unsigned long)n);
  buf_puts(&buf_1, " - ");
  buf_puts(&buf_1, what);
  buf_puts(&buf_1, "\n");
}

static const char *get(char **envp, const char *name)
{
  size_t k = strlen(name);
  for (; *envp; ++envp)
    if (!strncmp(*envp, name, k) && (*envp)[k] == '=') return *envp + k + 1;
  return 0;
}

static void reset(const char *junk)
{
  size_t i, k = strlen(junk) + 1;
  for (i = 0; i + k <= 256; i += k) memcpy(arena + i, junk, k);
  arena_len = changes = 0;
}

int main(void)
{
  static char *env0[] = { "KEEP=1", "GONE=2", "OVER=old", 0 };
  char **e;
  const char *v;
  environ = env0;

  reset("+A=stale");
  env_set("A", "value");           /* 9 bytes: padding follows */
  e = env_build();
  v = get(e, "A");
  ok(v && !strcmp(v, "value"), "a variable set survives bytes left after the changes");

  reset("-A");
  env_set("A", "v2");
  e = env_build();
  v = get(e, "A");
  ok(v && !strcmp(v, "v2"), "... also a stale unset of the same name");

  reset("");
  env_set("OVER", "new");
  env_set("X", "1");
  env_set("X", "2");
  arena_put("-GONE", 6); ++changes;
  e = env_build();
  v = get(e, "X");
  ok(v && !strcmp(v, "2"), "the last change of a name wins");
  v = get(e, "OVER");
  ok(v && !strcmp(v, "new"), "a change replaces the inherited value");
  ok(!get(e, "GONE"), "an unset removes an inherited variable");
  v = get(e, "KEEP");
  ok(v && !strcmp(v, "1"), "untouched variables are inherited");
  {
    int count = 0;
    for (; *e; ++e) if (!strncmp(*e, "X=", 2)) ++count;
    ok(count == 1, "a name appears once");
  }
  buf_puts(&buf_1, "1..");
  buf_putulong(&buf_1, (unsigned long)n);
  buf_puts(&buf_1, "\n");
  buf_flush(&buf_1);
  return failed != 0;
}
