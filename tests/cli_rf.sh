#!/bin/sh
# cli_rf.sh: random forests from the command line: `plankmap run` of the
# demo with its flux model a random forest (engine "random_forest", family
# gaussian), its flux maps, `plankmap summary` and `plankmap predict` from
# its model file alone, and each bad setting of the engine with its message
# and exit status 1; and the size-spectrum demo (configs/demo_spectrum.cfg)
# with both its models random forests, as Clements et al. (2022) fitted
# log biovolume and spectral slope, their spectrum rebuilt into flux maps.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

CFG="$WORK/rf.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo.cfg" |
  sed 's|depth_edges = \[ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 \];|depth_edges = [ 0.0, 100.0 ];|' |
  sed 's|family = "tweedie";|family = "gaussian"; engine = "random_forest";\n    forest = { trees = 50; max_depth = 8; min_child_weight = 5.0; subsample = 0.632; colsample = 0.5; };\n    ensemble = { folds = 5; repeats = 1; };|' |
  sed 's|flux ~ s(temp, k=4) + s(logdepth, k=5)|flux ~ temp + logdepth|' >"$CFG"
cd "$WORK" || exit 1
OUT="$WORK/plankmap-demo"
MODEL="$OUT/model_poc_flux.nc"

ok "run the demo with a random forest of the flux" "$PLANKMAP" run "$CFG"
holds "the run reports the forest's cross-validation" "$WORK/err" "model poc_flux: 5-fold cross-validation"
ok "run writes the flux maps" test -s "$OUT/flux_baseline.nc"
ok "the model file is NetCDF" "$NCDUMP" -h "$MODEL"
holds "the model file names its engine" "$WORK/out" ':engine = "random_forest"'
holds "the model file holds the forests' trees" "$WORK/out" ":forest_trees = 50."

ok "summary of the model file" "$PLANKMAP" summary "$MODEL"
holds "summary: the engine" "$WORK/out" "Engine: random_forest (random forests)"
holds "summary: the settings" "$WORK/out" "Forest: 50 trees, max_depth 8, min_child_weight 5, subsample 0.632, colsample 0.5 per split"
holds "summary: the members" "$WORK/out" "Ensemble: 5 members (5 folds x 1 repeats), seed 1"
fails_with "summary --json is for GAMs" 2 "tree-ensemble model" "$PLANKMAP" summary --json "$MODEL"

# A forest's prediction is a mean of fitted responses: within their range.
printf 'temp,logdepth\n15,3\n15,6\n2,5\n-30,5\n' >"$WORK/new.csv"
ok "predict from the model file" "$PLANKMAP" predict --quiet --model "$MODEL" --data "$WORK/new.csv" --out "$WORK/pred.csv"
ok "predict: the header" test "$(head -1 "$WORK/pred.csv")" = "temp,logdepth,eta,se_eta,mu"
RANGE=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "flux_mgC_m2_d") c = i; next }
  $c != "NA" && $c != "" { if (n++ == 0 || $c < lo) lo = $c; if ($c > hi) hi = $c }
  END { print lo, hi }' "$OUT/flux_samples.tsv")
ok "predict: each mean lies within the fitted fluxes' range ($RANGE)" awk -F, -v r="$RANGE" '
  BEGIN { split(r, a, " ") } NR > 1 && ($5 < a[1] - 1e-3 || $5 > a[2] + 1e-3 || $4 != "NA") { bad = 1 }
  END { exit bad }' "$WORK/pred.csv"
ok "predict: identity link, eta is mu" awk -F, 'NR > 1 && ($3 - $5 > 1e-9 || $5 - $3 > 1e-9) { bad = 1 } END { exit bad }' "$WORK/pred.csv"

# bad settings: file, line, setting and exit status 1
bad() { # DESCRIPTION FRAGMENT SED-EXPRESSION
  sed "$3" "$CFG" >"$WORK/bad.cfg"
  fails_with "$1" 1 "$2" "$PLANKMAP" check "$WORK/bad.cfg"
}
LINE=$(grep -n 'forest = { trees = 50' "$CFG" | cut -d: -f1)
bad "trees 0" "bad.cfg:$LINE: setting 'models[1].forest.trees'" 's/trees = 50;/trees = 0;/'
bad "colsample 0" "models[1].forest.colsample" 's/colsample = 0.5;/colsample = 0.0;/'
bad "an unknown key of forest" "models[1].forest.leaves" 's/trees = 50;/leaves = 50;/'
bad "a family other than gaussian" "setting 'models[1].family': engine \"random_forest\" fits family gaussian only" 's/family = "gaussian"; engine/family = "tweedie"; engine/'
bad "a smooth term" "setting 'models[1].formula'" 's/flux ~ temp + logdepth/flux ~ s(temp) + logdepth/'
bad "boost with engine random_forest" "setting 'models[1].boost' applies only to engine \"xgboost\" (this model's engine is \"random_forest\")" 's/forest = { trees = 50;/boost = { rounds = 5; }; forest = { trees = 50;/'
bad "forest with engine xgboost" "setting 'models[1].forest' applies only to engine \"random_forest\" (this model's engine is \"xgboost\")" 's/engine = "random_forest";/engine = "xgboost";/'
bad "forest with engine gam" "setting 'models[1].forest' applies only to engine \"random_forest\" (this model's engine is \"gam\")" 's/engine = "random_forest";/engine = "gam";/'

# The spectrum's two parameters as random forests of 10 members each, so
# that their members pair.
SPEC="$WORK/spectrum.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo_spectrum.cfg" |
  sed 's|depth_edges = \[ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 \];|depths = [ 100.0, 500.0 ];|' |
  sed 's|family = "gaussian";|family = "gaussian"; engine = "random_forest"; forest = { trees = 50; }; ensemble = { folds = 5; repeats = 2; };|' |
  sed 's|s(temp, k=5) + s(logdepth, k=5)|temp + logdepth|' >"$SPEC"
rm -rf "$WORK/plankmap-demo-spectrum"
ok "run the spectrum demo with random forests" "$PLANKMAP" run "$SPEC"
SOUT="$WORK/plankmap-demo-spectrum"
holds "the slope forest is fitted" "$WORK/err" "model psd_slope: 5-fold cross-validation"
ok "the slope model is a random forest" "$NCDUMP" -h "$SOUT/model_psd_slope.nc"
holds "the slope model file names its engine" "$WORK/out" ':engine = "random_forest"'
ok "the flux maps of the rebuilt spectrum" "$NCDUMP" -h "$SOUT/flux_baseline.nc"
holds "the flux maps hold the spectrum's flux" "$WORK/out" "double flux_spectrum_mean(depth, lat, lon)"
ok "totals: the export at 100 m from the forests, positive, inside its interval" awk -F'\t' '
  $1 == "baseline" && $2 == "flux_spectrum" && $3 == "global" && $4 == "export_100m" {
    found = 1; if (!($5 > 0 && $6 <= $5 && $5 <= $7)) bad = 1 }
  END { exit !(found && !bad) }' "$SOUT/totals.tsv"
done_testing
