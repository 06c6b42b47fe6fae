#!/bin/sh
# cli_plot_more.sh: `plankmap plot partial | profile | validation` on the
# outputs of a demo run: each renders PNG, PDF and SVG, PNGs of the size
# asked for; bad requests get a clear error and leave no file.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

CFG="$WORK/run.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo.cfg" >"$CFG"
cd "$WORK" || exit 1
OUT="$WORK/plankmap-demo"
ok "run the demo scenario" "$PLANKMAP" run --quiet "$CFG"
ok "the run validates and draws the validation chart" \
  test -s "$OUT/validation.tsv" -a -s "$OUT/figures/validation.png"
head -n 3 "$top_srcdir/validation/published.tsv" >"$WORK/published2.tsv"
ok "validate against another table" \
  "$PLANKMAP" validate --quiet --published "$WORK/published2.tsv" "$CFG"
ok "run again" "$PLANKMAP" run "$CFG"
holds "validation.tsv is new: the figures stage runs again" "$WORK/err" \
  "figures  ran"
holds "the validate stage is reused" "$WORK/err" "validate reused"
cp "$OUT/validation.tsv" "$WORK/validation.before"
mkdir -p "$WORK/badtables" && cp "$top_srcdir/validation/traps.csv" "$WORK/badtables/" &&
  printf 'not a table\n' >"$WORK/badtables/published.tsv"
fails_with "a run whose validation table is unreadable names it" 1 \
  "published.tsv" \
  env PLANKMAP_DATADIR="$WORK/badtables" "$PLANKMAP" run "$CFG"
ok "that run left validation.tsv as it was" \
  cmp "$OUT/validation.tsv" "$WORK/validation.before"

# magic FILE: the first bytes say the format of its extension.
magic() {
  case "$1" in
    *.png) [ "$(od -An -c -N4 "$1" | tr -d ' ')" = '211PNG' ] ;;
    *.pdf) [ "$(head -c 4 "$1")" = '%PDF' ] ;;
    *.svg) head -c 300 "$1" | grep -q '<svg' ;;
  esac
}
# png_size FILE: "WIDTHxHEIGHT" from the IHDR chunk.
png_size() {
  od -An -tu1 -j16 -N8 "$1" |
    awk '{ printf "%dx%d", (($1*256+$2)*256+$3)*256+$4, (($5*256+$6)*256+$7)*256+$8 }'
}
# 85 x 60 mm at 100 dpi: round(85 / 25.4 * 100) x round(60 / 25.4 * 100)
SIZE="--width 85 --height 60 --dpi 100"
WANT=335x236

# render KIND NAME ARGS...: the figure as PNG, PDF and SVG.
render() {
  kind=$1; name=$2; shift 2
  for ext in png pdf svg; do
    ok "$kind: $name.$ext" "$PLANKMAP" plot "$kind" --quiet $SIZE "$@" \
      -o "$WORK/$name.$ext"
    ok "$kind: $name.$ext is a $ext file" magic "$WORK/$name.$ext"
  done
  ok "$kind: $name.png is $WANT pixels" test "$(png_size "$WORK/$name.png")" = "$WANT"
}

render partial partial "$OUT/model_particles.nc"
render partial partial_term "$OUT/model_poc_flux.nc" --term "s(temp)"
render profile profile "$OUT" poc_flux --profile station_001
render profile column "$OUT" particles --lon -64 --lat 31.5 --log \
  --scenario warming
render validation validation "$OUT"

# The fit stage keeps each model's fitted rows: as many as the model's n.
HEADER="$(printf 'profile\tlon\tlat\tdepth_m\tmonth\tresponse\tvolume_m3\tobserved\tunits')"
for m in particles poc_flux; do
  ok "frame_$m.tsv has the frame table's header" \
    test "$(head -n 1 "$OUT/frame_$m.tsv")" = "$HEADER"
  ok "the summary of model $m" "$PLANKMAP" summary --json "$OUT/model_$m.nc"
  n=$(sed -n 's/.*"n": *\([0-9]*\).*/\1/p' "$WORK/out" | head -n 1)
  rows=$(($(wc -l <"$OUT/frame_$m.tsv") - 1))
  ok "frame_$m.tsv has a row per fitted row ($rows, n = $n)" \
    test -n "$n" -a "$rows" = "$n"
done
ok "particles are counted per m3 sampled" \
  test "$(awk -F'\t' 'NR == 2 { print $9 }' "$OUT/frame_particles.tsv")" = "m-3"
ok "a flux is observed as it is, without a volume" \
  test "$(awk -F'\t' 'NR == 2 { print ($7 == "" && $6 == $8) }' \
    "$OUT/frame_poc_flux.tsv")" = 1
# the rows of profile tara_148_00_a, and its cell (-65..-64 E, 31..32 N)
NP=$(awk -F'\t' '$1 == "tara_148_00_a"' "$OUT/frame_particles.tsv" | wc -l)
ok "profile tara_148_00_a has fitted rows" test "$NP" -gt 0
ok "a profile of the particles model" "$PLANKMAP" plot profile \
  "$OUT" particles --profile tara_148_00_a -o "$WORK/obs_profile.png"
holds "it shows every fitted row of the profile ($NP)" "$WORK/err" \
  "($NP observed points)"
ok "the column of that profile's cell" "$PLANKMAP" plot profile \
  "$OUT" particles --lon -64.5 --lat 31.5 -o "$WORK/obs_column.png"
holds "it shows the same rows" "$WORK/err" "($NP observed points)"
rm "$OUT/frame_particles.tsv"
ok "a run without a frame table" "$PLANKMAP" run "$CFG"
holds "refits its models" "$WORK/err" "fit      ran"
ok "and writes the table again" test -s "$OUT/frame_particles.tsv"
ok "the run's figures hold each model's partial effects" \
  test -s "$OUT/figures/partial_particles.png" -a -s "$OUT/figures/partial_poc_flux.png"

# A model of `plankmap fit` keeps its covariate ranges and rug sample too,
# factors left out of the ranges.
FORMULA="count_copepoda ~ oxy + factor(basin) + s(temp, bs='cr', k=8) + offset(log(volume_m3))"
ok "fit a model with a factor" "$PLANKMAP" fit --quiet \
  --data "$TDATA/model/partial/partial.csv" --formula "$FORMULA" \
  --family poisson --out "$WORK/fitted.nc"
ok "its file holds the covariate sample" "$NCDUMP" -h "$WORK/fitted.nc"
holds "the sample of oxy and temp" "$WORK/out" "covariate_sample(sample, covariate)"
holds "two numeric covariates" "$WORK/out" "covariate = 2 ;"
render partial fitted "$WORK/fitted.nc"

# Bad requests: an error, a non-zero status, no file.
bad() { # DESCRIPTION STATUS FRAGMENT NAME ARGS...
  d=$1; st=$2; frag=$3; name=$4; shift 4
  fails_with "$d" "$st" "$frag" "$PLANKMAP" plot "$@" -o "$WORK/$name.png"
  absent "$d: no figure" "$WORK/$name.png"
}
bad "partial: a missing model file" 4 "nosuch.nc" bad1 \
  partial "$OUT/nosuch.nc"
bad "partial: a file that is not a model" 1 "maps_baseline.nc" bad2 \
  partial "$OUT/maps_baseline.nc"
bad "partial: an unknown term" 1 "no term 's(tmep)'; its terms are" bad3 \
  partial "$OUT/model_particles.nc" --term "s(tmep)"
bad "profile: a profile not in the run" 1 "profile 'nosuch' is not in" bad4 \
  profile "$OUT" poc_flux --profile nosuch
bad "profile: a position outside the grid" 2 "outside the grid" bad5 \
  profile "$OUT" particles --lon 10 --lat 95
bad "profile: a model of no maps" 1 "neither" bad6 \
  profile "$OUT" nosuch --lon 10 --lat 45
bad "profile: neither --profile nor --lon/--lat" 2 "give --profile NAME" bad7 \
  profile "$OUT" particles
mkdir -p "$WORK/empty"
bad "validation: a folder without validation.tsv" 4 \
  "run \`plankmap validate CONFIG\` first" bad8 validation "$WORK/empty"
fails_with "validation: a bad extension" 2 ".gif" \
  "$PLANKMAP" plot validation "$OUT" -o "$WORK/v.gif"
absent "validation: a bad extension: no figure" "$WORK/v.gif"

done_testing
