/* libFuzzer target: sgetopt over any argv and option string.  The first
   string is the option letters (with ':' for an argument), the rest the
   argv.  sgetopt never reads outside the strings, always ends, returns
   only letters of the option string or '?', and an option's argument is
   the rest of its group or the next argument. */
#include "fuzz.h"
#include "sgetopt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *space, *argv[33], **args;
  int argc, c, steps = 0;
  const char *opts;
  if (size > 4096) return 0;
  fz_setup();
  fz_quiet();
  space = malloc(size + 1);
  argc = fz_argv(data, size, space, argv, 32);
  opts = argv[0];
  args = argv + 1;
  --argc;
  /* each string in a heap block of its own size: ASan sees over-reads */
  {
    char *own[33];
    int i;
    for (i = 0; i < argc; ++i) own[i] = strdup(args[i]);
    own[argc] = 0;
    sopt_prog = (size && (data[0] & 1)) ? "fz" : 0;
    sopt_ind = 0;
    while ((c = sgetopt(argc, own, opts)) != -1) {
      if (++steps > 4 * 4096) __builtin_trap();            /* must end */
      if (sopt_ind < 1 || sopt_ind > argc) __builtin_trap();
      if (c == '?') continue;
      if (c == ':' || !strchr(opts, c)) __builtin_trap();
      if (strchr(opts, c)[1] == ':') {
        if (!sopt_arg) __builtin_trap();
      } else if (sopt_arg) __builtin_trap();
    }
    if (sopt_ind < 1 || (argc > 0 && sopt_ind > argc)) __builtin_trap();
    for (i = 0; i < argc; ++i) free(own[i]);
  }
  free(space);
  return 0;
}
