#!/bin/sh
# sv's command line and what it makes of a status record (tests/unit/svrecord_test.c).
. "$(dirname "$0")/lib.sh"
[ -x "$UNIT/svrecord_test" ] || skip_all "unit tests not built (run make)"
"$UNIT/svrecord_test"
