#!/bin/sh
# cli_mpi.sh: `mpirun -n N plankmap run` on 1, 2 and 4 ranks writes the
# serial run's outputs (tests/compare_runs.sh: every NetCDF value and
# attribute, every table and figure): the demo with a cluster bootstrap
# (its folds and refits shared among the ranks) and the boosted-tree demo
# (its tuning grid and ensemble members), the maps' tiles dealt among the
# ranks; then the predict stage alone.  A bad file that one rank alone
# reads (in the grid stage, in the predict stage) ends the job with that
# rank's message and status 1, the previous outputs as they were; a rank
# killed ends the job instead of hanging it.
# test_ranks on 3 ranks.  Skipped in a build without MPI.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

if ! "$PLANKMAP" --version | grep -q '^MPI: Open MPI' ||
  ! command -v mpirun >/dev/null 2>&1; then
  echo "1..0 # SKIP plankmap is built without MPI, or mpirun is missing"
  exit 0
fi
# As root (CI) Open MPI asks for --allow-run-as-root; 4 ranks on fewer
# cores need --oversubscribe.
ROOT=
[ "$(id -u)" = 0 ] && ROOT=--allow-run-as-root
mpi() { n=$1; shift; mpirun $ROOT --oversubscribe --bind-to none -n "$n" "$@"; }

ok "plankmap --version says MPI is in" "$PLANKMAP" --version
holds "the MPI library named" "$WORK/out" "MPI: Open MPI"
ok "test_ranks on 3 ranks" mpi 3 "$top_builddir/tests/test_ranks"
holds "test_ranks ran its checks on 3 ranks" "$WORK/out" "# 3 ranks"

# The demo, its draws fewer (the maps are not what is shared), with 12
# bootstrap refits of the particle model.
CFG="$WORK/mpi.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo.cfg" |
  sed 's|uncertainty = { draws = 200; seed = 1; };|uncertainty = { draws = 40; seed = 1; };|' |
  sed '/name = "particles";/,/cv = /s|draws = 40; seed = 1; };|draws = 40; seed = 1; bootstrap = 12; };|' >"$CFG"
ok "the test scenario asks for a bootstrap" grep -q "bootstrap = 12" "$CFG"
XGB="$WORK/xgb.cfg"
sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo_xgboost.cfg" >"$XGB"

for cfg in mpi xgb; do
  out=$(sed -n 's|^output_dir = "\(.*\)";|\1|p' "$WORK/$cfg.cfg")
  mkdir -p "$WORK/$cfg-serial" && cd "$WORK/$cfg-serial" || exit 1
  ok "$cfg: the serial run" "$PLANKMAP" run --quiet "$WORK/$cfg.cfg"
  for n in 1 2 4; do
    mkdir -p "$WORK/$cfg-$n" && cd "$WORK/$cfg-$n" || exit 1
    ok "$cfg: mpirun -n $n" mpi "$n" "$PLANKMAP" run --quiet "$WORK/$cfg.cfg"
    ok "$cfg: mpirun -n $n writes the serial run's outputs" \
      sh "$top_srcdir/tests/compare_runs.sh" "$WORK/$cfg-serial/$out" "$WORK/$cfg-$n/$out"
  done
done

# The predict stage alone (the warming scenario changed, the fit reused):
# its tiles dealt among 2 ranks give the serial run's maps and totals.
sed 's|covariate = "temp"; add = 2.0;|covariate = "temp"; add = 2.5;|' \
  "$CFG" >"$WORK/warm.cfg"
ok "the changed scenario adds 2.5" grep -q "add = 2.5" "$WORK/warm.cfg"
cp -R "$WORK/mpi-serial" "$WORK/warm-serial"
cd "$WORK/warm-serial" || exit 1
ok "warm: the serial run" "$PLANKMAP" run --quiet "$WORK/warm.cfg"
cd "$WORK/mpi-2" || exit 1
ok "warm: mpirun -n 2" mpi 2 "$PLANKMAP" run "$WORK/warm.cfg"
holds "warm: the fit reused" "$WORK/err" "fit      reused"
holds "warm: the predict stage ran" "$WORK/err" "predict  ran"
ok "warm: mpirun -n 2 writes the serial run's outputs" \
  sh "$top_srcdir/tests/compare_runs.sh" "$WORK/warm-serial/plankmap-demo" plankmap-demo

# `plankmap predict` of a scenario file (the warming scenario changed
# again) under mpirun: the serial command's maps and totals.
sed 's|add = 2.5;|add = 3.0;|' "$WORK/warm.cfg" >"$WORK/warm3.cfg"
cp -R "$WORK/warm-serial" "$WORK/predict-serial"
cp -R "$WORK/mpi-2" "$WORK/predict-2"
cd "$WORK/predict-serial" || exit 1
ok "predict: the serial command" "$PLANKMAP" predict "$WORK/warm3.cfg"
grep "ocean cells without a covariate" "$WORK/err" >"$WORK/missing-serial"
cd "$WORK/predict-2" || exit 1
ok "predict: mpirun -n 2" mpi 2 "$PLANKMAP" predict "$WORK/warm3.cfg"
grep "ocean cells without a covariate" "$WORK/err" >"$WORK/missing-2"
# The cells without a covariate are counted in the tiles of each rank.
ok "predict: the serial command leaves out ocean cells without a covariate" \
  grep -q "([1-9][0-9]* ocean cells" "$WORK/missing-serial"
ok "predict: mpirun -n 2 counts the same cells without a covariate" \
  cmp "$WORK/missing-serial" "$WORK/missing-2"
ok "predict: mpirun -n 2 writes the serial command's outputs" \
  sh "$top_srcdir/tests/compare_runs.sh" "$WORK/predict-serial/plankmap-demo" plankmap-demo
sh "$top_srcdir/tests/compare_runs.sh" "$WORK/mpi-2/plankmap-demo" plankmap-demo \
  >"$WORK/cmp" 2>&1
holds "predict: the warming maps changed" "$WORK/cmp" "/maps_warming.nc"
cd "$WORK/mpi-2" || exit 1

# A scenario field that rank 1 alone reads in the predict stage is cut
# short: the job ends with rank 1's message and status 1, the previous
# outputs as they were.
head -c 3000 /usr/share/ferret-vis/data/levitus_climatology.cdf >"$WORK/cut.cdf"
sed "s|covariate = \"temp\"; add = 2.5;|covariate = \"temp\"; file = \"$WORK/cut.cdf\"; variable = \"TEMP\";|" \
  "$WORK/warm.cfg" >"$WORK/cut.cfg"
ok "the scenario of rank 1 reads the cut file" grep -q cut.cdf "$WORK/cut.cfg"
rm -rf "$WORK/before"
cp -R plankmap-demo "$WORK/before"
fails_with "a bad field read by rank 1 alone in the predict stage: status 1" 1 \
  "plankmap run: rank 1: model 'particles': $WORK/cut.cfg:316: scenarios[0].changes[0]: $WORK/cut.cdf" \
  mpirun $ROOT --oversubscribe -n 1 "$PLANKMAP" run "$WORK/warm3.cfg" : -n 1 "$PLANKMAP" run "$WORK/cut.cfg"
ok "the outputs are those of the run before" \
  sh "$top_srcdir/tests/compare_runs.sh" "$WORK/before" plankmap-demo

# A truncated EcoPart file that rank 1 alone reads: its scenario names it
# in place of the real one.  The run must fit again (the stamps removed).
cd "$WORK/mpi-2" || exit 1
PAR=$(sed -n 's|.*files = \[ "\(.*PAR_tara_148_00_a.tsv\)" \];|\1|p' "$CFG")
head -n 20 "$PAR" >"$WORK/truncated.tsv"
sed -n 21p "$PAR" | cut -f1-7 >>"$WORK/truncated.tsv"
sed "s|$PAR|$WORK/truncated.tsv|" "$CFG" >"$WORK/bad.cfg"
ok "the bad scenario names the truncated file" grep -q truncated.tsv "$WORK/bad.cfg"
rm -f plankmap-demo/.plankmap-run
rm -rf "$WORK/before"
cp -R plankmap-demo "$WORK/before"
fails_with "a bad file read by rank 1 alone ends the job with status 1" 1 \
  "plankmap run: rank 1: observation source 'bats': $WORK/truncated.tsv:21: the row has 7 fields" \
  mpirun $ROOT --oversubscribe -n 1 "$PLANKMAP" run "$CFG" : -n 1 "$PLANKMAP" run "$WORK/bad.cfg"
ok "the outputs are those of the run before" \
  sh "$top_srcdir/tests/compare_runs.sh" "$WORK/before" plankmap-demo
absent "no snapshot is left behind" plankmap-demo/.plankmap-previous

# Rank 1 killed (SIGKILL after 1 s, in its fit): mpirun ends the job, and
# the next run restores the folder and runs.
rm -f plankmap-demo/.plankmap-run
start=$(date +%s)
mpirun $ROOT --oversubscribe -n 1 "$PLANKMAP" run --quiet "$CFG" : \
  -n 1 timeout -s KILL 1 "$PLANKMAP" run --quiet "$CFG" >"$WORK/out" 2>&1
status=$?
ok "a killed rank ends the job with a failure (exit $status)" test "$status" -ne 0
ok "within a minute ($(($(date +%s) - start)) s)" test $(($(date +%s) - start)) -lt 60
ok "the next run completes" "$PLANKMAP" run --quiet "$CFG"
ok "with the serial run's outputs" \
  sh "$top_srcdir/tests/compare_runs.sh" "$WORK/mpi-serial/plankmap-demo" plankmap-demo
done_testing
