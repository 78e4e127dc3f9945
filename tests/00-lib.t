#!/bin/sh
# The helper library unit tests (tests/unit/lib_test.c print TAP).
. "$(dirname "$0")/lib.sh"
[ -x "$UNIT/lib_test" ] || skip_all "unit tests not built (run make)"
"$UNIT/lib_test"
