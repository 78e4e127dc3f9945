/* Compile-time paths, defined once.  Override with -D at build time, for
   example:  make CC='diet -Os cc -DSV_DEFAULT_SVDIR=\"/etc/service/\"'
   (CFLAGS on make's command line would replace the Makefile's own). */
#ifndef PATHS_H
#define PATHS_H

#ifndef SV_DEFAULT_SVDIR
#define SV_DEFAULT_SVDIR "/service/"   /* sv's services directory */
#endif
#ifndef SV_DEFAULT_WAIT
#define SV_DEFAULT_WAIT 7              /* seconds sv waits */
#endif
#ifndef RUNIT_DIR
#define RUNIT_DIR "/etc/runit"
#endif
#define RUNIT_STAGE1 RUNIT_DIR "/1"
#define RUNIT_STAGE2 RUNIT_DIR "/2"
#define RUNIT_STAGE3 RUNIT_DIR "/3"
#define RUNIT_CTRLALTDEL RUNIT_DIR "/ctrlaltdel"
#define RUNIT_STOPIT RUNIT_DIR "/stopit"
#define RUNIT_REBOOT RUNIT_DIR "/reboot"
#define RUNIT_NOSYNC RUNIT_DIR "/nosync"
#define RUNIT_RUNSVDIR RUNIT_DIR "/runsvdir"
#ifndef RUNIT_BINARY
#define RUNIT_BINARY "/sbin/runit"
#endif
#ifndef RUNIT_CONSOLE
#define RUNIT_CONSOLE "/dev/console"
#endif
#endif
