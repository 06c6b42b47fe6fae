#!/bin/sh
# cli_xgb.sh: boosted trees from the command line: `plankmap run` of the
# demo with engine "xgboost" (configs/demo_xgboost.cfg, one map layer,
# a tuning grid and early stopping), its figures (no partial effects),
# `plankmap summary` and `plankmap predict` from its model file alone, and
# each bad setting of the engine with its message and exit status 1.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

CFG="$WORK/xgb.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo_xgboost.cfg" |
  sed 's|depth_edges = \[ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 \];|depth_edges = [ 0.0, 100.0 ];|' >"$CFG"
printf 'figures = { depths = [ 25.0 ]; width_mm = 120.0; dpi = 72.0; };\n' >>"$CFG"
cd "$WORK" || exit 1
OUT="$WORK/plankmap-demo-xgboost"
MODEL="$OUT/model_particles.nc"

ok "run the boosted-trees demo" "$PLANKMAP" run "$CFG"
holds "the run reports the ensemble's cross-validation" "$WORK/err" "model particles: 5-fold cross-validation"
for f in model_particles.nc maps_baseline.nc maps_warming.nc totals.tsv; do
  ok "run writes $f" test -s "$OUT/$f"
done
ok "the figures map the ensemble's mean" test -s "$OUT/figures/map_particles_baseline_50m.png"
ok "the figures draw the partial dependence of the boosted trees" test -s "$OUT/figures/partial_particles.png"
holds "totals.tsv has the global total with its interval" "$OUT/totals.tsv" "baseline	particles	global	total"
ok "the model file is NetCDF" "$NCDUMP" -h "$MODEL"
holds "the model file names its engine" "$WORK/out" ':engine = "xgboost"'
holds "the model file holds the boosters" "$WORK/out" "char booster(booster_char)"
holds "the model file holds the importance" "$WORK/out" "double importance_gain(feature)"
holds "the model file holds each member's trees" "$WORK/out" "double member_rounds(member)"
holds "the model file holds the tuning grid" "$WORK/out" "double tune_deviance(tune_point)"
holds "the model file names the chosen point" "$WORK/out" ":tune_chosen = 3."
holds "the model file holds early_stopping" "$WORK/out" ":early_stopping = 10."

ok "summary of the model file" "$PLANKMAP" summary "$MODEL"
holds "summary: the engine" "$WORK/out" "Engine: xgboost"
holds "summary: the settings" "$WORK/out" "eta 0.1, max_depth 4"
holds "summary: the members" "$WORK/out" "Ensemble: 10 members (5 folds x 2 repeats), seed 1"
holds "summary: the stopping rule" "$WORK/out" "Early stopping: after 10 rounds without a lower deviance of the held-out fold"
holds "summary: the trees kept" "$WORK/out" "Trees per member: mean "
holds "summary: the grid" "$WORK/out" "Tuning grid (5-fold blocked cross-validation of the first repetition; * chosen):"
cp "$WORK/out" "$WORK/summary"
ok "summary: the grid's points eta x max_depth, the last chosen" awk '/^Tuning grid/ { g = 1; next } g && /^$/ { g = 0 }
  g && $1 != "eta" { n++; k = $1 == "*"; if (k) c = n; pts = pts $(1 + k) "/" $(2 + k) " " }
  END { exit !(c == 4 && pts == "0.05/2 0.05/4 0.1/2 0.1/4 ") }' "$WORK/summary"
holds "summary: the cross-validation" "$WORK/summary" "Cross-validation (held-out folds"
holds "summary: the importance table" "$WORK/summary" "Variable importance"
holds "summary: a feature" "$WORK/summary" "logdepth"
fails_with "summary --json is for GAMs" 2 "--json is for GAMs" "$PLANKMAP" summary --json "$MODEL"

printf 'temp,salt,logdepth,volume_m3\n15,35,3,1\n15,35,3,2\n2,34,6,1\n,35,3,1\n' >"$WORK/new.csv"
ok "predict from the model file" "$PLANKMAP" predict --quiet --model "$MODEL" --data "$WORK/new.csv" --out "$WORK/pred.csv"
ok "predict: the header" test "$(head -1 "$WORK/pred.csv")" = "temp,salt,logdepth,volume_m3,eta,se_eta,mu"
ok "predict: twice the volume, twice the mean (the offset)" awk -F, 'NR == 2 { m = $7 } NR == 3 { r = $7 / m } END { exit !(r > 1.999999 && r < 2.000001) }' "$WORK/pred.csv"
ok "predict: no standard error, NA for a missing covariate" awk -F, 'NR == 2 && $6 != "NA" { bad = 1 } NR == 5 && $7 != "NA" { bad = 1 } END { exit bad }' "$WORK/pred.csv"

# bad settings: file, line, setting and exit status 1
bad() { # DESCRIPTION FRAGMENT SED-EXPRESSION
  sed "$3" "$CFG" >"$WORK/bad.cfg"
  fails_with "$1" 1 "$2" "$PLANKMAP" check "$WORK/bad.cfg"
}
LINE=$(grep -n 'rounds = 100' "$CFG" | cut -d: -f1)
bad "rounds 0" "bad.cfg:$LINE: setting 'models[0].boost.rounds'" 's/rounds = 100;/rounds = 0;/'
bad "subsample above 1" "models[0].boost.subsample" 's/subsample = 0.5;/subsample = 1.5;/'
bad "subsample 0" "models[0].boost.subsample" 's/subsample = 0.5;/subsample = 0.0;/'
bad "eta 0" "models[0].boost.eta" 's/eta = 0.1;/eta = 0.0;/'
bad "an unknown key of boost" "models[0].boost.trees" 's/rounds = 100;/trees = 100;/'
bad "repeats 0" "models[0].ensemble.repeats" 's/repeats = 2;/repeats = 0;/'
bad "an unknown engine" "models[0].engine" 's/engine = "xgboost";/engine = "forest";/'
bad "a smooth term" "setting 'models[0].formula'" 's/count ~ temp/count ~ s(temp)/'
bad "a smooth term asks for engine gam" 'needs engine "gam"' 's/count ~ temp/count ~ s(temp)/'
bad "a family it does not fit" "setting 'models[0].family': family 'negbin'" 's/family = "poisson";/family = "negbin";/'
bad "a bootstrap" "models[0].uncertainty.bootstrap" 's/uncertainty = { seed = 1; };/uncertainty = { seed = 1; bootstrap = 10; };/'
bad "early_stopping below 0" "models[0].boost.early_stopping" 's/early_stopping = 10;/early_stopping = -1;/'
bad "early_stopping not whole" "models[0].boost.early_stopping" 's/early_stopping = 10;/early_stopping = 2.5;/'
LINE=$(grep -n 'tune = {' "$CFG" | cut -d: -f1)
bad "an unknown key of tune" "bad.cfg:$LINE: unknown setting 'models[0].tune.depth'" 's/max_depth = \[ 2, 4 \];/depth = [ 2, 4 ];/'
bad "an empty tune list" "bad.cfg:$LINE: setting 'models[0].tune.eta'" 's/eta = \[ 0.05, 0.1 \];/eta = [ ];/'
bad "a tune eta of 0" "models[0].tune.eta" 's/eta = \[ 0.05, 0.1 \];/eta = [ 0.0, 0.1 ];/'
bad "a tune max_depth of 0" "models[0].tune.max_depth" 's/max_depth = \[ 2, 4 \];/max_depth = [ 0, 4 ];/'
bad "a tune max_depth not whole" "models[0].tune.max_depth" 's/max_depth = \[ 2, 4 \];/max_depth = [ 2.5, 4.0 ];/'
bad "a tune min_child_weight below 0" "models[0].tune.min_child_weight" 's/tune = {/tune = { min_child_weight = [ -1.0 ];/'
bad "more tune values than are tried" "setting 'models[0].tune.eta' has 17 values" 's/eta = \[ 0.05, 0.1 \];/eta = [ 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17 ];/'
bad "tune with engine gam" "setting 'models[0].tune' applies only to engine \"xgboost\"" 's/engine = "xgboost";/engine = "gam";/; /boost = {/,/early_stopping/d; /ensemble = {/d'
bad "boost with engine gam" "setting 'models[0].boost' applies only to engine \"xgboost\"" 's/engine = "xgboost";/engine = "gam";/'
done_testing
