#!/bin/sh
# cli_simulate_classifier.sh: `plankmap simulate` with a classifier that
# labels the virtual objects, and the two runs it writes.
#  - Negative binomial counts (theta 2) of a rare class of warm water and a
#    common class of cold water at 500 casts, 25 m layers to 500 m; 30% of
#    the rare objects are predicted as common, 15% of the common ones as
#    rare (a test set of 4,000 and 20,000 objects).  The table holds the
#    predicted counts of both classes at every sample, the classifier
#    predicts 1.15 to 1.6 times the rare objects drawn (1.25 here), and the
#    rare class's true draws are those of the same group without a
#    classifier; the same seed draws the same labels.
#  - The corrected run recovers the true global total of the rare class
#    within 5% (ratio 0.974 here, a negative binomial GAM of the expected
#    counts), inside its interval (0.937 to 1.008 times the truth); the
#    naive run is off by more than the whole width of that interval (ratio
#    1.226 here), its own interval missing the truth.
#  - A class of the matrix without a truth, a truth without a row of the
#    matrix, a simulated class the matrix never predicts, a file that does
#    not exist or is not a matrix, and a classifier of Tweedie biomass are
#    errors that name the setting.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"
cd "$WORK" || exit 1

LEVITUS=/usr/share/ferret-vis/data/levitus_climatology.cdf
HOT="$DATA/ecopart_detailed/HOTALOHA/export_detailed_20240422_11_14"
awk 'BEGIN { srand(3); print "profile\tdatetime\tlat\tlon"
  for (i = 0; i < 500; i++) printf "c%d\t2015-06-01T00:00:00Z\t%.3f\t%.3f\n", i,
    -60 + 120 * rand(), -180 + 360 * rand() }' >sites.tsv
printf 'true\trare\tcommon\nrare\t2800\t1200\ncommon\t3000\t17000\n' >matrix.tsv
RARE='exp(1 + 1.5*exp(-((temp-25)/4)^2) - 0.7*log1p(depth/150))'
COMMON='exp(2 + 0.8*exp(-((temp-8)/6)^2) - 0.5*log1p(depth/200))'
CLASSIFIER="classifier = { confusion = \"matrix.tsv\";
    classes = ( { name = \"common\"; truth = \"$COMMON\"; } ); };"

# scenario FILE OUTDIR SIMULATE-SETTINGS: the survey at the 300 casts, maps
# of 3 layers to 500 m, the negative binomial GAM of the rare class.
scenario() {
  cat >"$1" <<EOF
output_dir = "$2";
observations = ( { name = "hot"; format = "ecopart-detailed";
  metadata = "${HOT}_Export_metadata_summary.tsv";
  files = [ "${HOT}_PAR_001.tsv" ]; } );
grid = { resolution = 1.0; depth_edges = [ 0.0, 100.0, 200.0, 500.0 ]; };
covariates = ( { name = "temp"; file = "$LEVITUS"; variable = "TEMP"; } );
relief = { file = "/usr/share/ferret-vis/data/etopo20.cdf"; variable = "ROSE"; };
models = ( { name = "rare"; response = { class = "rare"; };
  family = "negbin"; uncertainty = { draws = 100; seed = 1; };
  cv = { folds = 2; };
  formula = "count ~ s(temp, k=6) + s(logdepth, k=5) + offset(log(volume_m3))"; } );
prediction = { depth_edges = [ 0.0, 100.0, 200.0, 500.0 ]; months = "annual"; };
simulate = { class = "rare"; truth = "$RARE"; family = "negbin"; theta = 2.0;
  seed = 1; $3
  sites = { file = "sites.tsv"; volume_m3 = 1.0;
    depth_edges = [ 0.0, 25.0, 50.0, 75.0, 100.0, 125.0, 150.0, 175.0, 200.0,
      225.0, 250.0, 275.0, 300.0, 325.0, 350.0, 375.0, 400.0, 425.0, 450.0,
      475.0, 500.0 ]; }; };
EOF
}

# --- the virtual survey and its two runs ------------------------------------
scenario plain.cfg plain ""
ok "simulate the rare class alone" "$PLANKMAP" simulate plain.cfg
DRAWN=$(sed -n 's/.*value): \([0-9.e+]*\) drawn.*/\1/p' "$WORK/err")
scenario cls.cfg cls "$CLASSIFIER"
ok "simulate it with the classifier" "$PLANKMAP" simulate cls.cfg
SAMPLES=$(sed -n 's/^\([0-9]*\) virtual samples.*/\1/p' "$WORK/err")
holds "its true draws are those without the classifier ($DRAWN)" "$WORK/err" \
  "value): $DRAWN drawn"
PREDICTED=$(sed -n 's/.*predicted \([0-9.e+]*\) objects as rare.*/\1/p' "$WORK/err")
holds "it says how many objects were predicted as the rare class" "$WORK/err" \
  "the classifier predicted $PREDICTED objects as rare"
S=cls/simulated
for f in observations.csv truth.nc truth_totals.tsv confusion.tsv scenario.cfg \
  scenario_naive.cfg; do
  ok "it writes simulated/$f" test -s "$S/$f"
done
ok "the table has a whole count of each predicted class at the $SAMPLES samples" \
  awk -F, -v n="$SAMPLES" 'NR > 1 { k[$10 == int($10) && $10 >= 0 ? $9 : "bad"]++ }
  END { exit !(n > 5000 && k["rare"] == n && k["common"] == n && !k["bad"]) }' \
  "$S/observations.csv"
ok "its rare counts add up to the objects predicted as rare ($PREDICTED)" awk -F, \
  -v p="$PREDICTED" '$9 == "rare" { s += $10 } END { exit s != p }' "$S/observations.csv"
ok "the classifier predicts 1.15 to 1.6 times the rare objects drawn" awk \
  -v p="$PREDICTED" -v d="$DRAWN" 'BEGIN { exit !(p > 1.15 * d && p < 1.6 * d) }'
ok "confusion.tsv is the matrix" cmp matrix.tsv "$S/confusion.tsv"
holds "scenario.cfg corrects the counts with it" "$S/scenario.cfg" \
  "confusion = \"$WORK/$S/confusion.tsv\""
ok "scenario_naive.cfg does not" sh -c "! grep -q confusion.tsv '$S/scenario_naive.cfg'"
holds "and runs into its own folder" "$S/scenario_naive.cfg" "$S/run_naive\""
cp "$S/observations.csv" first.csv
ok "simulate again with the same seed" "$PLANKMAP" simulate cls.cfg
ok "the same seed gives the same labels" cmp first.csv "$S/observations.csv"

ok "run the corrected scenario" "$PLANKMAP" run "$S/scenario.cfg"
ok "run the naive scenario" "$PLANKMAP" run "$S/scenario_naive.cfg"
# global RUN COLUMN: the rare model's value of COLUMN on the global row of
# recovery.tsv of run RUN.
global() {
  awk -F'\t' -v k="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["model"] == "rare" && $c["region"] == "global" { print $c[k] }' \
    "$S/$1/recovery.tsv"
}
RATIO=$(global run ratio)
LOWER=$(global run lower)
UPPER=$(global run upper)
TRUTH=$(global run truth)
NAIVE=$(global run_naive predicted)
ok "the corrected total is within 5% of the truth (ratio $RATIO)" awk -v r="$RATIO" \
  'BEGIN { exit !(r > 0.95 && r < 1.05) }'
ok "its interval [$LOWER, $UPPER] holds the truth $TRUTH" awk -v l="$LOWER" \
  -v u="$UPPER" -v t="$TRUTH" 'BEGIN { exit !(l <= t && t <= u) }'
ok "it is the total of totals.tsv" awk -F'\t' -v v="$(global run predicted)" '
  $1 == "baseline" && $2 == "rare" && $3 == "global" && $4 == "total" { n++; bad = $5 != v }
  END { exit bad || n != 1 }' "$S/run/totals.tsv"
ok "the naive total $NAIVE is off by more than that interval's width" awk \
  -v n="$NAIVE" -v l="$LOWER" -v u="$UPPER" -v t="$TRUTH" \
  'BEGIN { exit !(n - t > u - l) }'
ok "the naive interval misses the truth (ratio $(global run_naive ratio))" \
  test "$(global run_naive truth_inside)" = 0

# --- errors -----------------------------------------------------------------
# bad NAME DESCRIPTION STATUS FRAGMENT SIMULATE-SETTINGS: `plankmap simulate`
# of the scenario exits with STATUS and FRAGMENT, and writes nothing.
bad() {
  scenario "$1.cfg" "$1" "$5"
  fails_with "$2" "$3" "$4" "$PLANKMAP" simulate "$1.cfg"
}
printf 'true\trare\tcommon\tdetritus\nrare\t8\t2\t0\ncommon\t1\t9\t0\ndetritus\t0\t1\t9\n' >three.tsv
bad norow "a class of the matrix without a truth is refused" 1 \
  "norow.cfg:14: simulate.classifier: true class 'detritus' of the confusion matrix three.tsv (line 4) has no truth" \
  "$(echo "$CLASSIFIER" | sed 's/matrix.tsv/three.tsv/')"
absent "and nothing is written" norow/simulated/observations.csv
bad notruth "a truth without a row of the matrix is refused" 1 \
  "notruth.cfg:15: simulate.classifier.classes[1]: class 'detritus' is not a true class of the confusion matrix matrix.tsv" \
  "classifier = { confusion = \"matrix.tsv\"; classes = ( { name = \"common\"; truth = \"2\"; },
    { name = \"detritus\"; truth = \"3\"; } ); };"
printf 'true\tA\tcommon\nrare\t8\t2\ncommon\t1\t9\n' >nopred.tsv
bad nopred "a simulated class the matrix never predicts is refused" 1 \
  "nopred.cfg:14: simulate.classifier: the confusion matrix nopred.tsv never predicts class 'rare' (simulate.class)" \
  "$(echo "$CLASSIFIER" | sed 's/matrix.tsv/nopred.tsv/')"
bad nofile "a matrix that does not exist is refused" 4 \
  "nofile.cfg:14: simulate.classifier.confusion: " \
  "$(echo "$CLASSIFIER" | sed 's/matrix.tsv/nothere.tsv/')"
printf 'true\trare\tcommon\nrare\t8\t2\ncommon\t0\t0\n' >zero.tsv
bad zero "a matrix with a row of zeros is refused" 1 \
  "zero.cfg:14: simulate.classifier.confusion: zero.tsv:3: true class 'common' has a row of zeros" \
  "$(echo "$CLASSIFIER" | sed 's/matrix.tsv/zero.tsv/')"
scenario negbin.cfg tw "$CLASSIFIER"
sed 's/family = "negbin"; theta = 2.0;/family = "tweedie"; power = 1.5; phi = 2.0;/' \
  negbin.cfg >tw.cfg
fails_with "a classifier of Tweedie biomass is refused" 1 \
  "tw.cfg:14: 'simulate.classifier' relabels objects, and family 'tweedie' draws biomass" \
  "$PLANKMAP" check tw.cfg
scenario same.cfg same "classifier = { confusion = \"matrix.tsv\";
    classes = ( { name = \"rare\"; truth = \"2\"; } ); };"
fails_with "the simulated class among the classifier's classes is refused" 1 \
  "setting 'simulate.classifier.classes[0].name': 'rare' is the simulated class" \
  "$PLANKMAP" check same.cfg

done_testing
