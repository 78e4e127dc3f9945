#!/bin/sh
# svlogd: writeback of current is started early (sync_file_range), but the
# finished file is still fsync'ed right before it is renamed, as runit
# does; and where sync_file_range fails (injected with strace) svlogd goes
# on silently the way runit does, losing nothing.
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
require strace
cd "$T"
strace -qq -o /dev/null -e trace=sync_file_range -e inject=sync_file_range:error=ENOSYS true 2>/dev/null ||
  skip_all "strace cannot trace here or has no -e inject"

seq 1 400000 > in      # 2.7 MB: two rotations at s1000000, read from a pipe in small blocks

# the line traced before each rename of current is that file's fsync,
# returning 0 (only fsync, sync_file_range and renameat are traced)
fsync_then_rename() {
  awk '/renameat\(.*"current".*"@/ { n++; if (prev !~ /^fsync\(.*= 0$/) bad++ }
       { prev = $0 }
       END { exit !(n >= 2 && !bad) }' "$1"
}

mkdir d; printf 's1000000\nn0\n' > d/config
cat in | strace -qq -o tr -e trace=sync_file_range,fsync,renameat "$S" d 2> err
is "$?" 0 "exit 0"
is "$(cat err)" "" "nothing on standard error"
ok "every line, in order" sh -c 'cat d/@* d/current | cmp -s - in'
n=$(grep -c '^sync_file_range(' tr)
ok "writeback started while current grows ($n calls)" [ "$n" -ge 4 ]
is "$(grep '^sync_file_range(' tr | grep -vc 'SYNC_FILE_RANGE_WRITE) = 0$')" 0 \
  "only SYNC_FILE_RANGE_WRITE: nothing waits, no error is taken from fsync"
ok "each finished current: fsync, then rename" fsync_then_rename tr

# sync_file_range fails: tried once per file, then runit's way
for e in ENOSYS EIO; do
  rm -rf d; mkdir d; printf 's1000000\nn0\n' > d/config
  cat in | strace -qq -o tr -e trace=sync_file_range,fsync,renameat \
    -e inject=sync_file_range:error=$e "$S" d 2> err
  is "$?" 0 "$e: exit 0"
  is "$(cat err)" "" "$e: silent"
  ok "$e: every line, in order" sh -c 'cat d/@* d/current | cmp -s - in'
  files=$(ls d | grep -c '^@\|^current$')
  n=$(grep -c "^sync_file_range(.*$e" tr)
  ok "$e: tried at most once per file ($n calls, $files files)" test "$n" -ge 1 -a "$n" -le "$files"
  ok "$e: each finished current: fsync, then rename" fsync_then_rename tr
done

finish
