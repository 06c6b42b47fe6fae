#!/bin/sh
# cli_check_info.sh: `plankmap check`, `plankmap info`, `--version` and the
# usage errors of the program.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

DEMO="$top_srcdir/configs/demo.cfg"
BATS="$DATA/ecopart_detailed/BATSOFP"
PAR="$BATS/export_detailed_20240422_11_04_PAR_bats361_ctd12.tsv"
RAW="$DATA/ecopart_raw_bats361/20190715212026_bats361_ctd12_PAR_raw_20220810_16_31.tsv"

ok "--version" "$PLANKMAP" --version
holds "--version prints the version" "$WORK/out" "plankmap 0."
fails_with "no command is a usage error" 2 "plankmap: missing command" "$PLANKMAP"
fails_with "unknown command is a usage error" 2 "unknown command 'gird'" "$PLANKMAP" gird

# check
ok "check the demo scenario" "$PLANKMAP" check "$DEMO"
holds "check says it is valid" "$WORK/out" "valid"
absent "check writes nothing" "$WORK/plankmap-demo"
sed 's/resolution = 1.0;/resolutoin = 1.0;/' "$DEMO" >"$WORK/typo.cfg"
fails_with "check: unknown setting with a suggestion" 1 "did you mean 'resolution'" "$PLANKMAP" check "$WORK/typo.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g; s|_PAR_tara_148_00_a.tsv|_PAR_nothere.tsv|" "$DEMO" >"$WORK/missing.cfg"
fails_with "check: a missing input names the setting" 4 "observations[0].files" "$PLANKMAP" check "$WORK/missing.cfg"
fails_with "check: a missing config" 4 "nothere.cfg" "$PLANKMAP" check "$WORK/nothere.cfg"

# info on an observation file (the metadata summary is found beside it)
ok "info on an EcoPart detailed export" "$PLANKMAP" info "$PAR"
holds "info counts its samples" "$WORK/out" "samples: 243"
holds "info lists its size classes" "$WORK/out" "LPM (1.02-1.29 mm)"
ok "info on an EcoPart raw export" "$PLANKMAP" info "$RAW"
holds "info counts the raw objects in 22 classes" "$WORK/out" "classes: 22"
fails_with "info on a file it does not know" 1 "not a file info knows" "$PLANKMAP" info "$top_srcdir/README.md"
fails_with "info on a missing file" 4 "cannot open" "$PLANKMAP" info "$WORK/none.tsv"

# info on a table: each column's type, missing values and range
printf 'site,temp,count,note\nA,1.5,3,\nB,,4,\n"C",-2.5,NA,\n' >"$WORK/table.csv"
ok "info on a CSV table" "$PLANKMAP" info "$WORK/table.csv"
holds "info counts the table's rows" "$WORK/out" "rows: 3"
holds "info counts the table's columns" "$WORK/out" "columns: 4"
column_is() { # NAME TYPE MISSING [MIN MAX]: the line of column NAME
  awk -v want="$*" '{ $1 = $1 } $0 == want { found = 1 } END { exit !found }' "$WORK/info.out"
}
cp "$WORK/out" "$WORK/info.out"
ok "a text column" column_is site text 0
ok "a number column: one missing, min and max" column_is temp number 1 -2.5 1.5
ok "NA is missing" column_is count number 1 3 4
ok "an empty column" column_is note empty 3
tr , '\t' <"$WORK/table.csv" >"$WORK/table.tsv"
ok "info on a TSV table" "$PLANKMAP" info "$WORK/table.tsv"
cp "$WORK/out" "$WORK/info.out"
ok "a TSV number column" column_is temp number 1 -2.5 1.5
printf 'a,b\n1,2,3\n' >"$WORK/ragged.csv"
fails_with "info on a ragged table names the line" 1 "ragged.csv:2" "$PLANKMAP" info "$WORK/ragged.csv"

# info on a plankmap NetCDF output
(cd "$WORK" && "$PLANKMAP" grid --quiet "$DEMO")
ok "the demo writes observations.nc" test -s "$WORK/plankmap-demo/observations.nc"
ok "info on observations.nc" "$PLANKMAP" info "$WORK/plankmap-demo/observations.nc"
holds "info shows the dimensions" "$WORK/out" "lon = 360, lat = 180"
holds "info shows units" "$WORK/out" "units: m-3"
done_testing
