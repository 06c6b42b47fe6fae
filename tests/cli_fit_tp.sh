#!/bin/sh
# cli_fit_tp.sh: `plankmap fit`, `summary` and `predict` with mgcv's default
# thin-plate smooths, s(logdepth) + s(lon, lat, k=30), against mgcv's fit of
# tests/data/model/reference/smooths/gam_poisson_tp2d (tolerances of the
# reference set's README), its partial effect surface; the same for the
# spline on the sphere, s(lat, lon, bs='sos', k=40), against
# smooths/gam_poisson_sos; and the errors of these terms.
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

# The spline on the sphere: fitted, written, read back by predict.
SOS="$TDATA/model/reference/smooths/gam_poisson_sos"
F=$(sed -n 's/^  "formula": "\(.*\)",$/\1/p' "$SOS.expected.json")
ok "fit s(logdepth) + s(lat, lon, bs='sos', k=40)" "$PLANKMAP" fit --quiet \
  --data "$PROFILES" --formula "$F" --family poisson --out "$WORK/sos.nc"
ok "sos: summary --json" "$PLANKMAP" summary --json "$WORK/sos.nc"
cp "$WORK/out" "$WORK/sos.json"
within "sos: deviance within 1e-4" "$(json_value "$WORK/sos.json" deviance)" \
  "$(json_value "$SOS.expected.json" deviance)" rel 1e-4
within "sos: EDF of s(lat,lon) within 0.05" \
  "$(json_value "$WORK/sos.json" 's(lat,lon)')" \
  "$(json_value "$SOS.expected.json" 's(lat,lon)')" abs 0.05
ok "sos: predict the fitting rows" "$PLANKMAP" predict --quiet \
  --model "$WORK/sos.nc" --data "$PROFILES" --out "$WORK/sosfit.csv"
columns_within "sos: every fitted mu within 1e-3" "$WORK/sosfit.csv" \
  "$SOS.fitted.csv" mu rel 1e-3
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "eta") e = i }
  { line = $1; for (i = 2; i < e; i++) line = line "," $i; print line }' \
  "$SOS.predict.csv" >"$WORK/sosnew.csv"
ok "sos: predict new rows" "$PLANKMAP" predict --quiet --model "$WORK/sos.nc" \
  --data "$WORK/sosnew.csv" --out "$WORK/sospred.csv"
columns_within "sos: predicted eta within 1e-3" "$WORK/sospred.csv" \
  "$SOS.predict.csv" eta abs 1e-3
columns_within "sos: predicted se_eta within 1%" "$WORK/sospred.csv" \
  "$SOS.predict.csv" se_eta rel 0.01

# The partial effect of the spline on the sphere is a map of the globe:
# along the middle row of the right-hand panel (the equator) the land
# shows grey (d9d9d9) between the filled steps of the effect, several
# colours besides the white page.
ok "sos: plot partial draws the globe" "$PLANKMAP" plot partial "$WORK/sos.nc" \
  -o "$WORK/sos_partial.png"
PIXEL="$top_builddir/tests/png_pixel"
set -- $("$PIXEL" size "$WORK/sos_partial.png")
x=$(($1 / 2))
while [ "$x" -lt "$1" ]; do
  "$PIXEL" rgb "$WORK/sos_partial.png" "$x" $(($2 / 2)); x=$((x + 8))
done >"$WORK/equator"
ok "sos: the equator crosses land" grep -q d9d9d9 "$WORK/equator"
colours=$(grep -v -e ffffff -e d9d9d9 "$WORK/equator" | sort -u | wc -l)
ok "sos: and the effect in at least 4 colours ($colours)" test "$colours" -ge 4

head -n 401 "$PROFILES" >"$WORK/small.csv"
fails_with "s() of two covariates with bs='cr'" 1 "needs bs='tp', 'ts' or 'sos'" \
  "$PLANKMAP" fit --data "$WORK/small.csv" --family poisson --out "$WORK/x.nc" \
  --formula "count_copepoda ~ s(lon, lat, bs='cr')"
fails_with "k above the distinct positions" 1 "10 distinct covariate points, too few for k = 30" \
  "$PLANKMAP" fit --data "$WORK/small.csv" --family poisson --out "$WORK/x.nc" \
  --formula "count_copepoda ~ s(lon, lat, k=30)"
fails_with "sos of one covariate" 1 "bs='sos' takes two covariates" \
  "$PLANKMAP" fit --data "$WORK/small.csv" --family poisson --out "$WORK/x.nc" \
  --formula "count_copepoda ~ s(lat, bs='sos')"
fails_with "sos with longitude first" 1 "is outside [-90, 90]; bs='sos' takes s(latitude, longitude)" \
  "$PLANKMAP" fit --data "$WORK/small.csv" --family poisson --out "$WORK/x.nc" \
  --formula "count_copepoda ~ s(lon, lat, bs='sos', k=8)"
done_testing
