#!/bin/sh
# cli_fit_tp.sh: `plankmap fit`, `summary` and `predict` with mgcv's default
# thin-plate smooths, s(logdepth) + s(lon, lat, k=30), against mgcv's fit of
# tests/data/model/reference/smooths/gam_poisson_tp2d (tolerances of the
# reference set's README), its partial effect surface; and the errors of a
# thin-plate term.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

REF="$TDATA/model/reference/smooths/gam_poisson_tp2d"
PROFILES="$TDATA/model/reference/profiles.csv"
F=$(sed -n 's/^  "formula": "\(.*\)",$/\1/p' "$REF.expected.json")

. "$top_srcdir/tests/reference_checks.sh"

ok "fit s(logdepth) + s(lon, lat, k=30)" "$PLANKMAP" fit --quiet \
  --data "$PROFILES" --formula "$F" --family poisson --out "$WORK/tp.nc"
ok "summary --json" "$PLANKMAP" summary --json "$WORK/tp.nc"
cp "$WORK/out" "$WORK/tp.json"
within "deviance within 1e-4" "$(json_value "$WORK/tp.json" deviance)" \
  "$(json_value "$REF.expected.json" deviance)" rel 1e-4
within "EDF of s(logdepth) within 0.05" \
  "$(json_value "$WORK/tp.json" 's(logdepth)')" \
  "$(json_value "$REF.expected.json" 's(logdepth)')" abs 0.05
within "EDF of s(lon,lat) within 0.05" \
  "$(json_value "$WORK/tp.json" 's(lon,lat)')" \
  "$(json_value "$REF.expected.json" 's(lon,lat)')" abs 0.05
ok "summary" "$PLANKMAP" summary "$WORK/tp.nc"
holds "summary: the 2-D smooth" "$WORK/out" "s(lon,lat)"
ok "predict the fitting rows" "$PLANKMAP" predict --quiet --model "$WORK/tp.nc" \
  --data "$PROFILES" --out "$WORK/fit.csv"
columns_within "every fitted mu within 1e-3" "$WORK/fit.csv" "$REF.fitted.csv" mu rel 1e-3
reference_inputs "$REF.predict.csv" >"$WORK/new.csv"
ok "predict new rows" "$PLANKMAP" predict --quiet --model "$WORK/tp.nc" \
  --data "$WORK/new.csv" --out "$WORK/pred.csv"
columns_within "predicted eta within 1e-3" "$WORK/pred.csv" "$REF.predict.csv" eta abs 1e-3
columns_within "predicted se_eta within 1%" "$WORK/pred.csv" "$REF.predict.csv" se_eta rel 0.01
ok "plot partial: the 2-D smooth as a surface" "$PLANKMAP" plot partial --quiet \
  "$WORK/tp.nc" --term "s(lon,lat)" -o "$WORK/partial.png"
ok "plot partial wrote a figure" test -s "$WORK/partial.png"

head -n 401 "$PROFILES" >"$WORK/small.csv"
fails_with "s() of two covariates with bs='cr'" 1 "needs bs='tp' or bs='ts'" \
  "$PLANKMAP" fit --data "$WORK/small.csv" --family poisson --out "$WORK/x.nc" \
  --formula "count_copepoda ~ s(lon, lat, bs='cr')"
fails_with "k above the distinct positions" 1 "10 distinct covariate points, too few for k = 30" \
  "$PLANKMAP" fit --data "$WORK/small.csv" --family poisson --out "$WORK/x.nc" \
  --formula "count_copepoda ~ s(lon, lat, k=30)"
done_testing
