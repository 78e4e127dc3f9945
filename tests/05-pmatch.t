#!/bin/sh
# svlogd's pattern matcher (tests/unit/pmatch_test.c).
. "$(dirname "$0")/lib.sh"
[ -x "$UNIT/pmatch_test" ] || skip_all "unit tests not built (run make)"
"$UNIT/pmatch_test"
