#!/bin/sh
# cli_simulate.sh: `plankmap simulate` and the recovery report of a run on
# what it writes.
#  - A constant truth (500 m-3) drawn as Poisson counts at the 15 samples
#    of a HOT profile: the draws' total agrees with 500 x the summed volume
#    within 4 standard errors, the truth map is 500 in every ocean cell and
#    its global total is 500 x the volume of the ocean the maps cover, the
#    same seed gives the same draws and another seed others.
#  - A truth of temperature and depth drawn as negative binomial counts
#    (theta 2) at 400 casts spread over the ocean, 25 m layers to 500 m: the
#    negative binomial GAM of the written scenario recovers the global
#    total within 3% and the map with a log10 RMSE under 0.06, boosted
#    trees fitted beside it within 10% and 0.15, and the run writes
#    recovery.tsv and a recovery section in report.md.
#  - The same truth drawn as Tweedie biomass (p 1.5, phi 2), with the
#    number of individuals of each draw: a Tweedie GAM of the biomass
#    recovers the global total within 5%.
#  - A fitted model file as the truth; a model without the volume offset,
#    a truth that is not positive and a file without a simulate group are
#    errors that say so.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"
cd "$WORK" || exit 1

LEVITUS=/usr/share/ferret-vis/data/levitus_climatology.cdf
HOT="$DATA/ecopart_detailed/HOTALOHA/export_detailed_20240422_11_14"

# scenario FILE OUTDIR SIMULATE-GROUP MODELS: a scenario of one HOT
# profile, temperature and salinity, maps of 3 layers to 500 m.
scenario() {
  cat >"$1" <<EOF
output_dir = "$2";
observations = ( { name = "hot"; format = "ecopart-detailed";
  metadata = "${HOT}_Export_metadata_summary.tsv";
  files = [ "${HOT}_PAR_001.tsv" ]; } );
grid = { resolution = 1.0; depth_edges = [ 0.0, 100.0, 200.0, 500.0 ]; };
covariates = (
  { name = "temp"; file = "$LEVITUS"; variable = "TEMP"; },
  { name = "salt"; file = "$LEVITUS"; variable = "SALT"; } );
relief = { file = "/usr/share/ferret-vis/data/etopo20.cdf"; variable = "ROSE"; };
models = ( $4 );
prediction = { depth_edges = [ 0.0, 100.0, 200.0, 500.0 ]; months = "annual"; };
simulate = { $3 };
EOF
}
PARTICLES='{ name = "particles"; response = { size = [ 100.0, 500.0 ]; };
  family = "negbin"; uncertainty = { draws = 50; seed = 1; };
  formula = "count ~ s(temp, k=6) + s(salt, k=4) + s(logdepth, k=6) + offset(log(volume_m3))"; }'
TREES='{ name = "trees"; response = { size = [ 100.0, 500.0 ]; }; engine = "xgboost";
  family = "poisson"; formula = "count ~ temp + salt + logdepth + offset(log(volume_m3))";
  boost = { rounds = 60; eta = 0.2; nthread = 2; }; ensemble = { folds = 5; repeats = 1; }; }'
CARBON='{ name = "carbon"; response = { biomass = true; }; family = "tweedie";
  uncertainty = { draws = 50; seed = 1; };
  formula = "biomass ~ s(temp, k=6) + s(logdepth, k=6) + offset(log(volume_m3))"; }'

# --- a constant truth at the samples of the observations --------------------
scenario const.cfg const 'truth = "500 + 0*temp"; family = "poisson"; seed = 7;' "$PARTICLES"
ok "simulate a constant truth" "$PLANKMAP" simulate const.cfg
holds "it says how many samples it drew" "$WORK/err" "virtual samples"
for f in observations.csv truth.nc truth_totals.tsv scenario.cfg; do
  ok "it writes simulated/$f" test -s "const/simulated/$f"
done
holds "the table has the long layout's header" const/simulated/observations.csv \
  "profile,project,datetime,lat,lon,depth_top,depth_bottom,volume_m3,class,count"
ok "every count is a whole number of the class 'virtual'" awk -F, '
  NR > 1 { n++; if ($9 != "virtual" || $10 != int($10) || $10 < 0) bad = 1 }
  END { exit bad || n != 15 }' const/simulated/observations.csv
ok "the draws total 500 x the volume within 4 standard errors" awk -F, '
  NR > 1 { c += $10; v += $8 } END { m = 500 * v; exit !((c - m) ^ 2 < 16 * m) }' \
  const/simulated/observations.csv
ok "truth.nc is NetCDF" "$NCDUMP" -h const/simulated/truth.nc
# values VAR... < ncdump -v output: "VAR INDEX VALUE" of each value, "_"
# for a fill value.
values() {
  awk '/^ [a-z_]+ =/ { v = $1; k = 0; on = 1; sub(/.*=/, "") }
    on { end = index($0, ";"); gsub(/[;,]/, " ")
      for (i = 1; i <= NF; i++) print v, k++, $i; if (end) on = 0 }'
}
"$NCDUMP" -v area,depth_bnds,truth_mean const/simulated/truth.nc | values >"$WORK/nc"
ok "the truth map is 500 in every ocean cell" awk '
  $1 == "truth_mean" && $3 != "_" { n++; if (($3 - 500) ^ 2 > 1e-16) bad = 1 }
  END { exit bad || n < 10000 }' "$WORK/nc"
TOTAL=$(awk -F'\t' '$2 == "truth" && $3 == "global" && $4 == "total" { print $5 }' \
  const/simulated/truth_totals.tsv)
ok "the true global total ($TOTAL) is 500 x the ocean volume of the maps" awk -v t="$TOTAL" '
  $1 == "area" { a[$2] = $3; na++ } $1 == "depth_bnds" { d[$2] = $3 }
  $1 == "truth_mean" && $3 != "_" { l = int($2 / na); s += $3 * a[$2 % na] * (d[2 * l + 1] - d[2 * l]) }
  END { exit !(s > 0 && (s - t) ^ 2 < (1e-9 * s) ^ 2) }' "$WORK/nc"
cp const/simulated/observations.csv first.csv
ok "simulate again with the same seed" "$PLANKMAP" simulate const.cfg
ok "the same seed gives the same draws" cmp first.csv const/simulated/observations.csv
sed 's/seed = 7/seed = 8/' const.cfg >seed8.cfg
ok "simulate with another seed" "$PLANKMAP" simulate seed8.cfg
ok "another seed gives other draws" sh -c '! cmp -s first.csv const/simulated/observations.csv'

# --- recovery of a truth of temperature and depth at 400 casts -------------
awk 'BEGIN { srand(3); print "profile\tdatetime\tlat\tlon"
  for (i = 0; i < 400; i++) printf "c%d\t2015-06-01T00:00:00Z\t%.3f\t%.3f\n", i,
    -60 + 120 * rand(), -180 + 360 * rand() }' >sites.tsv
TRUTH='truth = "exp(2 + 0.8*exp(-((temp-20)/5)^2) - 0.7*log1p(depth/150))";'
SITES='sites = { file = "sites.tsv"; volume_m3 = 0.5;
    depth_edges = [ 0.0, 25.0, 50.0, 75.0, 100.0, 125.0, 150.0, 175.0, 200.0,
      225.0, 250.0, 275.0, 300.0, 325.0, 350.0, 375.0, 400.0, 425.0, 450.0, 475.0, 500.0 ]; };'
scenario rec.cfg rec "$TRUTH family = \"negbin\"; theta = 2.0; seed = 1; $SITES" \
  "$PARTICLES, $TREES, $CARBON"
ok "simulate at the sites of a table" "$PLANKMAP" simulate rec.cfg
holds "the written scenario reads the draws" rec/simulated/scenario.cfg "observations.csv"
holds "it names the truth for the recovery" rec/simulated/scenario.cfg "truth.nc"
holds "its models are fitted to the virtual class" rec/simulated/scenario.cfg 'class = "virtual"'
ok "the model of biomass is left out of it" sh -c '! grep -q "name = \"carbon\"" rec/simulated/scenario.cfg'
ok "run the written scenario" "$PLANKMAP" run rec/simulated/scenario.cfg
REC=rec/simulated/run/recovery.tsv
ok "the run writes recovery.tsv" test -s "$REC"
ok "the run's report has the recovery section" grep -q "Recovery of the simulated truth" rec/simulated/run/report.md
# global MODEL COLUMN FILE: the model's global row's value of COLUMN.
global() {
  awk -F'\t' -v m="$1" -v k="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["model"] == m && $c["region"] == "global" { print $c[k] }' "$3"
}
RATIO=$(global particles ratio "$REC")
RMSE=$(global particles log10_rmse "$REC")
ok "the GAM recovers the global total within 3% (ratio $RATIO)" awk -v r="$RATIO" 'BEGIN { exit !(r > 0.97 && r < 1.03) }'
ok "the GAM recovers the map with a log10 RMSE under 0.06 ($RMSE)" awk -v r="$RMSE" 'BEGIN { exit !(r > 0 && r < 0.06) }'
RATIO=$(global trees ratio "$REC")
RMSE=$(global trees log10_rmse "$REC")
ok "the trees recover the global total within 10% (ratio $RATIO)" awk -v r="$RATIO" 'BEGIN { exit !(r > 0.9 && r < 1.1) }'
ok "the trees recover the map with a log10 RMSE under 0.15 ($RMSE)" awk -v r="$RMSE" 'BEGIN { exit !(r > 0 && r < 0.15) }'

scenario tw.cfg tw "$TRUTH family = \"tweedie\"; power = 1.5; phi = 2.0; seed = 2; $SITES" \
  "$PARTICLES, $CARBON"
ok "simulate Tweedie biomass" "$PLANKMAP" simulate tw.cfg
holds "the table has the carbon of each draw" tw/simulated/observations.csv "class,count,carbon"
ok "biomass is 0 exactly where no individual was drawn" awk -F, '
  NR > 1 { n++; if (($10 == 0) != ($11 == 0) || $10 != int($10) || $11 < 0) bad = 1 }
  END { exit bad || n < 1000 }' tw/simulated/observations.csv
holds "its model of biomass is fitted to the draws" tw/simulated/scenario.cfg "biomass = true"
ok "the model of counts is left out of it" sh -c '! grep -q "name = \"particles\"" tw/simulated/scenario.cfg'
ok "run the Tweedie scenario" "$PLANKMAP" run tw/simulated/scenario.cfg
RATIO=$(global carbon ratio tw/simulated/run/recovery.tsv)
ok "the Tweedie GAM recovers the global total within 5% (ratio $RATIO)" awk -v r="$RATIO" 'BEGIN { exit !(r > 0.95 && r < 1.05) }'

# --- a fitted model file as the truth, and errors ---------------------------
awk 'BEGIN { srand(5); print "count,volume_m3,temp"
  for (i = 0; i < 200; i++) { v = 0.5 + rand(); printf "%d,%.4f,%.2f\n", int(3 * v + 0.5), v, 30 * rand() } }' >fit.csv
ok "fit an intercept-only Poisson model with the volume offset" "$PLANKMAP" fit \
  --data fit.csv --formula "count ~ 1 + offset(log(volume_m3))" --family poisson --out rate.nc
RATE=$(awk -F, 'NR > 1 { c += $1; v += $2 } END { printf "%.10g", c / v }' fit.csv)
scenario model.cfg model 'model = "rate.nc"; family = "poisson";' "$PARTICLES"
ok "simulate from the model file" "$PLANKMAP" simulate model.cfg
"$NCDUMP" -v truth_mean model/simulated/truth.nc | values >"$WORK/nc"
ok "the truth map is the model's rate, counts / volume = $RATE" awk -v r="$RATE" '
  $1 == "truth_mean" && $3 != "_" { n++; if (($3 - r) ^ 2 > (1e-5 * r) ^ 2) bad = 1 }
  END { exit bad || n == 0 }' "$WORK/nc"
ok "fit a model without the offset" "$PLANKMAP" fit \
  --data fit.csv --formula "count ~ temp" --family poisson --out nooffset.nc
scenario nooff.cfg nooff 'model = "nooffset.nc";' "$PARTICLES"
fails_with "a truth model without the volume offset is refused" 1 \
  "has no offset of the sampled volume" "$PLANKMAP" simulate nooff.cfg
scenario neg.cfg neg 'truth = "temp - 100";' "$PARTICLES"
fails_with "a truth that is not positive is refused" 1 \
  "a concentration must be positive" "$PLANKMAP" simulate neg.cfg
absent "and nothing is written" neg/simulated/observations.csv
grep -v '^simulate' const.cfg >nosim.cfg
fails_with "a file without a simulate group is refused" 1 \
  "no \`simulate\` group" "$PLANKMAP" simulate nosim.cfg

done_testing
