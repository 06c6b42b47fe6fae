#!/bin/sh
# mpi.sh: strong scaling of `mpirun -n N plankmap run` with a 100-member
# boosted-tree ensemble (configs/demo_xgboost.cfg with 20 repetitions of
# its 5 folds, after its 2 x 2 tuning grid), for each N given (default 1
# 2).  Each rank is bound to a core of its own (--map-by core) and fits
# its block of the grid points and members there (XGBoost's nthread 1).  Prints per N the whole run's time, the fit
# stage's (the part shared among the ranks) and its parallel efficiency
# T(1) / (N T(N)), and checks that every N writes the outputs of N = 1
# (tests/compare_runs.sh, with NC_SAME when it is set).
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
WORK=$(mktemp -d "${TMPDIR:-/tmp}/plankmap-mpi.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ROOT=
[ "$(id -u)" = 0 ] && ROOT=--allow-run-as-root
sed -e "s|\"../data/|\"$SRC/data/|g" \
    -e "s|ensemble = { folds = 5; repeats = 2; };|ensemble = { folds = 5; repeats = 20; };|" \
    "$SRC/configs/demo_xgboost.cfg" >"$WORK/ensemble.cfg"
grep -q "repeats = 20" "$WORK/ensemble.cfg"
printf "%6s %10s %10s %10s\n" ranks "run (s)" "fit (s)" efficiency
for n in "$@"; do
  mkdir "$WORK/$n"
  cd "$WORK/$n"
  t0=$(date +%s.%N)
  mpirun $ROOT --map-by core -n "$n" "$PLANKMAP" run "$WORK/ensemble.cfg" \
    >log 2>&1 || { cat log; exit 1; }
  t1=$(date +%s.%N)
  fit=$(awk '$1 == "fit" && $2 == "ran" { sub(/s$/, "", $3); print $3 }' log)
  [ "$n" = "$1" ] && { fit1=$fit; n1=$n; }
  printf "%6s %10.2f %10.2f %10.2f\n" "$n" "$(echo "$t1 - $t0" | bc)" "$fit" \
    "$(echo "$fit1 * $n1 / ($n * $fit)" | bc -l)"
  [ "$n" = "$1" ] ||
    sh "$SRC/tests/compare_runs.sh" "$WORK/$1/plankmap-demo-xgboost" \
      "$WORK/$n/plankmap-demo-xgboost" >/dev/null
done
echo "every N wrote the outputs of N = $1"
