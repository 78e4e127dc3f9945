#!/bin/sh
# Every relative link in doc/*.md (and in README) resolves: the file or
# directory exists and, for a #fragment into a Markdown file, a heading
# with that anchor (GitHub's rule: lower case, punctuation dropped, spaces
# become hyphens) exists.  README is plain text: its paths of the form
# dir/name under a directory of this tree (doc/differences.md, etc/demo/,
# .ci/run, ...) must exist.
. "$(dirname "$0")/lib.sh"

cd "$TOP" || exit 1
files=$(ls doc/*.md 2>/dev/null)
[ -n "$files" ] || skip_all "no doc/*.md"

anchors() {  # the anchors of the headings of Markdown file $1
  sed -n 's/^#\{1,6\} \{1,\}//p' "$1" | tr 'A-Z' 'a-z' |
    sed 's/[^a-z0-9 _-]//g; s/ /-/g'
}
has_anchor() { anchors "$1" | grep -qx -- "$2"; }

for f in $files; do
  dir=${f%/*}
  # [text](target) and [ref]: target, outside fenced code blocks.
  links=$(awk '/^```/ { code = !code; next } !code' "$f" |
    grep -oE '\]\([^) ]+\)|^\[[^]]+\]: +[^ ]+' |
    sed -E 's/^\]\(//; s/\)$//; s/^\[[^]]+\]: +//')
  n=0
  for l in $links; do
    case $l in http://*|https://*|mailto:*|ftp://*) continue ;; esac
    n=$((n + 1))
    path=${l%%#*}
    frag=
    case $l in *'#'*) frag=${l#*#} ;; esac
    if [ -n "$path" ]; then target=$dir/$path; else target=$f; fi
    ok "$f: link $l resolves" test -e "$target"
    if [ -n "$frag" ] && [ -f "$target" ]; then
      case $target in *.md)
        ok "$f: anchor #$frag exists in $target" \
          has_anchor "$target" "$frag" ;;
      esac
    fi
  done
  ok "$f: has at least one relative link" test "$n" -gt 0 -o "$f" = doc/differences.md
done

# The index links every guide.
for f in $files; do
  [ "$f" = doc/index.md ] && continue
  ok "doc/index.md links ${f#doc/}" grep -q "](${f#doc/})" doc/index.md
done

# README: paths like doc/x.md, etc/demo/, package/install.
if [ -f README ]; then
  for p in $(grep -oE '(^|[ `(])(doc|etc|man|package|bench|tests|src|\.ci)/[A-Za-z0-9._/-]*[A-Za-z0-9_/-]' README |
             sed -E 's/^[ `(]//' | sort -u); do
    ok "README: $p exists" test -e "$p"
  done
fi

finish
