#!/bin/sh
# The same session of sv commands, once with our sv and once with Debian's,
# each against its own copy of a service (with a log) supervised by
# $RUNSV: outputs and exit codes must match once pids and seconds are
# normalized.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sv-lib.sh"
require_ref
require od

session() { # SV DIR
  s=$1; export SVDIR=$2
  mksvc "$2/x" "trap '' HUP; : > ready; exec sleep 3600"
  mkdir "$2/x/log"; printf '#!/bin/sh\nexec cat >/dev/null\n' > "$2/x/log/run"
  chmod +x "$2/x/log/run"
  mksvc "$2/stubborn" "trap '' TERM; : > ready; exec sleep 3600"
  startsv "$2/x"; startsv "$2/stubborn"
  for cmd in 'status x' '-v down x' 'status x' '-v up x' '-v pause x' 'status x' \
             '-v cont x' '-v hup x' 'hup x' '-v once x' 'status x' 'down x' \
             'status nosuch x' '-w 1 down stubborn' 'status stubborn' \
             '-w 1 force-stop stubborn' '-v up x' '-v exit x' 'status x' \
             'exit x' 'up x' '-v exit stubborn'
  do
    # let runsv settle first, so both runs see the same state
    sleep 0.3
    echo "\$ sv $cmd"
    # shellcheck disable=SC2086
    $s $cmd 2>&1; echo "rc=$?"
  done
}

mkdir "$T/ours" "$T/ref"
session "$SV" "$T/ours" | norm > "$T/ours.out"
session "$REFSV" "$T/ref" | norm > "$T/ref.out"
is "$(cat "$T/ours.out")" "$(cat "$T/ref.out")" 'same session, same output'
like "$(cat "$T/ours.out")" 'kill: run: stubborn' 'the session did reach a kill:'
[ -n "${SV_DIFF_SHOW:-}" ] && cat "$T/ours.out" >&2
finish
