#!/bin/sh
# Debian's package scripts (runit-helper 2.15.2, postrm on remove and
# purge) delete a service's supervise/ directories by runit's file names
# and then rmdir them (a symlink is removed instead).  Nothing runsv adds
# may keep a directory there once runsv has gone (runsv.8, FILES): runsv
# removes its xstatus when it exits, through a descriptor of supervise/
# taken at its start, so also after the link to it is gone.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsv.sh"
require timeout dd od rmdir

SV=$B/sv
# runit-helper's postrm loop, as it is (only the paths carry $T)
postrm() {
  for supervise in "$T/var/lib/runit/supervise/$1" \
                   "$T/var/lib/runit/log/supervise/$1" \
                   "$T/etc/sv/$1/supervise" \
                   "$T/etc/sv/$1/log/supervise"; do
    if [ -d "$supervise" ] ; then
      for file in control lock ok pid stat status down ; do
        rm -f "$supervise/$file"
      done
      if [ -h "$supervise" ]; then
        rm "$supervise"
      else
        rmdir --ignore-fail-on-non-empty "$supervise"
      fi
    fi
  done
}
# a service as Debian lays it out: supervise/ links to /var/lib/runit
mkdeb() {
  mksvc "$T/etc/sv/$1" 'exec sleep 1000'
  mkdir -p "$T/etc/sv/$1/log" "$T/var/lib/runit/supervise" "$T/var/lib/runit/log/supervise"
  mkscript "$T/etc/sv/$1/log/run" 'exec cat >/dev/null'
  echo 3 >"$T/etc/sv/$1/notification-fd"
  ln -s "$T/var/lib/runit/supervise/$1" "$T/etc/sv/$1/supervise"
  ln -s "$T/var/lib/runit/log/supervise/$1" "$T/etc/sv/$1/log/supervise"
}

# stopped first (sv exit), then postrm: both directories go
mkdeb a
runsv_start "$T/etc/sv/a"
ok "a: runs" stat_is "$T/etc/sv/a" run
ok "a: xstatus written" test -s "$T/var/lib/runit/supervise/a/xstatus"
"$SV" exit "$T/etc/sv/a" >/dev/null
ok "a: runsv exits" wait_gone "$RSV" 20
postrm a
ok "a: postrm removed supervise/" test ! -e "$T/var/lib/runit/supervise/a"
ok "a: postrm removed log/supervise/" test ! -e "$T/var/lib/runit/log/supervise/a"

# postrm while runsv still runs (runsvdir sends TERM only at its next
# scan): the links are gone when runsv exits; no xstatus is left
mkdeb b
runsv_start "$T/etc/sv/b"
ok "b: runs" stat_is "$T/etc/sv/b" run
ok "b: log runs" stat_is "$T/etc/sv/b/log" run
postrm b
ok "b: links removed" test ! -e "$T/etc/sv/b/supervise" -a ! -e "$T/etc/sv/b/log/supervise"
kill -TERM "$RSV"
ok "b: runsv exits" wait_gone "$RSV" 20
is "$(ls -A "$T/var/lib/runit/supervise/b" "$T/var/lib/runit/log/supervise/b" | grep -c xstatus)" 0 \
  "b: no xstatus left"
finish
