#!/bin/sh
# runsvdir with services appearing and disappearing rapidly (several
# hundred directory changes a second for about 6 s), then a final set of
# 20: every final service gets its runsv, no runsv is left for a removed
# service, no zombie, no runsv orphaned; SIGHUP then stops every runsv.
. "$(dirname "$0")/lib.sh"
for p in runsvdir runsv; do [ -x "$B/$p" ] || skip_all "$p not built yet"; done
cd "$T"
mkdir S
# the runsv of a service removed under it warns (its supervise/ is gone):
# expected here, so the messages go to a file, checked at the end
spawn "$B/runsvdir" "$T/S" 2>"$T/err"; rd=$!

mksvc() { mkdir "S/$1.tmp" && printf '#!/bin/sh\nexec sleep 1000\n' >"S/$1.tmp/run" &&
          chmod 755 "S/$1.tmp/run" && mv "S/$1.tmp" "S/$1"; }
# ".tmp" names start with no dot: mkdir then mv into place, as tools do;
# runsvdir may see the .tmp directory too (a service that vanishes)
i=0 made=0 end=$(( $(date +%s) + 6 ))
while [ "$(date +%s)" -lt "$end" ]; do
  mksvc c$i; mksvc d$i
  made=$((made + 2))
  [ $i -ge 3 ] && rm -rf "S/c$((i - 3))" "S/d$((i - 3))"
  i=$((i + 1))
done
rm -rf S/c* S/d*
echo "# $made services created and removed in 6 s"
ok "runsvdir survives the churn" kill -0 $rd
n=1; while [ $n -le 20 ]; do mksvc f$n; n=$((n + 1)); done

# runsvdir's children: pid and directory of each
kids() {
  for s in /proc/[0-9]*/stat; do
    p=${s#/proc/}; p=${p%/stat}
    [ "$(awk '{print $4}' "$s" 2>/dev/null)" = "$rd" ] || continue
    echo "$p $(awk '{print $3}' "$s" 2>/dev/null) $(readlink "/proc/$p/cwd" 2>/dev/null)"
  done
}
final_up() {
  n=1; while [ $n -le 20 ]; do
    [ "$(od -An -tu1 -j19 -N1 "S/f$n/supervise/status" 2>/dev/null | tr -d ' ')" = 1 ] || return 1
    n=$((n + 1))
  done
}
ok "every final service runs" wait_until 60 final_up
ok "runsvdir's children are the 20 runsv of the final services" \
  wait_until 30 sh -c '[ "$(for s in /proc/[0-9]*/stat; do awk -v p='"$rd"' '"'"'$4 == p'"'"' "$s" 2>/dev/null; done | wc -l)" = 20 ]'
k=$(kids)
is "$(echo "$k" | awk '{print $3}' | sed 's|.*/||' | sort | tr '\n' ' ')" \
  "$(n=1; while [ $n -le 20 ]; do echo f$n; n=$((n + 1)); done | sort | tr '\n' ' ')" \
  "one runsv in each final service directory"
is "$(echo "$k" | awk '$2 == "Z"' | wc -l)" 0 "no zombie child"
# nothing of the removed services is left: no runsv, no service, anywhere
cat >left.sh <<'EOF2'
left() {
  for d in /proc/[0-9]*; do
    c=$(readlink "$d/cwd" 2>/dev/null) || continue
    case $c in "$T"/S/[cd]*) echo "${d#/proc/} $c" ;; esac
  done
}
EOF2
T=$T; export T
left() {
  for d in /proc/[0-9]*; do
    c=$(readlink "$d/cwd" 2>/dev/null) || continue
    case $c in "$T"/S/[cd]*) echo "${d#/proc/} $c" ;; esac
  done
}
ok "no process left in a removed service's directory" wait_until 30 sh -c "[ -z \"\$(. '$T/left.sh'; left)\" ]" ||
  left | head -5 | sed 's/^/# /' >&2
kill -HUP $rd
ok "SIGHUP: runsvdir exits" wait_until 20 sh -c "! kill -0 $rd 2>/dev/null"
# (and a ".tmp" directory, caught before its chmod: "unable to start");
# runsvdir warns, as runit's does, about an entry gone between its readdir
# and its stat.  A run script's shell may complain too ("cannot open
# ./run") and names no service: only runsvdir's lines and those naming a
# final service are checked.
echo "# $(wc -l <"$T/err") messages about removed services"
gone='\([cd][0-9]*\|[cdf][0-9]*\.tmp\)'
is "$(grep '^runsvdir ' "$T/err" |
      grep -v "^runsvdir $T/S: warning: unable to stat $gone: file does not exist\$" | head -3)" "" \
  "no other message from runsvdir"
is "$(grep '^runsv f[0-9]*: ' "$T/err" | head -3)" "" "none from the runsv of a final service"
ok "... and every runsv with it" wait_until 30 sh -c \
  'for d in /proc/[0-9]*; do case $(readlink $d/cwd 2>/dev/null) in '"$T"'/S/*) exit 1;; esac; done; exit 0'
finish
