#!/bin/sh
# Unit tests of src/lib/cgroup, runsv's cgroup file: on a fake tree, then
# on a real cgroup2 in a mount namespace of the test's own (root only;
# those cases are skipped otherwise).
. "$(dirname "$0")/lib.sh"
[ -x "$UNIT/cgroup_test" ] || skip_all "unit tests not built (run make)"
"$UNIT/cgroup_test"
