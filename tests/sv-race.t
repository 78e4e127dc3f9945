#!/bin/sh
# The sv down/sv up race (void-linux/runit#33): runit's sv skips a letter
# the status record already shows as wanted, but the record can be stale
# while earlier letters still wait in the control FIFO.  Many quick pairs
# must leave the service in the state asked for last.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sv-lib.sh"
require od perl
[ -x "$RUNSV" ] || require_ref
export SVDIR="$T"

want() { od -An -c -j17 -N1 "$T/$1/supervise/status" | tr -d ' '; }
# bytes waiting in the control FIFO (FIONREAD, without consuming them)
pending() {
  perl -e 'use Fcntl; sysopen(F, $ARGV[0], O_RDONLY | O_NONBLOCK) or die;
    my $n = pack("i", 0); ioctl(F, 0x541B, $n) or die; print unpack("i", $n)' \
    "$T/$1/supervise/control"
}
settled() { # NAME WANT STATE: every letter read, and the record agrees
  [ "$(pending "$1")" = 0 ] && [ "$(want "$1")" = "$2" ] && [ "$(st "$T/$1")" = "$3" ]
}

mksvc "$T/a"; startsv "$T/a"
i=0; while [ $i -lt 20 ]; do $SV down a; $SV up a; i=$((i + 1)); done
ok '20 x (down; up): ends up' wait_until 60 settled a u 1
sleep 1.5
ok '... and stays up' settled a u 1

i=0; while [ $i -lt 20 ]; do $SV up a; $SV down a; i=$((i + 1)); done
ok '20 x (up; down): ends down' wait_until 60 settled a d 0
sleep 1.5
ok '... and stays down' settled a d 0

$SV up a
i=0; while [ $i -lt 8 ]; do $SV down a; $SV once a; $SV up a; $SV down a; $SV up a; i=$((i + 1)); done
ok 'mixed letters: the last one wins (up)' wait_until 60 settled a u 1
finish
