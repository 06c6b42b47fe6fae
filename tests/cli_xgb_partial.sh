#!/bin/sh
# cli_xgb_partial.sh: partial dependence of boosted trees from the command
# line: the boosted-trees demo (configs/demo_xgboost.cfg, one map layer,
# as tests/cli_xgb.sh runs it) keeps a sample of its fitted rows in its
# model file; `plankmap plot partial` draws every feature's curve from the
# file alone, one feature with --term NAME, its band of the members'
# quantiles shaded grey; the run's figures hold the same figure; a term
# the model lacks is an error listing its features.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

CFG="$WORK/xgb.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo_xgboost.cfg" |
  sed 's|depth_edges = \[ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 \];|depth_edges = [ 0.0, 100.0 ];|' >"$CFG"
printf 'figures = { depths = [ 25.0 ]; width_mm = 120.0; dpi = 72.0; };\n' >>"$CFG"
cd "$WORK" || exit 1
OUT="$WORK/plankmap-demo-xgboost"
MODEL="$OUT/model_particles.nc"
PIXEL="$top_builddir/tests/png_pixel"

ok "run the boosted-trees demo" "$PLANKMAP" run "$CFG"
ok "the run's figures hold the partial dependence" test -s "$OUT/figures/partial_particles.png"
ok "the model file is NetCDF" "$NCDUMP" -h "$MODEL"
holds "the model file keeps the sampled rows" "$WORK/out" "double covariate_sample(sample, covariate)"

ok "plot partial of the boosted trees" "$PLANKMAP" plot partial "$MODEL" -o "$WORK/pd.png"
set -- $("$PIXEL" size "$WORK/pd.png")
ok "plot partial: a PNG 180 mm wide at 300 dpi (2126 pixels)" test "$1" = 2126

ok "plot partial --term salt" "$PLANKMAP" plot partial "$MODEL" --term salt --dpi 72 -o "$WORK/salt.png"
# the middle column of the one panel crosses the band of the members
# (c8c8c8) with the line of their mean inside it (dark)
set -- $("$PIXEL" size "$WORK/salt.png")
"$PIXEL" column "$WORK/salt.png" $(($1 / 2)) >"$WORK/column"
ok "the band of the members is drawn" grep -q c8c8c8 "$WORK/column"
ok "the line of their mean lies inside it" awk '
  $1 == "c8c8c8" { if (!first) first = NR; last = NR }
  substr($1, 1, 2) < "50" && substr($1, 3, 2) < "50" && substr($1, 5, 2) < "50" { dark[NR] = 1 }
  END { for (r in dark) if (first && r + 0 > first && r + 0 < last) found = 1; exit !found }' "$WORK/column"

fails_with "a GAM's label is no feature" 1 "no term 's(temp)'; its terms are temp, salt, logdepth" \
  "$PLANKMAP" plot partial "$MODEL" --term "s(temp)" -o "$WORK/x.png"
absent "no figure left by the error" "$WORK/x.png"
done_testing
