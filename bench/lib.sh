# Shared by the bench scripts that run our supervisors beside Debian's
# runit 2.1.2.  Source it after setting TOP.
#   B       our programs (command/)
#   REF     Debian's runit, extracted by tests/fetch-ref (fetched if missing)
#   RUNSV   the runsv both runsvdirs start, SV the sv: ours when built,
#           else Debian's; RUNSV=... and SV=... choose others
B=$TOP/command
REF=$TOP/tests/.cache/runit
[ -x "$REF/usr/bin/runsvdir" ] || "$TOP/tests/fetch-ref" >/dev/null || exit 1
RUNSV=${RUNSV:-$([ -x "$B/runsv" ] && echo "$B/runsv" || echo "$REF/usr/bin/runsv")}
SV=${SV:-$([ -x "$B/sv" ] && echo "$B/sv" || echo "$REF/usr/bin/sv")}
