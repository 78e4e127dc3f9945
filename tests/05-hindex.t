#!/bin/sh
# runsvdir's hash index (tests/unit/hindex_test.c).
. "$(dirname "$0")/lib.sh"
[ -x "$UNIT/hindex_test" ] || skip_all "unit tests not built (run make)"
"$UNIT/hindex_test"
