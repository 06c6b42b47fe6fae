#!/bin/sh
# cli_fit_by.sh: `plankmap fit`, `summary`, `predict` and `plot partial` with
# mgcv's by= smooths against mgcv's fits: a varying coefficient,
# s(logdepth, by=oxy) (tests/data/model/reference/smooths/gam_poisson_by),
# and a factor by, one smooth of logdepth per latitude band
# (smooths/gam_factor_by); tolerances of the reference set's README.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/reference_checks.sh"

check_case gam_poisson_by "$TDATA/model/reference/profiles.csv" poisson \
  's(logdepth):oxy' 's(temp)'
FBY="$TDATA/model/reference/smooths/gam_factor_by.data.csv"
check_case gam_factor_by "$FBY" poisson 's(logdepth):bandnorth' \
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
