#!/bin/sh
# make install puts every program built in command/ and every page in man/
# where doc/building.md says: runsv runsvdir sv svlogd chpst in BINDIR,
# runsvchdir utmpset in SBINDIR, runit runit-init in INITDIR, pages in
# MANDIR/man8; under DESTDIR, and nothing else.
. "$(dirname "$0")/lib.sh"

require make tar
quiet() { "$@" >"$T/log" 2>&1 || { sed 's/^/# /' "$T/log"; return 1; }; }

# expect ROOT PREFIX BIN SBIN INIT MAN: the files make install should create
expect() {
  for f in "$TOP2"/command/*; do
    [ -f "$f" ] && [ -x "$f" ] || continue
    n=${f##*/}
    case $n in
      runit|runit-init) echo "$1$5/$n 755" ;;
      runsvchdir|utmpset) echo "$1$4/$n 755" ;;
      *) echo "$1$3/$n 755" ;;
    esac
  done
  for f in "$TOP2"/man/*.8; do
    [ -f "$f" ] && echo "$1$6/man8/${f##*/} 644"
  done
}
installed() { [ -d "$1" ] && find "$1" -type f -exec stat -c "%n %a" {} + ; }

# 1. This tree, default places.
TOP2=$TOP
ok "make install DESTDIR=\$T/a" quiet make -C "$TOP" install DESTDIR="$T/a"
is "$(installed "$T/a" | sort)" \
  "$(expect "$T/a" /usr/local /usr/local/bin /usr/local/sbin /usr/local/sbin /usr/local/share/man | sort)" \
  "every program and page, in the default places under /usr/local"
n=$(ls "$TOP"/command 2>/dev/null | wc -l)
[ "$n" -gt 0 ] || echo "# note: command/ is empty in this tree; part 2 covers the layout"

# 2. A copy of the tree in which every one of the nine programs exists
#    (a stub main where the real one is not written yet), each with a page.
TOP2=$T/src
mkdir -p "$TOP2"
(cd "$TOP" && tar -cf - --exclude=./.git --exclude=./tests/.cache \
   --exclude=./bench/.cache .) | (cd "$TOP2" && tar -xf -)
mkdir -p "$TOP2/man"
for p in runit runit-init runsvdir runsvchdir runsv sv svlogd chpst utmpset; do
  [ -f "$TOP2/src/$p.c" ] ||
    printf 'int main(void) { return 0; }\n' >"$TOP2/src/$p.c"
  [ -f "$TOP2/man/$p.8" ] || printf '.TH %s 8\n' "$p" >"$TOP2/man/$p.8"
done
ok "make install PREFIX=/usr INITDIR=/sbin DESTDIR=\$T/b" \
  quiet make -C "$TOP2" install PREFIX=/usr INITDIR=/sbin DESTDIR="$T/b"
is "$(ls "$TOP2/command" | sort | tr '\n' ' ')" \
  "chpst runit runit-init runsv runsvchdir runsvdir sv svlogd utmpset " \
  "the nine programs were built"
is "$(installed "$T/b" | sort)" \
  "$(expect "$T/b" /usr /usr/bin /usr/sbin /sbin /usr/share/man | sort)" \
  "runit's places: runit and runit-init in /sbin, the rest in /usr"
for p in runit runit-init; do
  ok "/sbin/$p is the program built" cmp "$TOP2/command/$p" "$T/b/sbin/$p"
done
ok "/usr/bin/sv is the program built" cmp "$TOP2/command/sv" "$T/b/usr/bin/sv"

ok "make install BINDIR=/b SBINDIR=/s MANDIR=/m DESTDIR=\$T/c" \
  quiet make -C "$TOP2" install BINDIR=/b SBINDIR=/s MANDIR=/m DESTDIR="$T/c"
is "$(installed "$T/c" | sort)" "$(expect "$T/c" '' /b /s /s /m | sort)" \
  "BINDIR, SBINDIR (and INITDIR following it), MANDIR"

# Installing again over the same files works (copy, then rename).
ok "make install again over the installed files" \
  quiet make -C "$TOP2" install BINDIR=/b SBINDIR=/s MANDIR=/m DESTDIR="$T/c"
is "$(ls -a "$T/c/b" | grep -c '\.new$')" 0 "no temporary file left"

finish
