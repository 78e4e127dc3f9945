#!/bin/sh
# runit refusing to run unless it is process 1, and runit-init: usage and
# -V (the only things run on the host), the request files of "init 0" and
# "init 6", its errors, and exec'ing /sbin/runit as process 1 (all of
# these inside a PID namespace).  Compared with Debian's runit-init where
# it is safe to run it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runit-root.sh"
ns_require

# --- on the host: only usage and -V ---
U="usage: $B/runit-init 0|6"
is "$("$B/runit-init" 2>&1 >/dev/null; echo "|$?")" "$U

|0" "no argument: usage and a blank line on stderr, exit 0"
out=$("$B/runit-init" -V 2>&1 >/dev/null; echo "|$?")
like "$(printf '%s\n' "$out" | head -n 1)" '^runit-[0-9][^ ]* \([a-z]+\)$' "-V prints the version line"
is "$(printf '%s\n' "$out" | sed 1d)" "
$U

|0" "-V: then a blank line and the usage, exit 0"
is "$("$B/runit-init" x 2>&1; echo "|$?")" "$U

|0" "an unknown request: usage, exit 0"
is "$("$B/runit-init" "" 2>&1; echo "|$?")" "$U

|0" "an empty argument: usage, exit 0"
if [ -x "$REF/lib/runit/runit-init" ]; then
  for a in '' -V x -x; do
    is "$(cd "$T" && "$B/runit-init" $a 2>&1 | sed 's/\$Id: [0-9a-f]* \$/ID/; s/^runit-[0-9][^ ]* ([a-z]*)$/ID/; s|^usage: .*runit-init|usage: init|'; echo "$?")" \
       "$(cd "$T" && "$REF/lib/runit/runit-init" $a 2>&1 | sed 's/\$Id: [0-9a-f]* \$/ID/; s/^runit-[0-9][^ ]* ([a-z]*)$/ID/; s|^usage: .*runit-init|usage: init|'; echo "$?")" \
       "same output as Debian's runit-init for '$a'"
  done
else
  skip "comparison with Debian's runit-init" "not in tests/.cache"
fi

# --- everything else inside a PID namespace ---
# runit as process 2 refuses (it is sh's child there)
R=$T/notone; mkroot "$R"
ns_start "$R" 20 /bin/sh -c '/sbin/runit 2>/dev/console; echo "@rc $?" >/dev/console'
is "$(ns_wait "$R")" "exit 0" "runit as process 2: the namespace ended normally"
is "$(console "$R")" "- runit: fatal: must be run as process no 1.
@rc 111" "runit refuses unless process 1, exit 111"

# runit-init as process 1 becomes /sbin/runit, argv[0] "runit"
R=$T/asinit; mkroot "$R"
stage "$R" 1 'echo "@1 $(tr "\0" " " </proc/1/cmdline)"'
ns_start "$R" 20 /sbin/runit-init
is "$(ns_wait "$R")" "signal 2" "runit-init as process 1 runs runit through to the halt"
like "$(console "$R")" '@1 runit $' "and execs /sbin/runit as \"runit\""

R=$T/norunit; mkroot "$R"; rm "$R/sbin/runit"
ns_start "$R" 20 /sbin/runit-init
is "$(ns_wait "$R")" "exit 111" "runit-init as process 1 without /sbin/runit: exit 111"
is "$(cat "$R.err")" "init: fatal: unable to start runit: file does not exist" "and says why"

# the request files: process 1 is a plain shell here (it has no SIGCONT
# handler, so the signal is dropped), and the shell prints the modes
R=$T/files; mkroot "$R"
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>"$R/etc/passwd"
cat >"$R/files.sh" <<'EOF2'
exec >/dev/console 2>&1
modes() { stat -c %a /etc/runit/stopit /etc/runit/reboot 2>&1 | tr "\n" " "; }
/sbin/runit-init 6; echo "@6 $? $(modes)"
chmod 0 /etc/runit/stopit
/sbin/runit-init 0; echo "@0 $? $(modes)"
rm /etc/runit/reboot /etc/runit/stopit
/sbin/runit-init 0; echo "@0noreboot $? $(stat -c %a /etc/runit/stopit) $(ls /etc/runit/reboot 2>&1)"
echo "@6again $(/sbin/runit-init 6garbage; echo $?) $(modes)"
chmod 555 /etc/runit
su -s /bin/sh nobody -c "/sbin/runit-init 0; echo \$?" 2>&1 | sed "s/^/@user /"
su -s /bin/sh nobody -c "/sbin/runit-init 6; echo \$?" 2>&1 | sed "s/^/@user6 /"
EOF2
ns_start "$R" 20 /bin/sh /files.sh
is "$(ns_wait "$R")" "exit 0" "request files case ran"
like "$(console "$R")" '@6 0 100 100 ' "init 6: stopit and reboot mode 100, exit 0"
like "$(console "$R")" '@0 0 100 0 ' "init 0: stopit 100, reboot 0, exit 0"
like "$(console "$R")" '@0noreboot 0 100 .*(No such file|nonexistent)' "init 0 without a reboot file: fine, none created"
like "$(console "$R")" '@6again 0 100 100 ' "only the first character of the request counts"
like "$(console "$R")" '@user init: fatal: unable to create /etc/runit/stopit: access denied' \
  "init 0 without permission: runit-init's words"
like "$(console "$R")" '@user 111' "and exit 111"
like "$(console "$R")" '@user6 init: fatal: unable to create /etc/runit/stopit: access denied' \
  "init 6 without permission: the same"

finish
