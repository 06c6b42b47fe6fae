#!/bin/sh
# cli_plot.sh: `plankmap plot map` and `plot section` on the outputs of a
# small run of the demo (PNG, PDF and SVG; size; land and ocean pixels;
# bad requests), and the figures `plankmap run` writes with a figures group.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"
PIXEL="$top_builddir/tests/png_pixel"

# The demo with two prediction layers, few draws, no cross-validation, and
# its own figures group.
CFG="$WORK/plot.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo.cfg" |
  sed 's|depth_edges = \[ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 \];|depth_edges = [ 0.0, 50.0, 200.0 ];|' |
  sed 's|draws = 200;|draws = 20;|; /cv = {/d; /^figures = {/,/^};/d' >"$CFG"
cat >>"$CFG" <<'CFGEOF'
figures = { depths = [ 25.0 ]; width_mm = 85.0; dpi = 100.0; };
CFGEOF
cd "$WORK" || exit 1
OUT="$WORK/plankmap-demo"
FIG="$OUT/figures"

ok "run with a figures group" "$PLANKMAP" run "$CFG"
holds "the summary lists the figures stage" "$WORK/err" "figures  ran"
# Named after the depth drawn: the maps' level at 25 m, the flux maps'
# nearest level, their first (100 m).
for f in map_particles_baseline_25m.png map_particles_warming_25m.png \
  diff_particles_warming_25m.png map_poc_flux_baseline_100m.png \
  diff_poc_flux_warming_100m.png; do
  ok "run writes figures/$f" test -s "$FIG/$f"
done
absent "no difference of the baseline with itself" "$FIG/diff_particles_baseline_25m.png"
absent "no flux map named after a depth it does not have" \
  "$FIG/map_poc_flux_baseline_25m.png"
ok "the run's figures are 85 mm at 100 dpi: 335 pixels wide" \
  sh -c "'$PIXEL' size '$FIG/map_particles_baseline_25m.png' | grep -q '^335 '"
sed 's|width_mm = 85.0;|width_mm = 90.0;|' "$CFG" >"$WORK/plot2.cfg"
ok "run with a changed figures group" "$PLANKMAP" run "$WORK/plot2.cfg"
holds "changed figures group: predict reused" "$WORK/err" "predict  reused"
holds "changed figures group: figures ran" "$WORK/err" "figures  ran"
ok "run again unchanged" "$PLANKMAP" run "$WORK/plot2.cfg"
holds "unchanged: figures reused" "$WORK/err" "figures  reused"

MAPS="$OUT/maps_baseline.nc"
FLUX="$OUT/flux_baseline.nc"

# The three formats by extension, with their magic bytes.
magic() { # FILE BYTES: the file starts with BYTES
  [ "$(head -c ${#2} "$1")" = "$2" ]
}
for ext in png pdf svg; do
  ok "map as .$ext" "$PLANKMAP" plot map "$MAPS" particles_mean --width 85 --dpi 100 -o "$WORK/map.$ext"
  ok "section as .$ext" "$PLANKMAP" plot section "$FLUX" poc_flux_mean --lon -30 --width 85 --height 60 --dpi 100 -o "$WORK/section.$ext"
done
ok "a PNG map starts with \\x89PNG" magic "$WORK/map.png" "$(printf '\211PNG')"
ok "a PNG section starts with \\x89PNG" magic "$WORK/section.png" "$(printf '\211PNG')"
ok "a PDF map starts with %PDF" magic "$WORK/map.pdf" "%PDF"
ok "a PDF section starts with %PDF" magic "$WORK/section.pdf" "%PDF"
ok "an SVG map is XML" sh -c "head -c 100 '$WORK/map.svg' | grep -q -e '<?xml' -e '<svg'"
ok "an SVG section is XML" sh -c "head -c 100 '$WORK/section.svg' | grep -q -e '<?xml' -e '<svg'"
ok "the section is 85 x 60 mm at 100 dpi: 335 x 236 pixels" \
  sh -c "test \"\$('$PIXEL' size '$WORK/section.png')\" = '335 236'"
ok "the map is 335 pixels wide" sh -c "'$PIXEL' size '$WORK/map.png' | grep -q '^335 '"

# Land and ocean pixels of a 180 mm map at 100 dpi (points off the
# 30-degree graticule and away from the coasts).
ok "a 180 mm map" "$PLANKMAP" plot map "$MAPS" particles_mean --dpi 100 -o "$WORK/big.png"
colour_at() { # LON LAT: the colour of the map's pixel there
  set -- $("$PIXEL" where 180 100 robin "$1" "$2")
  "$PIXEL" rgb "$WORK/big.png" "$1" "$2"
}
for p in "20 5 central Africa" "135 -25 central Australia"; do
  set -- $p
  c=$(colour_at "$1" "$2")
  ok "land at $1,$2 ($3 $4) is the land grey d9d9d9 (got $c)" test "$c" = d9d9d9
done
for p in "-140 -20 South Pacific" "-25 -25 South Atlantic"; do
  set -- $p
  c=$(colour_at "$1" "$2")
  ok "ocean at $1,$2 ($3 $4) has a field colour (got $c)" \
    sh -c "test -n '$c' && test '$c' != d9d9d9 && test '$c' != ffffff"
done

# Marks: extrapolated cells lightened (the maps' particles_extrapolation
# is 1 at -100.5, -59.5 in the first layer, 0 at -140.5, -20.5) on maps
# and sections, sampling sites dotted red (e41a1c) at their cells'
# centres (BATS: -64.5, 31.5).
ok "a map with the run's sampling sites" "$PLANKMAP" plot map "$MAPS" \
  particles_mean --sites "$OUT/observations.nc" --dpi 100 -o "$WORK/marks.png"
ok "a map without the extrapolation marks" "$PLANKMAP" plot map "$MAPS" \
  particles_mean --no-extrapolation --dpi 100 -o "$WORK/plain.png"
pixel_of() { # FILE WIDTH_MM LON LAT: the colour there
  set -- "$1" $("$PIXEL" where "$2" 100 robin "$3" "$4")
  "$PIXEL" rgb "$1" "$2" "$3"
}
lighter() { # A B: each channel of colour A above B's
  a=$1 b=$2
  [ -n "$a" ] && [ -n "$b" ] &&
    [ $((0x${a%????})) -gt $((0x${b%????})) ] &&
    [ $((0x$(echo "$a" | cut -c3-4))) -gt $((0x$(echo "$b" | cut -c3-4))) ] &&
    [ $((0x${a#????})) -gt $((0x${b#????})) ]
}
a=$(pixel_of "$WORK/marks.png" 180 -100.5 -59.5)
b=$(pixel_of "$WORK/plain.png" 180 -100.5 -59.5)
ok "an extrapolated cell is lightened ($a, without marks $b)" lighter "$a" "$b"
a=$(pixel_of "$WORK/marks.png" 180 -140.5 -20.5)
b=$(pixel_of "$WORK/plain.png" 180 -140.5 -20.5)
ok "a cell within the fitted ranges keeps its colour ($a, $b)" test -n "$a" -a "$a" = "$b"
c=$(pixel_of "$WORK/marks.png" 180 -64.5 31.5)
ok "the BATS site is a red dot (got $c)" test "$c" = e41a1c
c=$(pixel_of "$WORK/plain.png" 180 -64.5 31.5)
ok "no dot without --sites (got $c)" test -n "$c" -a "$c" != e41a1c
c=$(pixel_of "$FIG/map_particles_baseline_25m.png" 90 -64.5 31.5) # plot2.cfg
ok "the run's maps dot the sites by default (got $c)" test "$c" = e41a1c
ok "a section through the extrapolated cell at -59.5 N" "$PLANKMAP" plot \
  section "$MAPS" particles_mean --lat -59.5 --dpi 100 -o "$WORK/marked_section.png"
ok "the same section with --no-extrapolation" "$PLANKMAP" plot section "$MAPS" \
  particles_mean --lat -59.5 --no-extrapolation --dpi 100 -o "$WORK/plain_section.png"
ok "the section marks its extrapolated cells" \
  sh -c "! cmp -s '$WORK/marked_section.png' '$WORK/plain_section.png'"
fails_with "--sites of a file without n_samples" 1 "n_samples" \
  "$PLANKMAP" plot map "$MAPS" particles_mean --sites "$MAPS" -o "$WORK/nosites.png"
absent "--sites of a file without n_samples: no output" "$WORK/nosites.png"

# Centred on 180 degrees (--central-lon, or +lon_0 in a PROJ string, as
# png_pixel takes it): Africa is cut at the map's antimeridian (0 E), each
# side filled as land; the Pacific in the middle is ocean.
ok "a 180 mm map centred on 180 E" "$PLANKMAP" plot map "$MAPS" particles_mean \
  --central-lon 180 --dpi 100 -o "$WORK/pacific.png"
colour_180() { # LON LAT
  set -- $("$PIXEL" where 180 100 "+proj=robin +lon_0=180" "$1" "$2")
  "$PIXEL" rgb "$WORK/pacific.png" "$1" "$2"
}
for p in "20 5 east of the cut: central Africa" "-5 15 west of the cut: Mali" \
  "135 -25 central Australia"; do
  set -- $p
  c=$(colour_180 "$1" "$2")
  ok "centred on 180: land at $1,$2 ($*) is d9d9d9 (got $c)" test "$c" = d9d9d9
done
for p in "-160 5 central Pacific" "170 -40 Tasman Sea"; do
  set -- $p
  c=$(colour_180 "$1" "$2")
  ok "centred on 180: ocean at $1,$2 ($3 $4) has a field colour (got $c)" \
    sh -c "test -n '$c' && test '$c' != d9d9d9 && test '$c' != ffffff"
done
ok "the same map from a PROJ string's +lon_0" "$PLANKMAP" plot map "$MAPS" \
  particles_mean --projection "+proj=robin +lon_0=180" --dpi 100 -o "$WORK/pacific2.png"
ok "--central-lon and +lon_0 draw the same map" cmp "$WORK/pacific.png" "$WORK/pacific2.png"

# A figure is made as any new file: mode 0666 less the process's umask
# (0644 under the usual 022), never a temporary file's 0600.
want=$(printf '%o' $((0666 & ~$(umask))))
ok "the run's figures have mode $want (umask $(umask))" \
  test "$(stat -c %a "$FIG/map_particles_baseline_25m.png")" = "$want"
for m in 022:644 027:640 077:600; do
  ok "a map made under umask ${m%:*}" sh -c "umask ${m%:*} && '$PLANKMAP' plot map '$MAPS' particles_mean --dpi 72 -o '$WORK/mode${m%:*}.png'"
  ok "has mode ${m#*:}" test "$(stat -c %a "$WORK/mode${m%:*}.png")" = "${m#*:}"
done

# Bad requests: a clear message, a non-zero status, no output, and an
# existing output left untouched.
printf 'old figure\n' >"$WORK/keep.png"
cp "$WORK/keep.png" "$WORK/keep.orig"
bad() { # DESCRIPTION STATUS FRAGMENT ARGS...
  d=$1; s=$2; f=$3; shift 3
  fails_with "$d" "$s" "$f" "$PLANKMAP" plot "$@" -o "$WORK/new.png"
  absent "$d: no output" "$WORK/new.png"
  fails_with "$d: over an existing output" "$s" "$f" "$PLANKMAP" plot "$@" -o "$WORK/keep.png"
  ok "$d: the existing output is untouched" cmp "$WORK/keep.png" "$WORK/keep.orig"
}
bad "a variable that does not exist" 1 "no variable 'nothing'" map "$MAPS" nothing
bad "a 1-D variable for a map" 1 "depth" map "$MAPS" depth
bad "an unknown projection" 2 "unknown projection 'mercury'" map "$MAPS" particles_mean --projection mercury
bad "a depth below the depth axis" 2 "depth 5000 is outside the depth axis" map "$MAPS" particles_mean --depth 5000
bad "a range that is not MIN,MAX" 2 "'5,1' is not MIN,MAX" map "$MAPS" particles_mean --range 5,1
bad "a central longitude out of range" 2 "central longitude of 500" map "$MAPS" particles_mean --central-lon 500
bad "an unknown colour map" 2 "'jet'; the colour maps are viridis, cividis, rdbu" map "$MAPS" particles_mean --cmap jet
bad "a section without --lon or --lat" 2 "--lon" section "$FLUX" poc_flux_mean
fails_with "a bad extension" 2 "'.jpg'" "$PLANKMAP" plot map "$MAPS" particles_mean -o "$WORK/map.jpg"
absent "a bad extension: no output" "$WORK/map.jpg"
fails_with "an unknown kind of figure" 2 "unknown kind of figure 'pie'" "$PLANKMAP" plot pie
ok "plot --help lists the kinds" "$PLANKMAP" plot --help
holds "plot --help lists map" "$WORK/out" "map"
ok "plot map --help" "$PLANKMAP" plot map --help
ok "plot section --help" "$PLANKMAP" plot section --help
holds "plot section --help names --no-extrapolation" "$WORK/out" "--no-extrapolation"

done_testing
