/* One-line diagnostics in runit's style, on stderr:
     <msg_prefix><kind><parts...>[: <error string>]\n
   e.g. "runsv foo: fatal: unable to lock supervise/lock: temporary failure".
   The parts are strings; the macros add the terminating null pointer. */
#ifndef MSG_H
#define MSG_H

extern const char *msg_prefix; /* "runsv foo: ", "- runit: ", "svlogd: " */

void msg_put(const char *kind, int sys, ...);          /* NULL-terminated */
void msg_exit(int code, const char *kind, int sys, ...) __attribute__((noreturn));
void msg_usage(int code, const char *prog, const char *tail) __attribute__((noreturn));

#define msg_warn(...) msg_put("warning: ", 0, __VA_ARGS__, (char *)0)
#define msg_warnsys(...) msg_put("warning: ", 1, __VA_ARGS__, (char *)0)
#define msg_die(code, ...) msg_exit((code), "fatal: ", 0, __VA_ARGS__, (char *)0)
#define msg_diesys(code, ...) msg_exit((code), "fatal: ", 1, __VA_ARGS__, (char *)0)
#endif
