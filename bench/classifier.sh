#!/bin/sh
# classifier.sh: the coverage of the corrected totals of a classified
# virtual survey.  Repeats the survey of configs/demo_virtual_classifier.cfg
# (a rare and a common class at the casts of the global UVP5 index, labelled
# by the classifier of configs/classifier/rare_common.tsv) with seeds 1 to
# N, and for each runs the corrected and the naive scenario that `simulate`
# writes; prints per seed the global total of the rare class over the
# truth, corrected (with whether its 95% interval holds the truth) and
# naive, then the share of seeds whose corrected interval holds the truth
# (95% if the intervals are calibrated) and the naive bias.
#
# The counts are labelled with the matrix's rates: they are the true rates
# of the classifier.  The correction is given, by default, another test set
# of the same size drawn from those rates for each seed (each row's objects
# a multinomial of its rates, awk's srand(seed)), as a user's finite test
# set is; the interval's share from classification then has an error to
# cover.  BENCH_TESTSET=fixed gives it the matrix itself: its estimate is
# then exact and that share of the interval has nothing to cover.
# Usage: classifier.sh PLANKMAP SRCDIR
# Environment:
#   BENCH_SEEDS    the number of seeds N (default 20)
#   BENCH_TESTSET  "resample" (default) or "fixed"
#   BENCH_DIR      the folder of the runs (default a new one under $TMPDIR,
#                  removed at the end)
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
set -e
PLANKMAP=$1
SRC=$(cd "$2" && pwd)
SEEDS=${BENCH_SEEDS:-20}
TESTSET=${BENCH_TESTSET:-resample}
case $TESTSET in resample|fixed) ;; *)
  echo "bench-classifier: BENCH_TESTSET is '$TESTSET'; give resample or fixed" >&2
  exit 2 ;;
esac
for f in /usr/share/ferret-vis/data/levitus_climatology.cdf \
  /usr/share/ferret-vis/data/etopo20.cdf; do
  test -f "$f" || { echo "bench-classifier: skipped: $f is missing (Debian package ferret-vis)"; exit 0; }
done
if [ -n "$BENCH_DIR" ]; then
  WORK=$BENCH_DIR
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/plankmap-classifier.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
fi

# testset SEED < MATRIX: a test set of each row's size drawn from its rates.
testset() {
  awk -F'\t' -v seed="$1" 'BEGIN { OFS = "\t"; srand(seed) }
    NR == 1 { print; next }
    { n = 0; for (j = 2; j <= NF; j++) { c[j] = $j; n += $j; got[j] = 0 }
      for (k = 0; k < n; k++) {
        u = rand() * n; s = 0
        for (j = 2; j < NF && u >= s + c[j]; j++) s += c[j]
        got[j]++
      }
      line = $1; for (j = 2; j <= NF; j++) line = line OFS got[j]; print line }'
}

# global FILE COLUMN: the global row's COLUMN of a recovery.tsv.
global() {
  awk -F'\t' -v k="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["region"] == "global" { print $c[k] }' "$1"
}

echo "bench-classifier: $SEEDS seeds, test set $TESTSET"
printf 'seed\tcorrected\tinside\tnaive\tnaive_inside\n' >"$WORK/seeds.tsv"
t0=$(date +%s)
s=1
while [ "$s" -le "$SEEDS" ]; do
  { echo "input_dir = \"$SRC/configs\";"
    sed -e "s|^output_dir = .*|output_dir = \"$WORK/seed$s\";|" \
        -e "s|^  seed = 1;|  seed = $s;|" "$SRC/configs/demo_virtual_classifier.cfg"
  } >"$WORK/seed$s.cfg"
  "$PLANKMAP" simulate --quiet "$WORK/seed$s.cfg"
  OUT=$WORK/seed$s/simulated
  if [ "$TESTSET" = resample ]; then
    testset "$s" <"$SRC/configs/classifier/rare_common.tsv" >"$OUT/confusion.tsv"
  fi
  "$PLANKMAP" run --quiet "$OUT/scenario.cfg"
  "$PLANKMAP" run --quiet "$OUT/scenario_naive.cfg"
  printf '%s\t%s\t%s\t%s\t%s\n' "$s" "$(global "$OUT/run/recovery.tsv" ratio)" \
    "$(global "$OUT/run/recovery.tsv" truth_inside)" \
    "$(global "$OUT/run_naive/recovery.tsv" ratio)" \
    "$(global "$OUT/run_naive/recovery.tsv" truth_inside)" >>"$WORK/seeds.tsv"
  rm -rf "$WORK/seed$s"
  s=$((s + 1))
done
t1=$(date +%s)
column -t "$WORK/seeds.tsv"
awk -F'\t' -v t="$((t1 - t0))" 'NR > 1 { n++; in_c += $3; in_n += $5
    c += $2; cc += $2 * $2; v += $4; vv += $4 * $4 }
  # the sample standard deviation (0 for one seed)
  function sd(sum, squares, mean) {
    return n > 1 ? sqrt((squares - n * mean * mean) / (n - 1)) : 0 }
  END { mc = c / n; mv = v / n
    printf "corrected: mean ratio %.4f (sd %.4f), interval holds the truth in %d of %d seeds (%.0f%%)\n",
      mc, sd(c, cc, mc), in_c, n, 100 * in_c / n
    printf "naive: mean ratio %.4f (sd %.4f, bias %+.1f%%), interval holds the truth in %d of %d seeds\n",
      mv, sd(v, vv, mv), 100 * (mv - 1), in_n, n
    printf "%d s, %.1f s per seed\n", t, t / n }' "$WORK/seeds.tsv"
