#!/bin/sh
# The build itself, in a copy of the tree: with dietlibc (static, no
# warning), without it (the notice, then the system compiler), and with
# CC and LD given on the command line as doc/building.md shows, on a
# machine that has diet all the same.
. "$(dirname "$0")/lib.sh"
require make cc tar file
cd "$T"
copy() {  # DIR: the sources, not the build products or caches
  mkdir "$1" && tar -C "$TOP" -cf - Makefile package src tests/unit |
    tar -C "$1" -xf -
}
statics() {  # DIR: how many of the nine programs are static executables
  for p in runit runit-init runsvdir runsvchdir runsv sv svlogd chpst utmpset; do
    file -L "$1/command/$p" 2>/dev/null
  done | grep -c 'statically linked'
}

if command -v diet >/dev/null; then
  copy d; make -C d -j2 >d.out 2>&1; r=$?
  is "$r" 0 "make with dietlibc"
  is "$(statics d)" 9 "... nine static programs in command/"
  is "$(grep -c 'warning:' d.out)" 0 "... no compiler warning (-Wall -Wextra)"
else
  skip "make with dietlibc" "diet not found (apt-get install dietlibc-dev)"
fi

copy n; make -C n -j2 DIET= >n.out 2>&1; r=$?
is "$r" 0 "make without diet"
is "$(grep -c '^make: diet not found: building with the system compiler' n.out)" 1 \
  "... says so in one line"
is "$(statics n)" 9 "... nine static programs all the same"
is "$(grep -c 'warning:' n.out)" 0 "... no compiler warning"

copy c; make -C c -j2 CC=cc LD='cc -static' >c.out 2>&1; r=$?
is "$r" 0 "make CC=cc LD='cc -static', diet installed or not"
is "$(statics c)" 9 "... nine static programs"
n/command/sv 2>/dev/null; is "$?" 100 "the system compiler's sv runs (usage: 100)"
finish
