# runit, a clean-room implementation.  `make` builds every program into command/.
#
# Compile and link lines are data: to cross-build, edit CC and LD (or pass
# them on the command line).  By default the programs are linked statically
# against dietlibc through its `diet` wrapper; without it the system
# compiler is used, and make says so.
#
# `make check SANITIZE=1` builds everything with the system compiler and
# AddressSanitizer + UndefinedBehaviorSanitizer into build/san/command and
# runs the whole test suite against those binaries.
DIET := $(shell command -v diet 2>/dev/null)
ifeq ($(SANITIZE),1)
CC = cc -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LD = $(CC)
LDFLAGS =
OUT = build/san
BIN = build/san/command
else ifeq ($(DIET),)
CC = cc
LD = cc -static
LDFLAGS = -s
OUT = build/cc
BIN = command
else
CC = diet -Os cc
LD = diet -Os cc -static
LDFLAGS = -s
OUT = build/diet
BIN = command
endif
CFLAGS = -std=c99 -D_GNU_SOURCE -Wall -Wextra -Os -Isrc/lib
LDLIBS =

PROGRAMS = $(patsubst src/%.c,%,$(wildcard src/*.c))
LIBSRC = $(wildcard src/lib/*.c)
LIBOBJ = $(LIBSRC:src/lib/%.c=$(OUT)/lib/%.o)
LIBHDR = $(wildcard src/lib/*.h)
LIB = $(OUT)/librunit.a
UNIT = $(patsubst tests/unit/%.c,$(OUT)/tests/%,$(wildcard tests/unit/*.c))

all: notice $(PROGRAMS:%=$(BIN)/%) $(UNIT)

notice:
ifeq ($(DIET)$(SANITIZE),)
	@echo 'make: diet not found: building with the system compiler (install dietlibc-dev for small static binaries)'
endif

$(OUT)/lib/%.o: src/lib/%.c $(LIBHDR)
	@mkdir -p $(OUT)/lib
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIBOBJ)
	rm -f $@ && ar rcs $@ $(LIBOBJ)

$(BIN)/%: src/%.c $(LIB) $(LIBHDR)
	@mkdir -p $(BIN)
	$(LD) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# unit tests of the library print TAP; tests/00-*.t run them
$(OUT)/tests/%: tests/unit/%.c $(LIB) $(LIBHDR)
	@mkdir -p $(OUT)/tests
	$(LD) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

check: all
	RUNIT_BIN=$(CURDIR)/$(BIN) RUNIT_UNIT=$(CURDIR)/$(OUT)/tests prove tests/

clean:
	rm -rf build command

.PHONY: all notice check clean
.SECONDARY: $(LIBOBJ)
