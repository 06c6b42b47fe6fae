#!/bin/sh
# simulate.sh: times `plankmap simulate` drawing 1 million virtual
# observations (25,000 casts x 40 layers of 25 m to 1000 m, negative
# binomial counts of a truth of the Levitus temperature and depth) against
# the same job written in R (bench/simulate_ref.R: ncdf4, the same
# interpolation of the covariates, rnbinom, write.csv or data.table's
# fwrite), checks that both expect the same total from the truth (in all
# and at 6 casts), and times plankmap again at one cast, with maps of 5
# layers and of 1, to tell its fixed cost and the share of the truth's
# maps, which R does not make.
# Usage: sh bench/simulate.sh
# Environment:
#   PLANKMAP        the plankmap program (default: ./plankmap)
#   NCDUMP          ncdump (default: ncdump)
#   BENCH_DIR       where the sites, scenarios and outputs go (default
#                   /tmp/plankmap-bench-simulate; removed at the end unless
#                   BENCH_KEEP=1)
#   BENCH_SIM_CASTS the number of casts (default 25000)
# Every process is timed whole with /usr/bin/time -v: wall-clock time and
# peak resident memory.
#
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
set -e

top_srcdir=${top_srcdir:-.}
PLANKMAP=${PLANKMAP:-./plankmap}
NCDUMP=${NCDUMP:-ncdump}
BENCH_DIR=${BENCH_DIR:-/tmp/plankmap-bench-simulate}
CASTS=${BENCH_SIM_CASTS:-25000}
LEVITUS=/usr/share/ferret-vis/data/levitus_climatology.cdf
RELIEF=/usr/share/ferret-vis/data/etopo20.cdf
TRUTH='exp(2 + 0.8*exp(-((temp-20)/5)^2) - 0.7*log1p(depth/150))'
THETA=2
VOLUME=1.0
SEED=1

say() { echo "bench-simulate: $*"; }

for f in "$LEVITUS" "$RELIEF"; do
  test -f "$f" || { say "skipped: $f is missing (Debian package ferret-vis)"; exit 0; }
done
test -x /usr/bin/time || { say "skipped: /usr/bin/time is missing (Debian package time)"; exit 0; }
test -x "$PLANKMAP" || { say "error: no plankmap program at $PLANKMAP (set PLANKMAP)" >&2; exit 2; }
mkdir -p "$BENCH_DIR"
HOT=$(cd "$top_srcdir/data/ecopart_detailed/HOTALOHA" && pwd)/export_detailed_20240422_11_14

# The casts: uniform positions in latitude [-70, 70] (awk's srand(1)), kept
# where the Levitus cell holding them has a temperature at 1000 m, so that
# every layer of every cast has both covariates.  Level 13 of TEMP is 1000 m;
# ncdump prints the values in C order, "_" for a fill value.
"$NCDUMP" -v TEMP "$LEVITUS" | awk -v casts="$CASTS" '
  /^ TEMP =/ { on = 1; sub(/.*=/, "") }
  on { end = index($0, ";"); gsub(/[;,]/, " "); for (i = 1; i <= NF; i++) {
         if (int(k / 64800) == 13) ocean[k % 64800] = $i != "_"; k++ }
       if (end) on = 0 }
  END {
    srand(1); print "profile\tdatetime\tlat\tlon"
    while (n < casts) {
      lat = sprintf("%.3f", -70 + 140 * rand()) + 0
      lon = sprintf("%.3f", -180 + 360 * rand()) + 0
      x = lon < 20 ? lon + 360 : lon           # Levitus: 20.5 .. 379.5 E
      if (!ocean[int(lat + 90) * 360 + int(x - 20)]) continue
      printf "c%d\t2015-06-01T00:00:00Z\t%.3f\t%.3f\n", n++, lat, lon
    }
  }' >"$BENCH_DIR/sites.tsv"
EDGES=$(awk 'BEGIN { for (z = 0; z <= 1000; z += 25) printf "%s%.1f", z ? ", " : "", z }')

# scenario NAME PREDICTION-EDGES [SITES]: the scenario of the survey at the
# casts of SITES (default sites.tsv), maps of the
# truth at the given layers (annual), max_distance_km = 0 so that no
# sample takes a value from a neighbour (the R reference has no such rule).
scenario() {
  cat >"$BENCH_DIR/$1.cfg" <<EOF
output_dir = "$BENCH_DIR/$1";
observations = ( { name = "hot"; format = "ecopart-detailed";
  metadata = "${HOT}_Export_metadata_summary.tsv";
  files = [ "${HOT}_PAR_001.tsv" ]; } );
grid = { resolution = 1.0; depth_edges = [ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 ];
  time = "none"; };
covariates = (
  { name = "temp"; file = "$LEVITUS"; variable = "TEMP"; max_distance_km = 0.0; },
  { name = "salt"; file = "$LEVITUS"; variable = "SALT"; max_distance_km = 0.0; } );
relief = { file = "$RELIEF"; variable = "ROSE"; };
models = ( { name = "particles"; response = { size = [ 100.0, 500.0 ]; };
  family = "negbin";
  formula = "count ~ s(temp, k=6) + s(salt, k=4) + s(logdepth, k=6) + offset(log(volume_m3))"; } );
prediction = { depth_edges = [ $2 ]; months = "annual"; };
simulate = { truth = "$TRUTH"; family = "negbin"; theta = $THETA; seed = $SEED;
  sites = { file = "${3:-sites.tsv}"; depth_edges = [ $EDGES ]; volume_m3 = $VOLUME; }; };
EOF
}
scenario full "0.0, 50.0, 100.0, 200.0, 500.0, 1000.0"
# The fixed cost: the same scenario at the first cast alone (40 samples),
# with maps of 5 layers and of 1, so that the maps' share is told apart.
awk 'NR <= 2' "$BENCH_DIR/sites.tsv" >"$BENCH_DIR/one.tsv"
scenario one5 "0.0, 50.0, 100.0, 200.0, 500.0, 1000.0" one.tsv
scenario one1 "0.0, 50.0" one.tsv

# timed LOG COMMAND...: runs it under /usr/bin/time -v, its output in LOG.
timed() {
  log=$1; shift
  /usr/bin/time -v "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
}
wall() {  # seconds of /usr/bin/time's "Elapsed (wall clock) time" in LOG
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
    for (i = 1; i <= n; i++) s = 60 * s + p[i]; printf "%.2f", s }' "$1"
}
cpu() {  # user + system seconds in LOG
  awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$1"
}
peak() {  # MiB of the maximum resident set size in LOG
  awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"
}

say "$CASTS casts x 40 layers, a truth of the Levitus temperature and depth, negbin theta $THETA"
timed "$BENCH_DIR/full.log" "$PLANKMAP" simulate "$BENCH_DIR/full.cfg"
for i in 1 2 3; do
  timed "$BENCH_DIR/one5-$i.log" "$PLANKMAP" simulate "$BENCH_DIR/one5.cfg"
  timed "$BENCH_DIR/one1-$i.log" "$PLANKMAP" simulate "$BENCH_DIR/one1.cfg"
done
grep 'virtual samples' "$BENCH_DIR/full.log" | sed 's/^/  plankmap: /'
N=$(awk '/virtual samples/ { print $1 }' "$BENCH_DIR/full.log")
EXPECTED=$(sed -n 's/.*counted, \([^ ]*\) expected from the truth.*/\1/p' "$BENCH_DIR/full.log")
DROPPED=$(sed -n 's/.*(\([0-9]*\) left out.*/\1/p' "$BENCH_DIR/full.log")

if ! command -v Rscript >/dev/null 2>&1; then
  say "no Rscript: the R reference is not run"; R_OK=0
elif ! Rscript -e 'quit(status = !requireNamespace("ncdf4", quietly = TRUE))'; then
  say "no R package ncdf4 (Debian r-cran-ncdf4): the R reference is not run"; R_OK=0
else
  timed "$BENCH_DIR/r.log" Rscript "$top_srcdir/bench/simulate_ref.R" \
    "$BENCH_DIR/sites.tsv" "$LEVITUS" "$BENCH_DIR/r.csv" "$EXPECTED" "$DROPPED" \
    "$BENCH_DIR/casts.tsv"
  sed -n '/^simulate_ref/p' "$BENCH_DIR/r.log" | sed 's/^simulate_ref: /  R: /'
  # Cast by cast: plankmap alone at each cast R picked, its expected total
  # against R's to 1e-6 relative (or the rounding of its 6-digit print).
  tail -n +2 "$BENCH_DIR/casts.tsv" | while read -r cast r edge; do
    awk -F'\t' -v c="$cast" 'NR == 1 || $1 == c' "$BENCH_DIR/sites.tsv" >"$BENCH_DIR/cast.tsv"
    scenario cast "0.0, 50.0" cast.tsv
    "$PLANKMAP" simulate "$BENCH_DIR/cast.cfg" >"$BENCH_DIR/cast.log" 2>&1 ||
      { cat "$BENCH_DIR/cast.log" >&2; exit 1; }
    p=$(sed -n 's/.*counted, \([^ ]*\) expected from the truth.*/\1/p' "$BENCH_DIR/cast.log")
    awk -v c="$cast" -v p="$p" -v r="$r" -v e="$edge" 'BEGIN {
      u = 10 ^ (int(log(p) / log(10) + 100) - 100 - 5) / 2; t = 1e-6 * p
      ok = (r - p) ^ 2 <= (t > u ? t : u) ^ 2
      printf "  cast %s%s: expected %s (plankmap), %.10g (R): %s\n", c,
        e ? " (coast or seam)" : "", p, r, ok ? "agree" : "DIFFER"
      exit !ok }' || exit 1
  done
  R_OK=1
fi

# least() PREFIX: the least wall-clock time of the 3 runs PREFIX-i.log.
least() {
  for i in 1 2 3; do wall "$BENCH_DIR/$1-$i.log"; echo; done | sort -n | head -1
}
PM=$(wall "$BENCH_DIR/full.log"); FIXED=$(least one5); ONE=$(least one1)
# The truth's maps of 5 layers against 1: the 4 more layers cost
# FIXED - ONE, so the 5 about 5/4 of it.  The samples (sites, covariates,
# truth, draws, table) cost the whole less the fixed cost.
MAPS=$(awk -v a="$FIXED" -v b="$ONE" 'BEGIN { printf "%.2f", (a - b) * 5 / 4 }')
say "plankmap at one cast (least of 3 runs): $FIXED s with maps of 5 layers, $ONE s with 1: the truth maps take about $MAPS s"
echo
echo "| samples | plankmap s wall (CPU) | fixed cost (1 cast) | of which truth maps | the samples | R s wall (CPU) | R / plankmap | R / plankmap's samples | peak plankmap | peak R |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
RS=-; RC=-; MR=-
if test "$R_OK" = 1; then
  RS=$(wall "$BENCH_DIR/r.log"); RC=$(cpu "$BENCH_DIR/r.log"); MR=$(peak "$BENCH_DIR/r.log")
fi
awk -v n="$N" -v p="$PM" -v pc="$(cpu "$BENCH_DIR/full.log")" -v f="$FIXED" -v m="$MAPS" \
  -v r="$RS" -v rc="$RC" -v mp="$(peak "$BENCH_DIR/full.log")" -v mr="$MR" 'BEGIN {
  ratio = r == "-" ? "-" : sprintf("%.2f", r / p)
  ratio2 = r == "-" ? "-" : sprintf("%.2f", r / (p - f))
  printf "| %d | %.2f (%.2f) | %.2f | %.2f | %.2f | %s (%s) | %s | %s | %d MiB | %s MiB |\n",
    n, p, pc, f, m, p - f, r, rc, ratio, ratio2, mp, mr
  printf "plankmap: %.0f samples/s whole, %.0f samples/s less the fixed cost\n",
    n / p, n / (p - f) }'
test "${BENCH_KEEP:-0}" = 1 || rm -rf "$BENCH_DIR"
