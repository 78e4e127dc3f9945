# runit, a clean-room implementation.  `make` builds every program into command/.
#
# Compile and link lines are data: to cross-build, edit CC and LD (or pass
# them on the command line).  By default the programs are linked statically
# against dietlibc through its `diet` wrapper; without it the system
# compiler is used, and make says so.
DIET := $(shell command -v diet 2>/dev/null)
ifeq ($(DIET),)
CC = cc
LD = cc -static
else
CC = diet -Os cc
LD = diet -Os cc -static
endif
CFLAGS = -std=c99 -D_GNU_SOURCE -Wall -Wextra -Os -Isrc/lib
LDFLAGS = -s
LDLIBS =

PROGRAMS = $(patsubst src/%.c,%,$(wildcard src/*.c))
LIBSRC = $(wildcard src/lib/*.c)
LIBOBJ = $(LIBSRC:.c=.o)
LIBHDR = $(wildcard src/lib/*.h)

all: notice $(PROGRAMS:%=command/%)

notice:
ifeq ($(DIET),)
	@echo 'make: diet not found: building with the system compiler (install dietlibc-dev for small static binaries)'
endif

src/lib/%.o: src/lib/%.c $(LIBHDR)
	$(CC) $(CFLAGS) -c -o $@ $<

src/lib/librunit.a: $(LIBOBJ)
	rm -f $@ && ar rcs $@ $(LIBOBJ)

command/%: src/%.c src/lib/librunit.a $(LIBHDR)
	@mkdir -p command
	$(LD) $(CFLAGS) $(LDFLAGS) -o $@ $< src/lib/librunit.a $(LDLIBS)

tests/bin/%: tests/unit/%.c src/lib/librunit.a $(LIBHDR)
	@mkdir -p tests/bin
	$(LD) $(CFLAGS) -o $@ $< src/lib/librunit.a $(LDLIBS)

UNIT = $(patsubst tests/unit/%.c,tests/bin/%,$(wildcard tests/unit/*.c))

check: all $(UNIT)
	prove tests/

clean:
	rm -f src/lib/*.o src/lib/librunit.a
	rm -rf command tests/bin

.PHONY: all notice check clean
.SECONDARY: $(LIBOBJ)

# make install [DESTDIR=...] [PREFIX=/usr/local] [BINDIR=...] [SBINDIR=...]
#   [INITDIR=/sbin] [MANDIR=...]: see package/install and doc/building.md.
# Unlike package/install it does not run the tests first.
install: all
	NO_CHECK=1 package/install

# Supervise the example services of etc/demo/ until Ctrl-C.
demo: all
	package/demo

.PHONY: install demo
