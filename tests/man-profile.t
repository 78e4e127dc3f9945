#!/bin/sh
# The man pages show the build profile's paths (package/manpages, made by
# make with the programs): for each profile, every built-in path that
# differs from runit's own is replaced wherever it stands as a whole path
# in a page, as often as it stood there, and nowhere else; the passages
# that name every profile's paths (between `.\" literal:` and
# `.\" end literal`) are as written, and name each profile's; the foot of
# each page names the profile; the pages are clean for mandoc's linter.
# Then make install PROFILE=debian and package/install install those
# pages, not man/ itself.
. "$(dirname "$0")/lib.sh"

require perl make tar
cd "$TOP" || exit 1

# NAME value: the built-in paths of a profile (profile.h's string macros)
defs() {
  package/profile -h "$@" | sed -n 's/^#define \([A-Z0-9_]*\) "\(\/.*\)"$/\1 \2/p'
}
# the text of a page outside its literal passages
outside() { sed '/^\.\\" literal:/,/^\.\\" end literal/d' "$1"; }
inside() { sed -n '/^\.\\" literal:/,/^\.\\" end literal/p' "$1"; }
# count PATH: how often PATH stands as a whole path on stdin (after no
# path character, before no name character nor a dot that goes on)
count() {
  P=$1 perl -ne 'BEGIN { $p = quotemeta $ENV{P} }
    $n++ while /(?<![A-Za-z0-9\/._+-])$p(?![A-Za-z0-9_+-]|\.[A-Za-z0-9_+-])/g;
    END { print $n + 0 }'
}

PROFILE=default defs >"$T/defs.default"
# check NAME [NAME=value ...]: the pages of profile NAME, in $T/NAME
check() {
  p=$1; shift
  d=$T/$p
  ok "$p: package/manpages makes the pages" sh -c 'PROFILE=$1 && shift && export PROFILE && package/manpages "$@"' - "${p%%+*}" "$d" "$@"
  PROFILE=${p%%+*} defs "$@" >"$T/defs.$p"
  changed=0
  while read -r var new; do
    old=$(sed -n "s/^$var //p" "$T/defs.default")
    [ "$old" != "$new" ] || continue
    changed=$((changed + 1))
    # a directory: also where it stands without its last slash (/service)
    case $old in */) case $new in */) old=${old%/} new=${new%/} ;; esac ;; esac
    for src in man/*.8; do
      f=$d/${src##*/}
      was=$(outside "$src" | count "$old")
      was_new=$(outside "$src" | count "$new")
      [ "$was" = 0 ] && [ "$was_new" = 0 ] && continue
      is "$(outside "$f" | count "$old")" 0 "$p: ${src##*/}: no $old ($var) left"
      is "$(outside "$f" | count "$new")" $((was + was_new)) "$p: ${src##*/}: $new ($var) where $old was ($was)"
    done
  done <"$T/defs.$p"
  [ "$p" = default ] || ok "$p: the profile changes built-in paths ($changed)" test "$changed" -gt 0
  for src in man/*.8; do
    f=$d/${src##*/}
    is "$(inside "$f")" "$(inside "$src")" "$p: ${src##*/}: the literal passages as written"
    is "$(grep '^\.Os' "$f")" ".Os runit-$(cat package/version) (${p%%+*})" "$p: ${src##*/}: its foot names the profile"
    is "$(grep -v '^\.Os' "$f" | wc -l)" "$(grep -v '^\.Os' "$src" | wc -l)" "$p: ${src##*/}: every other line is there"
    if command -v mandoc >/dev/null; then
      is "$(mandoc -Tlint -Wwarning "$f" 2>&1)" "" "$p: ${src##*/}: mandoc -Tlint reports nothing above STYLE"
    fi
  done
}
check default
check debian
check void
check debian+srv SVDIR=/srv/service/ RUNIT=/opt/runit
is "$(sed -n '/^\.Sh FILES/,/^\.Sh/p' "$T/debian+srv/sv.8" | grep -m1 '^\.It')" '.It Pa /srv/service/' \
  "an override on make's command line: sv.8's FILES lists /srv/service/ first"

# The passages that explain the profiles name each one's paths, in every page
for p in default debian void; do
  r=$(inside "$T/$p/runit.8")
  for x in /etc/runit/stopit /etc/runit/reboot /sbin/runit /run/runit.stopit \
           /run/runit.reboot /usr/bin/runit 'PROFILE=debian' 'PROFILE=void'; do
    like "$r" "$x" "$p: runit.8 explains the profiles: names $x"
  done
  s=$(inside "$T/$p/sv.8")
  for x in '^\.Pa /service/$' '^\.Pa /etc/service/$' '^\.Pa /var/service/$' 'PROFILE=debian' 'PROFILE=void'; do
    like "$s" "$x" "$p: sv.8's FILES explains the profiles: names $x"
  done
done
like "$(sed -n '/^\.Sh FILES/,/^\.Sh/p' "$T/debian/sv.8")" '^\.It Pa /etc/service/$' \
  "debian: sv.8's FILES lists /etc/service/ first"
like "$(sed -n '/^\.Sh FILES/,/^\.Sh/p' "$T/debian/runit.8")" '^\.It Pa /run/runit\.stopit$' \
  "debian: runit.8's FILES lists /run/runit.stopit"
like "$(sed -n '/^\.Sh FILES/,/^\.Sh/p' "$T/void/runit-init.8")" '^\.It Pa /usr/bin/runit$' \
  "void: runit-init.8's FILES lists /usr/bin/runit"

# make install and package/install, in a copy of the tree (command/ here
# is the default profile's, and other tests use it)
S=$T/src
mkdir -p "$S"
(tar -cf - --exclude=./.git --exclude=./tests/.cache --exclude=./bench/.cache \
   --exclude=./build --exclude=./command .) | (cd "$S" && tar -xf -)
quiet() { "$@" >"$T/log" 2>&1 || { sed 's/^/# /' "$T/log"; return 1; }; }
ok "make install PROFILE=debian DESTDIR=\$T/i" quiet make -C "$S" install PROFILE=debian DESTDIR="$T/i"
for src in man/*.8; do
  n=${src##*/}
  case $n in halt.8|shutdown.8) continue ;; esac
  ok "make install PROFILE=debian: $n is the debian profile's" cmp "$T/debian/$n" "$T/i/usr/share/man/man8/$n"
done
is "$(count /etc/service/ <"$T/i/usr/share/man/man8/sv.8")" "$(count /etc/service/ <"$T/debian/sv.8")" \
  "make install PROFILE=debian: the installed sv.8 names /etc/service/"
# package/install without make: it makes the pages itself, for its profile
ok "package/install --no-check PROFILE=void DESTDIR=\$T/v" \
  quiet "$S/package/install" --no-check PROFILE=void DESTDIR="$T/v"
ok "package/install PROFILE=void: sv.8 is the void profile's" cmp "$T/void/sv.8" "$T/v/usr/share/man/man8/sv.8"
ok "package/install PROFILE=void: runit-init.8 is the void profile's" \
  cmp "$T/void/runit-init.8" "$T/v/usr/share/man/man8/runit-init.8"
is "$(ls -A "$T/v/usr/share/man/man8" | tr '\n' ' ')" \
  "$(cd man && ls *.8 | grep -vx -e halt.8 -e shutdown.8 | tr '\n' ' ')" \
  "package/install: the pages, nothing else"

finish
