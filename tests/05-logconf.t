#!/bin/sh
# svlogd's config parser, patterns, line splitter and size rule
# (tests/unit/logconf_test.c).
. "$(dirname "$0")/lib.sh"
[ -x "$UNIT/logconf_test" ] || skip_all "unit tests not built (run make)"
"$UNIT/logconf_test"
