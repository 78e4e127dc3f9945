#!/bin/sh
# make deb (package/deb): the Debian 12 package runit-c1.  Built in a copy
# of the tree; its contents and control fields; lintian finds nothing;
# then, in a chroot of a bookworm minbase with Debian's runit (the base
# tarball of tests/fetch-debian piuparts, cached outside the clone):
# dpkg -i diverts each of Debian's nine programs and nine pages to
# .distrib and puts ours there, Debian's runit reinstalled over it keeps
# ours, an upgrade to a newer build keeps the diversions, and dpkg -r and
# --purge give back every file of the root byte for byte; last, piuparts
# (install, remove, purge, nothing left behind, nothing clobbered, and the
# upgrade from the previous build).
. "$(dirname "$0")/lib.sh"
if [ "${RUNIT_SANITIZE:-}" = 1 ]; then
  # the package holds the static binaries, not the sanitizer builds
  echo "1..1"; echo "ok 1 # skip the package is tested in the plain make check only"; exit 0
fi
require_root
require make tar dpkg-deb dpkg-parsechangelog dpkg-scanpackages lintian piuparts debootstrap chroot sha256sum
require_ref
DEBIAN_DEB=$(ls "$TOP"/tests/.cache/deb/runit_*.deb 2>/dev/null | head -n 1)
[ -f "$DEBIAN_DEB" ] || skip_all "Debian's runit .deb missing in tests/.cache/deb (tests/fetch-ref)"
PIU=$("$TOP/tests/fetch-debian" piuparts 2>"$T/fetch.log") ||
  { sed 's/^/# /' "$T/fetch.log"; skip_all "no piuparts base tarball (tests/fetch-debian piuparts)"; }

# 1. the package, built in a copy of the tree
S=$T/src
mkdir -p "$S"
(cd "$TOP" && tar -cf - Makefile package src man etc) | tar -C "$S" -xf -
version=$(cat "$TOP/package/version")
deb=$(make -s -C "$S" deb 2>"$T/make.log") || sed 's/^/# /' "$T/make.log"
is "$deb" "build/deb/runit-c1_${version}_$(dpkg --print-architecture).deb" "make deb: the package, named after its version"
deb=$S/$deb
ok "make deb leaves command/ alone" test ! -e "$S/command"
ok "make deb: no debian/ folder at the top" test ! -e "$S/debian"
is "$(dpkg-deb -f "$deb" Package Version Depends Section | tr '\n' '|')" \
  "Package: runit-c1|Version: $version|Depends: runit (>= 2.1.2)|Section: admin|" \
  "control: runit-c1, package/version, depends on Debian's runit"

nine='sbin/runit lib/runit/runit-init usr/bin/chpst usr/bin/runsv usr/bin/runsvdir usr/bin/sv usr/bin/svlogd usr/sbin/runsvchdir usr/sbin/utmpset'
pages=$(for f in $nine; do echo "usr/share/man/man8/${f##*/}.8.gz"; done)
contents() { dpkg-deb -c "$1" | awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print $6 }' | sort; }
# the native boot, off: its fragments (conffiles) and runit-boot-chart
native=$(for nd in boot-run shutdown-run; do
  echo "etc/runit/$nd/00-native.sh"
  for f in "$TOP"/etc/debian-native/$nd/*.sh; do echo "etc/runit/$nd/${f##*/}"; done
done)
is "$(contents "$deb" | grep -v '^usr/share/doc/\|^usr/share/lintian/\|^etc/runit/\|runit-boot-chart$')" \
  "$(printf '%s\n' $nine $pages | sort)" "contents: the nine programs and their pages"
is "$(contents "$deb" | grep '^etc/')" "$(printf '%s\n' $native | sort)" \
  "... the native boot's fragments; not its switch, native.boot.run, nor no.emulate.sysv"
is "$(contents "$deb" | grep 'runit-boot-chart$')" usr/sbin/runit-boot-chart "... and runit-boot-chart"
is "$(contents "$deb" | grep '^usr/share/doc/\|^usr/share/lintian/' | tr '\n' ' ')" \
  "usr/share/doc/runit-c1/README.Debian usr/share/doc/runit-c1/changelog.gz usr/share/doc/runit-c1/copyright usr/share/lintian/overrides/runit-c1 " \
  "contents: README.Debian, changelog, copyright, lintian overrides"
contents "$DEBIAN_DEB" >"$T/debian.list"
is "$(contents "$deb" | grep -v '^usr/share/doc/\|^usr/share/lintian/\|^etc/runit/\|runit-boot-chart$' | comm -23 - "$T/debian.list")" "" \
  "every program and page of ours is at the path of one of Debian's runit"
mkdir "$T/x" && dpkg-deb -x "$deb" "$T/x"
ok "Debian's stop file built into runit" grep -q /run/runit.stopit "$T/x/sbin/runit"
ok "Debian's /etc/service/ built into sv" grep -q /etc/service/ "$T/x/usr/bin/sv"
is "$("$T/x/usr/bin/sv" -V 2>&1 | head -n 1)" "runit-$version (debian)" "sv -V names the debian profile"
PROFILE=debian "$TOP/package/manpages" "$T/man" >/dev/null 2>&1
for p in sv runit; do
  is "$(zcat "$T/x/usr/share/man/man8/$p.8.gz" | sha256sum)" "$(sha256sum <"$T/man/$p.8")" \
    "$p.8.gz is man/$p.8 with the debian profile's paths (package/manpages)"
done
like "$(zcat "$T/x/usr/share/man/man8/sv.8.gz" | sed -n '/^\.Sh FILES/,/^\.Sh/p')" '^\.It Pa /etc/service/$' \
  "sv.8.gz: FILES lists Debian's /etc/service/"
like "$(zcat "$T/x/usr/share/man/man8/runit.8.gz" | sed -n '/^\.Sh FILES/,/^\.Sh/p')" '^\.It Pa /run/runit\.stopit$' \
  "runit.8.gz: FILES lists Debian's /run/runit.stopit"
dpkg-deb -e "$deb" "$T/ctl"
is "$(sort "$T/ctl/conffiles")" "$(printf '/%s\n' $native | sort)" "conffiles: the native boot's fragments"
is "$(grep -c '^  dpkg-divert --package runit-c1 --add --rename --divert ' "$T/ctl/preinst")" 18 \
  "preinst: 18 diversions (--rename), one per program and page"
is "$(zcat "$T/x/usr/share/doc/runit-c1/changelog.gz" | head -n 1)" "runit-c1 ($version) bookworm; urgency=medium" \
  "changelog: Debian's format, this version first"

# lintian: no error, no warning, not even pedantic or informational tags
# (package/debian/lintian-overrides says why each overridden one is)
lintian -I -E --pedantic "$deb" >"$T/lintian" 2>&1
is "$(grep -v '^running with root' "$T/lintian")" "" "lintian -I -E --pedantic: nothing"

# the newer build, for the upgrade
deb2=$S/$(make -s -C "$S" deb DEBVERSION="$version+t1" 2>>"$T/make.log")
ok "make deb DEBVERSION=$version+t1: a newer build" test -f "$deb2"
ok "... newer for dpkg" dpkg --compare-versions "$version+t1" gt "$version"

# 2. a chroot with Debian's runit: dpkg -i, upgrade, -r, --purge
R=$T/root
mkdir "$R" && tar -C "$R" -xzf "$PIU/base.tgz" || skip_all "unable to unpack $PIU/base.tgz"
cp "$deb" "$R/tmp/c1.deb" && cp "$deb2" "$R/tmp/c1-new.deb" && cp "$DEBIAN_DEB" "$R/tmp/runit.deb"
in_root() { chroot "$R" "$@" >>"$T/dpkg.log" 2>&1 || { sed 's/^/# /' "$T/dpkg.log"; return 1; }; }
# every file and link of the root (but dpkg's own records): path, mode, content
state() {
  (cd "$R" && find . -path ./var/lib/dpkg -prune -o -path ./var/log -prune -o -path ./tmp -prune \
     -o -path ./var/cache -prune -o -path ./proc -prune -o \( -type f -o -type l \) -print) |
    sort | while read -r f; do
      if [ -L "$R/$f" ]; then echo "$f -> $(readlink "$R/$f")"
      else echo "$f $(stat -c %a "$R/$f") $(sha256sum <"$R/$f" | cut -c1-64)"; fi
    done
}
sum() { sha256sum <"$R/$1" | cut -c1-64; }
# Debian's postinst makes /etc/service an absolute link: once, before all
in_root dpkg -i /tmp/runit.deb || skip_all "dpkg -i of Debian's runit fails in the chroot"
state >"$T/before"
for f in $nine; do eval "debian_$(echo "$f" | tr /- __)=\$(sum \$f)"; done
debian_of() { eval "echo \$debian_$(echo "$1" | tr /- __)"; }
diversions() { chroot "$R" dpkg-divert --list 'runit-c1' 2>/dev/null | sort; }
# ours_in_place [DIR]: every one of the nine is ours (from DIR), Debian's is at .distrib
ours_in_place() {
  for f in $nine; do
    cmp -s "$R/$f" "${1:-$T/x}/$f" || { echo "# $f is not ours" >&2; return 1; }
    [ "$(sum "$f.distrib")" = "$(debian_of "$f")" ] || { echo "# $f.distrib is not Debian's" >&2; return 1; }
  done
  for p in $pages; do
    cmp -s "$R/$p" "${1:-$T/x}/$p" || { echo "# $p is not ours" >&2; return 1; }
    [ -f "$R/${p%.8.gz}.distrib.8.gz" ] || { echo "# ${p%.8.gz}.distrib.8.gz missing" >&2; return 1; }
  done
}

ok "dpkg -i runit-c1 over Debian's runit" in_root dpkg -i /tmp/c1.deb
is "$(diversions | wc -l)" 18 "dpkg-divert --list: 18 diversions by runit-c1"
like "$(diversions | grep ' /usr/bin/sv ')" '^diversion of /usr/bin/sv to /usr/bin/sv.distrib by runit-c1$' \
  "/usr/bin/sv is diverted to /usr/bin/sv.distrib"
ok "ours in place, Debian's at .distrib with its checksum" ours_in_place
ok "dpkg --verify runit runit-c1: nothing changed behind dpkg's back" in_root dpkg --verify runit runit-c1
ok "Debian's runit reinstalled over it (dpkg -i runit.deb)" in_root dpkg -i /tmp/runit.deb
ok "... ours stay, Debian's goes to .distrib" ours_in_place
mkdir "$T/x2" && dpkg-deb -x "$deb2" "$T/x2"
ok "upgrade: dpkg -i the newer build" in_root dpkg -i /tmp/c1-new.deb
is "$(chroot "$R" dpkg-query -W -f '${Version}' runit-c1)" "$version+t1" "... the newer version is installed"
is "$(diversions | wc -l)" 18 "... the 18 diversions stay"
ok "... ours (the newer build) in place, Debian's at .distrib" ours_in_place "$T/x2"
ok "dpkg -r runit-c1" in_root dpkg -r runit-c1
is "$(diversions)" "" "... no diversion left"
state >"$T/after"
# (conffiles stay until the purge, as always with dpkg)
conf='^> \./etc/runit/\(boot\|shutdown\)-run/[0-9][0-9]-[a-z0-9]*\.sh 644 [0-9a-f]*$'
is "$(diff "$T/before" "$T/after" | grep '^[<>]' | grep -v "$conf")" "" \
  "... every file of the root as before (paths, modes, sha256), but the conffiles"
is "$(diff "$T/before" "$T/after" | grep -c "$conf")" "$(echo "$native" | wc -l)" "... which stay until the purge"
ok "dpkg --verify runit: Debian's files are Debian's" in_root dpkg --verify runit
ok "dpkg -i again, then dpkg --purge runit-c1" in_root sh -c 'dpkg -i /tmp/c1.deb && dpkg --purge runit-c1'
state >"$T/after"
is "$(diff "$T/before" "$T/after")" "" "... every file of the root as before"
is "$(chroot "$R" dpkg-query -W -f '${db:Status-Abbrev}' runit-c1 2>/dev/null)" "" "... and dpkg forgot runit-c1"

# 3. piuparts, from its own chroot of the same base: install and purge
#    of the newer build, then its upgrade test from the previous build,
#    served to apt from a local repository bound into the chroot
mkdir "$T/repo" && cp "$deb" "$T/repo/" && (cd "$T/repo" && dpkg-scanpackages . /dev/null >Packages 2>/dev/null)
start=$(date +%s)
piuparts -b "$PIU/base.tgz" -d bookworm -m "$(cat "$PIU/mirror")" \
  --bindmount "$T/repo" --extra-repo "deb [trusted=yes] file://$T/repo ./" \
  "$deb2" >"$T/piuparts.log" 2>&1
rc=$?
[ $rc = 0 ] || tail -n 30 "$T/piuparts.log" | sed 's/^/# /'
is "$rc" 0 "piuparts passes ($(( $(date +%s) - start )) s)"
like "$(cat "$T/piuparts.log")" 'PASS: Installation and purging test' "piuparts: install, remove, purge, nothing left"
like "$(cat "$T/piuparts.log")" 'PASS: Installation, upgrade and purging tests' "piuparts: upgrade from the previous build"
like "$(cat "$T/piuparts.log")" "Get:1 file:$T/repo \\./ runit-c1 $(echo "$version" | sed 's/[.+]/\\&/g') " "... which apt took from the local repository"
finish
