#!/bin/sh
# cli_uvp5_dataset.sh: `plankmap check` and `plankmap grid` on a small data
# set laid out as the global UVP5 data set (format "uvp5-dataset": samples,
# samples_volume and objects tables, gzip-compressed).
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

printf 'sample_id\tsample_name\tproject\tlat\tlon\tdatetime\tpixel_size\tuvp_model\n17\tdewex_leg1_34\tuvp5_dewex\t41.25017\t7.23283\t2013-02-13T14:10:42Z\t0.147\tSD\n' |
  gzip >"$WORK/samples.tsv.gz"
printf 'sample_id\tmid_depth_bin\twater_volume_imaged\n17\t2.5\t10\n17\t7.5\t12\n' |
  gzip >"$WORK/samples_volume.tsv.gz"
printf 'object_id\tsample_id\tmid_depth_bin\tgroup\tgroup_lineage\n1\t17\t2.5\tCopepoda\tliving/Copepoda\n2\t17\t7.5\tCopepoda\tliving/Copepoda\n3\t17\t7.5\tdetritus\tnot-living/detritus\n4\t17\t12.5\tdetritus\tnot-living/detritus\n' |
  gzip >"$WORK/objects.tsv.gz"

# scenario NAME [SETTINGS]: a scenario on the data set.
scenario() {
  cat >"$WORK/$1.cfg" <<CFG
output_dir = "$WORK/out-$1";
observations = ( { name = "uvp5"; format = "uvp5-dataset"; metadata = "samples.tsv.gz";
  files = [ "objects.tsv.gz" ]; $2 } );
grid = { lon = [ -180.0, 180.0 ]; lat = [ -90.0, 90.0 ]; resolution = 1.0;
  depth_edges = [ 0.0, 100.0, 1000.0 ]; time = "none"; };
CFG
}

scenario good 'volume_table = "samples_volume.tsv.gz";'
ok "check accepts a uvp5-dataset source" "$PLANKMAP" check "$WORK/good.cfg"
ok "grid reads it" "$PLANKMAP" grid "$WORK/good.cfg"
grep -F '[#' "$WORK/err" >"$WORK/err.bar" || rm -f "$WORK/err.bar"
holds "4 objects read, 3 kept, 2 samples, 2 classes" "$WORK/err" "4 rows, 3 kept; 1 profiles, 2 samples, 2 classes"
ok "observations.nc is written" test -s "$WORK/out-good/observations.nc"
"$NCDUMP" -v profile_instrument,profile_pixel_size "$WORK/out-good/observations.nc" >"$WORK/profiles.txt"
holds "the cast's UVP model in observations.nc" "$WORK/profiles.txt" 'profile_instrument = "SD" ;'
holds "and its pixel size" "$WORK/profiles.txt" 'profile_pixel_size = 0.147 ;'
holds "in mm" "$WORK/profiles.txt" 'profile_pixel_size:units = "mm" ;'

absent "no progress bar when stderr is no terminal" "$WORK/err.bar"
if script -qec true /dev/null >/dev/null 2>&1; then
  # script(1) (util-linux) gives plankmap a terminal: the bar of the objects
  # table, drawn to 100% when the table is read.
  rm -rf "$WORK/out-good"
  ok "grid on a terminal" script -qec "'$PLANKMAP' grid '$WORK/good.cfg'" "$WORK/typescript"
  ok "draws the progress bar of objects.tsv.gz to 100%" \
    grep -q "objects.tsv.gz *\[#*\] 100%" "$WORK/typescript"
fi

# The profiles of other UVP models are left out, and said to be.
scenario hd 'volume_table = "samples_volume.tsv.gz"; uvp_models = [ "HD" ];'
ok "check accepts uvp_models" "$PLANKMAP" check "$WORK/hd.cfg"
fails_with "grid with uvp_models = [HD]: nothing left, and why" 1 \
  "nothing to grid (4 rows read; left out: 1 no sampled volume, 3 project or UVP model not kept)" \
  "$PLANKMAP" grid "$WORK/hd.cfg"
scenario depth10 'volume_table = "samples_volume.tsv.gz"; depth_step = 10.0;'
ok "grid with depth_step = 10" "$PLANKMAP" grid "$WORK/depth10.cfg"
holds "the two 5 m bins are one sample" "$WORK/err" "4 rows, 3 kept; 1 profiles, 1 samples, 2 classes"

# info on the objects table, the other two tables found beside it.
printf ' rows: 4\n profiles: 1\n samples: 2\n sampled volume: 0.022 m3\n projects:\n uvp5_dewex 1\n' \
  >"$WORK/info.expected"
ok "info on objects.tsv.gz" "$PLANKMAP" info "$WORK/objects.tsv.gz"
cp "$WORK/out" "$WORK/info.out"
cp "$WORK/err" "$WORK/info.err"
ok "info: no progress bar when stderr is no terminal" \
  sh -c "! grep -qF '[#' '$WORK/info.err'"
if script -qec true /dev/null >/dev/null 2>&1; then
  ok "info on a terminal" \
    script -qec "'$PLANKMAP' info '$WORK/objects.tsv.gz'" "$WORK/typescript"
  ok "info draws the progress bar of objects.tsv.gz to 100%" \
    grep -q "objects.tsv.gz *\[#*\] 100%" "$WORK/typescript"
fi
ok "info: 4 rows, 1 profile, 2 bins, 22 L, the project and its profile" \
  sh -c "sed -n '2,4p;7p;11,12p' '$WORK/info.out' | tr -s ' ' | cmp - '$WORK/info.expected'"
mkdir -p "$WORK/alone" && cp "$WORK/objects.tsv.gz" "$WORK/alone/"
fails_with "info: no samples table beside the objects" 1 \
  "no samples.tsv(.gz) of the UVP5 data set beside it" \
  "$PLANKMAP" info "$WORK/alone/objects.tsv.gz"

# info on the BATS 361 test files checks their properties_per_bin table, and
# says so out loud when a row differs from the counts and volumes.
BATS="$top_srcdir/tests/data/uvp5_dataset"
ok "info on the BATS 361 data set" "$PLANKMAP" info "$BATS/objects.tsv.gz"
holds "4 casts" "$WORK/out" "profiles: 4"
holds "its 576 properties_per_bin rows match" "$WORK/out" "properties_per_bin.tsv.gz: 576 rows, 0 differ"
mkdir -p "$WORK/wrong" && cp "$BATS"/*.tsv.gz "$WORK/wrong/"
zcat "$BATS/properties_per_bin.tsv.gz" |
  sed 's/^33964\t(0,50\]\tRhizaria\t0.001060782858/33964\t(0,50]\tRhizaria\t0.002/' |
  gzip >"$WORK/wrong/properties_per_bin.tsv.gz"
ok "info with a wrong row" "$PLANKMAP" info "$WORK/wrong/objects.tsv.gz"
holds "one row differs" "$WORK/out" "576 rows, 1 differ"
holds "said on stderr with its file and line" "$WORK/err" \
  "properties_per_bin.tsv.gz:4: Rhizaria in (0,50] m of sample_id '33964': 0.002 ind/L in the table, 2 / 1885.4 L"

scenario taxon 'volume_table = "samples_volume.tsv.gz"; class_by = "taxon";'
fails_with "class_by = taxon: check wants the objects' taxon column" 1 \
  "objects.tsv.gz:1: no column 'taxon' in the header" "$PLANKMAP" check "$WORK/taxon.cfg"
scenario badclass 'volume_table = "samples_volume.tsv.gz"; class_by = "genus";'
fails_with "class_by is group or taxon, named with its file and line" 1 \
  "badclass.cfg:3: setting 'observations[0].class_by' is 'genus'; expected one of group, taxon" "$PLANKMAP" check "$WORK/badclass.cfg"
scenario novolume ''
fails_with "the samples_volume table is required" 1 "volume_table" "$PLANKMAP" check "$WORK/novolume.cfg"

done_testing
