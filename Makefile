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
#
# Paths built into the programs (sv's default services directory, runit's
# stop files...) and the install places come from a build profile:
# `make PROFILE=debian`, `make PROFILE=void`, or runit's own (the default);
# see package/profiles/.  Any single one can be given too, for example
# `make PROFILE=debian SVDIR=/srv/service/`; package/profile writes them
# into $(OUT)/profile.h, which every program includes.
PROFILE ?= default
# make install PROFILE=debian NATIVE_BOOT=yes: also the native boot
# (etc/debian-native/, doc/replacing-init.md)
NATIVE_BOOT ?= no
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
CC = diet -Os cc -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables
LD = diet -Os cc -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -static -Wl,-z,noseparate-code,-z,norelro,--build-id=none -Wl,--gc-sections
LDFLAGS = -s
OUT = build/diet
BIN = command
endif
AR = ar
CFLAGS = -std=c99 -D_GNU_SOURCE -Wall -Wextra -Os -Isrc/lib -I$(OUT)
# dietlibc keeps syscall(2) in libcompat; decided by the link line, so that
# make CC=... LD=... without diet needs nothing more
ifneq ($(findstring diet,$(LD)),)
LDLIBS = -lcompat
endif

PROGRAMS = $(patsubst src/%.c,%,$(wildcard src/*.c))
LIBSRC = $(wildcard src/lib/*.c)
LIBOBJ = $(LIBSRC:src/lib/%.c=$(OUT)/lib/%.o)
LIBHDR = $(wildcard src/lib/*.h) $(OUT)/profile.h
LIB = $(OUT)/librunit.a
UNIT = $(patsubst tests/unit/%.c,$(OUT)/tests/%,$(wildcard tests/unit/*.c))

all: notice $(PROGRAMS:%=$(BIN)/%) $(UNIT) $(OUT)/man/.made

# the profile's variables given on make's command line override the
# profile; package/profile replaces profile.h only when it changes, so
# switching profiles rebuilds everything and a plain `make` nothing
PROFILE_VARS := $(shell sed -n 's/^\([A-Z0-9_]*\)=.*/\1/p' package/profiles/default)
PROFILE_ARGS = $(foreach v,$(PROFILE_VARS),$(if $(filter command line,$(origin $(v))),'$(v)=$($(v))'))
%/profile.h: FORCE
	@mkdir -p $(@D)
	@PROFILE=$(PROFILE) package/profile -h $(PROFILE_ARGS) >$@.new
	@cmp -s $@.new $@ && rm -f $@.new || mv -f $@.new $@
FORCE:

notice:
ifeq ($(DIET)$(SANITIZE),)
	@echo 'make: diet not found: building with the system compiler (install dietlibc-dev for small static binaries)'
endif

# the man pages with the profile's paths, all at once (package/manpages):
# make install installs these, never man/ itself
$(OUT)/man/.made: $(wildcard man/*.8) $(OUT)/profile.h package/manpages
	PROFILE=$(PROFILE) package/manpages $(OUT)/man $(PROFILE_ARGS)
	@touch $@

$(OUT)/lib/%.o: src/lib/%.c $(LIBHDR)
	@mkdir -p $(OUT)/lib
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIBOBJ)
	rm -f $@ && $(AR) rcs $@ $(LIBOBJ)

$(BIN)/%: src/%.c $(LIB) $(LIBHDR)
	@mkdir -p $(BIN)
	$(LD) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# runsv's start-up and rarely run code last in its text segment, where it
# lets go of those pages once it is up (src/runsv.ld); for the dietlibc
# link, whose layout doc/benchmarks.md measures
ifneq ($(findstring diet,$(LD)),)
$(BIN)/runsv: LDFLAGS += -Wl,-T,src/runsv.ld
$(BIN)/runsv: src/runsv.ld
endif

# unit tests of the library print TAP; tests/00-*.t and 05-*.t run them
$(OUT)/tests/%: tests/unit/%.c $(LIB) $(LIBHDR)
	@mkdir -p $(OUT)/tests
	$(LD) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# two test files at a time (JOBS=1 for one): every file must hold on a
# busy machine, and most of them wait more than they compute
JOBS = 2
check: all
	RUNIT_BIN=$(CURDIR)/$(BIN) RUNIT_UNIT=$(CURDIR)/$(OUT)/tests RUNIT_SANITIZE=$(SANITIZE) prove -j$(JOBS) --exec $(CURDIR)/tests/timeout-run tests/

clean:
	rm -rf build command

.PHONY: all notice check clean FORCE
.SECONDARY: $(LIBOBJ) $(OUT)/profile.h build/fuzz/profile.h

# libFuzzer targets (clang): tests/fuzz/<name>.c, seeds in tests/fuzz/corpus/<name>/.
# `make fuzz FUZZ_SECONDS=N` runs each for N seconds; crashes land in build/fuzz/.
FUZZ_SECONDS = 30
FUZZCC = clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c99 -D_GNU_SOURCE -Isrc/lib -Ibuild/fuzz
FUZZ = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/*.c))

build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIBSRC) $(LIBHDR) build/fuzz/profile.h
	@mkdir -p build/fuzz
	$(FUZZCC) -o $@ $< $(LIBSRC)

fuzz: $(FUZZ)
	@for f in $(FUZZ); do n=$${f##*/}; mkdir -p build/fuzz/$$n.corpus; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(CURDIR)/build/fuzz/$$n- \
	    $(CURDIR)/build/fuzz/$$n.corpus $(CURDIR)/tests/fuzz/corpus/$$n 2>&1 | grep -E '^(#[0-9]+.*DONE|==[0-9]+==ERROR|SUMMARY)' || exit 1; \
	  ls build/fuzz/$$n-* >/dev/null 2>&1 && { echo "fuzz: $$n crashed"; exit 1; }; \
	done; echo "fuzz: no crashes"

.PHONY: fuzz

# make install [PROFILE=...] [DESTDIR=...] [PREFIX=...] [BINDIR=...]
#   [SBINDIR=...] [INITDIR=...] [MANDIR=...] [SHUTDOWN=yes] [FORCE=yes]:
# the places come from the profile; see package/install and
# doc/building.md.  Unlike package/install it does not run the tests
# first.  make uninstall, with the same PREFIX and DESTDIR, removes what
# make install wrote in its manifest and puts back what it replaced; it
# needs no build.
install: all
	NO_CHECK=1 PROFILE=$(PROFILE) NATIVE_BOOT=$(NATIVE_BOOT) MANSRC=$(OUT)/man package/install $(PROFILE_ARGS)

uninstall:
	PROFILE=$(PROFILE) NATIVE_BOOT=$(NATIVE_BOOT) package/install --uninstall $(PROFILE_ARGS)

# The Debian 12 package runit-c1 (package/deb, doc/replacing-init.md):
# built with the debian profile in build/deb/, command/ untouched.
deb:
	package/deb $(if $(DEBVERSION),DEBVERSION=$(DEBVERSION))

# Supervise the example services of etc/demo/ until Ctrl-C; it builds
# them itself (in build/demo/ when command/ holds another profile's).
demo:
	package/demo

.PHONY: install uninstall demo deb
