#!/bin/sh
# svlogd under a memory limit (issue 20, item 5): its buffers are mapped
# at start, sized from the options, so it runs where runit's does (chpst
# -m 4 MB) and, below what it needs, says so and exits 111 instead of
# dying with SIGSEGV before a word.
. "$(dirname "$0")/lib.sh"
S=$B/svlogd
if [ "${RUNIT_SANITIZE:-}" = 1 ]; then
  # the sanitizer's shadow memory alone is far above these limits
  echo "1..1"; echo "ok 1 # skip memory limits do not apply to the sanitizer build"; exit 0
fi
cd "$T"
mkdir d
for m in 8000000 4000000; do
  rm -f d/current
  seq 1000 | "$B/chpst" -m $m "$S" d; rc=$?
  is "$rc:$(cat d/current 2>/dev/null | wc -l)" 0:1000 "chpst -m $m: runs, 1000 lines logged"
done
rm -f d/current
seq 1000 | "$B/chpst" -d 4000000 "$S" d; rc=$?
is "$rc:$(cat d/current 2>/dev/null | wc -l)" 0:1000 "chpst -d 4000000: runs"
err=$(seq 10 | "$B/chpst" -m 1000000 "$S" d 2>&1); rc=$?
is "$rc" 111 "chpst -m 1000000: exit 111, no crash"
like "$err" '^svlogd: fatal: unable to map [0-9]+ bytes for buffers: out of memory' "and says what it asked for"
# the buffers follow the options: -l 1000000 needs more
err=$(seq 10 | "$B/chpst" -m 2800000 "$S" -l 1000000 -b 1000001 d 2>&1); rc=$?
is "$rc" 111 "-l 1000000 under 2.8 MB: exit 111"
seq 1000 > in
rm -f d/current
"$B/chpst" -m 2800000 "$S" d < in; rc=$?
is "$rc:$(wc -l < d/current)" 0:1000 "the default -l under 2.8 MB: runs"
finish
