#!/bin/sh
# cli_aoa.sh: the area of applicability from `plankmap run` on the demo:
# its file beside each model file, the dissimilarity index and flag in the
# maps with their threshold, cells of the Mediterranean and the Red Sea
# (saltier than any water the demo's six sites sampled) flagged outside,
# the site of BATS inside, the shares outside in totals.tsv, and a cell
# within the fitted ranges but outside the area lightened on the map.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

CFG="$WORK/aoa.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo.cfg" |
  sed 's|depth_edges = \[ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 \];|depth_edges = [ 0.0, 50.0, 100.0 ];|' >"$CFG"
cd "$WORK" || exit 1
OUT="$WORK/plankmap-demo"
MAPS="$OUT/maps_baseline.nc"

ok "run the demo" "$PLANKMAP" run "$CFG"
holds "the run reports the share outside" "$WORK/err" "of the cells lie outside its area of applicability"
holds "the run lists it among its outputs" "$WORK/err" "aoa_particles.nc"
ok "the area of applicability is written beside the model" test -s "$OUT/aoa_particles.nc"
ok "its file is NetCDF" "$NCDUMP" -h "$OUT/aoa_particles.nc"
holds "it holds the standardised training rows" "$WORK/out" "double z(row, covariate)"
ok "the maps are NetCDF" "$NCDUMP" -h "$MAPS"
holds "the maps hold the dissimilarity index" "$WORK/out" "double particles_di(depth, lat, lon)"
holds "the maps hold the flag" "$WORK/out" "ubyte particles_aoa(depth, lat, lon)"
holds "the index carries its threshold" "$WORK/out" "particles_di:threshold = "
holds "the flag says what 0 and 1 mean" "$WORK/out" 'particles_aoa:flag_meanings = "outside inside"'

# value VAR LON LAT: the value of the cell containing (LON, LAT) in the
# first layer of the 1-degree maps from -180 and -90.
value() {
  "$NCDUMP" -v "$1" "$MAPS" | sed -n "/^ $1 =/,/;/p" | sed "s/^ $1 =//; s/;//" |
    tr -d ' \n' | tr ',' '\n' |
    awk -v i="$(awk -v x="$2" 'BEGIN { print int(x + 180) }')" \
      -v j="$(awk -v y="$3" 'BEGIN { print int(y + 90) }')" 'NR == j * 360 + i + 1'
}
ok "the Mediterranean (18.5E 35.5N) lies outside" test "$(value particles_aoa 18.5 35.5)" = 0
ok "the Red Sea (38.5E 20.5N) lies outside" test "$(value particles_aoa 38.5 20.5)" = 0
ok "BATS (64.5W 31.5N) lies inside" test "$(value particles_aoa -64.5 31.5)" = 1
THR=$("$NCDUMP" -h "$MAPS" | sed -n 's/.*particles_di:threshold = \([0-9.e+-]*\).*/\1/p')
DI=$(value particles_di 18.5 35.5)
ok "the Mediterranean's index ($DI) exceeds the threshold ($THR)" awk -v d="$DI" -v t="$THR" 'BEGIN { exit !(d > t) }'

for q in aoa_outside_cells aoa_outside_total; do
  ok "totals.tsv: $q of the particles, a share in (0, 100)" awk -F'\t' -v q="$q" '
    $1 == "baseline" && $2 == "particles" && $4 == q { n++; if (!($5 > 0 && $5 < 100) || $8 != "%") bad = 1 }
    END { exit bad || n != 1 }' "$OUT/totals.tsv"
done

# A cell within every covariate's fitted range but outside the area of
# applicability (in combination), away from the poles: lightened on the
# map as an extrapolated cell is.
PIXEL="$top_builddir/tests/png_pixel"
flat() { # VAR: the first layer's values, one per line
  "$NCDUMP" -v "$1" "$MAPS" | sed -n "/^ $1 =/,/;/p" | sed "s/^ $1 =//; s/;//" |
    tr -d ' \n' | tr ',' '\n' | head -64800
}
flat particles_extrapolation >"$WORK/e"
flat particles_aoa >"$WORK/a"
CELL=$(paste "$WORK/e" "$WORK/a" | awk '$1 == 0 && $2 == 0 {
  i = (NR - 1) % 360; j = int((NR - 1) / 360)
  if (j > 40 && j < 140) { print i - 179.5, j - 89.5; exit } }')
ok "a cell within the ranges lies outside the area ($CELL)" test -n "$CELL"
ok "a map with the marks" "$PLANKMAP" plot map "$MAPS" particles_mean --dpi 300 -o "$WORK/marks.png"
ok "a map without them" "$PLANKMAP" plot map "$MAPS" particles_mean --no-extrapolation --dpi 300 -o "$WORK/plain.png"
pixel_of() { # FILE LON LAT: the colour there (180 mm wide, 300 dpi: a cell
  # spans 6 pixels, so that the centre lies inside the cell)
  set -- "$1" $("$PIXEL" where 180 300 robin "$2" "$3")
  "$PIXEL" rgb "$1" "$2" "$3"
}
# shellcheck disable=SC2086 # CELL is two words, lon and lat
a=$(pixel_of "$WORK/marks.png" $CELL)
# shellcheck disable=SC2086
b=$(pixel_of "$WORK/plain.png" $CELL)
ok "the cell is lightened ($a, without marks $b)" awk -v a="$a" -v b="$b" 'BEGIN {
  if (length(a) != 6 || length(b) != 6) exit 1
  for (k = 1; k <= 5; k += 2) {
    x = index("0123456789abcdef", substr(a, k, 1)) * 16 + index("0123456789abcdef", substr(a, k + 1, 1))
    y = index("0123456789abcdef", substr(b, k, 1)) * 16 + index("0123456789abcdef", substr(b, k + 1, 1))
    if (x < y) exit 1; up += x > y }
  exit !up
}'
done_testing
