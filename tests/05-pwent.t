#!/bin/sh
# Unit tests of src/lib/pwent, the passwd/group reader chpst uses.
. "$(dirname "$0")/lib.sh"
[ -x "$UNIT/pwent_test" ] || skip_all "unit tests not built (run make)"
"$UNIT/pwent_test"
