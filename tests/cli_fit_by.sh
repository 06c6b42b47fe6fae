#!/bin/sh
# cli_fit_by.sh: `plankmap fit`, `summary`, `predict` and `plot partial` with
# mgcv's by= smooths against mgcv's fits: a varying coefficient,
# s(logdepth, by=oxy) (tests/data/model/reference/smooths/gam_poisson_by),
# and a factor by, one smooth of logdepth per latitude band
# (smooths/gam_factor_by); tolerances of the reference set's README.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/reference_checks.sh"

# check_case CASE DATA SMOOTH...: fit, summary, predictions and partial
# effect plot of CASE; the EDF of each SMOOTH label (mgcv's), the first one
# plotted.
check_case() {
  ref="$TDATA/model/reference/smooths/$1" data=$2
  shift 2
  f=$(sed -n 's/^  "formula": "\(.*\)",$/\1/p' "$ref.expected.json")
  ok "fit $f" "$PLANKMAP" fit --quiet --data "$data" --formula "$f" \
    --family poisson --out "$WORK/by.nc"
  ok "summary --json" "$PLANKMAP" summary --json "$WORK/by.nc"
  cp "$WORK/out" "$WORK/by.json"
  within "deviance within 1e-4" "$(json_value "$WORK/by.json" deviance)" \
    "$(json_value "$ref.expected.json" deviance)" rel 1e-4
  ok "summary" "$PLANKMAP" summary "$WORK/by.nc"
  for s in "$@"; do
    within "EDF of $s within 0.05" "$(json_value "$WORK/by.json" "$s")" \
      "$(json_value "$ref.expected.json" "$s")" abs 0.05
    holds "summary: the term $s" "$WORK/out" "$s"
  done
  ok "predict the fitting rows" "$PLANKMAP" predict --quiet \
    --model "$WORK/by.nc" --data "$data" --out "$WORK/fit.csv"
  columns_within "every fitted mu within 1e-3" "$WORK/fit.csv" \
    "$ref.fitted.csv" mu rel 1e-3
  reference_inputs "$ref.predict.csv" >"$WORK/new.csv"
  ok "predict new rows" "$PLANKMAP" predict --quiet --model "$WORK/by.nc" \
    --data "$WORK/new.csv" --out "$WORK/pred.csv"
  columns_within "predicted eta within 1e-3" "$WORK/pred.csv" \
    "$ref.predict.csv" eta abs 1e-3
  columns_within "predicted se_eta within 1%" "$WORK/pred.csv" \
    "$ref.predict.csv" se_eta rel 0.01
  ok "plot partial $1" "$PLANKMAP" plot partial --quiet "$WORK/by.nc" \
    --term "$1" -o "$WORK/partial.png"
  ok "plot partial wrote a figure" test -s "$WORK/partial.png"
}

check_case gam_poisson_by "$TDATA/model/reference/profiles.csv" \
  's(logdepth):oxy' 's(temp)'
FBY="$TDATA/model/reference/smooths/gam_factor_by.data.csv"
check_case gam_factor_by "$FBY" 's(logdepth):bandnorth' \
  's(logdepth):bandsouth' 's(logdepth):bandtropic' 's(temp)'

printf 'logdepth,temp,band,volume_m3\n3,10,north,1\n3,10,arctic,1\n' \
  >"$WORK/arctic.csv"
fails_with "predict: a band the model did not see" 1 \
  "column 'band' has the level 'arctic', which the model did not see" \
  "$PLANKMAP" predict --quiet --model "$WORK/by.nc" --data "$WORK/arctic.csv" \
  --out "$WORK/x.csv"
fails_with "fit: by= naming a column that is not in the data" 1 \
  "no column 'region'" "$PLANKMAP" fit --data "$FBY" --family poisson \
  --out "$WORK/x.nc" --formula "count_phaeodaria ~ s(temp, by=region)"
fails_with "fit: by= given twice" 1 "by= is given twice" \
  "$PLANKMAP" fit --data "$FBY" --family poisson --out "$WORK/x.nc" \
  --formula "count_phaeodaria ~ s(temp, by=band, by=temp)"
done_testing
