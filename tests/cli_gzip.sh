#!/bin/sh
# cli_gzip.sh: `plankmap grid` on gzip-compressed copies of an EcoTaxa export
# and of an EcoPart export with its metadata summary gives the observations
# of the plain files, `plankmap info` summarizes a .csv.gz as the .csv, and a
# truncated copy fails naming the file and a line.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

TAXA="$TDATA/ecotaxa/bats361_ecotaxa.tsv"
VOLUMES="$TDATA/ecotaxa/bats361_volumes.tsv"
BATS="$DATA/ecopart_detailed/BATSOFP"
META="$BATS/export_detailed_20240422_11_04_Export_metadata_summary.tsv"
PAR="$BATS/export_detailed_20240422_11_04_PAR_bats361_ctd12.tsv"

# scenario NAME SOURCE: a scenario on one observation source.
scenario() {
  cat >"$WORK/$1.cfg" <<CFG
output_dir = "$WORK/out-$1";
observations = ( $2 );
grid = { lon = [ -180.0, 180.0 ]; lat = [ -90.0, 90.0 ]; resolution = 1.0;
  depth_edges = [ 0.0, 100.0, 1000.0 ]; time = "none"; };
CFG
}

# The data of observations.nc (its header names the input files).
data_of() {
  "$NCDUMP" "$WORK/out-$1/observations.nc" | sed -n '/^data:/,$p' >"$WORK/$1.cdl"
}

# same PLAIN GZ DESCRIPTION: both runs grid and write the same data.
same() {
  ok "$3: plain" "$PLANKMAP" grid --quiet "$WORK/$1.cfg"
  ok "$3: gzipped" "$PLANKMAP" grid --quiet "$WORK/$2.cfg"
  data_of "$1"
  data_of "$2"
  ok "$3: the same observations" cmp "$WORK/$1.cdl" "$WORK/$2.cdl"
  ok "$3: not an empty grid" grep -q 'count =' "$WORK/$2.cdl"
}

ecotaxa() {
  echo "{ name = \"nets\"; format = \"ecotaxa\"; files = [ \"$1\" ]; volume_table = \"$VOLUMES\"; }"
}
ecopart() {
  echo "{ name = \"bats\"; format = \"ecopart-detailed\"; metadata = \"$2\"; files = [ \"$1\" ]; }"
}

gzip -1 -c "$TAXA" >"$WORK/ecotaxa.tsv.gz"
scenario taxa_plain "$(ecotaxa "$TAXA")"
scenario taxa_gz "$(ecotaxa "$WORK/ecotaxa.tsv.gz")"
same taxa_plain taxa_gz "EcoTaxa export"

# names that do not end in .gz: the content says gzip
gzip -c "$PAR" >"$WORK/x_PAR_bats361_ctd12.tsv"
gzip -c "$META" >"$WORK/x_Export_metadata_summary.tsv"
scenario par_plain "$(ecopart "$PAR" "$META")"
scenario par_gz "$(ecopart "$WORK/x_PAR_bats361_ctd12.tsv" "$WORK/x_Export_metadata_summary.tsv")"
same par_plain par_gz "EcoPart export and metadata, gzipped, named .tsv"

# info on a compressed CSV: a table by its name before .gz
WIDE="$TDATA/table/small_wide.csv"
gzip -c "$WIDE" >"$WORK/wide.csv.gz"
ok "info on a table" "$PLANKMAP" info "$WIDE"
sed 1d "$WORK/out" >"$WORK/info_plain.txt"
ok "info on the table gzipped (.csv.gz)" "$PLANKMAP" info "$WORK/wide.csv.gz"
sed 1d "$WORK/out" >"$WORK/info_gz.txt"
ok "info: the same summary" cmp "$WORK/info_plain.txt" "$WORK/info_gz.txt"
holds "info: the columns are read" "$WORK/info_gz.txt" "columns: 11"

# a copy cut inside its compressed data
size=$(wc -c <"$WORK/ecotaxa.tsv.gz")
head -c $((size / 2)) "$WORK/ecotaxa.tsv.gz" >"$WORK/cut.tsv.gz"
scenario cut "$(ecotaxa "$WORK/cut.tsv.gz")"
fails_with "a truncated gzip file: exit 1" 1 "truncated gzip file" "$PLANKMAP" grid "$WORK/cut.cfg"
cp "$WORK/err" "$WORK/cut.err"
ok "the message names the file and a line" grep -q "cut.tsv.gz:[0-9][0-9]*: truncated" "$WORK/cut.err"
absent "no output for the truncated file" "$WORK/out-cut/observations.nc"

done_testing
