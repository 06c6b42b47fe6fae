#!/bin/sh
# compare_runs.sh: are two output folders of `plankmap run` the same?
#
#   tests/compare_runs.sh BEFORE_DIR AFTER_DIR
#
# Every file of either folder must be in both.  NetCDF files are compared
# by tests/nc_same when NC_SAME names it (as `make check` does), else as
# ncdump prints them (every variable's values and every attribute), except
# the attributes that name the moment of the run (history, date_created,
# and the input checksums, which cover the run's model files); tables, reports and figures byte for byte, except the
# stage times and peak memory of report.md and the creation date of a PDF;
# of the manifest, the files it lists (their checksums and runs are the
# moment's).
# The stamps of stage reuse (.plankmap-run), which hold the paths and times
# of the inputs, are left out.  Prints each difference and
# exits 1 when there is one, 0 when the folders agree.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
set -u
if [ $# -ne 2 ]; then
  echo "usage: $0 BEFORE_DIR AFTER_DIR" >&2
  exit 2
fi
ncdump=${NCDUMP:-ncdump}
tmp=$(mktemp -d) || exit 4
trap 'rm -rf "$tmp"' EXIT

# What may differ between two runs of the same code.
# The input checksums of the maps name the run's own model files, whose
# bytes hold their moment: the attribute (one or more lines) is left out.
moment() {
  grep -v -e ':history = ' -e ':date_created = ' |
    sed -e '/:plankmap_input_files = /,/" ;$/d'
}
stages() { sed -e 's/^| \([a-z]*\) | ran | .*/| \1 | ran |/'; }
created() { LC_ALL=C sed -e 's|/CreationDate (D:[0-9Z+-]*)||'; }

(cd "$1" && find . -type f ! -name .plankmap-run | sort) >"$tmp/a" || exit 4
(cd "$2" && find . -type f ! -name .plankmap-run | sort) >"$tmp/b" || exit 4
differ=0
if ! cmp -s "$tmp/a" "$tmp/b"; then
  echo "the folders hold different files:"
  diff "$tmp/a" "$tmp/b"
  differ=1
fi
for f in $(comm -12 "$tmp/a" "$tmp/b"); do
  case $f in
    *.nc)
      if [ -n "${NC_SAME:-}" ]; then
        "$NC_SAME" "$1/$f" "$2/$f" || differ=1
        continue
      fi
      "$ncdump" "$1/$f" | moment >"$tmp/x" &&
        "$ncdump" "$2/$f" | moment >"$tmp/y" || exit 4 ;;
    *.pdf)
      created <"$1/$f" >"$tmp/x" && created <"$2/$f" >"$tmp/y" || exit 4 ;;
    */manifest.tsv)
      cut -f1 "$1/$f" >"$tmp/x" && cut -f1 "$2/$f" >"$tmp/y" || exit 4 ;;
    */report.md)
      stages <"$1/$f" >"$tmp/x" && stages <"$2/$f" >"$tmp/y" || exit 4 ;;
    *)
      cp "$1/$f" "$tmp/x" && cp "$2/$f" "$tmp/y" || exit 4 ;;
  esac
  if ! cmp -s "$tmp/x" "$tmp/y"; then
    echo "$f differs:"
    diff "$tmp/x" "$tmp/y" | head -n 20
    differ=1
  fi
done
[ "$differ" -eq 0 ] && echo "the same: $(wc -l <"$tmp/a") files"
exit "$differ"
