#!/bin/sh
# package/install runs package/check first and installs nothing when it
# fails (as runit's does); --no-check and NO_CHECK=1 skip the checks for
# packagers who ran them already.  Tried in a copy of the tree whose
# package/check is replaced by a stub that fails or passes.
. "$(dirname "$0")/lib.sh"

require make tar
src=$T/src
mkdir -p "$src"
(cd "$TOP" && tar -cf - --exclude=./.git --exclude=./tests/.cache \
   --exclude=./bench/.cache .) | (cd "$src" && tar -xf -)
mkdir -p "$src/man"
[ -f "$src/src/sv.c" ] || printf 'int main(void) { return 0; }\n' >"$src/src/sv.c"
[ -f "$src/man/sv.8" ] || printf '.TH sv 8\n' >"$src/man/sv.8"
check_stub() {
  printf '#!/bin/sh\necho check ran >>"%s/check.log"\nexit %s\n' "$T" "$1" \
    >"$src/package/check"
}

check_stub 1
(cd "$src" && DESTDIR=$T/a package/install) >"$T/out" 2>&1
is "$?" 1 "failing checks: package/install exits 1"
like "$(cat "$T/out")" "package/install: fatal: the checks failed, not installing" \
  "failing checks: it says why"
is "$(cat "$T/check.log")" "check ran" "the checks ran once"
ok "failing checks: nothing installed" test ! -e "$T/a"

(cd "$src" && DESTDIR=$T/b package/install --no-check) >"$T/out" 2>&1
is "$?" 0 "--no-check: installs"
ok "--no-check: sv installed" test -x "$T/b/usr/local/bin/sv"
ok "--no-check: sv.8 installed" test -f "$T/b/usr/local/share/man/man8/sv.8"
(cd "$src" && NO_CHECK=1 DESTDIR=$T/c PREFIX=/opt/runit package/install) \
  >"$T/out" 2>&1
is "$?" 0 "NO_CHECK=1: installs"
ok "NO_CHECK=1: PREFIX honoured" test -x "$T/c/opt/runit/bin/sv"
is "$(cat "$T/check.log")" "check ran" "the checks did not run again"

check_stub 0
(cd "$src" && DESTDIR=$T/d package/install) >"$T/out" 2>&1
is "$?" 0 "passing checks: installs"
ok "passing checks: sv installed" test -x "$T/d/usr/local/bin/sv"

(cd "$src" && package/install --bogus) >"$T/out" 2>&1
is "$?" 100 "unknown option: exit 100"
like "$(cat "$T/out")" "^usage: package/install \[--no-check\]" "unknown option: usage"

finish
