#!/bin/sh
# chpst -u, -U and the setuidgid/envuidgid personalities: the ids and
# groups the program really runs with (seen from inside it), lookups in
# /etc/passwd and /etc/group (of the new root after -/), and the errors.
. "$(dirname "$0")/lib.sh"
require_root
require id busybox

groups_of() { sed -n 's/^Groups:[[:space:]]*//p' "$1" | tr -s ' \t' ' ' | sed 's/ $//'; }
status() { chpst "$@" cat /proc/self/status >"$T/status" 2>"$T/err"; echo $?; }

# a caller with supplementary groups loses them all
is "$(status -u :0:0:4242:4343)" 0 "numeric -u runs"
is "$(groups_of "$T/status")" "0 4242 4343" "numeric -u sets exactly the listed groups"
chpst -u :0:0:4242:4343 chpst -u nobody cat /proc/self/status >"$T/status"
nobody_gid=$(id -g nobody)
is "$(groups_of "$T/status")" "$nobody_gid" "-u user: only the user's primary group survives"
is "$(chpst -u :0:0:4242 chpst -u nobody id -u)" "$(id -u nobody)" "-u user: id -u"
is "$(chpst -u nobody id -g)" "$nobody_gid" "-u user: id -g is the primary group"
is "$(chpst -u :0:0:4242 chpst -u nobody id -G)" "$nobody_gid" "-u user: id -G"
sed -n 's/^Uid:[[:space:]]*//p' "$T/status" | tr -s '\t ' ' ' >"$T/uids"
is "$(cat "$T/uids")" "$(id -u nobody) $(id -u nobody) $(id -u nobody) $(id -u nobody)" "real, effective, saved and fs uid all changed"
grp=$(sed -n 's/^\([^:]*\):[^:]*:0:.*/\1/p' /etc/group | head -1)
d=$(sed -n 's/^\([^:]*\):[^:]*:[0-9]*:.*/\1/p' /etc/group | sed -n 2p)
dgid=$(sed -n "s/^$d:[^:]*:\([0-9]*\):.*/\1/p" /etc/group | head -1)
is "$(chpst -u "nobody:$d:$grp" id -G)" "$dgid 0" "-u user:group:group sets these groups, the first one as gid"
is "$(chpst -u "nobody:$d" id -g)" "$dgid" "-u user:group sets the gid"

# a uid and gids that exist nowhere: the numeric form does no lookups
is "$(chpst -u :54321:54322:54323 id -u)" 54321 "numeric uid that does not exist"
is "$(chpst -u :54321:54322:54323 id -G)" "54322 54323" "numeric gids that do not exist"

# -U: only the environment
out=$(chpst -U nobody sh -c 'echo $UID:$GID:$(id -u)')
is "$out" "$(id -u nobody):$nobody_gid:0" "-U sets UID and GID, not the ids"
is "$(chpst -U ":12:34:56" sh -c 'echo $UID:$GID')" "12:34" "-U numeric: GID is the first group"
is "$(chpst -U nobody -u :7:8 sh -c 'echo $UID:$(id -u)')" "$(id -u nobody):7" "-U with -u"

# errors
e() { out=$(chpst "$@" true 2>&1); echo "$?/$out"; }
is "$(e -u nosuchuser-xyz)" "111/chpst: fatal: unknown user/group: nosuchuser-xyz" "unknown user"
is "$(e -u nobody:nosuchgroup-xyz)" "111/chpst: fatal: unknown user/group: nobody:nosuchgroup-xyz" "unknown group"
is "$(e -u nobody:)" "111/chpst: fatal: unknown user/group: nobody:" "empty group name"
is "$(e -u :abc)" "111/chpst: fatal: invalid uid/gids: abc" "non-numeric uid"
is "$(e -u :1000)" "111/chpst: fatal: invalid uid/gids: 1000" "numeric form without gid"
is "$(e -u :1000:)" "111/chpst: fatal: invalid uid/gids: 1000:" "empty gid is rejected (not root's group)"
is "$(e -u ::5)" "111/chpst: fatal: invalid uid/gids: :5" "empty uid is rejected (not root)"
is "$(e -u :1:2x)" "111/chpst: fatal: invalid uid/gids: 1:2x" "junk after a gid"
is "$(e -U nosuchuser-xyz)" "111/chpst: fatal: unknown user/group: nosuchuser-xyz" "-U unknown user"
out=$(chpst -u nobody chpst -u root true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to setgroups: permission denied" "unprivileged: unable to setgroups"

# personalities
ln -s "$B/chpst" "$T/setuidgid"; ln -s "$B/chpst" "$T/envuidgid"
is "$("$T/setuidgid" nobody id -u)" "$(id -u nobody)" "setuidgid: uid"
is "$(chpst -u :0:0:4242 "$T/setuidgid" nobody id -G)" "$nobody_gid" "setuidgid: primary group only"
out=$("$T/setuidgid" nobody:nogroup true 2>&1)
is "$?/$out" "111/chpst: fatal: unknown account: nobody:nogroup" "setuidgid: name only"
out=$("$T/setuidgid" :0 true 2>&1)
is "$?/$out" "111/chpst: fatal: unknown account: :0" "setuidgid: no numeric form"
is "$("$T/envuidgid" nobody sh -c 'echo $UID:$GID:$(id -u)')" "$(id -u nobody):$nobody_gid:0" "envuidgid"
out=$("$T/setuidgid" nobody 2>&1)
is "$?/$out" "100/usage: setuidgid account child" "setuidgid usage"
out=$("$T/envuidgid" 2>&1)
is "$?/$out" "100/usage: envuidgid account child" "envuidgid usage"

# -u after -/: the user comes from the new root's passwd (spec 14)
R=$T/root
mkdir -p "$R/bin" "$R/etc" "$R/tmp"
cp "$(command -v busybox)" "$R/bin/busybox"
ln -s busybox "$R/bin/sh"; ln -s busybox "$R/bin/id"; ln -s busybox "$R/bin/cat"
printf 'root:x:0:0::/:/bin/sh\nwarden:x:3210:3211::/:/bin/sh\n' >"$R/etc/passwd"
printf 'root:x:0:\nkeepers:x:3211:\nguards:x:3212:warden\n' >"$R/etc/group"
is "$(chpst -/ "$R" -u warden id -u)" 3210 "-/ then -u: uid from the new root"
is "$(chpst -/ "$R" -u warden:keepers:guards id -G)" "3211 3212" "-/ then -u: groups from the new root"
is "$(chpst -/ "$R" -U warden sh -c 'echo $UID:$GID')" "3210:3211" "-/ then -U from the new root"
out=$(chpst -u warden true 2>&1)
is "$?/$out" "111/chpst: fatal: unknown user/group: warden" "that user is unknown outside"
rm "$R/etc/passwd"
out=$(chpst -/ "$R" -u warden true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to get password/group file entry: file does not exist" "no passwd in the new root"

# Debian's chpst agrees on the messages and codes
require_ref
D=$REF/usr/bin/chpst
printf 'root:x:0:0::/:/bin/sh\nwarden:x:3210:3211::/:/bin/sh\n' >"$R/etc/passwd"
for args in "-u nosuchuser-xyz true" "-u nobody:nosuchgroup-xyz true" "-u :abc true" \
            "-u :1000:1001:1002 id" "-u :54321:54322 id -G" "-u nobody id" \
            "-u nobody:$d:$grp id" "-U nobody env" "-u nobody $D -u root true" \
            "-/ $R -u warden id" "-/ $R -u warden:nosuch id"; do
  a=$(eval "$D $args" 2>&1; echo "rc=$?")
  b=$(eval "$B/chpst $args" 2>&1; echo "rc=$?")
  is "$(printf '%s\n' "$b" | grep -v '^_=')" "$(printf '%s\n' "$a" | grep -v '^_=')" "same as Debian: chpst $args"
done
rm "$R/etc/passwd"
a=$($D -/ "$R" -u warden true 2>&1; echo "rc=$?")
b=$(chpst -/ "$R" -u warden true 2>&1; echo "rc=$?")
is "$b" "$a" "same as Debian: no passwd in the new root"

finish
