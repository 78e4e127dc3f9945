#!/bin/sh
# chpst -e: an environment of more than 1 MiB goes through, up to the
# kernel's exec limit, which the kernel's own message names (issue 20,
# item 10).
. "$(dirname "$0")/lib.sh"
cd "$T"
mkdir e
# 20 variables of 70000 bytes: 1.4 MB, each below the kernel's 128 KiB
# a string and all below a quarter of an 8 MiB stack
i=0; while [ $i -lt 20 ]; do i=$((i + 1)); head -c 70000 /dev/zero | tr '\0' x > e/V$i; done
ulimit -s 8192 2>/dev/null || true
out=$("$B/chpst" -e e env 2>&1 | awk 'length($0) > 70000 && /^V[0-9]*=xxx/' | wc -l)
is "$out" 20 "1.4 MB of envdir: all 20 variables set"
ln -s "$B/chpst" envdir
out=$(./envdir e env 2>/dev/null | grep -c '^V')
is "$out" 20 "envdir personality: the same"
# far beyond the kernel's limit: the kernel's error, named
while [ $i -lt 200 ]; do i=$((i + 1)); head -c 70000 /dev/zero | tr '\0' x > e/V$i; done
err=$("$B/chpst" -e e true 2>&1); rc=$?
is "$rc" 111 "14 MB: exit 111"
like "$err" "unable to run: true: argument list too long" "14 MB: the kernel's limit named"
finish
