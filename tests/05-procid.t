#!/bin/sh
# Process identity (tests/unit/procid_test.c): a process is its pid and
# its start; signals go through pidfds.  As process 1 of a PID namespace
# the unit also recycles pids on purpose (ns_last_pid), which needs root
# and unshare; without them only the rest runs.
. "$(dirname "$0")/lib.sh"
[ -x "$UNIT/procid_test" ] || skip_all "unit tests not built (run make)"
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 &&
   unshare --pid --fork --mount-proc true 2>/dev/null; then
  exec unshare --pid --fork --mount-proc "$UNIT/procid_test" recycled
fi
exec "$UNIT/procid_test"
