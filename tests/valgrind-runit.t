#!/bin/sh
# runit as process 1 of a PID namespace, under valgrind (memcheck,
# descriptors tracked): valgrind runs as process 1 and runit in it, in a
# throw-away root holding valgrind too (the chroot variant of
# /work/shared/notes/pid1-testing.md, so no overlay on the machine's /etc
# is needed).  Stage 2 fails twice (restarted after runit's 5 s), leaves
# orphans for runit to reap, then runs; Ctrl-Alt-Del (SIGINT) runs
# ctrlaltdel twice, a stray SIGCONT is ignored; then the container
# runtime's SIGTERM runs stage 3 and runit exits 0, which lets valgrind
# write its summary: zero errors, and no descriptor of runit's left open
# but the ones it keeps for its whole life.  runit is built with cc for
# valgrind (tests/valgrind.sh says why).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runit-root.sh"
. "$(dirname "$0")/valgrind.sh"
ns_require
vg_build runit
VGBIN=$(command -v valgrind.bin || true)
VGLIB=/usr/libexec/valgrind
[ -x "$VGBIN" ] && [ -x "$VGLIB/memcheck-amd64-linux" ] ||
  skip_all "valgrind.bin and $VGLIB/memcheck-amd64-linux needed (Debian's valgrind package, amd64)"

R=$T/vg
mkroot "$R"
put_bin "$R" /sbin/runit "$VGB/runit"
mkdir -p "$R/usr/bin"
put_bin "$R" /usr/bin/valgrind.bin "$VGBIN"
# valgrind needs the dynamic linker's symbols (Debian's libc6-dbg): the
# detached debugging files of the root's libraries, by build id
for lib in "$R"/lib64/ld-linux* "$R"/lib/x86_64-linux-gnu/libc.so*; do
  id=$(file -L "$lib" | sed -n 's/.*BuildID\[sha1\]=\([0-9a-f]*\).*/\1/p')
  dbg=/usr/lib/debug/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug
  [ -n "$id" ] && [ -f "$dbg" ] || continue
  mkdir -p "$R${dbg%/*}" && cp "$dbg" "$R$dbg"
done
ls "$R"/usr/lib/debug/.build-id/*/*.debug >/dev/null 2>&1 ||
  skip_all "no debugging symbols for ld.so (apt-get install libc6-dbg)"
mkdir -p "$R$VGLIB"
for f in memcheck-amd64-linux vgpreload_core-amd64-linux.so \
         vgpreload_memcheck-amd64-linux.so default.supp; do
  cp "$VGLIB/$f" "$R$VGLIB/$f" || skip_all "$VGLIB/$f missing"
done
stage "$R" 1 'echo @1'
stage "$R" 2 'n=$(cat /tmp/count 2>/dev/null || echo 0); echo $((n + 1)) >/tmp/count
for i in 1 2 3; do (sleep 0.1 &) ; done
if [ $n -lt 2 ]; then echo "@2 fails $n"; exit 111; fi
echo @2 runs; exec sleep 1000'
stage "$R" 3 'echo @3'
stage "$R" ctrlaltdel 'echo @cad'
ns_start "$R" 150 /usr/bin/valgrind.bin --error-exitcode=99 --track-fds=yes \
  --leak-check=full --log-file=/tmp/vg.log /sbin/runit

ok "stage 2 runs after two failures" on_console "$R" '@2 runs' 120
ns_kill CONT "$R"
ns_kill INT "$R"
ok "SIGINT runs ctrlaltdel" on_console "$R" '@cad' 30
sleep 0.5
ns_kill INT "$R"
ok "... every time" wait_until 30 sh -c "[ \$(grep -c '@cad' '$R.console') -ge 2 ]"
p1=$(ns_pid "$R")
like "$(readlink "/proc/$p1/exe")" 'memcheck-amd64-linux' "process 1 is valgrind's memcheck"
like "$(tr '\0' ' ' <"/proc/$p1/cmdline")" '/sbin/runit' "... running /sbin/runit"
ns_kill TERM "$R"
is "$(ns_wait "$R")" "exit 0" "the runtime's SIGTERM: stage 3, then exit 0 (99: valgrind errors)"
ok "stage 3 ran" on_console "$R" '@3' 5
cp "$R/tmp/vg.log" "$T/vg.1.log" 2>/dev/null
is "$(vg_errors)" 0 "valgrind: no errors" || vg_summary
ok "valgrind's summary was written" grep -q 'ERROR SUMMARY' "$T/vg.1.log"
is "$(grep -c 'Zombie\|<defunct>' "$R.console")" 0 "no zombie reported"
own=$(vg_own_fds | awk '{print $2}' | sort | tr '\n' ' ')
is "$own" "  " "at exit only runit's self-pipe is open" || vg_summary
finish
