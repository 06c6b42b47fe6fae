#!/bin/sh
# mpi.sh: strong scaling of `mpirun -n N plankmap run`, for each N given
# (default 1 2), of two runs:
#   ensemble  configs/demo_xgboost.cfg with 20 repetitions of its 5 folds:
#             a 100-member boosted-tree ensemble after its 2 x 2 tuning
#             grid (the fit stage's units), then its maps (100 members, 1
#             degree, 5 layers, baseline and warming scenario);
#   maps      the demo's particle model (negative binomial GAM) alone, its
#             maps at BENCH_MAP_RES degrees (default 0.25) in 5 layers with
#             200 posterior draws, baseline and warming scenario: the
#             predict stage's tiles.
# Each rank is bound to a core of its own (--map-by core): one thread per
# rank.  Prints per run and N the whole run's time, the fit and predict
# stages' times and their parallel efficiency T(1) / (N T(N)), and checks
# that every N writes the outputs of the first N (tests/compare_runs.sh,
# with NC_SAME when it is set).
# Usage: mpi.sh PLANKMAP SRCDIR [N ...]
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
set -e
if ! "$1" --version | grep -q '^MPI: Open MPI'; then
  echo "bench-mpi: skipped, plankmap is built without MPI"
  exit 0
fi
PLANKMAP=$1
SRC=$2
shift 2
[ $# -gt 0 ] || set -- 1 2
RES=${BENCH_MAP_RES:-0.25}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/plankmap-mpi.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ROOT=
[ "$(id -u)" = 0 ] && ROOT=--allow-run-as-root
LEVITUS=/usr/share/ferret-vis/data/levitus_climatology.cdf

sed -e "s|\"../data/|\"$SRC/data/|g" \
    -e "s|ensemble = { folds = 5; repeats = 2; };|ensemble = { folds = 5; repeats = 20; };|" \
    "$SRC/configs/demo_xgboost.cfg" >"$WORK/ensemble.cfg"
grep -q "repeats = 20" "$WORK/ensemble.cfg"

# The maps run: the demo's observations, filters and particle model.
{
  echo 'output_dir = "plankmap-maps";'
  sed -n -e '/^observations = (/,/^);/p' -e '/^filters = {/,/^};/p' \
    "$SRC/configs/demo.cfg" | sed "s|\"../data/|\"$SRC/data/|g"
  cat <<CFG
grid = { resolution = $RES;
         depth_edges = [ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 6000.0 ]; };
covariates = ( { name = "temp"; file = "$LEVITUS"; variable = "TEMP"; },
               { name = "salt"; file = "$LEVITUS"; variable = "SALT"; } );
relief = { file = "/usr/share/ferret-vis/data/etopo20.cdf"; variable = "ROSE"; };
models = ( { name = "particles"; response = { size = [ 100.0, 500.0 ]; };
             family = "negbin";
             formula = "count ~ s(temp, k=4) + s(salt, k=4) + s(logdepth, k=5) + offset(log(volume_m3))";
             uncertainty = { draws = 200; seed = 1; }; } );
prediction = { depth_edges = [ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 ];
               months = "annual"; };
scenarios = ( { name = "warming"; changes = ( { covariate = "temp"; add = 2.0; } ); } );
CFG
} >"$WORK/maps.cfg"

# The time of stage $1 in the run's log $2 (s).
stage_time() {
  awk -v s="$1" '$1 == s && $2 == "ran" { sub(/s$/, "", $3); print $3 }' "$2"
}

printf "%-9s %5s %9s %9s %6s %11s %6s\n" run ranks "run (s)" "fit (s)" eff \
  "predict (s)" eff
for run in ensemble maps; do
  first=
  out=$(sed -n 's|^output_dir = "\(.*\)";|\1|p' "$WORK/$run.cfg")
  for n in "$@"; do
    mkdir -p "$WORK/$run-$n"
    cd "$WORK/$run-$n"
    t0=$(date +%s.%N)
    mpirun $ROOT --map-by core -n "$n" "$PLANKMAP" run "$WORK/$run.cfg" \
      >log 2>&1 || { cat log; exit 1; }
    t1=$(date +%s.%N)
    fit=$(stage_time fit log)
    predict=$(stage_time predict log)
    [ -n "$first" ] || { first=$n; fit1=$fit; predict1=$predict; }
    printf "%-9s %5s %9.2f %9.2f %6.2f %11.2f %6.2f\n" "$run" "$n" \
      "$(echo "$t1 - $t0" | bc)" "$fit" \
      "$(echo "$fit1 * $first / ($n * $fit)" | bc -l)" "$predict" \
      "$(echo "$predict1 * $first / ($n * $predict)" | bc -l)"
    [ "$n" = "$first" ] ||
      sh "$SRC/tests/compare_runs.sh" "$WORK/$run-$first/$out" \
        "$WORK/$run-$n/$out" >/dev/null
  done
done
echo "every N wrote the outputs of N = $1"
