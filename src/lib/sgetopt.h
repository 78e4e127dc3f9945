/* getopt in runit's manner: stops at the first non-option or "--", and
   reports "<prog>: illegal option -- x" or
   "<prog>: option requires an argument -- x" on stderr, returning '?'. */
#ifndef SGETOPT_H
#define SGETOPT_H
extern int sopt_ind;          /* index of the next argument (starts at 1);
                                 set it to 0 to parse another argv from
                                 the start (as glibc's optind = 0) */
extern const char *sopt_arg;  /* argument of the option just returned */
extern const char *sopt_prog; /* name in messages; null: no messages */
int sgetopt(int argc, char *const *argv, const char *opts); /* -1 at end */
#endif
