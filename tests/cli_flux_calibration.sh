#!/bin/sh
# cli_flux_calibration.sh: the flux section's `calibrate` on the demo data:
# the Guidi et al. (2008) A and b fitted to the installed trap fluxes
# matched to the UVP samples (flux_calibration.tsv), the calibrated fluxes
# when applied (the same as the estimator given those A and b), the
# calibration in validation.md, and bad settings, which fail with exit
# status 1 and a message naming the file, line and setting.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

PLANKMAP_DATADIR="$top_srcdir/validation"
export PLANKMAP_DATADIR
cd "$WORK" || exit 1
BASE="$WORK/base.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo.cfg" >"$BASE"
ATT='attenuation = { ref_depth = 100.0; max_depth = 1000.0; };'

# config FILE SETTINGS: the demo with SETTINGS after its attenuation group.
config() {
  sed "s|$ATT|$ATT $2|" "$BASE" >"$1"
}

# The traps near the demo's sites: within 300 km and 100 m, those of the
# sites give b its spread; within 200 km and 50 m the best b lies at the
# edge of the search range (tested below).
CFG="$WORK/calib.cfg"
T="$WORK/plankmap-demo/flux_calibration.tsv"
config "$CFG" 'calibrate = { radius_km = 300.0; depth_m = 100.0; };'
ok "plankmap flux with a calibration" "$PLANKMAP" flux "$CFG"
holds "the log names the calibration" "$WORK/err" "calibrated against"
holds "flux_calibration.tsv has its header" "$T" \
  "node_m	A	se_A	log10_A	se_log10_A	b	se_b	n_traps	n_params	sigma_log10	bias_before	rmse_before	r_before	bias_after	rmse_after	r_after	applied"
ok "one row: one A and b, not applied" \
  awk -F'\t' 'END {exit !(NR == 2 && $1 == "" && $9 == 2 && $17 == "false")}' "$T"
ok "A, b and their standard errors finite and positive" \
  awk -F'\t' 'NR == 2 {exit !($2 > 0 && $3 > 0 && $6 >= 1 && $6 <= 6 && $7 > 0 && $2 !~ /nan|inf/ && $3 !~ /nan|inf/)}' "$T"
ok "at least 3 traps for 2 parameters" awk -F'\t' 'NR == 2 {exit !($8 >= 3)}' "$T"
# log10 A is the mean residual: no bias after; least squares: the RMSE is
# no larger than with A = 12.5, b = 3.81
ok "bias after calibration 0" awk -F'\t' 'NR == 2 {exit !($14 < 1e-9 && $14 > -1e-9)}' "$T"
ok "RMSE after <= RMSE before" awk -F'\t' 'NR == 2 {exit !($15 <= $12)}' "$T"
ok "se(A) = A ln(10) se(log10 A)" \
  awk -F'\t' 'NR == 2 {d = $3 - $2 * log(10) * $5; exit !(d < 1e-4 * $3 && d > -1e-4 * $3)}' "$T"
NTRAPS=$(awk -F'\t' 'NR == 2 {print $8}' "$T")
A=$(awk -F'\t' 'NR == 2 {print $2}' "$T")
B=$(awk -F'\t' 'NR == 2 {print $6}' "$T")
cp "$WORK/plankmap-demo/flux_samples.tsv" "$WORK/uncalibrated.tsv"

# apply: the fluxes are those of the estimator with the calibrated A and b
config "$CFG" 'calibrate = { radius_km = 300.0; depth_m = 100.0; apply = true; };'
ok "plankmap flux with the calibration applied" "$PLANKMAP" flux "$CFG"
ok "applied: the table says so" awk -F'\t' 'NR == 2 {exit !($17 == "true")}' "$T"
ok "applied: the fluxes changed" \
  sh -c '! cmp -s "$1" "$2"' - "$WORK/uncalibrated.tsv" "$WORK/plankmap-demo/flux_samples.tsv"
cp "$WORK/plankmap-demo/flux_samples.tsv" "$WORK/applied.tsv"
sed "s|estimator = \"guidi\";|estimator = \"guidi\"; A = $A; b = $B;|" "$BASE" >"$WORK/given.cfg"
ok "plankmap flux with A and b given" "$PLANKMAP" flux "$WORK/given.cfg"
ok "applied: the fluxes of the estimator given those A and b" \
  awk -F'\t' 'NR == FNR {f[FNR] = $7; next} FNR > 1 {d = $7 - f[FNR]; s = f[FNR] > 1e-300 ? f[FNR] : 1; if (d / s > 1e-8 || d / s < -1e-8) exit 1}' \
  "$WORK/applied.tsv" "$WORK/plankmap-demo/flux_samples.tsv"

# the whole run: the calibration in the validation report
config "$CFG" 'calibrate = { radius_km = 300.0; depth_m = 100.0; };'
ok "plankmap run with a calibration" "$PLANKMAP" run --quiet "$CFG"
holds "validation.md has the calibration" "$WORK/plankmap-demo/validation.md" \
  "## Flux estimator calibrated against the traps"
ok "validation.md has its row: $NTRAPS traps" \
  grep -q "^|  | $A | .* | $NTRAPS | 2 | " "$WORK/plankmap-demo/validation.md"

# bad settings: schema errors name the file, line and setting
LINE=$(grep -n 'attenuation = { ref_depth' "$BASE" | cut -d: -f1)
bad() { # DESCRIPTION FRAGMENT SETTINGS
  config "$WORK/bad.cfg" "$3"
  fails_with "$1" 1 "$2" "$PLANKMAP" check "$WORK/bad.cfg"
}
bad "radius 0" "bad.cfg:$LINE: setting 'flux.calibrate.radius_km'" \
  'calibrate = { radius_km = 0.0; depth_m = 50.0; };'
bad "a negative depth distance" "setting 'flux.calibrate.depth_m'" \
  'calibrate = { radius_km = 200.0; depth_m = -1.0; };'
bad "no radius" "'flux.calibrate' lacks the required setting 'radius_km'" 'calibrate = { depth_m = 50.0; };'
bad "nodes not increasing" "bad.cfg:$LINE: setting 'flux.calibrate.nodes'" \
  'calibrate = { radius_km = 200.0; depth_m = 50.0; nodes = [ 500.0, 100.0 ]; };'
bad "an unknown key" "flux.calibrate.radius" \
  'calibrate = { radius = 200.0; depth_m = 50.0; };'

# too few traps: a run-time error naming how many matched
config "$WORK/few.cfg" 'calibrate = { radius_km = 0.001; depth_m = 0.0; };'
fails_with "too few matched traps" 1 "flux.calibrate: 0 of the 1975 traps" \
  "$PLANKMAP" flux "$WORK/few.cfg"
holds "too few: how many are needed" "$WORK/err" "2 parameters need at least 3"
config "$WORK/nodes.cfg" \
  'calibrate = { radius_km = 300.0; depth_m = 100.0; nodes = [ 100.0, 500.0, 2000.0 ]; };'
fails_with "nodes no trap reaches" 1 "depth node 500 m are not determined" \
  "$PLANKMAP" flux "$WORK/nodes.cfg"
config "$WORK/edge.cfg" 'calibrate = { radius_km = 200.0; depth_m = 50.0; };'
fails_with "b at the edge of its range: an error" 1 \
  "35 of the 1975 traps" "$PLANKMAP" flux "$WORK/edge.cfg"
holds "b at the edge: the error says so" "$WORK/err" \
  "the best exponent b is at 6, the edge of the search range 1-6"

done_testing
