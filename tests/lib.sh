# Shared helpers for the TAP shell tests.  Source it:  . "${0%/*}/lib.sh"
#
#   ok DESC CMD...        one test: passes when CMD succeeds
#   is GOT WANT DESC      one test: string equality (both shown on stderr on failure,
#                         as Test::More does: prove shows them without -v)
#   like GOT REGEX DESC   one test: grep -E match
#                         (ok, is and like return 1 on failure, and name
#                         the failed test on stderr)
#   skip DESC REASON      one skipped test
#   skip_all REASON       the whole script is skipped (a failure under CI=true)
#   require CMD...        skip_all unless every CMD is on PATH
#   wait_until SECS CMD.. poll CMD every 20 ms until it succeeds; 1 on timeout
#   spawn CMD...          run CMD in the background, remember its pid in $!
#   finish                print the plan; the exit code counts failures
#
# $T is a fresh temporary directory, removed at exit, after every process
# started with spawn has been sent SIGTERM and then SIGKILL (by pid, never
# by name).  $B holds our binaries, $UNIT the unit-test binaries, $REF
# Debian's runit (tests/.cache/).

# A test started with a signal ignored (nohup, a background job of a
# script) would pass the ignore on to everything it starts, and a shell
# cannot undo an ignore it inherited: a test that sends that signal would
# wait forever.  So it starts again, once, with the signals tests send set
# to their defaults.
_ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null)
if [ -n "$_ign" ] && [ $((0x$_ign & 0x7a07)) -ne 0 ] && [ -x "$0" ] &&
   env --default-signal=HUP true 2>/dev/null; then
  exec env --default-signal=HUP,INT,QUIT,USR1,USR2,PIPE,ALRM,TERM "$0" "$@"
fi
TOP=$(cd "$(dirname "$0")/.." && pwd)
B=${RUNIT_BIN:-$TOP/command}      # make check SANITIZE=1 points it elsewhere
UNIT=${RUNIT_UNIT:-$TOP/build/diet/tests}
[ -d "$UNIT" ] || UNIT=$TOP/build/cc/tests
REF=$TOP/tests/.cache/runit
export PATH="$B:$PATH"
# a test that runs make itself must not inherit `make check SANITIZE=1`'s
# variables (they would build into build/san instead of command/)
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES SANITIZE
T=$(mktemp -d "${TMPDIR:-/tmp}/runit-test.XXXXXX")
_n=0 _failed=0 _pids=

_cleanup() {
  for p in $_pids; do kill -TERM "$p" 2>/dev/null; done
  for p in $_pids; do kill -0 "$p" 2>/dev/null && { sleep 0.2; break; }; done
  for p in $_pids; do kill -KILL "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap _cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE   # PIPE: prove may be gone before us

ok() {
  _d=$1; shift
  _n=$((_n + 1))
  if "$@"; then echo "ok $_n - $_d"
  else _not_ok "$_d"; fi
}

# a failure: its name on stderr too, where prove shows it without -v
_not_ok() {
  echo "not ok $_n - $1"; _failed=$((_failed + 1))
  echo "#   Failed test $_n - $1 (${0##*/})" >&2
  return 1
}

is() {
  _n=$((_n + 1))
  if [ "$1" = "$2" ]; then echo "ok $_n - $3"
  else
    _not_ok "$3"
    printf '#   got:  %s\n' "$1" | sed '2,$s/^/#         /' >&2
    printf '#   want: %s\n' "$2" | sed '2,$s/^/#         /' >&2
    return 1
  fi
}

like() {
  _n=$((_n + 1))
  if printf '%s\n' "$1" | grep -Eq -- "$2"; then echo "ok $_n - $3"
  else
    _not_ok "$3"
    printf '#   got:  %s\n#   want: /%s/\n' "$1" "$2" >&2
    return 1
  fi
}

skip() { _n=$((_n + 1)); echo "ok $_n # skip $1: $2"; }

skip_all() {
  if [ "${CI:-}" = true ]; then
    echo "1..1"; echo "not ok 1 - prerequisite missing under CI=true: $1"; exit 1
  fi
  echo "1..0 # SKIP $1"; exit 0
}

require() {
  for _c; do command -v "$_c" >/dev/null 2>&1 || skip_all "$_c not found"; done
}

# Debian's runit 2.1.2, fetched by tests/fetch-ref into tests/.cache/.
require_ref() {
  [ -x "$REF/usr/bin/runsv" ] || "$TOP/tests/fetch-ref" >/dev/null 2>&1 ||
    skip_all "Debian's runit could not be fetched (tests/fetch-ref)"
  [ -x "$REF/usr/bin/runsv" ] || skip_all "Debian's runit missing in $REF"
}

require_root() { [ "$(id -u)" = 0 ] || skip_all "needs root"; }

wait_until() {
  _end=$(( $(date +%s%N) / 1000000 + $1 * 1000 )); shift
  until "$@"; do
    [ $(( $(date +%s%N) / 1000000 )) -ge "$_end" ] && return 1
    sleep 0.02
  done
}

spawn() { "$@" & _pids="$_pids $!"; }

finish() {
  echo "1..$_n"
  [ "$_failed" -eq 0 ]
}
