#!/bin/sh
# doc/faq.md's statements about behaviour, checked: a new runsv after
# `sv exit`; where a service's output goes without a log service; the
# recipe that lets a group use sv on a service (run as written in the FAQ).
. "$(dirname "$0")/lib.sh"
FAQ=$TOP/doc/faq.md
[ -f "$FAQ" ] || skip_all "no doc/faq.md"
for p in runsvdir runsv sv chpst; do
  [ -x "$B/$p" ] || skip_all "our programs are not built yet (command/$p)"
done

# the FAQ's paragraph under the heading that begins with $1
section() { awk -v h="## $1" 'index($0, h) == 1 { on = 1; next } /^## / { on = 0 } on' "$FAQ"; }
children() {
  for _s in /proc/[0-9]*/stat; do
    { read -r _l <"$_s"; } 2>/dev/null || continue
    _r=${_l##*) }; set -- "$1" $_r
    [ "$3" = "$1" ] && { _p=${_s#/proc/}; echo "${_p%/stat}"; }
    set -- "$1"
  done
}

chmod 755 "$T"   # the recipe's user must reach the service directories
S=$T/sv
mkdir -p "$S"
mk() {  # DIR BODY
  mkdir -p "$1"; printf '#!/bin/sh\n%s\n' "$2" >"$1/run"; chmod 755 "$1/run"
}
mk "$S/a" 'exec sleep 3600'
mk "$S/b" 'echo OUT-b; echo ERR-b >&2; exec sleep 3600'
mk "$S/c" 'exec sleep 3600'
mk "$S/c/log" 'exec cat >/dev/null'
log=$(printf 'log: %0100d' 0 | tr 0 .)
spawn "$B/runsvdir" "$S" "$log" >"$T/rd.out" 2>"$T/rd.err"
RD=$!
# at the end, SIGHUP: runsvdir sends every runsv SIGTERM, and each stops
# its service before it exits (a SIGTERM to runsvdir would leave them)
stop_all() {
  kids=$(children "$RD")
  kill -HUP "$RD" 2>/dev/null; wait "$RD" 2>/dev/null
  for k in $kids; do wait_until 30 sh -c "! kill -0 $k 2>/dev/null"; done
}
trap 'stop_all; _cleanup' EXIT
up() { [ -s "$1/supervise/pid" ]; }
ok "services up" wait_until 30 sh -c "[ -s '$S/a/supervise/pid' ] && [ -s '$S/b/supervise/pid' ] && [ -s '$S/c/supervise/pid' ] && [ -s '$S/c/log/supervise/pid' ]"

# --- `sv exit`: runsvdir starts a new runsv at once ---
runsv_of() {  # the runsv child of runsvdir that supervises $1
  for _c in $(children "$RD"); do
    [ "$(readlink "/proc/$_c/cwd")" = "$1" ] && echo "$_c"
  done
}
old=$(runsv_of "$S/a") oldsvc=$(cat "$S/a/supervise/pid")
ok "a: its runsv found" test -n "$old"
t0=$(date +%s%N)
"$B/sv" exit "$S/a" >/dev/null
new_runsv() { _new=$(runsv_of "$S/a"); [ -n "$_new" ] && [ "$_new" != "$old" ]; }
ok "sv exit: runsvdir starts a new runsv" wait_until 30 new_runsv
t1=$(date +%s%N)
ok "... which starts the service again" wait_until 30 sh -c \
  "p=\$(cat '$S/a/supervise/pid'); [ -n \"\$p\" ] && [ \"\$p\" != '$oldsvc' ]"
echo "# sv exit to the new runsv: $(( (t1 - t0) / 1000000 )) ms"
sec=$(section '`sv exit`' | tr '\n' ' ')
like "$sec" 'starts a new `runsv` at once' "the FAQ says: a new runsv at once"
ok "... and not 'a few seconds later'" sh -c "! printf '%s' \"\$1\" | grep -q 'few seconds'" - "$sec"

# --- without a log service: stderr to the log: area, stdout to runsvdir's ---
title() { tr '\0\n' '|/' </proc/"$RD"/cmdline; }
ok "b's standard error is in runsvdir's log: area" wait_until 30 sh -c \
  "tr '\0' ' ' </proc/$RD/cmdline | grep -q ERR-b"
ok "b's standard output is runsvdir's standard output" wait_until 30 grep -q OUT-b "$T/rd.out"
ok "... not in the log: area" sh -c "! tr '\0' ' ' </proc/$RD/cmdline | grep -q OUT-b"
sec=$(section "Where do a service's messages go?" | tr '\n' ' ')
like "$sec" 'standard error goes to the `log: \.\.\.` scratch area' \
  "the FAQ says: standard error to the log: area"
like "$sec" 'standard output to the console' "the FAQ says: standard output to the console"

# --- the FAQ's recipe for a group, run as written ---
sec=$(section "Can a user who is not root")
recipe=$(printf '%s\n' "$sec" | sed -n 's/^    //p')
like "$recipe" 'chgrp' "the FAQ has a recipe"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && getent group nogroup >/dev/null; then
  as_nobody() { "$B/chpst" -u nobody:nogroup "$@"; }
  st=$(as_nobody "$B/sv" status "$S/c" 2>&1)
  like "$st" 'unable to open supervise/ok' "before the recipe, nobody cannot query c"
  printf '%s\n' "$recipe" | sed "s|/etc/sv/foo|$S/c|g; s|operators|nogroup|g" >"$T/recipe.sh"
  (sh -e "$T/recipe.sh") 2>"$T/recipe.err"
  is "$?:$(cat "$T/recipe.err")" "0:" "the recipe runs"
  st=$(as_nobody "$B/sv" status "$S/c" 2>&1)
  like "$st" '^run: .*/c: \(pid [0-9]+\) [0-9]+s; run: log: \(pid [0-9]+\) [0-9]+s$' \
    "after it, a member of the group reads the status of c and of its log"
  as_nobody "$B/sv" -w 30 down "$S/c" >/dev/null 2>&1
  is "$?" 0 "... and controls c: sv down"
  as_nobody "$B/sv" -w 30 up "$S/c" >/dev/null 2>&1
  is "$?" 0 "... sv up"
else
  skip "the recipe, as nobody:nogroup" "needs root, user nobody and group nogroup"
fi

finish
