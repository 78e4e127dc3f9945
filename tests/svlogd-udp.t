#!/bin/sh
# svlogd: u and U config lines, received by a listener on 127.0.0.1.
. "$(dirname "$0")/lib.sh"
require python3
S=$B/svlogd
cd "$T"
setup() { d=$1; rm -rf "$d"; mkdir "$d"; shift; printf '%s\n' "$@" > "$d/config"; }

# listener: binds a free port, writes it to $1.port, then each datagram
# (repr) as a line to $1, until idle for 3 s
cat > listen.py <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
s.settimeout(3)
with open(sys.argv[1] + '.port', 'w') as f:
    f.write(str(s.getsockname()[1]))
with open(sys.argv[1], 'w') as out:
    try:
        while True:
            out.write(repr(s.recv(70000)) + '\n'); out.flush()
    except socket.timeout:
        pass
PY
listen() {
  rm -f "$1" "$1.port"
  spawn python3 listen.py "$1" >/dev/null
  wait_until 10 [ -s "$1.port" ]
  port=$(cat "$1.port")
}

listen u1.out
setup u1 "u127.0.0.1:$port" 'pP:'
printf 'hello\n0123456789abc\n' | "$S" -tt -l 10 -b 11 u1
wait_until 10 sh -c '[ "$(wc -l < u1.out)" -ge 2 ]'
like "$(sed -n 1p u1.out)" "^b'[0-9-]{10}_[0-9:.]{14} P:hello\\\\n'\$" "u: datagram = stamp, prefix, line, newline"
like "$(sed -n 2p u1.out)" "P:0123456789\\.\\.\\.\\\\n'\$" "u: -l truncation with ..."
is "$(sed 's/^[^ ]* //' u1/current | tr '\n' ' ')" "P:hello P:0123456789abc " "u: also logged to the dir"

listen u2.out
setup u2 "U127.0.0.1:$port" '-*skip*'
printf 'one\nskip me\ntwo\n' | "$S" u2
wait_until 10 sh -c '[ "$(wc -l < u2.out)" -ge 2 ]'
is "$(cat u2.out | tr '\n' ' ')" "b'one\\n' b'two\\n' " "U: selected lines sent"
is "$(cat u2/current)" "" "U: nothing written to the dir"

# bad addresses: warnings, line still logged
setup u3 u1.2.3 u1.2.3.4:0 u300.1.1.1 u127.0.0.1:99999
err=$(echo x | "$S" u3 2>&1)
is "$err" "svlogd: warning: unable to scan ip address: 1.2.3
svlogd: warning: unable to scan port number: 0
svlogd: warning: unable to scan ip address: 300.1.1.1
svlogd: warning: unable to scan port number: 99999" "bad ip/port: warnings"
is "$(cat u3/current)" x "bad ip/port: line logged"
# unreachable / unsendable host: line logged, no hang, exit 0
setup u4 u10.255.255.1:9
echo y | "$S" u4; rc=$?
is "$rc:$(cat u4/current)" "0:y" "unreachable host: logged, exit 0"
setup u5 u255.255.255.255:9
echo z | "$S" u5
is "$(cat u5/current)" "warning: failure sending through udp: z
z" "send failure noted in the log"

finish
