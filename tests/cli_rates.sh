#!/bin/sh
# cli_rates.sh: process rates through `plankmap run`: a biomass and an
# abundance model of the mesozooplanktonns of the raw BATS casts, their
# respiration and carbon demand mapped (rates_<scenario>.nc) and totalled
# (totals.tsv) with intervals, also per depth layer, `plankmap predict
# CONFIG`, validate beside the published values, and bad configs.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

# The biomass run of cli_run.sh with a temperature covariate, a count model
# of the same classes and one scenario 2 degrees C warmer.  a0, a1 and rq
# are test values: the library has no checked default for them.
RAW="$top_srcdir/data/ecopart_raw_bats361"
LEV=/usr/share/ferret-vis/data/levitus_climatology.cdf
CRUST='[ "Eumalacostraca", "Copepoda", "Eucalanidae", "Ostracoda" ]'
cat >"$WORK/rates.cfg" <<EOF
output_dir = "$WORK/res";
observations = ( { name = "bats_raw"; format = "ecopart-raw";
    metadata = "$RAW/export_raw_20220810_16_31_Export_metadata_summary.tsv";
    files = [ "$RAW/*_PAR_raw_*.tsv" ]; depth_step = 25.0; } );
filters = { classes = { keep = [ "living>Eukaryota>Opisthokonta>Holozoa>Metazoa>Arthropoda>Crustacea" ]; }; };
grid = { resolution = 1.0; depth_edges = [ 0.0, 200.0, 500.0, 1000.0 ]; };
covariates = ( { name = "temp"; file = "$LEV"; variable = "TEMP"; } );
models = ( { name = "crust"; response = { biomass = true; }; family = "tweedie";
    formula = "biomass ~ s(logdepth, k=4) + offset(log(volume_m3))";
    cv = { folds = 4; }; uncertainty = { draws = 100; }; },
  { name = "crust_n"; response = { classes = $CRUST; }; family = "negbin";
    formula = "count ~ s(logdepth, k=4) + offset(log(volume_m3))";
    cv = { folds = 4; }; uncertainty = { draws = 100; seed = 2; }; } );
prediction = { depth_edges = [ 0.0, 200.0, 500.0, 1000.0 ]; };
scenarios = ( { name = "warm"; changes = ( { covariate = "temp"; add = 2.0; } ); } );
rates = ( { name = "mesozooplankton"; biomass_model = "crust"; abundance_model = "crust_n";
    temperature = "temp"; respiration = "ikeda"; a0 = 0.5254; a1 = 0.8354;
    rq = 0.97; assimilation_efficiency = 0.7; net_growth_efficiency = 0.3;
    layers = ( [0.0, 200.0], [200.0, 1000.0], [100.0, 300.0] ); },
  { name = "crust_q10"; biomass_model = "crust"; individual_mass_mgC = 0.01;
    temperature = "temp"; respiration = "q10"; q10 = 2.0; r_ref_per_d = 0.05;
    t_ref = 10.0; assimilation_efficiency = 0.7; net_growth_efficiency = 0.3;
    silica = { si_per_individual_mol = 1e-9; rate_per_d = 0.1; }; } );
EOF
OUT="$WORK/res"
ok "run with a rates section" "$PLANKMAP" run "$WORK/rates.cfg"
holds "the summary names the rates maps" "$WORK/err" "rates_baseline.nc, rates_warm.nc"
ok "rates_baseline.nc is written" test -s "$OUT/rates_baseline.nc"
ok "rates_warm.nc is written" test -s "$OUT/rates_warm.nc"
ok "the rates maps are CF NetCDF" "$NCDUMP" -h "$OUT/rates_baseline.nc"
cp "$WORK/out" "$WORK/header"
holds "respiration per layer" "$WORK/header" "mesozooplankton_respiration_mean(depth, lat, lon)"
holds "in mg m-3 d-1" "$WORK/header" 'mesozooplankton_respiration_mean:units = "mg m-3 d-1"'
holds "naming carbon in units_familiar" "$WORK/header" 'mesozooplankton_respiration_mean:units_familiar = "mg C m-3 d-1"'
holds "its interval" "$WORK/header" "mesozooplankton_respiration_upper(depth, lat, lon)"
holds "carbon demand" "$WORK/header" "mesozooplankton_carbon_demand_mean(depth, lat, lon)"
holds "the column integral, 2-D" "$WORK/header" "mesozooplankton_respiration_column(lat, lon)"
holds "in mg m-2 d-1" "$WORK/header" 'mesozooplankton_respiration_column:units = "mg m-2 d-1"'
holds "with its interval" "$WORK/header" "mesozooplankton_carbon_demand_column_lower(lat, lon)"
holds "silica stock of the set that asks for it" "$WORK/header" 'crust_q10_silica_stock_mean:units = "mmol m-3"'
holds "silica production" "$WORK/header" 'crust_q10_silica_production_column:units = "mmol m-2 d-1"'
ok "no silica for the set without it" sh -c "! grep -q mesozooplankton_silica '$WORK/header'"
holds "the long name says the form and the models" "$WORK/header" "biomass model crust, abundance model crust_n"

# totals.tsv: rows in their intervals, in Pg C yr-1 and Tmol Si yr-1
T="$OUT/totals.tsv"
row() { # scenario set region quantity units: value inside [lower, upper], > 0
  awk -F'\t' -v s="$1" -v m="$2" -v r="$3" -v q="$4" -v u="$5" \
    '$1 == s && $2 == m && $3 == r && $4 == q && $8 == u && $5 > 0 && $6 <= $5 && $5 <= $7 { found = 1 } END { exit !found }' "$T"
}
ok "global respiration in Pg C yr-1 inside its interval" row baseline mesozooplankton global mesozooplankton_respiration "Pg C yr-1"
ok "global carbon demand inside its interval" row baseline mesozooplankton global mesozooplankton_carbon_demand "Pg C yr-1"
ok "respiration of a latitude band" row baseline mesozooplankton lat_0_30 mesozooplankton_respiration "Pg C yr-1"
ok "silica production in Tmol Si yr-1" row baseline crust_q10 global crust_q10_silica_production "Tmol Si yr-1"
ok "silica stock in Tmol Si" row baseline crust_q10 global crust_q10_silica_stock "Tmol Si"
ok "the warmer scenario's paired difference" row warm mesozooplankton global mesozooplankton_respiration_difference "Pg C yr-1"
ok "carbon demand = respiration / (0.7 x 0.7)" awk -F'\t' '$1 == "baseline" && $3 == "global" && $4 == "mesozooplankton_respiration" { r = $5 } $1 == "baseline" && $3 == "global" && $4 == "mesozooplankton_carbon_demand" { d = $5 } END { x = d * 0.49 / r; exit !(x > 0.999999 && x < 1.000001) }' "$T"
ok "2 degrees C more: Q10 2 gives 2^0.2 times the respiration" awk -F'\t' '$2 == "crust_q10" && $3 == "global" && $4 == "crust_q10_respiration" { v[$1] = $5 } END { x = v["warm"] / v["baseline"] / 2^0.2; exit !(x > 0.999999 && x < 1.000001) }' "$T"
ok "the global total is the sum of the bands" awk -F'\t' '$1 == "baseline" && $4 == "mesozooplankton_respiration" { if ($3 == "global") g = $5; else s += $5 } END { x = s / g; exit !(x > 0.999999 && x < 1.000001) }' "$T"

# the global total equals the maps x layer thickness x cell area x year
"$NCDUMP" -v mesozooplankton_respiration_column,area "$OUT/rates_baseline.nc" >"$WORK/col.cdl"
ok "global respiration = sum of the column integrals x area x 365.25e-18" awk -F'\t' -v cdl="$WORK/col.cdl" '
  BEGIN { while ((getline line < cdl) > 0) {
      if (line ~ /^ mesozooplankton_respiration_column =/) { v = "c"; sub(/.*=/, "", line) }
      else if (line ~ /^ area =/) { v = "a"; sub(/.*=/, "", line) }
      else if (line ~ /^ [a-z]/ || line ~ /^}/) v = ""
      if (v == "") continue
      gsub(/[;]/, "", line); n = split(line, f, ",")
      for (i = 1; i <= n; i++) { x = f[i]; gsub(/ /, "", x); if (x == "") continue
        if (v == "c") c[++nc] = x; else a[++na] = x } } }
  $1 == "baseline" && $3 == "global" && $4 == "mesozooplankton_respiration" { t = $5 }
  END { for (i = 1; i <= nc; i++) if (c[i] != "_") s += c[i] * a[i] * 365.25e-18
        r = s / t; exit !(nc == na && nc > 0 && r > 0.999999 && r < 1.000001) }' "$T"

# depth layers: <set>_<rate>_<top>_<bottom>m; 0-200 and 200-1000 m tile the
# prediction's 0-1000 m, 100-300 m splits two of its layers
ok "respiration 0-200 m inside its interval" row baseline mesozooplankton global mesozooplankton_respiration_0_200m "Pg C yr-1"
ok "respiration 200-1000 m" row baseline mesozooplankton global mesozooplankton_respiration_200_1000m "Pg C yr-1"
ok "carbon demand 100-300 m" row baseline mesozooplankton global mesozooplankton_carbon_demand_100_300m "Pg C yr-1"
ok "a layer of a latitude band" row baseline mesozooplankton lat_0_30 mesozooplankton_respiration_0_200m "Pg C yr-1"
ok "a layer's paired difference" row warm mesozooplankton global mesozooplankton_respiration_200_1000m_difference "Pg C yr-1"
ok "no layers for the set without them" sh -c "! grep -q 'crust_q10_respiration_0_200m' '$T'"
layers_sum() { # scenario region rate: 0-200 m + 200-1000 m = the whole
  awk -F'\t' -v s="$1" -v r="$2" -v q="mesozooplankton_$3" '$1 == s && $3 == r && $4 == q { w = $5 }
    $1 == s && $3 == r && ($4 == q "_0_200m" || $4 == q "_200_1000m") { n++; t += $5 }
    END { x = t / w; exit !(n == 2 && x > 1 - 1e-8 && x < 1 + 1e-8) }' "$T"
}
ok "respiration: 0-200 m + 200-1000 m = the whole column" layers_sum baseline global respiration
ok "carbon demand of a band: the layers sum to the whole" layers_sum baseline lat_30_60 carbon_demand
ok "the warm scenario's layers sum to its whole" layers_sum warm global respiration
ok "100-300 m lies between 0 and the whole" awk -F'\t' '$1 == "baseline" && $3 == "global" && $4 == "mesozooplankton_respiration" { w = $5 } $1 == "baseline" && $3 == "global" && $4 == "mesozooplankton_respiration_100_300m" { l = $5 } END { exit !(l > 0 && l < w) }' "$T"

# predict CONFIG gives the same rates from the fitted models
ok "predict CONFIG" "$PLANKMAP" predict --quiet "$WORK/rates.cfg"
holds "predict's totals hold the rates" "$T" "mesozooplankton_carbon_demand"

# validate sets <set>_respiration beside the published row of that name
# (Hernandez-Leon & Ikeda 2005, mesozooplankton_respiration)
ok "validate CONFIG" env PLANKMAP_DATADIR="$top_srcdir/validation" "$PLANKMAP" validate --quiet "$WORK/rates.cfg"
ok "the run's respiration is compared with the published one" awk -F'\t' '$2 == "mesozooplankton_respiration" && $3 == "mesozooplankton" && $7 > 0 && $10 == 13 && $14 != "" { found = 1 } END { exit !found }' "$OUT/validation.tsv"
ok "0-200 m beside Hernandez-Leon & Ikeda's 10.4 Pg C yr-1" awk -F'\t' '$2 == "mesozooplankton_respiration_0_200m" && $3 == "mesozooplankton" && $7 > 0 && $10 == 10.4 && $14 != "not produced by this run" { found = 1 } END { exit !found }' "$OUT/validation.tsv"
ok "200-1000 m beside their 2.2 Pg C yr-1" awk -F'\t' '$2 == "mesozooplankton_respiration_200_1000m" && $3 == "mesozooplankton" && $7 > 0 && $10 == 2.2 && $14 != "not produced by this run" { found = 1 } END { exit !found }' "$OUT/validation.tsv"
holds "validation.md lists the layer rows" "$OUT/validation.md" "mesozooplankton_respiration_200_1000m | 200-1000 m"

# with prediction.depths (points) the depth range is that of the points'
# layers: 0-700 m here, so the 200-1000 m layer is refused when the config
# is read, before anything is written
sed 's|prediction = { depth_edges = \[ 0.0, 200.0, 500.0, 1000.0 \]; };|prediction = { depths = [ 100.0, 500.0 ]; };|' "$WORK/rates.cfg" >"$WORK/points.cfg"
fails_with "a layer below the prediction depths" 1 "points.cfg:19: rates[0].layers[1]: layer [200, 1000] m reaches below the prediction's depth range [0, 700] m, where its total would be underestimated; extend prediction.depths to 1000 m" "$PLANKMAP" predict --quiet "$WORK/points.cfg"

# bad configs: each an error naming file, line and setting, no run
bad() { # name sed-expression fragment
  sed "$2" "$WORK/rates.cfg" | sed "s|$WORK/res|$WORK/bad_$1|" >"$WORK/$1.cfg"
  fails_with "$1" 1 "$3" "$PLANKMAP" run "$WORK/$1.cfg"
  absent "$1: nothing written" "$WORK/bad_$1"
}
bad unknown_model 's|biomass_model = "crust";|biomass_model = "krill";|' "setting 'rates[0].biomass_model': no model named 'krill'"
bad count_model 's|biomass_model = "crust";|biomass_model = "crust_n";|' "model 'crust_n' is not a biomass model"
bad no_temperature 's|temperature = "temp"; respiration = "ikeda"|temperature = "sst"; respiration = "ikeda"|' "setting 'rates[0].temperature': no covariate named 'sst'"
bad ae_above_one 's|rq = 0.97; assimilation_efficiency = 0.7;|rq = 0.97; assimilation_efficiency = 1.5;|' "rates[0].assimilation_efficiency"
bad negative_k2 's|rq = 0.97; assimilation_efficiency = 0.7; net_growth_efficiency = 0.3;|rq = 0.97; assimilation_efficiency = 0.7; net_growth_efficiency = -0.3;|' "rates[0].net_growth_efficiency"
bad no_a0 's|a0 = 0.5254; ||' "respiration \"ikeda\" needs 'a0'"
bad layer_too_deep 's|\[200.0, 1000.0\]|[200.0, 2000.0]|' "rates[0].layers[1]: layer [200, 2000] m reaches below the prediction's depth range [0, 1000] m, where its total would be underestimated; extend prediction.depth_edges to 2000 m"
bad layer_upside_down 's|\[100.0, 300.0\]|[300.0, 100.0]|' "setting 'rates[0].layers[2]' must be a list of two numbers at least 0, min < max"
bad silica_no_rate 's|rate_per_d = 0.1; ||' "'rates[1].silica' lacks the required setting 'rate_per_d'"
sed 's|draws = 100; seed = 2;|draws = 50; seed = 2;|' "$WORK/rates.cfg" | sed "s|$WORK/res|$WORK/draws|" >"$WORK/draws.cfg"
fails_with "models with different draw counts" 1 "give both models the same \`draws\`" "$PLANKMAP" run "$WORK/draws.cfg"

done_testing
