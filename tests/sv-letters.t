#!/bin/sh
# sv: the control letters each command writes (read back from a fake
# supervise/control FIFO), the first-character rules, force-* sending k on
# timeout, and the redundant-letter rule, compared with Debian's sv.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sv-lib.sh"
require_ref
require dd od

fakesv "$T/a"
export SVDIR="$T"

# running, pid 1234, want down without TERM, started 100 s ago: no letter
# is redundant, up passes at once, everything else times out with -w 0
prime() { mkstatus "$T/a" 100 1234 0 d 0 1; ctl "$T/a" >/dev/null; }

for c in up down once pause cont hup alarm interrupt quit 1 2 term kill exit \
         start stop restart reload shutdown try-restart force-stop \
         force-reload force-restart force-shutdown D T X E \
         upwards dance ostrich pickle cat hello ant ice kilo queen 1x 2y \
         tomato x-ray exec Down Tee Xylo Exit
do
  prime; out=$($SV -w 0 "$c" a 2>&1); rc=$?; got=$(ctl "$T/a")
  prime; rout=$($REFSV -w 0 "$c" a 2>&1); rrc=$?; want=$(ctl "$T/a")
  is "$got" "$want" "sv $c writes '$want' as Debian's does"
  is "$(printf '%s\n' "$out" | norm) rc=$rc" "$(printf '%s\n' "$rout" | norm) rc=$rrc" \
    "sv -w 0 $c: same output and exit code as Debian's"
done

# the letters themselves, spelled out
for pair in up:u down:d once:o pause:p cont:c hup:h alarm:a interrupt:i \
            quit:q 1:1 2:2 term:t kill:k exit:x e:x start:u stop:d \
            restart:tcu reload:h shutdown:x try-restart:tc \
            force-stop:dk force-reload:tck force-restart:tcuk \
            force-shutdown:xk D:dk T:tck X:xk E:xk check: umbrella:u
do
  c=${pair%%:*}; l=${pair#*:}; l=${l%%:*}
  prime; $SV -w 0 "$c" a >/dev/null 2>&1
  is "$(ctl "$T/a")" "$l" "sv $c sends '$l'"
done

# a line per timed-out service, and kill: for the force variants
prime
like "$($SV -w 0 force-stop a)" '^kill: run: a: \(pid 1234\) [0-9]+s, want down$' \
  'force-stop prints kill: on timeout'
prime
like "$($SV -w 0 stop a)" '^timeout: run: a: \(pid 1234\) [0-9]+s, want down$' \
  'stop prints timeout: on timeout'
is "$(ctl "$T/a")" d 'stop sends no k on timeout'

# check sends nothing
prime; $SV -w 0 check a >/dev/null; is "$(ctl "$T/a")" "" 'check sends nothing'

# usage: unknown command words
for c in rattle fix force-quit stat-us '' U S Q; do
  $SV "$c" a >/dev/null 2>&1; rc=$?
  case $c in stat-us) want=0 ;; *) want=100 ;; esac
  is "$rc" "$want" "sv '$c' exits $want"
done

# redundant letters.  d is skipped when want is down and TERM was sent...
mkstatus "$T/a" 100 1234 0 d 1 1; ctl "$T/a" >/dev/null
$SV down a; is "$(ctl "$T/a")" "" 'down is not resent once TERM was sent'
# ...but sent when want is down without TERM (after once)
mkstatus "$T/a" 100 1234 0 d 0 1
$SV down a; is "$(ctl "$T/a")" d 'down is sent when want is down but no TERM'
# ...and sent when letters wait unread in the FIFO (the status may be stale)
mkstatus "$T/a" 100 1234 0 d 1 1
printf u > "$T/a/supervise/control"
$SV down a; is "$(ctl "$T/a")" ud 'down is sent while control holds unread letters'
printf u > "$T/a/supervise/control"
$REFSV down a; is "$(ctl "$T/a")" u "(Debian's sv drops it: void-linux/runit#33)"
# u is always sent (runit skips it when want is up)
mkstatus "$T/a" 100 1234 0 u 0 1
$SV up a; is "$(ctl "$T/a")" u 'up is sent even when want is already up'
$REFSV up a; is "$(ctl "$T/a")" "" "(Debian's sv skips it)"
# exit is never redundant
mkstatus "$T/a" 100 0 0 d 0 0
$SV exit a; is "$(ctl "$T/a")" x 'exit is always sent'
finish
