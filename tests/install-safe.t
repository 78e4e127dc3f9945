#!/bin/sh
# make install and make uninstall over files that are not ours: install
# writes a manifest and backs up what it replaces; uninstall removes only
# what is still as installed, puts the backups back and removes the
# directories it created, also after make clean.  Over Debian's runit
# (dpkg -x of its .deb) the tree comes back byte for byte.  Then the
# reviewers' cases: uninstall with nothing installed (review 4),
# DESTDIR and PROFILE as arguments of package/install (review 5), make
# clean before uninstall (review 14), SHUTDOWN=yes over a foreign halt
# (newcomer 1), Debian's .8.gz pages (newcomer 3), the directories
# (newcomer 9), make demo after make PROFILE=debian (newcomer 12).
. "$(dirname "$0")/lib.sh"

require make tar dpkg-deb sha256sum
require_ref
DEBS=$(ls "$TOP"/tests/.cache/deb/runit_*.deb "$TOP"/tests/.cache/deb/runit-init_*.deb 2>/dev/null)
RUNIT_DEB=$(ls "$TOP"/tests/.cache/deb/runit_*.deb 2>/dev/null | head -n 1)
[ "$(echo "$DEBS" | wc -l)" = 2 ] || skip_all "Debian's .debs missing in tests/.cache/deb (tests/fetch-ref)"
quiet() { "$@" >"$T/log" 2>&1 || { sed 's/^/# /' "$T/log"; return 1; }; }

S=$T/src
mkdir -p "$S"
(cd "$TOP" && tar -cf - Makefile package src man etc) | tar -C "$S" -xf -
# every directory, file and link under $1: path, type, mode, content
tree() {
  (cd "$1" && find . | sort | while read -r f; do
    if [ -L "$f" ]; then echo "$f l $(readlink "$f")"
    elif [ -d "$f" ]; then echo "$f d $(stat -c %a "$f")"
    else echo "$f f $(stat -c %a "$f") $(sha256sum <"$f" | cut -c1-64)"; fi
  done)
}
debian_tree() {
  rm -rf "$1" && mkdir -p "$1"
  for d in $DEBS; do dpkg-deb -x "$d" "$1"; done
}

# 1. Debian's runit files, then make install && make clean && make uninstall
D=$T/debian
debian_tree "$D"
tree "$D" >"$T/before"
ok "make install PROFILE=debian over Debian's runit" quiet make -C "$S" install PROFILE=debian DESTDIR="$D"
ok "our sv in place" cmp "$S/command/sv" "$D/usr/bin/sv"
ok "Debian's sv kept in the backup" \
  sh -c "dpkg-deb --fsys-tarfile $RUNIT_DEB | tar -xOf - ./usr/bin/sv | cmp - '$D/usr/share/runit-c1/backup/usr/bin/sv'"
is "$(zcat "$D/usr/share/man/man8/sv.8.gz" | sha256sum)" "$(cat "$S"/build/*/man/sv.8 | sha256sum)" \
  "Debian's page is sv.8.gz: ours goes there (the debian profile's), gzipped (man sv shows ours)"
ok "no sv.8 beside it" test ! -e "$D/usr/share/man/man8/sv.8"
like "$(cat "$D/usr/share/runit-c1/manifest")" '^file /usr/bin/sv [0-9a-f]{64} saved$' \
  "the manifest: sv, its sha256, saved"
ok "make install again (reinstall over ours)" quiet make -C "$S" install PROFILE=debian DESTDIR="$D"
ok "make clean" quiet make -C "$S" clean
ok "make uninstall PROFILE=debian after make clean" quiet make -C "$S" uninstall PROFILE=debian DESTDIR="$D"
tree "$D" >"$T/after"
is "$(diff "$T/before" "$T/after")" "" "Debian's tree is as before: every path, mode, checksum"

# 2. review 4: uninstall where nothing was installed removes nothing
make -C "$S" uninstall PROFILE=debian SHUTDOWN=yes DESTDIR="$D" >"$T/out" 2>&1
is "$?" 0 "make uninstall with nothing installed: rc 0"
like "$(cat "$T/out")" "package/install: warning: no $D/usr/share/runit-c1/manifest: nothing was installed there, nothing removed" \
  "... and says so"
tree "$D" >"$T/after"
is "$(diff "$T/before" "$T/after")" "" "... Debian's files all there"

# 3. a changed file: left alone by uninstall; a reinstall over a changed
#    file whose original is in the backup is refused without FORCE=yes
ok "make install PROFILE=debian" quiet make -C "$S" install PROFILE=debian DESTDIR="$D"
echo "an admin's sv" >"$D/usr/bin/sv"
make -C "$S" install PROFILE=debian DESTDIR="$D" >"$T/out" 2>&1
is "$?" 2 "install over a changed sv whose original is saved: refused"
like "$(cat "$T/out")" "package/install: fatal: $D/usr/bin/sv changed since the last install.*FORCE=yes" "... says why"
is "$(cat "$D/usr/bin/sv")" "an admin's sv" "... the admin's sv stays"
make -C "$S" uninstall PROFILE=debian DESTDIR="$D" >"$T/out" 2>&1
is "$?" 2 "make uninstall with a changed file: fails"
like "$(cat "$T/out")" "warning: $D/usr/bin/sv changed since it was installed: left alone" "... says which"
is "$(cat "$D/usr/bin/sv")" "an admin's sv" "... leaves it"
ok "... restores the others (svlogd is Debian's)" \
  sh -c "dpkg-deb --fsys-tarfile $RUNIT_DEB | tar -xOf - ./usr/bin/svlogd | cmp - '$D/usr/bin/svlogd'"
ok "FORCE=yes installs over it" quiet make -C "$S" install PROFILE=debian DESTDIR="$D" FORCE=yes
ok "make uninstall" quiet make -C "$S" uninstall PROFILE=debian DESTDIR="$D"
tree "$D" >"$T/after"
is "$(diff "$T/before" "$T/after")" "" "Debian's tree is as before"

# 4. review 5: DESTDIR, PROFILE, NO_CHECK as arguments of package/install
(cd "$S" && package/install DESTDIR=stage PROFILE=debian NO_CHECK=1) >"$T/out" 2>&1
is "$?" 0 "package/install DESTDIR=stage PROFILE=debian NO_CHECK=1"
ok "... into the stage, relative to where it was started" test -x "$S/stage/lib/runit/runit-init"
ok "... at Debian's places" test -x "$S/stage/usr/sbin/utmpset"
ok "... built with Debian's" grep -q /etc/service/ "$S/stage/usr/bin/sv"
(cd "$S" && package/install --uninstall DESTDIR=stage PROFILE=debian) >"$T/out" 2>&1
is "$(find "$S/stage" -mindepth 1)" "" "package/install --uninstall DESTDIR=stage: nothing left in it, not even a directory"
(cd "$S" && package/install --no-check DESTDIR=stage BINDIR_TYPO=/x) >"$T/out" 2>&1
is "$?" 100 "an unknown NAME=value: exit 100"
like "$(cat "$T/out")" "package/install: fatal: unknown variable: BINDIR_TYPO" "... saying which"

# 5. review 14 and newcomer 9: default profile, make clean, make uninstall:
#    nothing left, directories included
E=$T/empty
ok "make install DESTDIR=empty" quiet make -C "$S" install DESTDIR="$E"
ok "make clean" quiet make -C "$S" clean
ok "make uninstall after make clean" quiet make -C "$S" uninstall DESTDIR="$E"
is "$(find "$E" -mindepth 1)" "" "nothing left: the nine programs, the pages, the directories"

# 6. newcomer 1: SHUTDOWN=yes over a halt and a reboot page that are not ours
H=$T/halt
mkdir -p "$H/sbin" "$H/usr/local/share/man/man8"
ln -s /bin/systemctl "$H/sbin/halt"
echo "systemd's reboot.8" >"$H/usr/local/share/man/man8/reboot.8"
tree "$H" >"$T/before"
ok "make install SHUTDOWN=yes over systemd's halt" quiet make -C "$S" install SHUTDOWN=yes DESTDIR="$H"
is "$(readlink "$H/sbin/halt")" runit-init "halt is ours"
is "$(readlink "$H/usr/local/share/runit-c1/backup/sbin/halt")" /bin/systemctl "systemd's is in the backup"
ok "make uninstall SHUTDOWN=yes" quiet make -C "$S" uninstall SHUTDOWN=yes DESTDIR="$H"
tree "$H" >"$T/after"
is "$(diff "$T/before" "$T/after")" "" "systemd's halt and page are back, nothing else left"

# 7. newcomer 12: make demo after make PROFILE=debian leaves command/ alone
ok "make PROFILE=debian" quiet make -C "$S" PROFILE=debian
mkdir "$T/tmp"
TMPDIR=$T/tmp spawn "$S/package/demo" >"$T/demo.out" 2>&1
demo=$!
ok "the demo runs" wait_until 300 grep -q 'Press Ctrl-C' "$T/demo.out"
like "$(cat "$T/demo.out")" "package/demo: command/ holds the debian build: building the demo's programs in build/demo/command" \
  "make demo says where it builds"
like "$(ps -o args= -p "$(pgrep -P "$demo" runsvdir)" 2>/dev/null)" '^runsvdir ' "its runsvdir runs"
kill -TERM "$demo"
ok "the demo ends on SIGTERM" wait_until 30 sh -c "! kill -0 $demo 2>/dev/null"
like "$("$S/command/sv" -V 2>&1 | head -n 1)" '\(debian\)$' "command/ is still the debian build"
finish
