#!/bin/sh
# cli_run.sh: `plankmap run` on the embedded data: every output (the flux
# stage and flux maps included), reuse of unchanged stages, a scenario that
# changes nothing, `plankmap flux CONFIG`, and bad covariates.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

# The demo with a smaller prediction (one layer) and two scenarios, one of
# which changes nothing.
CFG="$WORK/run.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo.cfg" |
  sed 's|depth_edges = \[ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 \];\(.*\)months|depth_edges = [ 0.0, 100.0 ];\1months|' |
  sed 's|{ name = "warming";|{ name = "same"; changes = ( { covariate = "temp"; add = 0.0; } ); },\n  { name = "warming";|' >"$CFG"
cd "$WORK" || exit 1
OUT="$WORK/plankmap-demo"

ok "run the demo scenario" "$PLANKMAP" run "$CFG"
holds "the summary lists the stages" "$WORK/err" "predict  ran"
holds "the summary lists the flux stage" "$WORK/err" "flux     ran"
for f in observations.nc model_particles.nc maps_baseline.nc maps_same.nc \
  maps_warming.nc totals.tsv report.md flux_samples.tsv flux_profiles.tsv \
  flux_spectra.tsv flux_remineralisation.tsv model_poc_flux.nc flux_baseline.nc flux_warming.nc; do
  ok "run writes $f" test -s "$OUT/$f"
done
ok "the maps are CF NetCDF" "$NCDUMP" -h "$OUT/maps_baseline.nc"
holds "maps hold the mean" "$WORK/out" "particles_mean("
holds "maps hold the extrapolation flag" "$WORK/out" "particles_extrapolation("
holds "maps hold the column inventory" "$WORK/out" "particles_inventory("
holds "totals.tsv has its header" "$OUT/totals.tsv" "scenario	model	region	quantity	value	lower	upper	units"
holds "totals.tsv has the global total" "$OUT/totals.tsv" "baseline	particles	global	total"
holds "totals.tsv has the warming difference" "$OUT/totals.tsv" "warming	particles	global	difference"
holds "the report has the cross-validation" "$OUT/report.md" "CV deviance explained"

# The flux stage and the flux model.
holds "flux_samples.tsv has its header" "$OUT/flux_samples.tsv" "profile	datetime	lat	lon	depth_m	volume_L	flux_mgC_m2_d"
holds "flux_profiles.tsv has its header" "$OUT/flux_profiles.tsv" "profile	datetime	lat	lon	ref_depth_m	flux_ref_mgC_m2_d	martin_b	martin_b_se	z_star_m	teff_100	n_bins"
holds "flux_remineralisation.tsv has its header" "$OUT/flux_remineralisation.tsv" "profile	datetime	lat	lon	depth_top_m	depth_bottom_m	depth_mid_m	remineralisation_mgC_m3_d"
ok "one flux row per sample of the observations" test "$(($(wc -l <"$OUT/flux_samples.tsv") - 1))" -gt 1000
ok "PAP-SO station_001 has a Martin b between 0.2 and 2" awk -F'\t' '$1 == "station_001" && $7 > 0.2 && $7 < 2 { found = 1 } END { exit !found }' "$OUT/flux_profiles.tsv"
ok "the flux maps are CF NetCDF" "$NCDUMP" -h "$OUT/flux_baseline.nc"
holds "flux maps hold the mean flux" "$WORK/out" "poc_flux_mean(depth, lat, lon)"
holds "flux maps hold the Martin b of each column" "$WORK/out" "poc_flux_martin_b(lat, lon)"
holds "flux maps hold the standard error of each column's b" "$WORK/out" "poc_flux_martin_b_se(lat, lon)"
holds "flux maps hold the remineralisation rate between flux depths" "$WORK/out" "poc_flux_remineralisation(remin_depth, lat, lon)"
holds "with its interval" "$WORK/out" "poc_flux_remineralisation_upper(remin_depth, lat, lon)"
holds "flux maps are in mg m-2 d-1" "$WORK/out" 'poc_flux_mean:units = "mg m-2 d-1"'
holds "flux maps say the estimator and its window" "$WORK/out" "Guidi et al. 2008 with A = 12.5, b = 3.81 over the size classes inside 0.25-1.5 mm ESD"
holds "totals.tsv has the global export at 100 m" "$OUT/totals.tsv" "baseline	poc_flux	global	export_100m"
holds "totals.tsv has the export difference" "$OUT/totals.tsv" "warming	poc_flux	global	export_1000m_difference"
ok "the export is positive, below 100 Pg C per year, inside its interval" awk -F'\t' '$2 == "poc_flux" && $1 == "baseline" && $3 == "global" && $4 == "export_100m" && $5 > 0 && $5 < 100 && $6 <= $5 && $5 <= $7 && $8 == "Pg C yr-1" { found = 1 } END { exit !found }' "$OUT/totals.tsv"

# A delta field equal to the covariate doubles it, as multiplying by 2 does;
# replacing the covariate by its own field changes nothing.
LEV=$(sed -n 's|.*file = "\(.*levitus_climatology.cdf\)";|\1|p' "$CFG" | head -n 1)
sed "s|{ name = \"same\";|{ name = \"twice\"; changes = ( { covariate = \"temp\"; multiply = 2.0; } ); },\n  { name = \"doubled\"; changes = ( { covariate = \"temp\"; delta_file = \"$LEV\"; delta_variable = \"TEMP\"; } ); },\n  { name = \"replaced\"; changes = ( { covariate = \"temp\"; file = \"$LEV\"; variable = \"TEMP\"; } ); },\n  { name = \"same\";|" "$CFG" >"$WORK/changes.cfg"
sed -i 's|output_dir = "plankmap-demo";|output_dir = "plankmap-changes";|' "$WORK/changes.cfg"
ok "run with delta and replace scenarios" "$PLANKMAP" run --quiet "$WORK/changes.cfg"
mean_of() {
  "$NCDUMP" -v particles_mean "$WORK/plankmap-changes/maps_$1.nc" | sed -n '/^data:/,$p'
}
mean_of twice >"$WORK/twice.txt"
mean_of doubled >"$WORK/doubled.txt"
mean_of replaced >"$WORK/replaced.txt"
mean_of baseline >"$WORK/baseline.txt"
ok "a delta field: the same maps as the equal multiplication" cmp "$WORK/twice.txt" "$WORK/doubled.txt"
ok "a replacement by the same field: the baseline's maps" cmp "$WORK/baseline.txt" "$WORK/replaced.txt"

# A scenario that changes nothing reproduces the baseline bit for bit.
"$NCDUMP" -v particles_mean,particles_lower,particles_upper "$OUT/maps_baseline.nc" | sed -n '/^data:/,$p' >"$WORK/base.txt"
"$NCDUMP" -v particles_mean,particles_lower,particles_upper "$OUT/maps_same.nc" | sed -n '/^data:/,$p' >"$WORK/same.txt"
ok "no-change scenario: the same maps" cmp "$WORK/base.txt" "$WORK/same.txt"
holds "no-change scenario: a zero difference" "$OUT/totals.tsv" "same	particles	global	difference	0	0	0"

# A second run reuses every stage; a changed scenario reruns predict only.
ok "run again" "$PLANKMAP" run "$CFG"
holds "unchanged: grid reused" "$WORK/err" "grid     reused"
holds "unchanged: flux reused" "$WORK/err" "flux     reused"
holds "unchanged: fit reused" "$WORK/err" "fit      reused"
holds "unchanged: predict reused" "$WORK/err" "predict  reused"
sed 's/add = 2.0;/add = 3.0;/' "$CFG" >"$WORK/run3.cfg"
ok "run with a changed scenario" "$PLANKMAP" run "$WORK/run3.cfg"
holds "changed scenario: fit reused" "$WORK/err" "fit      reused"
holds "changed scenario: predict ran" "$WORK/err" "predict  ran"

# predict CONFIG: one scenario from the fitted models, beside the full table.
cp "$OUT/totals.tsv" "$WORK/totals-before.tsv"
ok "predict one scenario of a scenario file" "$PLANKMAP" predict --scenario warming "$WORK/run3.cfg"
ok "predict writes that scenario's totals" test -s "$OUT/totals_warming.tsv"
holds "its totals have the difference" "$OUT/totals_warming.tsv" "warming	particles	global	difference"
ok "the full table is left as it was" cmp "$OUT/totals.tsv" "$WORK/totals-before.tsv"
fails_with "predict: an unknown scenario" 1 "no scenario named 'hot'" "$PLANKMAP" predict --scenario hot "$CFG"
fails_with "predict: a table takes no --scenario" 2 "no --scenario" "$PLANKMAP" predict --model m.nc --data d.csv --out p.csv --scenario warming

# flux CONFIG: the flux stage alone, with the tables of the run.
mkdir -p "$WORK/fluxonly"
sed "s|output_dir = \"plankmap-demo\";|output_dir = \"$WORK/fluxonly\";|" "$CFG" >"$WORK/fluxonly.cfg"
ok "flux CONFIG" "$PLANKMAP" flux --quiet "$WORK/fluxonly.cfg"
ok "flux CONFIG: the run's flux_samples.tsv" cmp "$OUT/flux_samples.tsv" "$WORK/fluxonly/flux_samples.tsv"
ok "flux CONFIG: the run's flux_profiles.tsv" cmp "$OUT/flux_profiles.tsv" "$WORK/fluxonly/flux_profiles.tsv"
ok "flux CONFIG: the run's flux_spectra.tsv" cmp "$OUT/flux_spectra.tsv" "$WORK/fluxonly/flux_spectra.tsv"
ok "flux CONFIG: the run's flux_remineralisation.tsv" cmp "$OUT/flux_remineralisation.tsv" "$WORK/fluxonly/flux_remineralisation.tsv"
ok "the spectra are over the flux window by default" awk -F'\t' 'NR > 1 && ($6 != 0.25 || $7 != 1.5) { exit 1 }' "$OUT/flux_spectra.tsv"
ok "flux CONFIG writes nothing else" test ! -e "$WORK/fluxonly/observations.nc"
sed '/^flux = {/,/^};/d' "$CFG" | sed 's|response = { flux = true; };|response = { size = [ 100.0, 500.0 ]; };|; s|formula = "flux ~|formula = "count ~|' >"$WORK/noflux.cfg"
fails_with "flux CONFIG without a flux section" 1 "no \`flux\` section" "$PLANKMAP" flux "$WORK/noflux.cfg"
fails_with "flux CONFIG with a direct-form option" 2 "the flux section of the file gives the settings" "$PLANKMAP" flux --A 10 "$CFG"
fails_with "flux: two scenario files" 2 "give one scenario file" "$PLANKMAP" flux "$CFG" "$CFG"

# A biomass model: the carbon of the crustaceans of the raw BATS casts,
# from each object's ellipsoid biovolume (Gallienne et al. 2001 density).
RAW="$top_srcdir/data/ecopart_raw_bats361"
cat >"$WORK/bio.cfg" <<EOF
output_dir = "$WORK/bio";
observations = ( { name = "bats_raw"; format = "ecopart-raw";
    metadata = "$RAW/export_raw_20220810_16_31_Export_metadata_summary.tsv";
    files = [ "$RAW/*_PAR_raw_*.tsv" ]; depth_step = 25.0; } );
filters = { classes = { keep = [ "living>Eukaryota>Opisthokonta>Holozoa>Metazoa>Arthropoda>Crustacea" ]; }; };
grid = { resolution = 1.0; depth_edges = [ 0.0, 200.0, 500.0, 1000.0 ]; };
models = ( { name = "crust"; response = { biomass = true; }; family = "tweedie";
    formula = "biomass ~ s(logdepth, k=4) + offset(log(volume_m3))";
    cv = { folds = 4; }; } );
prediction = { depth_edges = [ 0.0, 200.0, 500.0, 1000.0 ]; };
EOF
ok "run a biomass model" "$PLANKMAP" run --quiet "$WORK/bio.cfg"
ok "its global total is in mg C, inside its interval" awk -F'\t' '$2 == "crust" && $3 == "global" && $4 == "total" && $5 > 0 && $6 <= $5 && $5 <= $7 && $8 == "mg C" { found = 1 } END { exit !found }' "$WORK/bio/totals.tsv"
sed 's|^filters = .*||' "$WORK/bio.cfg" >"$WORK/bio_all.cfg"
fails_with "biomass of classes without a carbon conversion" 1 "carbon_table" "$PLANKMAP" run "$WORK/bio_all.cfg"

# per-cell export horizons
# The demo's horizon at the mixed-layer depth: its export rows inside their
# intervals, the column attenuation as totals that `validate` sets beside
# Martin et al. 1987, and the 2-D export map.
ok "export_mld rows of the 3 scenarios inside their intervals, in Pg C yr-1" awk -F'\t' '$2 == "poc_flux" && $3 == "global" && $4 == "export_mld" && $5 > 0 && $6 <= $5 && $5 <= $7 && $8 == "Pg C yr-1" { n++ } END { exit n != 3 }' "$OUT/totals.tsv"
holds "the export_mld paired difference" "$OUT/totals.tsv" "warming	poc_flux	global	export_mld_difference"
ok "martin_b and teff_100 rows: unitless, inside their posterior intervals" awk -F'\t' '$1 == "baseline" && $3 == "global" && ($4 == "martin_b" || $4 == "teff_100") && $6 < $5 && $5 < $7 && $8 == "1" { n++ } END { exit n != 2 }' "$OUT/totals.tsv"
# The interval of the mean b is over the draws, much narrower than the
# spread of b over the columns (b of the demo's columns ranges over 0.05-1).
ok "the martin_b interval is narrower than 0.3" awk -F'\t' '$1 == "baseline" && $3 == "global" && $4 == "martin_b" && $7 - $6 < 0.3 { found = 1 } END { exit !found }' "$OUT/totals.tsv"
ok "warming changes martin_b and teff_100: paired differences with intervals" awk -F'\t' '$1 == "warming" && $3 == "global" && ($4 == "martin_b_difference" || $4 == "teff_100_difference") && $6 <= $5 && $5 <= $7 && $8 == "1" { n++ } END { exit n != 2 }' "$OUT/totals.tsv"
# The horizon at the annual maximum MLD of the monthly World Ocean Atlas
# subset (temperature criterion), which `validate` sets beside Clements et
# al. 2023; deeper than the annual-mean MLD, so less flux passes it.
ok "export_mld_max rows of the 3 scenarios inside their intervals" awk -F'\t' '$2 == "poc_flux" && $3 == "global" && $4 == "export_mld_max" && $5 > 0 && $6 <= $5 && $5 <= $7 && $8 == "Pg C yr-1" { n++ } END { exit n != 3 }' "$OUT/totals.tsv"
ok "less export through the maximum MLD than through the annual-mean MLD" awk -F'\t' '$1 == "baseline" && $3 == "global" && $4 == "export_mld" { a = $5 } $1 == "baseline" && $3 == "global" && $4 == "export_mld_max" { m = $5 } END { exit !(m > 0 && m < a) }' "$OUT/totals.tsv"
ok "the flux maps are CF NetCDF (horizons)" "$NCDUMP" -h "$OUT/flux_baseline.nc"
holds "flux maps hold the export through the MLD" "$WORK/out" "poc_flux_export_mld(lat, lon)"
holds "its interval" "$WORK/out" "poc_flux_export_mld_upper(lat, lon)"
holds "the export map is in mg m-2 d-1" "$WORK/out" 'poc_flux_export_mld:units = "mg m-2 d-1"'
holds "flux maps hold the export through the maximum MLD" "$WORK/out" "poc_flux_export_mld_max(lat, lon)"
ok "validate the demo run" env PLANKMAP_DATADIR="$top_srcdir/validation" "$PLANKMAP" validate "$CFG"
ok "validate sets export_mld_max beside Clements et al. 2023 (6.1)" awk -F'\t' '$2 == "export_mld_max" && $3 == "poc_flux" && $5 == "annual maximum mixed layer depth" && $10 == 6.1 && $7 > 0 { found = 1 } END { exit !found }' "$OUT/validation.tsv"
ok "validate sets the run's martin_b beside Martin et al. 1987" awk -F'\t' '$2 == "martin_b" && $3 == "poc_flux" && $10 == 0.858 { found = 1 } END { exit !found }' "$OUT/validation.tsv"
# The MLD as the reference depth of every Martin fit.
sed 's|ref_depth = 100.0;|ref_depth = "mld";|; s|output_dir = "plankmap-demo";|output_dir = "plankmap-zref";|' "$CFG" >"$WORK/zref.cfg"
ok "run with z_ref at the mixed-layer depth" "$PLANKMAP" run --quiet "$WORK/zref.cfg"
ok "profile fits from each cast's own MLD (not 100 m)" awk -F'\t' 'NR > 1 && $5 != "" && $5 != 100 && $5 > 0 && $5 < 100 { found = 1 } END { exit !found }' "$WORK/plankmap-zref/flux_profiles.tsv"
ok "each cast's layers start at or below its own MLD" awk -F'\t' 'FNR == 1 { next } NR == FNR { zr[$1] = $5; next } { n++; if (zr[$1] == "" || $5 < zr[$1]) exit 1; if ($5 < 100) above = 1 } END { exit !(n && above) }' "$WORK/plankmap-zref/flux_profiles.tsv" "$WORK/plankmap-zref/flux_remineralisation.tsv"
ok "a global martin_b from the per-column z_ref, inside its interval over the draws" awk -F'\t' '$1 == "baseline" && $3 == "global" && $4 == "martin_b" && $5 > 0 && $6 < $5 && $5 < $7 { found = 1 } END { exit !found }' "$WORK/plankmap-zref/totals.tsv"
# The annual maximum MLD at each cast (its 12 months sampled there) as the
# reference depth: every z_ref a depth inside the 10-1000 m profiles.
sed 's|ref_depth = 100.0;|ref_depth = "mld_max";|; s|output_dir = "plankmap-demo";|output_dir = "plankmap-zmax";|' "$CFG" >"$WORK/zmax.cfg"
ok "run with z_ref at the annual maximum MLD" "$PLANKMAP" run --quiet "$WORK/zmax.cfg"
ok "profile fits from each cast's maximum MLD, 10-1000 m" awk -F'\t' 'NR > 1 && $5 != "" { n++; if (!($5 > 10 && $5 <= 1000)) bad = 1 } END { exit bad || n == 0 }' "$WORK/plankmap-zmax/flux_profiles.tsv"
# Bad horizons: clear errors and no maps or totals.
sed 's|covariate = "mld"; }|covariate = "nosuch"; }|; s|output_dir = "plankmap-demo";|output_dir = "plankmap-badhz";|' "$CFG" >"$WORK/badhz.cfg"
fails_with "a horizon from a covariate that does not exist" 1 "'nosuch' is not a covariate of the file" "$PLANKMAP" run "$WORK/badhz.cfg"
sed 's|ref_depth = 100.0;|ref_depth = "euphotic";|; s|output_dir = "plankmap-demo";|output_dir = "plankmap-badhz";|' "$CFG" >"$WORK/badref.cfg"
fails_with "a reference depth naming no horizon" 1 "'euphotic' is not the name of an export horizon" "$PLANKMAP" run "$WORK/badref.cfg"
sed 's|covariate = "mld"; }|covariate = "temp"; }|; s|output_dir = "plankmap-demo";|output_dir = "plankmap-badhz";|' "$CFG" >"$WORK/neghz.cfg"
fails_with "a horizon field with negative depths" 1 "a horizon must be a positive depth" "$PLANKMAP" run "$WORK/neghz.cfg"
sed 's|derived = "mld_max"; temperature = "temp_monthly";|derived = "mld_max"; temperature = "temp";|; s|output_dir = "plankmap-demo";|output_dir = "plankmap-badhz";|' "$CFG" >"$WORK/annualmax.cfg"
fails_with "an annual maximum MLD of an annual-mean field" 1 "'temp' (" "$PLANKMAP" run "$WORK/annualmax.cfg"
holds "the message says a 12-month climatology is needed" "$WORK/err" "is not a 12-month climatology"
absent "a failed horizon leaves no flux maps" "$WORK/plankmap-badhz/flux_baseline.nc"
absent "a failed horizon leaves no totals" "$WORK/plankmap-badhz/totals.tsv"
# (end per-cell export horizons)

# Bad covariates.
sed 's|levitus_climatology.cdf";\n    variable = "TEMP"|x|' "$CFG" |
  sed '0,/variable = "TEMP";/s//variable = "TEMPERATURE";/' >"$WORK/badvar.cfg"
fails_with "a covariate variable that is not in the file" 1 "TEMPERATURE" "$PLANKMAP" run "$WORK/badvar.cfg"
sed 's|salt, k=4)|salt, k=4) + s(oxygen, k=4)|' "$CFG" >"$WORK/badname.cfg"
fails_with "a formula variable that is no covariate" 1 "oxygen" "$PLANKMAP" run "$WORK/badname.cfg"

done_testing
