#!/bin/sh
# Unit tests of src/lib/pwent, the passwd/group reader chpst uses.
exec "$(dirname "$0")/bin/pwent_test"
