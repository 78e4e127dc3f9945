#!/bin/sh
# make install puts every program built in command/ and every page in man/
# where doc/building.md says, for each build profile: runsv runsvdir sv
# svlogd chpst in BINDIR, runsvchdir utmpset in SBINDIR, runit-init in
# INITDIR, runit where runit-init looks for it (the profile's RUNIT),
# pages in MANDIR/man8; the halt, poweroff, reboot and shutdown links
# only with SHUTDOWN=yes; under DESTDIR, and nothing else.  make uninstall
# removes exactly that.
. "$(dirname "$0")/lib.sh"

require make tar
quiet() { "$@" >"$T/log" 2>&1 || { sed 's/^/# /' "$T/log"; return 1; }; }

# expect ROOT BIN SBIN INIT MAN RUNIT: the files make install should create
expect() {
  for f in "$TOP2"/command/*; do
    [ -f "$f" ] && [ -x "$f" ] || continue
    n=${f##*/}
    case $n in
      runit) echo "$1$6 755" ;;
      runit-init) echo "$1$4/$n 755" ;;
      runsvchdir|utmpset) echo "$1$3/$n 755" ;;
      *) echo "$1$2/$n 755" ;;
    esac
  done
  for f in "$TOP2"/man/*.8; do
    case ${f##*/} in halt.8|shutdown.8) continue ;; esac
    [ -f "$f" ] && echo "$1$5/man8/${f##*/} 644"
  done
}
# (the manifest of package/install under share/runit-c1/ aside)
installed() { [ -d "$1" ] && find "$1" -path "*/share/runit-c1" -prune -o \( -type f -o -type l \) -exec stat -c "%n %a" {} + ; }

# 1. This tree, default places: runit's own (runit and runit-init in
#    /sbin, where runit-init looks for runit), the rest under /usr/local.
TOP2=$TOP
ok "make install DESTDIR=\$T/a" quiet make -C "$TOP" install DESTDIR="$T/a"
is "$(installed "$T/a" | sort)" \
  "$(expect "$T/a" /usr/local/bin /usr/local/sbin /sbin /usr/local/share/man /sbin/runit | sort)" \
  "every program and page: /sbin/runit, /sbin/runit-init, the rest under /usr/local"

# 2. A copy of the tree in which every one of the nine programs exists
#    (a stub main where the real one is not written yet), each with a page;
#    the other profiles are built there, never in this tree.
TOP2=$T/src
mkdir -p "$TOP2"
(cd "$TOP" && tar -cf - --exclude=./.git --exclude=./tests/.cache \
   --exclude=./bench/.cache --exclude=./build --exclude=./command .) | (cd "$TOP2" && tar -xf -)
mkdir -p "$TOP2/man"
for p in runit runit-init runsvdir runsvchdir runsv sv svlogd chpst utmpset; do
  [ -f "$TOP2/src/$p.c" ] ||
    printf 'int main(void) { return 0; }\n' >"$TOP2/src/$p.c"
  [ -f "$TOP2/man/$p.8" ] || printf '.TH %s 8\n' "$p" >"$TOP2/man/$p.8"
done
ok "make install PREFIX=/usr DESTDIR=\$T/b" \
  quiet make -C "$TOP2" install PREFIX=/usr DESTDIR="$T/b"
is "$(ls "$TOP2/command" | sort | tr '\n' ' ')" \
  "chpst runit runit-init runsv runsvchdir runsvdir sv svlogd utmpset " \
  "the nine programs were built"
is "$(installed "$T/b" | sort)" \
  "$(expect "$T/b" /usr/bin /usr/sbin /sbin /usr/share/man /sbin/runit | sort)" \
  "runit's places: runit and runit-init in /sbin, the rest in /usr"
for p in runit runit-init; do
  ok "/sbin/$p is the program built" cmp "$TOP2/command/$p" "$T/b/sbin/$p"
done
ok "/usr/bin/sv is the program built" cmp "$TOP2/command/sv" "$T/b/usr/bin/sv"

ok "make install BINDIR=/b SBINDIR=/s INITDIR=/i MANDIR=/m DESTDIR=\$T/c" \
  quiet make -C "$TOP2" install BINDIR=/b SBINDIR=/s INITDIR=/i MANDIR=/m DESTDIR="$T/c"
is "$(installed "$T/c" | sort)" "$(expect "$T/c" /b /s /i /m /sbin/runit | sort)" \
  "BINDIR, SBINDIR, INITDIR, MANDIR; runit stays where runit-init looks"
ok "make install again over the installed files" \
  quiet make -C "$TOP2" install BINDIR=/b SBINDIR=/s INITDIR=/i MANDIR=/m DESTDIR="$T/c"
is "$(find "$T/c" -name '.*.new' | wc -l)" 0 "no temporary file left"

# runit built to live elsewhere is installed there, and runit-init knows
ok "make install RUNIT=/opt/r/runit DESTDIR=\$T/r" \
  quiet make -C "$TOP2" install RUNIT=/opt/r/runit DESTDIR="$T/r"
ok "runit installed at /opt/r/runit" test -x "$T/r/opt/r/runit"
ok "nothing in /sbin but runit-init" test "$(ls "$T/r/sbin")" = runit-init

# 3. The profiles: Debian's and Void's package places.
ok "make install PROFILE=debian DESTDIR=\$T/deb" \
  quiet make -C "$TOP2" install PROFILE=debian DESTDIR="$T/deb"
is "$(installed "$T/deb" | sort)" \
  "$(expect "$T/deb" /usr/bin /usr/sbin /lib/runit /usr/share/man /sbin/runit | sort)" \
  "Debian: /sbin/runit, /lib/runit/runit-init, runsvchdir and utmpset in /usr/sbin, the rest in /usr/bin"
if [ -f "$TOP/src/runit.c" ]; then
  ok "Debian's stop files are built into the installed runit" \
    grep -q /run/runit.stopit "$T/deb/sbin/runit"
  ok "Debian's /etc/service/ is built into the installed sv" \
    grep -q /etc/service/ "$T/deb/usr/bin/sv"
fi
ok "make install PROFILE=void DESTDIR=\$T/void" \
  quiet make -C "$TOP2" install PROFILE=void DESTDIR="$T/void"
is "$(installed "$T/void" | sort)" \
  "$(expect "$T/void" /usr/bin /usr/bin /usr/bin /usr/share/man /usr/bin/runit | sort)" \
  "Void: everything in /usr/bin"
ok "Void's /var/service/ is built into the installed sv" \
  grep -q /var/service/ "$T/void/usr/bin/sv"

# 4. halt, poweroff, reboot, shutdown: links to runit-init, on request only
ok "make install SHUTDOWN=yes DESTDIR=\$T/s" \
  quiet make -C "$TOP2" install SHUTDOWN=yes DESTDIR="$T/s"
for n in halt poweroff reboot shutdown; do
  is "$(readlink "$T/s/sbin/$n")" runit-init "SHUTDOWN=yes: /sbin/$n -> runit-init"
done
ok "make install PROFILE=debian SHUTDOWN=yes DESTDIR=\$T/ds" \
  quiet make -C "$TOP2" install PROFILE=debian SHUTDOWN=yes DESTDIR="$T/ds"
is "$(readlink "$T/ds/sbin/reboot")" /lib/runit/runit-init \
  "Debian with SHUTDOWN=yes: /sbin/reboot -> /lib/runit/runit-init"
ok "Debian without SHUTDOWN=yes: no halt" test ! -e "$T/deb/sbin/halt"

# 5. make uninstall: exactly what was installed goes, nothing else
mkdir -p "$T/s/usr/local/bin" && echo mine >"$T/s/usr/local/bin/other"
ok "make uninstall SHUTDOWN=yes DESTDIR=\$T/s" \
  quiet make -C "$TOP2" uninstall SHUTDOWN=yes DESTDIR="$T/s"
is "$(installed "$T/s")" "$T/s/usr/local/bin/other 644" "everything gone but a file of someone else"
ln -s /usr/lib/other-halt "$T/deb/sbin/halt"
ok "make uninstall PROFILE=debian SHUTDOWN=yes DESTDIR=\$T/deb" \
  quiet make -C "$TOP2" uninstall PROFILE=debian SHUTDOWN=yes DESTDIR="$T/deb"
is "$(installed "$T/deb" | sed 's/ .*//')" "$T/deb/sbin/halt" \
  "a halt that is not ours stays"
is "$(make -C "$TOP2" -s install PROFILE=nosuch DESTDIR="$T/x" 2>&1 >/dev/null | head -n 1)" \
  "package/profile: fatal: unknown profile: nosuch (one of: debian default void )" \
  "an unknown profile: one clear line"
finish
