#!/bin/sh
# The log argument: runsvdir's and its children's stderr scroll through
# the argument in place (visible in /proc/PID/cmdline), positions 0-4 fixed,
# NUL bytes dropped, a dot written at startup.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsvdir-lib.sh"
S=$T/sv
# a stand-in runsv that writes a message on stderr (the log pipe) and sleeps
rm -f "$T/bin/runsv"
cat >"$T/bin/runsv" <<EOS
#!/bin/sh
echo "\$\$ \$1" >>"$T/starts"
printf 'hello from %s\n' "\$1" >&2
[ -e "\$1/nul" ] && printf 'A\0B\0C' >&2
exec sleep 3600
EOS
chmod +x "$T/bin/runsv"; : >"$T/starts"
trap 'kill_started; _cleanup' EXIT

title() { tr '\0\n' '|/' </proc/"$RD"/cmdline; }
has() { title | grep -q -- "$1"; }
log=$(printf 'log: %080d' 0 | tr 0 x)
start_runsvdir "$S" "$log"
# the dot first: a runsv started before it could otherwise write first
ok "startup dot: scrolled in, the argument otherwise intact" wait_until 20 has "|log: x\{79\}\.|\$"
mkdir -p "$S/alpha"
ok "runsv's stderr appears in the argument" wait_until 20 has 'hello from alpha'
got=$(title)
like "$got" "^$B/runsvdir\|$S\|log: " "first five characters fixed, other arguments intact"
is "${#got}" "$(printf '%s|%s|%s|' "$B/runsvdir" "$S" "$log" | wc -c | tr -d ' ')" "argument length unchanged"
is "$(printf '%s' "$got" | tail -c 18)" "hello from alpha/|" "scrolls: newest bytes at the end"

mkdir -p "$T/beta"; : >"$T/beta/nul"; mv "$T/beta" "$S/beta"
ok "more output scrolls on" wait_until 20 has 'ABC|$'
like "$(title)" 'hello from beta/ABC\|$' "NUL bytes dropped"

# runsvdir's own warnings go there too
ln -s "$T/nowhere" "$S/dangling"
ok "runsvdir's own warning scrolls in" wait_until 20 has 'file does not exist/|$'
like "$(title)" ": warning: unable to stat dangling: file does not exist/\|\$" "warning text in the window"
ok "nothing on the original stderr" [ ! -s "$T/rd.err" ]

# a long burst (more than a pipe) does not block runsvdir
mkdir -p "$T/big"
for i in $(seq 1 300); do mkdir "$T/big/.x$i"; ln -s "$T/nowhere$i" "$S/d$i"; done
ok "burst of warnings absorbed" wait_until 30 has 'stat d[0-9]*: file does not exist'
mkdir -p "$S/gamma"
ok "still scanning after the burst" wait_until 20 sh -c "grep -q ' gamma\$' '$T/starts'"
stop_runsvdir
finish
