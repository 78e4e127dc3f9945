#!/bin/sh
# runsv's state machine against a model of its world: every sequence of
# events up to a depth, over distinct states (tests/unit/svfsm_model.c).
# SVFSM_MODEL_DEPTH=10 prove tests/05-svfsm-model.t goes deeper (doc/hacking.md).
. "$(dirname "$0")/lib.sh"
[ -x "$UNIT/svfsm_model" ] || skip_all "unit tests not built (run make)"
# the sanitizer build runs some five times slower: one event less deep
depth=${SVFSM_MODEL_DEPTH:-}
[ -z "$depth" ] && [ "${RUNIT_SANITIZE:-}" = 1 ] && depth=5
"$UNIT/svfsm_model" $depth
