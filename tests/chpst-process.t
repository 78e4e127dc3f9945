#!/bin/sh
# chpst -n, -P, -0/-1/-2, -b, -/ and -C seen from inside the program, and
# the fixed order in which chpst applies its options.
. "$(dirname "$0")/lib.sh"
require_root
require busybox nice

base=$(nice)
clamp() { [ "$1" -gt 19 ] && echo 19 || echo "$1"; }
is "$(chpst -n 5 nice)" "$(clamp $((base + 5)))" "-n 5 adds to the niceness"
is "$(chpst -n +3 nice)" "$(clamp $((base + 3)))" "-n +3"
is "$(chpst -n -2 nice)" $((base - 2)) "-n -2 (as root)"
is "$(chpst -n '' nice)" "$base" "-n '' is 0, as in runit"
out=$(chpst -u nobody chpst -n -1 true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to set nice level: permission denied" "unprivileged -n -1 fails"

# -P: the program leads a new session
sid() { awk '{ print $6 }' "/proc/$1/stat"; }
out=$(chpst -P sh -c 'echo $$ $(awk "{ print \$6 }" /proc/$$/stat)')
is "$(echo "$out" | awk '{ print ($1 == $2) }')" 1 "-P: session id is the program's pid"
out=$(chpst sh -c 'echo $$ $(awk "{ print \$6 }" /proc/$$/stat)')
is "$(echo "$out" | awk '{ print ($1 == $2) }')" 0 "without -P: same session as the caller"
ln -s "$B/chpst" "$T/pgrphack"
out=$("$T/pgrphack" sh -c 'echo $$ $(awk "{ print \$6 }" /proc/$$/stat)')
is "$(echo "$out" | awk '{ print ($1 == $2) }')" 1 "pgrphack: new session"
out=$("$T/pgrphack" 2>&1); is "$?/$out" "100/usage: pgrphack child" "pgrphack usage"

# -0 -1 -2: those descriptors are closed in the program
# (the program reports on fd 3, which chpst leaves alone)
fds() { chpst "$@" sh -c 'r=; for f in 0 1 2; do [ -e /proc/$$/fd/$f ] && r=$r$f; done; echo "[$r]" >&3' 3>&1; }
is "$(fds)" "[012]" "without -0 -1 -2: all open"
is "$(fds -0)" "[12]" "-0 closes stdin"
is "$(fds -1)" "[02]" "-1 closes stdout"
is "$(fds -2 2>/dev/null)" "[01]" "-2 closes stderr"
is "$(fds -012)" "[]" "-012 closes all three"
out=$(chpst -0 true <&- 2>&1)
is "$?/$out" "111/chpst: fatal: unable to close stdin: file descriptor not open" "-0 with stdin already closed"

# -b: argv[0]
is "$(chpst -b fancy-name sh -c 'echo $0')" "fancy-name" "-b sets argv[0]"
is "$(chpst -b fancy sh -c 'cat /proc/$$/cmdline | tr "\0" " "')" "fancy -c cat /proc/\$\$/cmdline | tr \"\\0\" \" \" " "-b: the rest of argv unchanged"

# -/ and -C
chmod 755 "$T"
R=$T/root
mkdir -p "$R/bin" "$R/etc" "$R/inner/dir"
cp "$(command -v busybox)" "$R/bin/busybox"
for a in sh ls cat pwd id; do ln -s busybox "$R/bin/$a"; done
touch "$R/marker"
is "$(chpst -/ "$R" sh -c 'ls /')" "bin
etc
inner
marker" "-/ changes the root directory"
is "$(chpst -/ "$R" pwd)" "/" "-/ leaves the program at the new root"
is "$(chpst -/ "$R" -C /inner/dir pwd)" "/inner/dir" "-C after -/ is inside the new root"
is "$(cd / && chpst -C "$R/inner" pwd)" "$R/inner" "-C alone"
out=$(chpst -C "$T/nonexistent" true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to change directory: $T/nonexistent: file does not exist" "-C missing directory"
out=$(chpst -/ "$R" -C /nonexistent true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to change directory: /nonexistent: file does not exist" "-C missing inside the new root"
out=$(chpst -/ "$T/nonexistent" true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to change directory: $T/nonexistent: file does not exist" "-/ missing directory"
out=$(chpst -/ "$R" true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to run: true: file does not exist" "-/: the program is looked up inside the new root"
out=$(chpst -u nobody chpst -/ "$R" true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to change root directory: permission denied" "unprivileged -/ fails"

# the order is fixed, whatever the order on the command line
mkdir "$T/env"; echo from-envdir >"$T/env/WHERE"
is "$(chpst -/ "$R" -e "$T/env" sh -c 'echo $WHERE')" "from-envdir" "envdir is read before the chroot (path outside the new root)"
is "$(chpst -n -3 -u nobody nice)" $((base - 3)) "nice is set before dropping privileges"
printf 'root:x:0:0::/:/bin/sh\nkeeper:x:4321:4322::/:/bin/sh\n' >"$R/etc/passwd"
chmod 777 "$R/inner"
chpst -l /inner/lock -u keeper -/ "$R" /bin/busybox true
is "$?" 0 "lock, user and root together"
is "$(stat -c %u "$R/inner/lock")" 4321 "the lock is taken after chroot and setuid (new path, new owner)"
is "$(chpst -C /inner -u keeper -/ "$R" sh -c 'id -u; pwd')" "4321
/inner" "-C and -u after -/"
chmod 700 "$R/inner/dir"
out=$(chpst -u keeper -C /inner/dir -/ "$R" /bin/busybox true 2>&1)
is "$?" 0 "-C happens before setuid (root may enter a 0700 directory)"
out=$(chpst -o 3 -L "$T/olock" busybox true 2>&1)
is "$?/$out" "0/" "limits come after the lock (the lock needs fd 3 under -o 3)"
out=$(chpst -2 -L /nonexistent/x true 2>&1)
is "$?/$out" "111/chpst: fatal: unable to open lock: /nonexistent/x: file does not exist" "the lock comes before closing stderr"
out=$(chpst -0 -L "$T/olock" sh -c 'readlink /proc/$$/fd/3; [ -e /proc/$$/fd/0 ] || echo closed')
is "$out" "$T/olock
closed" "the lock takes fd 3 before stdin is closed"
out=$(chpst -P -u nobody sh -c 'echo $$ $(awk "{ print \$6 }" /proc/$$/stat) $(id -u)')
is "$(echo "$out" | awk '{ print ($1 == $2) }') $(echo "$out" | awk '{ print $3 }')" "1 $(id -u nobody)" "-P with -u"

# Debian's chpst agrees
require_ref
D=$REF/usr/bin/chpst
for args in "-n 5 nice" "-/ $R sh -c 'ls /'" "-/ $R true" "-/ $T/nonexistent true" "-b fancy sh -c 'echo \$0'" \
            "-0 true <&-" "-n -3 -u nobody nice" "-u nobody $D -/ $R true" \
            "-o 3 -L $T/olock busybox true" "-2 -L /nonexistent/x true"; do
  a=$(eval "$D $args" 2>&1; echo "rc=$?")
  b=$(eval "$B/chpst $args" 2>&1; echo "rc=$?")
  is "$b" "$a" "same as Debian: chpst $args"
done

finish
