#!/bin/sh
# Every man page in man/ is clean for mandoc's linter at warning level,
# is a section 8 page with the usual sections, and every program built
# from src/ has one.
. "$(dirname "$0")/lib.sh"

require mandoc
cd "$TOP" || exit 1
pages=$(ls man/*.8 2>/dev/null)
progs=$(ls src/*.c 2>/dev/null | sed 's,^src/\(.*\)\.c$,\1,')
[ -n "$pages$progs" ] || skip_all "no man pages and no programs yet"

for p in $progs; do
  ok "$p has a page: man/$p.8" test -f "man/$p.8"
done
for f in $pages; do
  is "$(mandoc -Tlint -Wwarning "$f" 2>&1)" "" "$f: mandoc -Tlint -Wwarning is silent"
  n=${f#man/}; n=${n%.8}
  like "$(grep -Ei '^\.(th|dt) ' "$f" | head -n 1 | tr A-Z a-z)" \
    "^\.(th|dt) \"?$n\"? \"?8\"?( |$)" \
    "$f: titled $n, section 8"
  text=$(mandoc -Tutf8 "$f" 2>/dev/null | col -b 2>/dev/null || mandoc -Tascii "$f")
  for s in NAME SYNOPSIS DESCRIPTION "SEE ALSO"; do
    like "$text" "^$s\$" "$f: has a $s section"
  done
done

finish
