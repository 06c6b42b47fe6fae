#!/bin/sh
# layers.sh: the folders of libplankmap follow the data flow.
#
# 1. Each folder includes only its own headers and those of the folders
#    below it in LAYERS (the order of doc/ARCHITECTURE.md).
# 2. A header named *_internal.h is included only in its own folder.
# 3. No circle of files: with "A calls B" when an object file of the
#    library uses a function that another defines, no two files call each
#    other, directly or through others (read from the symbols of the
#    built objects with nm).
# 4. The program's folder (cli/) is at most 3,000 lines, and no test
#    compiles a source of it.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

LAYERS="common observations grids ncio fields model predict science validation plot scenario pipeline cli"

# Where each header lives: "NAME FOLDER RANK".
rank=0
for d in $LAYERS; do
  rank=$((rank + 1))
  [ -d "$top_srcdir/$d" ] || continue
  for h in "$top_srcdir/$d"/*.h; do
    [ -e "$h" ] && echo "$(basename "$h") $d $rank"
  done
done >"$WORK/headers"

# Every include of every folder: "FILE FOLDER RANK HEADER".
rank=0
for d in $LAYERS; do
  rank=$((rank + 1))
  [ -d "$top_srcdir/$d" ] || continue
  for f in "$top_srcdir/$d"/*.[ch]; do
    [ -e "$f" ] || continue
    sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f" |
      while read -r h; do echo "$d/$(basename "$f") $d $rank $(basename "$h")"; done
  done
done >"$WORK/includes"

awk 'NR == FNR { folder[$1] = $2; rank[$1] = $3; next }
     ($4 in rank) && rank[$4] > $3 {
       print "# " $1 " includes " folder[$4] "/" $4 " from a folder above it" }' \
  "$WORK/headers" "$WORK/includes" >"$WORK/upward"
tap_report "$([ -s "$WORK/upward" ] && echo 1 || echo 0)" \
  "no folder includes a header of a folder above it"
cat "$WORK/upward"

awk 'NR == FNR { folder[$1] = $2; next }
     $4 ~ /_internal\.h$/ && ($4 in folder) && folder[$4] != $2 {
       print "# " $1 " includes " folder[$4] "/" $4 }' \
  "$WORK/headers" "$WORK/includes" >"$WORK/internal"
tap_report "$([ -s "$WORK/internal" ] && echo 1 || echo 0)" \
  "no internal header is included outside its folder"
cat "$WORK/internal"

# Calls between the library's object files: "CALLER CALLEE" for every
# function one defines and another uses.
objs=$(find "$top_builddir" -path '*/.libs' -prune -o -name '*.lo' -print |
  sed 's/\.lo$/.o/' | while read -r o; do
    d=$(dirname "$o"); b=$(basename "$o")
    [ -e "$d/.libs/$b" ] && echo "$d/.libs/$b"
  done | grep -v -e '/tests/' -e '/bench/' -e '/cli/')
for o in $objs; do
  name=$(echo "$o" | sed "s|^$top_builddir/||; s|/.libs/|/|; s|\.o\$||")
  nm "$o" | awk -v f="$name" '$2 == "T" { print "D", f, $3 } $1 == "U" { print "U", f, $2 }'
done >"$WORK/symbols"
awk '$1 == "D" { def[$3] = $2; next }
     $1 == "U" && ($3 in def) && def[$3] != $2 { print $2, def[$3] }' \
  "$WORK/symbols" "$WORK/symbols" | sort -u >"$WORK/calls"
# Files in a circle: those that reach each other through calls
# (Warshall's transitive closure; about a hundred files).
awk '{ r[$1, $2] = 1; node[$1]; node[$2] }
     END {
       for (k in node) for (i in node) if (r[i, k]) for (j in node)
         if (r[k, j]) r[i, j] = 1
       for (i in node) {
         with = ""
         for (j in node) if (i != j && r[i, j] && r[j, i]) with = with " " j
         if (with != "") print "# " i " calls itself through" with
       }
     }' "$WORK/calls" | sort >"$WORK/circles"
tap_report "$([ -n "$objs" ] && [ ! -s "$WORK/circles" ] && echo 0 || echo 1)" \
  "no circle of files that call each other ($(echo "$objs" | wc -w) objects)"
cat "$WORK/circles"

lines=$(cat "$top_srcdir"/cli/*.[ch] | wc -l)
tap_report "$([ "$lines" -le 3000 ] && echo 0 || echo 1)" \
  "cli/ is at most 3,000 lines ($lines)"

grep -n 'cli/[a-z_]*\.c' "$top_srcdir/tests/local.mk" | sed 's/^/# /' >"$WORK/cli_in_tests"
tap_report "$([ -s "$WORK/cli_in_tests" ] && echo 1 || echo 0)" \
  "no test compiles a source of cli/"
cat "$WORK/cli_in_tests"

done_testing
