#!/bin/sh
# cli_spectrum.sh: the size-spectrum responses from the command line:
# `plankmap run` of configs/demo_spectrum.cfg (with BATS 361 cast 12 added
# and the maps at the flux depths), the per-sample log biovolume and slope
# of the frames against the hand computation of tests/test_spectrum.c, the
# flux maps of the rebuilt spectrum against the closed form applied to the
# two models' maps, its totals, and each bad setting with file, line,
# setting and exit status 1.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

CFG="$WORK/spectrum.cfg"
BATS12="$top_srcdir/data/ecopart_detailed/BATSOFP/export_detailed_20240422_11_04_PAR_bats361_ctd12.tsv"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo_spectrum.cfg" |
  sed "s|PAR_tara_148_00_a.tsv\" \];|PAR_tara_148_00_a.tsv\", \"$BATS12\" ];|" |
  sed 's|depth_edges = \[ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 \];|depths = [ 100.0, 200.0, 500.0, 1000.0 ];|' >"$CFG"
cd "$WORK" || exit 1
OUT="$WORK/plankmap-demo-spectrum"

ok "run the spectrum demo" "$PLANKMAP" run "$CFG"
cp "$WORK/err" "$WORK/run.err"
holds "the log biovolume model is fitted" "$WORK/run.err" "model psd_biovolume: 5-fold cross-validation"
grep -F "RMSE" "$WORK/run.err" | grep -F "psd_slope" >"$WORK/nan" || rm -f "$WORK/nan"
absent "no RMSE of log(1+y) for a slope" "$WORK/nan"
holds "samples without a value are counted" "$WORK/run.err" "left out for a missing response or covariate"
holds "the run writes the flux maps" "$WORK/run.err" "plankmap-demo-spectrum/flux_baseline.nc"
for f in model_psd_biovolume.nc model_psd_slope.nc maps_baseline.nc flux_baseline.nc totals.tsv; do
  ok "run writes $f" test -s "$OUT/$f"
done

# The first bin of BATS 361 cast 12 (2.5 m, 31.17047 N 64.31987 W), by
# hand in tests/test_spectrum.c: ln V = 4.853280, slope = -3.511854.
row() { # FRAME: the value of the cast's 2.5 m bin
  awk -F'\t' '$1 == "bats361_ctd12" && $4 == 2.5 && $3 > 31.17 && $3 < 31.171 { print $6 }' "$1"
}
near() { # VALUE WANT TOLERANCE
  awk -v v="$1" -v w="$2" -v t="$3" 'BEGIN { d = v - w; if (d < 0) d = -d; exit !(v != "" && d <= t) }'
}
ok "frame: the log biovolume of BATS 361 cast 12 at 2.5 m" near "$(row "$OUT/frame_psd_biovolume.tsv")" 4.853280 1e-6
ok "frame: the slope of BATS 361 cast 12 at 2.5 m" near "$(row "$OUT/frame_psd_slope.tsv")" -3.511854 1e-6
holds "frame: the units of the log biovolume" "$OUT/frame_psd_biovolume.tsv" "ln(mm3 m-3)"

# The values of a variable, one per line, "_" where masked.
values() { # FILE VARIABLE
  "$NCDUMP" -v "$2" "$1" | sed -n "/^ $2 =/,/;/p" | sed "s/^ $2 =//; s/;//" | tr ',' '\n' | tr -d ' ' | grep -v '^$'
}
values "$OUT/flux_baseline.nc" flux_spectrum_mean >"$WORK/F"
values "$OUT/maps_baseline.nc" psd_biovolume_mean >"$WORK/V"
values "$OUT/maps_baseline.nc" psd_slope_mean >"$WORK/S"
ok "flux map: values where the models predict, all positive and finite" awk '
  $1 != "_" { n++; if (!($1 > 0 && $1 < 1e30)) bad++ } END { exit !(n > 1000 && bad == 0) }' "$WORK/F"
ok "flux map: masked where the models are, predicted where they are" sh -c \
  "paste '$WORK/F' '$WORK/V' | awk '(\$1 == \"_\") != (\$2 == \"_\") { bad++ } END { exit bad > 0 }'"
# Guidi et al. 2008 over 0.1-2 mm: N0 = V / (pi/6 (2^(s+4) - 0.1^(s+4)) /
# (s+4)), F = 1e-3 A N0 (2^(s+b+1) - 0.1^(s+b+1)) / (s+b+1), A = 12.5,
# b = 3.81, at every cell of the maps (the same depths).
ok "flux map: the closed form of the two models' maps" sh -c \
  "paste '$WORK/F' '$WORK/V' '$WORK/S' | awk '
    \$1 != \"_\" {
      s = \$3; k = s + 4; q = s + 4.81
      n0 = exp(\$2) / (3.14159265358979 / 6 * (exp(k * log(2)) - exp(k * log(0.1))) / k)
      F = 1e-3 * 12.5 * n0 * (exp(q * log(2)) - exp(q * log(0.1))) / q
      d = (\$1 - F) / F; if (d < 0) d = -d
      if (d > 1e-6) bad++; n++
    } END { exit !(n > 1000 && bad == 0) }'"
ok "flux maps: the interval and the Martin curve" sh -c "'$NCDUMP' -h '$OUT/flux_baseline.nc' >'$WORK/head'"
holds "flux maps: the upper bound" "$WORK/head" "double flux_spectrum_upper(depth, lat, lon)"
holds "flux maps: the Martin exponent" "$WORK/head" "double flux_spectrum_martin_b(lat, lon)"
ok "totals: the export at 100 m, positive, inside its interval" awk -F'\t' '
  $1 == "baseline" && $2 == "flux_spectrum" && $3 == "global" && $4 == "export_100m" {
    found = 1; if (!($5 > 0 && $6 <= $5 && $5 <= $7 && $8 == "Pg C yr-1")) bad = 1 }
  END { exit !(found && !bad) }' "$OUT/totals.tsv"
holds "totals: the export at 1000 m" "$OUT/totals.tsv" "baseline	flux_spectrum	global	export_1000m"
holds "totals: the mean Martin b" "$OUT/totals.tsv" "baseline	flux_spectrum	global	martin_b"
holds "totals: a spectrum model's mean" "$OUT/totals.tsv" "baseline	psd_slope	global	total"

# bad settings: file, line, setting and exit status 1
# the calibration against the traps applied: the flux of each cell uses the
# calibrated A and b of flux_calibration.tsv, not the estimator's 12.5 and
# 3.81 (the closed form above with those A and b)
PLANKMAP_DATADIR="$top_srcdir/validation"
export PLANKMAP_DATADIR
sed 's|estimator = "guidi";|estimator = "guidi"; calibrate = { radius_km = 300.0; depth_m = 100.0; apply = true; };|' \
  "$CFG" >"$WORK/calib.cfg"
ok "run the spectrum demo with the calibration applied" "$PLANKMAP" run "$WORK/calib.cfg"
CAL_A=$(awk -F'\t' 'NR == 2 {print $2}' "$OUT/flux_calibration.tsv")
CAL_B=$(awk -F'\t' 'NR == 2 {print $6}' "$OUT/flux_calibration.tsv")
ok "calibrated A and b differ from the estimator's" awk -v a="$CAL_A" -v b="$CAL_B" \
  'BEGIN { exit !(a > 0 && (a - 12.5 > 0.1 || 12.5 - a > 0.1) && (b - 3.81 > 0.01 || 3.81 - b > 0.01)) }'
values "$OUT/flux_baseline.nc" flux_spectrum_mean >"$WORK/F"
values "$OUT/maps_baseline.nc" psd_biovolume_mean >"$WORK/V"
values "$OUT/maps_baseline.nc" psd_slope_mean >"$WORK/S"
ok "calibrated flux map: the closed form with the calibrated A and b" sh -c \
  "paste '$WORK/F' '$WORK/V' '$WORK/S' | awk -v A='$CAL_A' -v b='$CAL_B' '
    \$1 != \"_\" {
      s = \$3; k = s + 4; q = s + b + 1
      n0 = exp(\$2) / (3.14159265358979 / 6 * (exp(k * log(2)) - exp(k * log(0.1))) / k)
      F = 1e-3 * A * n0 * (exp(q * log(2)) - exp(q * log(0.1))) / q
      d = (\$1 - F) / F; if (d < 0) d = -d
      if (d > 1e-6) bad++; n++
    } END { exit !(n > 1000 && bad == 0) }'"
"$NCDUMP" -h "$OUT/flux_baseline.nc" >"$WORK/head"
holds "calibrated flux maps say how A and b were found" "$WORK/head" \
  "Guidi et al. 2008 with A and b calibrated against sediment traps"
printf 'node_m\tA\n\t1\n' >"$OUT/flux_calibration.tsv"
rm "$OUT/flux_baseline.nc"
fails_with "a calibration table without b: an error naming it" 1 \
  "flux_calibration.tsv:1: no column 'log10_A'" "$PLANKMAP" run "$WORK/calib.cfg"

bad() { # DESCRIPTION FRAGMENT SED-EXPRESSION
  sed "$3" "$CFG" >"$WORK/bad.cfg"
  fails_with "$1" 1 "$2" "$PLANKMAP" check "$WORK/bad.cfg"
}
LINE=$(grep -n 'spectrum_models = {' "$CFG" | cut -d: -f1)
bad "an unknown model" "bad.cfg:$LINE: setting 'flux.spectrum_models.slope': no model named 'psd_slop'" \
  's/slope = "psd_slope";/slope = "psd_slop";/'
bad "a model of the wrong parameter" "setting 'flux.spectrum_models.biovolume': model 'psd_slope' is not a model of the spectrum's log_biovolume" \
  's/biovolume = "psd_biovolume";/biovolume = "psd_slope";/'
bad "a count model" "setting 'flux.spectrum_models.biovolume': model 'counts' is not a model of the spectrum's log_biovolume" \
  's/biovolume = "psd_biovolume";/biovolume = "counts";/; s/^models = (/models = ( { name = "counts"; response = { size = [ 100.0, 500.0 ]; }; family = "poisson"; formula = "count ~ temp"; },/'
bad "two windows" "setting 'flux.spectrum_models.slope': model 'psd_slope' has the size window 100-1000 um" \
  's/spectrum = "slope"; size = \[ 100.0, 2000.0 \]/spectrum = "slope"; size = [ 100.0, 1000.0 ]/'
LINE=$(grep -n 'formula = "slope' "$CFG" | cut -d: -f1)
bad "an offset" "bad.cfg:$LINE: setting 'models[1].formula': the term 'offset(log(volume_m3))' is an offset" \
  's/formula = "slope ~ s(temp, k=5) + s(logdepth, k=5)";/formula = "slope ~ s(temp, k=5) + offset(log(volume_m3))";/'
LINE=$(grep -n 'family = "gaussian"' "$CFG" | head -1 | cut -d: -f1)
bad "a family other than gaussian" "bad.cfg:$LINE: setting 'models[0].family': 'gamma'; a spectrum response" \
  '0,/family = "gaussian";/s//family = "gamma";/'
bad "frame cells" "setting 'models[0].frame': a spectrum model is fitted to samples" \
  's/family = "gaussian";/family = "gaussian"; frame = "cells";/'
bad "an unknown parameter" "models[0].response.spectrum" \
  's/spectrum = "log_biovolume";/spectrum = "volume";/'
bad "spectrum without size" "gives 'spectrum' without 'size'" \
  's/spectrum = "slope"; size = \[ 100.0, 2000.0 \];/spectrum = "slope";/'
bad "spectrum with another response" "gives 'spectrum' with another response" \
  's/spectrum = "slope";/spectrum = "slope"; biomass = true;/'
bad "the response named in the formula" "setting 'models[1].formula': 'count' is neither the response" \
  's/formula = "slope ~/formula = "count ~/'
bad "a covariate named slope" "'slope' is the name of the response in formulas" \
  's/{ name = "temp";/{ name = "slope";/'
bad "a flux model beside the spectrum's flux" "setting 'flux.spectrum_models': models[0] has a flux response" \
  's/^models = (/models = ( { name = "poc"; response = { flux = true; }; family = "gaussian"; formula = "flux ~ temp"; },/'
done_testing
