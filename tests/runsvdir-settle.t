#!/bin/sh
# A service directory created in place while runsvdir watches (cp -r,
# tar x, rsync, an installer's mkdir then files) gets its runsv only once
# it is complete: it has a ./run and has been quiet for a moment.  runsv
# reads ./down and looks for log/ only as it starts, so a runsv started
# on the bare directory would start a service meant to stay down and
# never start its log service.  A symlink appears whole and is still
# started at once (runsvdir-pickup.t, bench/pickup.sh).  The real runsv.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runsvdir-lib.sh"
use_real_runsv
S=$T/sv
start_runsvdir "$S"
ok "runsvdir watches dir" wait_until 20 sh -c "grep -q '^inotify' /proc/$RD/fdinfo/* 2>/dev/null"

# runsvdir watches the new directory itself (an inotify watch on its
# inode), or, without that, has started a runsv there
watched() {
  _i=$(printf '%x' "$(stat -c %i "$S/$1")")
  grep -q "^inotify wd:[0-9]* ino:$_i " /proc/"$RD"/fdinfo/* 2>/dev/null
}
seen_dir() { watched "$1" || [ -e "$S/$1/supervise" ]; }
stat_is() { [ "$(cat "$2/supervise/stat" 2>/dev/null)" = "$1" ]; }
# the service is down (./down honoured) and its log service runs
complete() {
  ok "$1: runsv started" wait_until 20 test -p "$S/$1/supervise/ok"
  ok "$1: ./down honoured" wait_until 20 stat_is down "$S/$1"
  ok "$1: log/ supervised" wait_until 20 stat_is run "$S/$1/log"
}
# what the directory gets: ./run, ./down, log/run (in the order given)
fill() {
  for f; do
    case $f in
      run) printf '#!/bin/sh\nexec sleep 3600\n' >"$d/$f"; chmod +x "$d/$f" ;;
      # (a log service that ends with its pipe, so runsv can exit)
      log/run) printf '#!/bin/sh\nexec cat >/dev/null\n' >"$d/$f"; chmod +x "$d/$f" ;;
      down) : >"$d/down" ;;
      log) mkdir "$d/log" ;;
    esac
  done
}

# mkdir, seen by runsvdir, then the files, ./run last: however slow
# the filling, ./down and log/ are there before ./run is
mkdir "$S/foo"
ok "foo: runsvdir has seen the new directory" wait_until 20 seen_dir foo
ok "foo: no runsv on the bare directory" [ ! -e "$S/foo/supervise" ]
d=$S/foo; fill down log log/run run
complete foo

# rsync's way: each file written under a temporary name, then renamed,
# in rsync's order (down, log/, run, then what is in log/)
mkdir "$S/bar"
ok "bar: runsvdir has seen the new directory" wait_until 20 seen_dir bar
ok "bar: no runsv on the bare directory" [ ! -e "$S/bar/supervise" ]
d=$S/bar
: >"$d/.down.Xb2"; mv "$d/.down.Xb2" "$d/down"
mkdir "$d/log"
printf '#!/bin/sh\nexec sleep 3600\n' >"$d/.run.Xa1"; chmod +x "$d/.run.Xa1"; mv "$d/.run.Xa1" "$d/run"
printf '#!/bin/sh\nexec cat >/dev/null\n' >"$d/log/.run.Xc3"; chmod +x "$d/log/.run.Xc3"
mv "$d/log/.run.Xc3" "$d/log/run"
complete bar

# a whole directory renamed into dir (an installer's temporary name)
d=$T/src/baz; mkdir -p "$d"; fill run down log log/run
mv "$d" "$S/baz"
complete baz

# tar x, then cp -r, eight times each, with the machine busy meanwhile
d=$T/src/svc; mkdir -p "$d"; fill run down log log/run
(cd "$T/src" && tar cf "$T/svc.tar" svc)
spawn sh -c 'exec yes >/dev/null'; y1=$!
spawn sh -c 'exec yes >/dev/null'; y2=$!
n=1; bad=
while [ $n -le 8 ]; do
  (cd "$S" && tar xf "$T/svc.tar" --transform "s|^svc|tar$n|")
  cp -r "$T/src/svc" "$S/cp$n"
  n=$((n + 1))
done
n=1
while [ $n -le 8 ]; do
  for s in tar$n cp$n; do
    # runsv writes its stat as it starts: down, or run if it came too early
    wait_until 20 test -s "$S/$s/supervise/stat"
    stat_is down "$S/$s" && wait_until 20 stat_is run "$S/$s/log" || bad="$bad $s"
  done
  n=$((n + 1))
done
kill -KILL $y1 $y2
is "$bad" "" "tar x and cp -r under load: ./down honoured, log/ supervised, every time"

# a symlink is started at once, whatever is in it
d=$T/src/lnk; mkdir -p "$d"; fill run down
ln -s "$d" "$S/lnk"
ok "symlink: runsv started" wait_until 20 test -p "$S/lnk/supervise/ok"
is "$(grep -c warning "$T/rd.err")" 0 "no warning"
kids=$(children "$RD")
stop_runsvdir
gone() { for k in $kids; do alive "$k" && return 1; done; return 0; }
ok "every runsv ended after SIGHUP (none left behind)" wait_until 30 gone
finish
