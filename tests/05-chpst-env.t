#!/bin/sh
# chpst's environment changes (tests/unit/chpst_env_test.c).
. "$(dirname "$0")/lib.sh"
[ -x "$UNIT/chpst_env_test" ] || skip_all "unit tests not built (run make)"
"$UNIT/chpst_env_test"
