# Helpers for the valgrind tests (tests/valgrind-*.t).  Source after lib.sh.
#
#   vg_build PROG          build src/PROG.c with cc, dynamic and with
#                          debugging symbols, into $VGB/PROG
#
# Why our own build: the static dietlibc binaries read the time through
# the kernel's vsyscall page, which valgrind cannot follow (an invalid
# read at 0xffffffffff600000, then SIGSEGV, under valgrind only), and the
# binaries in $B may be AddressSanitizer ones (make check SANITIZE=1),
# which valgrind cannot run at all.  The same sources, built with glibc,
# show valgrind every read, write and descriptor of ours.
#   VG                     the valgrind command line; logs to $T/vg.<pid>.log
#   vg_errors              the number of errors valgrind reported, in all
#                          logs (0 when every process ended cleanly)
#   vg_own_fds             descriptors open at exit that the process opened
#                          itself (not 0, 1, 2, not inherited): "fd path"
#                          a line (path empty for pipes, "." for a
#                          directory kept open)
#   vg_summary             the logs' error and descriptor summaries, for
#                          the TAP diagnostics
VG="valgrind -q --error-exitcode=99 --track-fds=yes --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --log-file=$T/vg.%p.log"

VGB=$T/vgbin
vg_build() {
  require valgrind cc
  valgrind -q /bin/true 2>/dev/null || skip_all "valgrind does not work here"
  [ -f "$TOP/src/$1.c" ] || skip_all "src/$1.c not written yet"
  mkdir -p "$VGB"
  # the paths built in: the default profile's, as make writes them
  [ -f "$VGB/profile.h" ] || PROFILE=default "$TOP/package/profile" -h >"$VGB/profile.h" ||
    skip_all "package/profile failed"
  cc -g -O1 -std=c99 -D_GNU_SOURCE -Wall -Wextra -I"$TOP/src/lib" -I"$VGB" -o "$VGB/$1" \
    "$TOP/src/$1.c" "$TOP"/src/lib/*.c 2>"$T/cc.log" ||
    { sed 's/^/# /' "$T/cc.log"; skip_all "cc could not build $1 for valgrind"; }
}

vg_errors() {
  cat "$T"/vg.*.log 2>/dev/null | awk '
    /ERROR SUMMARY: [0-9]+ errors/ { for (i = 1; i <= NF; ++i) if ($i == "SUMMARY:") n += $(i + 1) }
    /Invalid (read|write|free)|uninitialised|Syscall param|definitely lost|Mismatched/ { ++e }
    END { print n + e + 0 }'
}

vg_own_fds() {
  cat "$T"/vg.*.log 2>/dev/null | awk '
    /Open (file descriptor|AF_[A-Z0-9]+ socket) [0-9]+/ {
      line = $0; sub(/^==[0-9]+== /, "", line)
      fd = line; sub(/^Open [^0-9]*/, "", fd); sub(/:.*/, "", fd)
      path = line; sub(/^[^:]*:[ ]?/, "", path)
      if (line ~ /socket/) path = "socket"
      pending = fd; pp = path; next }
    pending != "" { if ($0 !~ /inherited from parent/ && pending + 0 > 2) print pending " " pp; pending = "" }'
}

vg_summary() { grep -hE 'ERROR SUMMARY|FILE DESCRIPTORS|Open|inherited|at 0x|by 0x' "$T"/vg.*.log 2>/dev/null | head -40 | sed 's/^/# /' >&2; }
