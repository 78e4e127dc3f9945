#!/bin/sh
# chpst's environment changes and option parsing (tests/unit/envset_test.c).
. "$(dirname "$0")/lib.sh"
[ -x "$UNIT/envset_test" ] || skip_all "unit tests not built (run make)"
"$UNIT/envset_test"
