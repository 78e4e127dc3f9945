#!/bin/sh
# The example service directories in etc/sv and etc/demo, checked without
# our programs: every script is executable POSIX sh that parses, and each
# etc/sv run script, run with stub daemons first in PATH, reaches the exec
# of its daemon (the daemons themselves need not be installed).
# Starting them for real under runsvdir: tests/docs-services.t.
. "$(dirname "$0")/lib.sh"

cd "$TOP/etc" || skip_all "no etc/ directory"
services=$(ls -d sv/*/ demo/*/ 2>/dev/null | sed 's,/$,,')
[ -n "$services" ] || skip_all "no example services in etc/sv or etc/demo"

# Stubs record how they were called, then exit 0.
stubs=$T/stubs
mkdir -p "$stubs"
for p in agetty sshd cron socklog vmstat chpst svlogd utmpset sv sleep mkdir; do
  printf '#!/bin/sh\necho "%s $*" >>"$STUBLOG"\n' "$p" >"$stubs/$p"
  chmod 755 "$stubs/$p"
done

for s in $services; do
  ok "$s: has an executable run" test -f "$s/run" -a -x "$s/run"
  for f in run finish check log/run; do
    [ -e "$s/$f" ] || continue
    ok "$s/$f: executable" test -x "$s/$f"
    is "$(head -n 1 "$s/$f")" "#!/bin/sh" "$s/$f: #!/bin/sh"
    ok "$s/$f: sh -n" sh -n "$s/$f"
    if command -v checkbashisms >/dev/null 2>&1; then
      ok "$s/$f: checkbashisms" checkbashisms -f "$s/$f"
    fi
  done
  case $s in sv/*)
    ok "$s: has a log service" test -x "$s/log/run" ;;
  esac
done

# runexec DIR SCRIPT: run SCRIPT in a copy of DIR with the stubs first in
# PATH; prints what the stubs recorded.
runexec() {
  rm -rf "$T/copy" "$T/stub.log"
  cp -R "$1" "$T/copy"
  (cd "$T/copy${2%/*}" && STUBLOG=$T/stub.log PATH="$stubs:$PATH" \
    sh "./${2##*/}" </dev/null >/dev/null 2>&1)
  cat "$T/stub.log" 2>/dev/null
}

is "$(runexec sv/getty-tty5 /run)" "chpst -P agetty 38400 tty5 linux" \
  "getty-tty5/run execs agetty on tty5 through chpst -P"
is "$(runexec sv/getty-tty5 /finish)" "utmpset -w tty5" \
  "getty-tty5/finish logs tty5 out in utmp and wtmp"
like "$(runexec sv/sshd /run | tr "\n" " ")" "sshd -t .*sshd -D -e" \
  "sshd/run tests the configuration, then execs sshd -D -e"
is "$(runexec sv/cron /run)" "cron -f" "cron/run execs cron -f"
is "$(runexec sv/syslog /run)" "socklog unix /dev/log" \
  "syslog/run execs socklog on /dev/log"
is "$(runexec sv/syslog /log/run)" "svlogd -tt main auth kern" \
  "syslog/log/run execs one svlogd for three directories"
is "$(runexec sv/vmstat /run)" "vmstat -n 60" "vmstat/run execs vmstat"
like "$(grep '^!' sv/vmstat/log/main/config)" '^!gzip$' \
  "vmstat's log directory has gzip as processor"
for s in sv/getty-tty5 sv/sshd sv/cron sv/vmstat demo/clock; do
  like "$(runexec "$s" /log/run)" "svlogd -tt main$" \
    "$s/log/run execs svlogd -tt main"
done
for d in main auth kern; do
  ok "syslog/log/$d/config exists" test -f "sv/syslog/log/$d/config"
done

# doc/run-scripts.md shows each file of etc/sv as it is: the block after
# the line "`etc/sv/<file>`:" equals the file.
doc=$TOP/doc/run-scripts.md
for f in $(find sv -type f | sort); do
  block=$(awk -v want="\`etc/$f\`:" '
    $0 == want { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$doc")
  is "$block" "$(cat "$f")" "doc/run-scripts.md shows etc/$f as it is"
done

finish
