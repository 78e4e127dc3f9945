#!/bin/sh
# The helper library unit tests (tests/unit/lib_test.c).
exec "$(dirname "$0")/bin/lib_test"
