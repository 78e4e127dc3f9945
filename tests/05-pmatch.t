#!/bin/sh
# svlogd's pattern matcher (tests/unit/pmatch_test.c).
exec "$(dirname "$0")/bin/pmatch_test"
