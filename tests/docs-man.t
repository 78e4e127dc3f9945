#!/bin/sh
# Every man page in man/ (every man/*.8, so new pages are checked too) is
# mdoc(7), clean for mandoc's linter above STYLE level, a section 8 page
# with the usual sections, renders without nested quotes, and carries the
# same date as the others; every program built from src/ has one.
. "$(dirname "$0")/lib.sh"

require mandoc
cd "$TOP" || exit 1
pages=$(ls man/*.8 2>/dev/null)
progs=$(ls src/*.c 2>/dev/null | sed 's,^src/\(.*\)\.c$,\1,')
[ -n "$pages$progs" ] || skip_all "no man pages and no programs yet"

for p in $progs; do
  ok "$p has a page: man/$p.8" test -f "man/$p.8"
done
# A quote macro (Ql, Sq, Dq, Qq) encloses the rest of its line, so a second
# quote macro or a No after it ends up inside the quotes:
# `.Ql run , Ql down` renders as (‘run, ‘down’’).  In the rendered text,
# an opening quote while one is still open is that mistake.
nested() {
  perl -CSD -ne '
    for my $c (split //) {
      if ($c eq "\x{2018}" || $c eq "\x{201c}") { $open{$c}++ and $bad = 1 }
      elsif ($c eq "\x{2019}") { $open{"\x{2018}"}-- if $open{"\x{2018}"} }
      elsif ($c eq "\x{201d}") { $open{"\x{201c}"}-- if $open{"\x{201c}"} }
    }
    if ($bad) { print; $bad = 0 }'
}

dates=$(for f in $pages; do grep -m1 '^\.Dd ' "$f"; done | sort -u)
is "$(printf '%s\n' "$dates" | wc -l | tr -d ' ')" 1 \
  "every page carries the same .Dd date ($(printf '%s' "$dates" | tr '\n' '|'))"

for f in $pages; do
  is "$(mandoc -Tlint -Wwarning "$f" 2>&1)" "" "$f: mandoc -Tlint reports nothing above STYLE"
  like "$(grep -m1 '^\.[A-Za-z]' "$f")" '^\.Dd ' "$f: is mdoc(7), begins with .Dd"
  is "$(grep -nE '^\.(.* )?(Ql|Sq|Dq|Qq) (.* )?(No|Ql|Sq|Dq|Qq)( |$)' "$f")" "" \
    "$f: no quote macro with No or another quote macro after it on its line"
  n=${f#man/}; n=${n%.8}
  like "$(grep -Ei '^\.(th|dt) ' "$f" | head -n 1 | tr A-Z a-z)" \
    "^\.(th|dt) \"?$n\"? \"?8\"?( |$)" \
    "$f: titled $n, section 8"
  text=$(mandoc -Tutf8 "$f" 2>/dev/null | col -b 2>/dev/null || mandoc -Tascii "$f")
  is "$(mandoc -Tutf8 "$f" 2>/dev/null | col -b | nested)" "" \
    "$f: rendered text has no quote opened inside another"
  for s in NAME SYNOPSIS DESCRIPTION "SEE ALSO"; do
    like "$text" "^$s\$" "$f: has a $s section"
  done
done

finish
