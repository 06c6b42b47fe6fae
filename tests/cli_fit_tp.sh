#!/bin/sh
# cli_fit_tp.sh: `plankmap fit`, `summary` and `predict` with mgcv's default
# thin-plate smooths, s(logdepth) + s(lon, lat, k=30), against mgcv's fit of
# tests/data/model/reference/smooths/gam_poisson_tp2d (tolerances of the
# reference set's README), its partial effect surface; the same for the
# spline on the sphere, s(lat, lon, bs='sos', k=40), against
# smooths/gam_poisson_sos; and the errors of these terms.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/reference_checks.sh"
PROFILES="$TDATA/model/reference/profiles.csv"

# check_case (tests/reference_checks.sh) fits, summarizes, predicts and
# plots the first smooth named (the 2-D one: a filled-contour surface, a
# globe), writing the model to $WORK/by.nc.
check_case gam_poisson_tp2d "$PROFILES" poisson 's(lon,lat)' 's(logdepth)'
check_case gam_poisson_sos "$PROFILES" poisson 's(lat,lon)' 's(logdepth)'
mv "$WORK/by.nc" "$WORK/sos.nc"

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
