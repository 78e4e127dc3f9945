#!/bin/sh
# svlogd: the n limit deletes the oldest files by the order they were made
# in, even after the clock stepped back (issue 20, item 8).  Rotated names
# are time stamps; files named in the future stand for those made before
# a step back.  A new name is never below one already there, so name order
# stays creation order, across restarts too.
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
cd "$T"
mkdir c
printf 's100\nn3\n' > c/config
# made "before the step": named about 8 years ahead
echo before1 > c/@4000000080000000000001f4.s
echo before2 > c/@4000000080000001000001f4.s
seq 1 300 | "$S" c
is "$(ls c | grep -c '^@')" 3 "n3: three rotated files kept"
ok "the files named in the future (made first) were deleted" \
  sh -c '! grep -q before c/@*'
is "$(cat c/@* c/current | tail -1)" 300 "the newest lines kept"
is "$(cat c/@* c/current | md5sum)" "$(seq 1 300 | tail -$(cat c/@* c/current | wc -l) | md5sum)" \
  "name order is the order of the lines"
# a restart recovers the order from the names there
seq 301 600 | "$S" c
is "$(cat c/@* c/current | tail -1)" 600 "after a restart: the newest lines kept"
is "$(cat c/@* c/current | md5sum)" "$(seq 1 600 | tail -$(cat c/@* c/current | wc -l) | md5sum)" \
  "after a restart: name order is still line order"
ok "names are above the future ones" sh -c 'ls c | grep "^@" | while read f; do [ "$f" \> @4000000080000001000001f4.s ] || exit 1; done'
# without such files, names are the time, as in runit
mkdir t
printf 's100\nn3\n' > t/config
seq 1 300 | "$S" t
# (seconds: 2^62 + 10 + unix time; allow 10 s more)
now=$(printf '@40000000%08x' $(( $(date +%s) + 20 )))
ago=$(printf '@40000000%08x' $(( $(date +%s) - 600 )))
ok "without files from the future: names are the time" sh -c "ls t | grep '^@' | while read f; do s=\${f%??????????}; [ \$s \\< $now ] && [ \$s \\> $ago ] || exit 1; done"
finish
