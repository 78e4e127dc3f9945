#!/bin/sh
# Figures and prerequisites the README and CHANGES state, against what the
# tree builds: runsv's size in CHANGES is command/runsv's (dietlibc build,
# within 5%), and the README's `make demo` needs make and a C compiler only.
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1

# --- CHANGES: "runsv N bytes" or "runsv N kB" ---
fig=$(grep -Eo 'runsv [0-9][0-9,.]* (bytes|kB)' CHANGES | head -n 1)
like "$fig" '^runsv ' "CHANGES states runsv's size"
bytes=$(printf '%s\n' "$fig" | awk '{ n = $2; gsub(",", "", n); if ($3 == "kB") n *= 1000; printf "%d", n }')
if [ -x command/runsv ] && [ -d build/diet ] && [ "$B" = "$TOP/command" ] &&
   file -L command/runsv | grep -q 'statically linked'; then
  size=$(stat -c %s command/runsv)
  ok "CHANGES' runsv size ($bytes) is command/runsv's ($size) within 5%" \
    test $((bytes * 100)) -ge $((size * 95)) -a $((bytes * 100)) -le $((size * 105))
else
  skip "runsv's size against command/runsv" "not the dietlibc build in command/"
fi

# --- README: make demo needs make and a C compiler only ---
demo=$(sed -n '/^  make demo /,/^  [a-z]/p' README | tr -s ' \n' '  ')
like "$demo" 'needs make and a C compiler only' "README: make demo needs make and a C compiler only"
ok "README: and not root (no 'as root' before make demo)" \
  sh -c "! sed -n '1,/^  make demo /p' README | tail -n 4 | grep -q 'as root'"
# package/demo and what it runs use sh, make (through package/compile) and
# the compiler, and the usual file utilities: nothing to install
ok "package/demo needs no root (no install, no chown, no /etc)" \
  sh -c "! grep -Eq 'apt-get|install |chown|/etc/' package/demo"

finish
