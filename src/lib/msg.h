/* One-line diagnostics in runit's style, on stderr:
     <msg_prefix><kind><parts...>[: <error string>]\n
   e.g. "runsv foo: fatal: unable to lock supervise/lock: temporary failure".
   The parts are strings; the macros add the terminating null pointer.
   Each line goes out in a single write, so lines from several processes
   sharing a pipe never interleave; msg_mode says what to do when fd 2
   cannot take it. */
#ifndef MSG_H
#define MSG_H

extern const char *msg_prefix; /* "runsv foo: ", "- runit: ", "svlogd: " */

enum msg_mode {
  MSG_WAIT,   /* write it all, waiting for fd 2 if need be (the default) */
  MSG_DROP,   /* one try: a full or stuck console loses the line, never
                 process 1 (runit) */
  MSG_DRAIN   /* fd 2 is non-blocking: when full, msg_drain() makes room
                 (runsvdir reads its own log pipe), else wait up to 1 s */
};
extern enum msg_mode msg_mode;
extern void (*msg_drain)(void);

void msg_put(const char *kind, int sys, ...);          /* NULL-terminated */
void msg_exit(int code, const char *kind, int sys, ...) __attribute__((noreturn));
void msg_usage(int code, const char *prog, const char *tail) __attribute__((noreturn));

#define msg_info(...) msg_put("", 0, __VA_ARGS__, (char *)0)
#define msg_warn(...) msg_put("warning: ", 0, __VA_ARGS__, (char *)0)
#define msg_warnsys(...) msg_put("warning: ", 1, __VA_ARGS__, (char *)0)
#define msg_die(code, ...) msg_exit((code), "fatal: ", 0, __VA_ARGS__, (char *)0)
#define msg_diesys(code, ...) msg_exit((code), "fatal: ", 1, __VA_ARGS__, (char *)0)
#endif
