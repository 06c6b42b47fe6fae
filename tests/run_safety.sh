#!/bin/sh
# run_safety.sh: what `plankmap run` guarantees a user beyond its outputs:
# data files found from the build tree without PLANKMAP_DATADIR, inputs
# checked before the first stage, reuse whatever the config path is typed
# as, a manifest naming the run that wrote each file, a failed run leaving
# the last complete run's outputs, and a killed run's leftovers cleaned up.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

# The demo with one prediction layer, run in $WORK.
mkdir -p "$WORK/configs" || exit 1
CFG="$WORK/configs/run.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo.cfg" |
  sed 's|depth_edges = \[ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 \];\(.*\)months|depth_edges = [ 0.0, 100.0 ];\1months|' >"$CFG"
cd "$WORK" || exit 1
OUT="$WORK/plankmap-demo"

# Every file of the output folder with its checksum.
listing() { (cd "$OUT" && find . -type f | LC_ALL=C sort | xargs sha256sum); }

ok "run from the build tree without PLANKMAP_DATADIR" \
  env -u PLANKMAP_DATADIR "$PLANKMAP" run ./configs/run.cfg
holds "the log warns of a model that does not predict held-out profiles" \
  "$WORK/err" "WARNING: model particles does not predict the profiles it was not fitted to"
ok "the validation found the installed tables" test -s "$OUT/validation.md"
ok "plot map draws the coastline without PLANKMAP_DATADIR" \
  env -u PLANKMAP_DATADIR "$PLANKMAP" plot map "$OUT/maps_baseline.nc" particles_mean -o "$WORK/map.png"
absent "no snapshot of the previous outputs is left" "$OUT/.plankmap-previous"

# What the outputs tell: the warning in the report, the share of
# extrapolated cells, the provenance of the maps.
holds "the report warns of it too" "$OUT/report.md" "**WARNING: model particles does not predict"
ok "totals.tsv gives the share of extrapolated cells, a percentage" \
  awk -F'\t' '$1 == "baseline" && $2 == "particles" && $4 == "extrapolated_cells" && $5 >= 0 && $5 <= 100 && $6 == "" && $8 == "%" { found = 1 } END { exit !found }' "$OUT/totals.tsv"
"$NCDUMP" -h "$OUT/maps_baseline.nc" >"$WORK/maps.cdl"
holds "the maps' history holds the whole command" "$WORK/maps.cdl" "run ./configs/run.cfg\""
holds "the maps have date_created" "$WORK/maps.cdl" ":date_created = \"20"
holds "the maps list the model file with its SHA-256" "$WORK/maps.cdl" \
  "$(sha256sum "$OUT/model_particles.nc" | cut -c1-64)  plankmap-demo/model_particles.nc"
holds "the extrapolation flag's long name reads as a sentence" "$WORK/maps.cdl" \
  'particles_extrapolation:long_name = "extrapolation flag of particles of 100-500 µm ESD (model particles): 1 where a covariate lies outside the range seen in fitting, 0 within it"'
holds "the interval kind is the variables' comment" "$WORK/maps.cdl" \
  'particles_mean:comment = "intervals by posterior simulation, 200 draws"'
"$NCDUMP" -h "$OUT/observations.nc" >"$WORK/obs.cdl"
holds "climatology_bounds has units" "$WORK/obs.cdl" \
  'climatology_bounds:units = "seconds since 1970-01-01 00:00:00"'

# The manifest: every output once, with its size, SHA-256 and run.
MAN="$OUT/manifest.tsv"
(cd "$OUT" && find . -type f ! -name '.*' ! -name manifest.tsv | sed 's|^\./||' | LC_ALL=C sort) >"$WORK/files"
ok "the manifest lists every output, sorted" \
  sh -c "tail -n +2 '$MAN' | cut -f1 | cmp - '$WORK/files'"
ok "each row's size and SHA-256 are the file's" sh -c "
  tail -n +2 '$MAN' | while IFS='	' read -r f n h t c; do
    [ \"\$(wc -c <'$OUT/'\"\$f\")\" -eq \"\$n\" ] &&
    [ \"\$(sha256sum '$OUT/'\"\$f\" | cut -c1-64)\" = \"\$h\" ] || exit 1
  done"
ok "each row names this run: its start and its command" \
  awk -F'\t' 'NR > 1 && ($4 !~ /^20[0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-9:]+Z$/ || $5 != "plankmap run ./configs/run.cfg") { bad = 1 } END { exit bad }' "$MAN"
cp "$MAN" "$WORK/manifest.first"

# The last outputs (the report, the figures) as if just written: a run
# that starts right after the last one ended still knows which files it
# wrote.
find "$OUT/report.md" "$OUT/figures" -type f -exec touch {} +
ok "the same config typed another way" "$PLANKMAP" run configs/run.cfg
for stage in grid flux fit predict validate figures; do
  holds "reuses the $stage stage" "$WORK/err" "$stage$(printf '%*s' $((9 - ${#stage})) '')reused"
done
ok "a run that reused every stage leaves the manifest as it was: the files are the first run's" \
  cmp "$WORK/manifest.first" "$MAN"

# A late stage fails (the published estimates cannot be read) after the
# predict stage rewrote the maps: the folder is as the last run left it.
listing >"$WORK/before"
mkdir -p "$WORK/bad" && cp "$top_srcdir/validation/traps.csv" "$WORK/bad/" &&
  printf 'not a table\n' >"$WORK/bad/published.tsv"
sed 's/add = 2.0;/add = 3.0;/' "$CFG" >"$WORK/configs/hotter.cfg"
PLANKMAP_DATADIR="$WORK/bad" "$PLANKMAP" run --quiet "$WORK/configs/hotter.cfg" >"$WORK/out" 2>"$WORK/err"
status=$?
tap_report "$([ "$status" -ne 0 ] && grep -q published.tsv "$WORK/err"; echo $?)" \
  "a run whose validation fails exits non-zero naming the table (exit $status)"
listing >"$WORK/after"
ok "after the failed run every output is the last complete run's" \
  cmp "$WORK/before" "$WORK/after"
absent "and no snapshot is left" "$OUT/.plankmap-previous"

# A run killed midway left its snapshot, a rewritten report and a temporary
# file: the next run restores the last complete outputs and sweeps the
# temporary file, then reuses every stage.
mkdir -p "$OUT/.plankmap-previous/figures"
(cd "$OUT" && for f in $(find . -type f ! -path './.plankmap-previous/*'); do
  ln "$f" ".plankmap-previous/$f"; done)
cp "$OUT/report.md" "$WORK/report.md"
rm "$OUT/report.md" && echo "half a report" >"$OUT/report.md"
echo partial >"$OUT/maps_new.nc"
dead=999999
while kill -0 "$dead" 2>/dev/null; do dead=$((dead - 1)); done
echo partial >"$OUT/maps_baseline.nc.tmp-$dead-0"
ok "a run after a killed one" "$PLANKMAP" run "$CFG"
holds "reuses the restored outputs" "$WORK/err" "predict  reused"
ok "restores the report the killed run replaced" cmp "$WORK/report.md" "$OUT/report.md"
absent "removes the file the killed run added" "$OUT/maps_new.nc"
absent "removes the killed run's temporary file" "$OUT/maps_baseline.nc.tmp-$dead-0"

# A run that redoes the predict stage: the manifest names it for the maps,
# and the first run for the observations it reused.
ok "a run with a warmer scenario" "$PLANKMAP" run configs/hotter.cfg
row() { awk -F'\t' -v f="$1" '$1 == f { print $4 " " $5 }' "$2"; }
ok "the maps are the new run's" \
  test "$(row maps_baseline.nc "$MAN" | cut -d' ' -f2-)" = "plankmap run configs/hotter.cfg"
ok "observations.nc is still the first run's" \
  test "$(row observations.nc "$MAN")" = "$(row observations.nc "$WORK/manifest.first")"

# A run whose outputs outgrow the file-size limit, as on a full disk: exit
# status 4 naming the file, and every output the last complete run's.
listing >"$WORK/before"
sed 's/  resolution = 1.0;/  resolution = 2.0;/' "$CFG" >"$WORK/configs/coarse.cfg"
(ulimit -f 64; "$PLANKMAP" run --quiet configs/coarse.cfg) >"$WORK/out" 2>"$WORK/err"
status=$?
tap_report "$([ "$status" -eq 4 ] && grep -q 'observations.nc' "$WORK/err"; echo $?)" \
  "a write past the file-size limit: exit 4 naming the file (exit $status)"
listing >"$WORK/after"
ok "and every output is the last complete run's" cmp "$WORK/before" "$WORK/after"

# A covariate file that is not there stops the run before any stage.
sed 's|levitus_climatology.cdf"|levitus_gone.cdf"|' "$CFG" |
  sed 's|output_dir = "plankmap-demo";|output_dir = "plankmap-nocov";|' >"$WORK/configs/nocov.cfg"
fails_with "a missing covariate file: an I/O error naming the setting" 4 \
  "covariates[0].file" "$PLANKMAP" run "$WORK/configs/nocov.cfg"
absent "before the first stage wrote anything" "$WORK/plankmap-nocov/observations.nc"

done_testing
