#!/bin/sh
# cli_table_long.sh: `plankmap grid` on one small table in its two layouts
# (one row per sample; one row per sample and class) writes the same
# observations.nc, and a sample given twice stops it with both lines named.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

# scenario NAME FILE COLUMNS: a scenario on one table source.
scenario() {
  cat >"$WORK/$1.cfg" <<CFG
output_dir = "$WORK/out-$1";
observations = ( { name = "counts"; format = "table"; files = [ "$2" ];
  volume_units = "L";
  columns = { profile = "profile"; project = "project"; datetime = "datetime";
    lat = "lat"; lon = "lon"; depth_top = "depth_top";
    depth_bottom = "depth_bottom"; volume = "volume_L"; $3 }; } );
grid = { lon = [ -180.0, 180.0 ]; lat = [ -90.0, 90.0 ]; resolution = 1.0;
  depth_edges = [ 0.0, 50.0, 100.0 ]; time = "none"; };
CFG
}

# The variables and data of observations.nc of run $1, without the global
# attributes (they name the run's config and inputs).
gridded() {
  "$NCDUMP" "$WORK/out-$1/observations.nc" | grep -v '^		:' >"$WORK/$1.cdl"
}

scenario wide "$TDATA/table/small_wide.csv" \
  'classes = [ "Copepoda", "Rhizaria", "detritus" ];'
scenario long "$TDATA/table/small_long.csv" 'class = "taxon"; count = "n";'
ok "grid on the wide table" "$PLANKMAP" grid "$WORK/wide.cfg"
holds "... 3 rows into 3 samples" "$WORK/err" "3 rows, 3 kept; 2 profiles, 3 samples, 3 classes"
ok "grid on the long table" "$PLANKMAP" grid "$WORK/long.cfg"
holds "... 8 rows into 3 samples" "$WORK/err" "8 rows, 8 kept; 2 profiles, 3 samples, 3 classes"
gridded wide
gridded long
holds "the wide run has the counts of Copepoda" "$WORK/wide.cdl" "Copepoda"
ok "both layouts write the same observations.nc" cmp "$WORK/wide.cdl" "$WORK/long.cdl"

sed '3p' "$TDATA/table/small_long.csv" >"$WORK/twice.csv"
scenario twice "$WORK/twice.csv" 'class = "taxon"; count = "n";'
fails_with "a class of a sample given twice: exit 1, both lines named" 1 \
  "twice.csv:4: column 9 'taxon': class 'Rhizaria' of this sample is given twice, here and on $WORK/twice.csv:3" \
  "$PLANKMAP" grid "$WORK/twice.cfg"
absent "... and no output file" "$WORK/out-twice/observations.nc"
done_testing
