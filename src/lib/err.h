/* djb-style error strings, as runit prints them (not strerror()). */
#ifndef ERR_H
#define ERR_H
const char *err_str(int e);
#endif
