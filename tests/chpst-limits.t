#!/bin/sh
# chpst's resource limits and the softlimit personality, read back from
# /proc/self/limits of the program: only the soft limit changes, never
# above the hard limit.
. "$(dirname "$0")/lib.sh"
require prlimit
[ -r /proc/self/limits ] || skip_all "no /proc/self/limits"
cd "$T"   # a program that crashes under a tight limit dumps core here

# soft and hard of one limit, as "soft hard"
lim() { awk -v n="$1" 'index($0, n) == 1 { s = substr($0, 27); split(s, f, " +"); print f[1], f[2] }' "$T/limits"; }
# (through a pipe: -f must not limit the file the output goes to)
run() { "$@" cat /proc/self/limits | cat >"$T/limits"; }

# a known starting point: generous hard limits, low soft limits
P="prlimit --nofile=64:4096 --core=0:1000000 --data=unlimited:unlimited --fsize=1000:unlimited
  --cpu=100:1000 --rss=unlimited:unlimited --nproc=100:5000 --stack=8388608:unlimited
  --memlock=65536:8388608 --as=unlimited:unlimited"

run $P chpst -o 100 -c 5000 -d 123456789 -f 77777 -t 60 -r 99999999 -p 321
is "$(lim 'Max open files')" "100 4096" "-o sets the soft open files limit"
is "$(lim 'Max core file size')" "5000 1000000" "-c core"
is "$(lim 'Max data size')" "123456789 unlimited" "-d data"
is "$(lim 'Max file size')" "77777 unlimited" "-f file size"
is "$(lim 'Max cpu time')" "60 1000" "-t cpu seconds"
is "$(lim 'Max resident set')" "99999999 unlimited" "-r resident set"
is "$(lim 'Max processes')" "321 5000" "-p processes"
is "$(lim 'Max stack size')" "8388608 unlimited" "stack untouched without -m"

run $P chpst -m 40000000
is "$(lim 'Max data size')" "40000000 unlimited" "-m: data"
is "$(lim 'Max stack size')" "40000000 unlimited" "-m: stack"
is "$(lim 'Max locked memory')" "8388608 8388608" "-m: locked memory, clamped to its hard limit"
is "$(lim 'Max address space')" "40000000 unlimited" "-m: address space"

# clamping: a soft limit never goes above the hard one
run $P chpst -o 100000 -c 99999999 -t 5000 -p 999999
is "$(lim 'Max open files')" "4096 4096" "-o above the hard limit: clamped"
is "$(lim 'Max core file size')" "1000000 1000000" "-c clamped"
is "$(lim 'Max cpu time')" "1000 1000" "-t clamped"
is "$(lim 'Max processes')" "5000 5000" "-p clamped"

# softlimit personality
ln -s "$B/chpst" "$T/softlimit"
S=$T/softlimit
run $P "$S" -a 50000000 -c 10 -d 20000000 -f 30 -l 4096 -o 40 -p 50 -r 60000000 -s 7000000 -t 80
is "$(lim 'Max address space')" "50000000 unlimited" "softlimit -a"
is "$(lim 'Max core file size')" "10 1000000" "softlimit -c"
is "$(lim 'Max data size')" "20000000 unlimited" "softlimit -d"
is "$(lim 'Max file size')" "30 unlimited" "softlimit -f"
is "$(lim 'Max locked memory')" "4096 8388608" "softlimit -l"
is "$(lim 'Max open files')" "40 4096" "softlimit -o"
is "$(lim 'Max processes')" "50 5000" "softlimit -p"
is "$(lim 'Max resident set')" "60000000 unlimited" "softlimit -r"
is "$(lim 'Max stack size')" "7000000 unlimited" "softlimit -s"
is "$(lim 'Max cpu time')" "80 1000" "softlimit -t"
run $P "$S" -o = -c = -t =
is "$(lim 'Max open files')" "4096 4096" "softlimit -o =: soft raised to hard"
is "$(lim 'Max core file size')" "1000000 1000000" "softlimit -c ="
is "$(lim 'Max cpu time')" "1000 1000" "softlimit -t ="
run $P "$S" -m 30000000
is "$(lim 'Max data size') $(lim 'Max stack size') $(lim 'Max address space')" \
   "30000000 unlimited 30000000 unlimited 30000000 unlimited" "softlimit -m: data, stack, address space"
is "$(lim 'Max locked memory')" "8388608 8388608" "softlimit -m: locked memory clamped"
run $P "$S" -o 999999
is "$(lim 'Max open files')" "4096 4096" "softlimit clamps to the hard limit"

SU=' [-a allbytes] [-c corebytes] [-d databytes] [-f filebytes] [-l lockbytes] [-m membytes] [-o openfiles] [-p processes] [-r residentbytes] [-s stackbytes] [-t cpusecs] child'
out=$("$S" 2>&1); is "$?/$out" "100/usage: softlimit$SU" "softlimit without a program: usage"
out=$("$S" -x true 2>&1); is "$?/$out" "100/softlimit: illegal option -- x
usage: softlimit$SU" "softlimit unknown option"
out=$("$S" -o abc true 2>&1)
is "$?/$out" "100/usage: softlimit$SU" "softlimit non-numeric value: its own usage (runit prints chpst's)"
chpst -o 12x true 2>/dev/null; is $? 100 "chpst non-numeric limit: usage"

# Debian's chpst sets the same limits
require_ref
D=$REF/usr/bin/chpst
mkdir "$T/ref"; ln -s "$D" "$T/ref/softlimit"
for args in "-o 100 -c 5000 -t 60" "-m 40000000" "-o 100000 -p 999999" "-d 100000000 -f 2000 -r 3"; do
  a=$($P $D $args cat /proc/self/limits 2>&1; echo "rc=$?")
  b=$($P $B/chpst $args cat /proc/self/limits 2>&1; echo "rc=$?")
  is "$b" "$a" "same limits as Debian: chpst $args"
done
for args in "-o = -c = -t 5" "-a 50000000 -l 4096 -s 7000000" "-m 30000000" "-x true"; do
  a=$($P "$T/ref/softlimit" $args cat /proc/self/limits 2>&1; echo "rc=$?")
  b=$($P "$S" $args cat /proc/self/limits 2>&1; echo "rc=$?")
  is "$b" "$a" "same as Debian: softlimit $args"
done

finish
