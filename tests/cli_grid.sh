#!/bin/sh
# cli_grid.sh: `plankmap grid` end to end on real EcoPart exports, and one
# test per bad input: a clear message, exit status 1, and no output file.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

BATS="$DATA/ecopart_detailed/BATSOFP"
META="$BATS/export_detailed_20240422_11_04_Export_metadata_summary.tsv"
PAR="$BATS/export_detailed_20240422_11_04_PAR_bats361_ctd12.tsv"

# scenario NAME FILES [FILTERS] [METADATA]: a scenario on one EcoPart source.
scenario() {
  cat >"$WORK/$1.cfg" <<CFG
output_dir = "$WORK/out-$1";
observations = ( { name = "bats"; format = "ecopart-detailed";
  metadata = "${4:-$META}"; files = [ $2 ]; } );
filters = { $3 };
grid = { lon = [ -180.0, 180.0 ]; lat = [ -90.0, 90.0 ]; resolution = 1.0;
  depth_edges = [ 0.0, 100.0, 1000.0 ]; time = "none"; };
CFG
}

# bad NAME STATUS FRAGMENT: grid fails with STATUS and FRAGMENT, writes nothing.
bad() {
  fails_with "$1: exit $2 and a clear message" "$2" "$3" "$PLANKMAP" grid "$WORK/$1.cfg"
  absent "$1: no output file" "$WORK/out-$1/observations.nc"
}

# A copy of the ctd12 export with line $2 replaced by the sed script $3.
bad_par() {
  sed "$2" "$PAR" >"$WORK/$1_PAR_x.tsv"
  scenario "$1" "\"$WORK/$1_PAR_x.tsv\""
}

# --- a real run
scenario good "\"$PAR\""
ok "grid on the BATS ctd12 export" "$PLANKMAP" grid "$WORK/good.cfg"
holds "reports the samples read" "$WORK/err" "243 samples"
ok "observations.nc is written" test -s "$WORK/out-good/observations.nc"
ok "ncdump -h reads it" "$NCDUMP" -h "$WORK/out-good/observations.nc"
cp "$WORK/out" "$WORK/header"
holds "CF-1.11 and ACDD-1.3" "$WORK/header" ':Conventions = "CF-1.11, ACDD-1.3"'
holds "concentration has its standard name" "$WORK/header" 'number_concentration_of_biological_taxon_in_sea_water'
holds "depth is positive down" "$WORK/header" 'depth:positive = "down"'
holds "cell measures point at the area" "$WORK/header" 'cell_measures = "area: area"'
holds "the input's SHA-256 is recorded" "$WORK/header" "$(sha256sum "$PAR" | cut -c1-64)"
holds "the config text is recorded" "$WORK/header" 'plankmap_config'
holds "one profile" "$WORK/header" 'profile = 1 ;'
"$NCDUMP" -v profile_name,profile_lat,profile_lon,profile_instrument,profile_pixel_size "$WORK/out-good/observations.nc" >"$WORK/profiles.txt"
holds "the profile's name" "$WORK/profiles.txt" 'profile_name = "bats361_ctd12" ;'
holds "its latitude, as in the metadata summary" "$WORK/profiles.txt" 'profile_lat = 31.17047 ;'
holds "its longitude" "$WORK/profiles.txt" 'profile_lon = -64.31987 ;'
holds "no instrument model from an EcoPart export (empty)" "$WORK/profiles.txt" 'profile_instrument = _ ;'
holds "nor pixel size: the fill value" "$WORK/profiles.txt" 'profile_pixel_size = _ ;'
"$NCDUMP" -v count "$WORK/out-good/observations.nc" >"$WORK/count.txt"
# awk -F'\t' 'NR>1 && $4<100 {s+=$39*$5} END{print s}' on the ctd12 file:
# 1.02-1.29 mm particles counted above 100 m
expected=$(awk -F'\t' 'NR>1 && $4<100 {s+=$39*$5} END{printf "%.0f", s}' "$PAR")
ok "the export has particles 1.02-1.29 mm above 100 m" test "$expected" -gt 0
ok "grid --output-dir writes elsewhere" "$PLANKMAP" grid --quiet --output-dir "$WORK/elsewhere" "$WORK/good.cfg"
ok "--quiet prints nothing" test ! -s "$WORK/err"
ok "--output-dir used" test -s "$WORK/elsewhere/observations.nc"

# --- an existing output survives a failed run
cp "$WORK/out-good/observations.nc" "$WORK/before.nc"
scenario good "\"$PAR\", \"$WORK/missing.tsv\""
fails_with "failed run over an existing output" 4 "missing.tsv" "$PLANKMAP" grid "$WORK/good.cfg"
ok "the earlier output is untouched" cmp "$WORK/before.nc" "$WORK/out-good/observations.nc"

# --- bad inputs
: >"$WORK/empty_PAR_x.tsv"; scenario empty "\"$WORK/empty_PAR_x.tsv\""
bad empty 1 "is empty"
{ head -n 4 "$PAR"; sed -n 5p "$PAR" | cut -f1-20; } >"$WORK/trunc_PAR_x.tsv"; scenario trunc "\"$WORK/trunc_PAR_x.tsv\""
bad trunc 1 "the row is truncated"
iconv -f latin1 -t utf-16 "$PAR" >"$WORK/utf16_PAR_x.tsv"; scenario utf16 "\"$WORK/utf16_PAR_x.tsv\""
bad utf16 1 "UTF-16"
bad_par nocol '1s/Sampled volume \[L\]/Volume/'
bad nocol 1 "Sampled volume [L]"
bad_par text '3s/\t178.2\t/\tabc\t/'
bad text 1 "'abc' is not a number"
bad_par negvol '3s/\t178.2\t/\t-3.2\t/'
bad negvol 1 "-3.2"
bad_par zerovol '3s/\t178.2\t/\t0\t/'
bad zerovol 1 ":3:"
sed '2s/\t31.17047\t/\t95.0\t/' "$META" >"$WORK/meta95.tsv"
scenario lat95 "\"$PAR\"" "" "$WORK/meta95.tsv"
bad lat95 1 "latitude 95"
scenario twice "\"$PAR\", \"$PAR\""
bad twice 1 "name each file once"
cp "$PAR" "$WORK/copy_PAR_x.tsv"; scenario dup "\"$PAR\", \"$WORK/copy_PAR_x.tsv\""
bad dup 1 "$WORK/copy_PAR_x.tsv (source 'bats') have the same content"
ln -s "$PAR" "$WORK/link_PAR_x.tsv"; scenario link "\"$PAR\", \"$WORK/link_PAR_x.tsv\""
bad link 1 "are the same file"
head -n 4 "$PAR" >"$WORK/part_PAR_x.tsv"; scenario part "\"$PAR\", \"$WORK/part_PAR_x.tsv\""
bad part 1 "part_PAR_x.tsv:2: duplicate profile key: profile"
bad part 1 "is given twice (first on $PAR:2)"
scenario unknown "\"$PAR\"" 'classes = { keep = [ "Copepodaa" ]; };'
bad unknown 1 "'Copepodaa' matches no class"
mkdir -p "$WORK/dir_PAR_x.tsv"; scenario unreadable "\"$WORK/dir_PAR_x.tsv\""
bad unreadable 4 "dir_PAR_x.tsv"
sed '3s/\t178.2\t/\t178.3\t/' "$PAR" >"$WORK/frac_PAR_x.tsv"; scenario frac "\"$WORK/frac_PAR_x.tsv\""
bad frac 1 "is not a whole number"

# --- usage
fails_with "no operand is a usage error" 2 "missing operand" "$PLANKMAP" grid
fails_with "unknown option is a usage error" 2 "unknown option '--bogus'" "$PLANKMAP" grid --bogus x.cfg
ok "grid --help" "$PLANKMAP" grid --help
holds "help documents the exit status" "$WORK/out" "Exit status"
done_testing
