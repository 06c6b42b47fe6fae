#!/bin/sh
# cli_confusion.sh: `plankmap grid` on a table whose classes a classifier
# predicted, with its confusion matrix: the counts of observations.nc are
# the expected true counts computed by hand (tests/test_confusion.c), the
# log and `plankmap info` give the share predicted and the size of the
# correction, and bad settings or matrices stop it with the file, line and
# setting or class named; `plankmap run` fits Tweedie and negative binomial
# models to the corrected counts, which are not whole numbers.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

cat >"$WORK/auto.csv" <<CSV
profile,datetime,lat,lon,depth_top,depth_bottom,volume_L,A,B,C
p1,2021-05-01 10:00:00,10.5,10.5,0,50,1000,45,13,39
p2,2021-05-02 10:00:00,10.5,20.5,0,50,1000,45,52,156
CSV

# scenario NAME CLASSIFIER: the table as one source, with the settings
# CLASSIFIER after its columns.
scenario() {
  cat >"$WORK/$1.cfg" <<CFG
output_dir = "$WORK/out-$1";
observations = ( { name = "auto"; format = "table"; files = [ "auto.csv" ];
  volume_units = "L";
  columns = { profile = "profile"; datetime = "datetime"; lat = "lat";
    lon = "lon"; depth_top = "depth_top"; depth_bottom = "depth_bottom";
    volume = "volume_L"; classes = [ "A", "B", "C" ]; };
  $2 } );
grid = { lon = [ 10.0, 21.0 ]; lat = [ 10.0, 11.0 ]; resolution = 1.0;
  depth_edges = [ 0.0, 50.0 ]; time = "none"; };
CFG
}

# counts NAME: the counts of observations.nc of run NAME, rounded, one line.
counts() {
  "$NCDUMP" -v count "$WORK/out-$1/observations.nc" |
    sed -n '/^ count =/,/;/p' | tr -d ' ;' | tr ',' '\n' |
    grep -v -e '^_*$' -e 'count=' | awk '{ printf "%.6f ", $1 } END { print "" }'
}

MATRIX="$TDATA/confusion/three.tsv"
scenario naive ""
scenario corrected "classifier = { confusion = \"$MATRIX\"; };"
ok "grid the counts as read" "$PLANKMAP" grid "$WORK/naive.cfg"
ok "grid the counts corrected with the confusion matrix" \
  "$PLANKMAP" grid "$WORK/corrected.cfg"
holds "... the log names the method" "$WORK/err" \
  "counts corrected for misclassification: maximum-likelihood adjusted count"
holds "... and per class the share predicted and the correction" "$WORK/err" \
  "A: 100.0% of its objects only predicted; corrected count 100 ("
counts naive >"$WORK/naive.txt"
counts corrected >"$WORK/corrected.txt"
# By hand (tests/test_confusion.c): cells p1, p2 of A, then B, then C.
echo "45.000000 45.000000 13.000000 52.000000 39.000000 156.000000 " \
  >"$WORK/naive.want"
echo "44.000000 56.000000 13.000000 37.000000 40.000000 160.000000 " \
  >"$WORK/corrected.want"
ok "the naive counts are those read" cmp "$WORK/naive.txt" "$WORK/naive.want"
ok "the corrected counts are those computed by hand" \
  cmp "$WORK/corrected.txt" "$WORK/corrected.want"
# Each class's corrected total over the samples, and under each of the 200
# draws of the matrix (class, draw), for the models of the classes.
"$NCDUMP" -h "$WORK/out-corrected/observations.nc" >"$WORK/header.txt"
holds "observations.nc has the totals' draws per class" "$WORK/header.txt" \
  "double corrected_total_draws(class, classification_draw) ;"
holds "... 200 of them" "$WORK/header.txt" "classification_draw = 200 ;"
"$NCDUMP" -v corrected_total "$WORK/out-corrected/observations.nc" |
  sed -n 's/^ corrected_total = \(.*\) ;$/\1/p' | tr ',' '\n' |
  awk '{ printf "%.6f ", $1 }' >"$WORK/totals.txt"
holds "... and the corrected totals by hand: 44 + 56, 13 + 37, 40 + 160" \
  "$WORK/totals.txt" "100.000000 50.000000 200.000000"
ok "plankmap info on the corrected observations" \
  "$PLANKMAP" info "$WORK/out-corrected/observations.nc"
holds "... names the method" "$WORK/out" "count_correction: maximum-likelihood"
holds "... and the share predicted and ratio of C" "$WORK/out" "C: 100.0%, 1.026"

# bad NAME DESCRIPTION STATUS FRAGMENT CLASSIFIER COMMAND: the command on
# a scenario with those classifier settings exits with STATUS and FRAGMENT.
bad() {
  scenario "$1" "$5"
  fails_with "$2" "$3" "$4" "$PLANKMAP" "$6" "$WORK/$1.cfg"
}
bad unknown "an unknown setting of classifier, named with its line" 1 \
  "unknown.cfg:7: unknown setting 'observations[0].classifier.matrix'" \
  "classifier = { matrix = \"$MATRIX\"; };" check
bad missing "classifier without confusion" 1 \
  "missing.cfg:7: 'observations[0].classifier' lacks the required setting 'confusion'" \
  "classifier = { };" check
bad nofile "a confusion file that does not exist" 4 \
  "observations[0].classifier.confusion" \
  "classifier = { confusion = \"nothere.tsv\"; };" check
printf 'true\tA\tB\nA\t9\t1\nB\t2\t8\n' >"$WORK/two.tsv"
bad uncovered "an observed class the matrix does not cover" 1 \
  "two.tsv: class 'C' is observed (195 objects) but is not a predicted class" \
  "classifier = { confusion = \"two.tsv\"; };" grid
absent "... and no output file" "$WORK/out-uncovered/observations.nc"
bad zero "a row of zeros" 1 \
  "zero_row.tsv:3: true class 'B' has a row of zeros" \
  "classifier = { confusion = \"$TDATA/confusion/zero_row.tsv\"; };" grid
bad singular "classes the matrix cannot tell apart" 1 \
  "cannot tell apart the true classes 'A', 'B'" \
  "classifier = { confusion = \"$TDATA/confusion/singular.tsv\"; };" grid

# An EcoTaxa export of one sample: 10 validated A, 2 dubious B, and the
# predicted objects of sample 1 above, 45 A, 13 B, 39 C.  Alone, they give
# R^T x = (45, 13, 39) with R of three.tsv: 0.8 a + 0.2 b = 45,
# 0.1 a + 0.7 b + 0.1 c = 13, 0.1 a + 0.1 b + 0.9 c = 39, whence by hand
# b = 5.5, a = 56.25 - 0.25 b = 54.875, c = 36.625 (97 objects); the
# validated and dubious objects are counted as they are: A 64.875, B 7.5,
# C 36.625.
{
  printf 'object_id\tsample_id\tobject_lat\tobject_lon\tobject_date\t'
  printf 'object_time\tobject_depth_min\tobject_depth_max\t'
  printf 'object_annotation_status\tobject_annotation_category\t'
  printf 'sample_tot_vol\tacq_sub_part\n'
  i=0
  for spec in "validated A 10" "dubious B 2" "predicted A 45" "predicted B 13" \
    "predicted C 39"; do
    set -- $spec
    n=0
    while [ "$n" -lt "$3" ]; do
      i=$((i + 1)); n=$((n + 1))
      printf 'o%d\ts1\t10.5\t10.5\t20210501\t100000\t0\t50\t%s\t%s\t1\t1\n' \
        "$i" "$1" "$2"
    done
  done
} >"$WORK/ecotaxa.tsv"
cat >"$WORK/ecotaxa.cfg" <<CFG
output_dir = "$WORK/out-ecotaxa";
observations = ( { name = "nets"; format = "ecotaxa"; files = [ "ecotaxa.tsv" ];
  classifier = { confusion = "$MATRIX"; }; } );
grid = { lon = [ 10.0, 21.0 ]; lat = [ 10.0, 11.0 ]; resolution = 1.0;
  depth_edges = [ 0.0, 50.0 ]; time = "none"; };
CFG
ok "grid an EcoTaxa export with a classifier" "$PLANKMAP" grid "$WORK/ecotaxa.cfg"
holds "... A: 45 of its 55 objects only predicted" "$WORK/err" \
  "A: 81.8% of its objects only predicted; corrected count 64.8"
counts ecotaxa >"$WORK/ecotaxa.txt"
echo "64.875000 7.500000 36.625000 " >"$WORK/ecotaxa.want"
ok "... the predicted objects corrected, the others counted as they are" \
  cmp "$WORK/ecotaxa.txt" "$WORK/ecotaxa.want"
bad predicted "classifier.predicted on a table" 1 \
  "'observations[0].classifier.predicted' applies to ecotaxa sources only" \
  "classifier = { confusion = \"$MATRIX\"; predicted = [ \"dubious\" ]; };" \
  check

# A run with models of the corrected counts of B, Tweedie and negative
# binomial (the corrected counts are expected counts, not whole numbers,
# which negbin takes when a source has a classifier; B is overdispersed, so
# that its theta is finite): report.md gives the correction per class and
# the totals' share from classification.
awk 'BEGIN { print "profile,datetime,lat,lon,depth_top,depth_bottom,volume_L,A,B,C"
  for (i = 0; i < 40; i++) for (d = 0; d <= 50; d += 50)
    printf "p%d,2021-05-01 10:00:00,%.1f,%.1f,%d,%d,1000,%d,%d,%d\n", i,
      10.5 + i % 5, 10.5 + int(i / 5), d, d + 50, 30 + (i * 7 + d) % 31,
      int(((i * 37 + d) % 23) ^ 2 / 8), 20 + (i * 11 + d) % 41 }' >"$WORK/many.csv"
cat >"$WORK/run.cfg" <<CFG
output_dir = "$WORK/out-run";
observations = ( { name = "auto"; format = "table"; files = [ "many.csv" ];
  volume_units = "L";
  columns = { profile = "profile"; datetime = "datetime"; lat = "lat";
    lon = "lon"; depth_top = "depth_top"; depth_bottom = "depth_bottom";
    volume = "volume_L"; classes = [ "A", "B", "C" ]; };
  classifier = { confusion = "$MATRIX"; }; } );
grid = { lon = [ 10.0, 20.0 ]; lat = [ 10.0, 16.0 ]; resolution = 1.0;
  depth_edges = [ 0.0, 50.0, 100.0 ]; time = "none"; };
models = ( { name = "b"; response = { class = "B"; }; family = "tweedie";
  uncertainty = { draws = 50; seed = 1; };
  formula = "count ~ lat + offset(log(volume_m3))"; },
  { name = "b_nb"; response = { class = "B"; }; family = "negbin";
  uncertainty = { draws = 50; seed = 1; };
  formula = "count ~ lat + offset(log(volume_m3))"; } );
prediction = { depth_edges = [ 0.0, 50.0, 100.0 ]; months = "annual"; };
CFG
ok "run models of corrected counts" "$PLANKMAP" run "$WORK/run.cfg"
holds "the negative binomial model of B is fitted" "$WORK/err" \
  "model b_nb: 80 rows fitted"
ok "... to counts that are not whole numbers" awk -F '\t' '
  NR == 1 { for (i = 1; i <= NF; i++) if ($i == "response") c = i; next }
  $c != int($c) { frac++ } END { exit !(c && frac > 0) }' "$WORK/out-run/frame_b_nb.tsv"
holds "report.md has the correction per class" "$WORK/out-run/report.md" \
  "| class | only predicted | naive count | corrected count | lower | upper | corrected / naive |"
holds "... with every object of A only predicted" "$WORK/out-run/report.md" \
  "| A | 100.0% |"
holds "... and the totals' share from classification" \
  "$WORK/out-run/report.md" "| units | from classification |"
ok "... a global total of B with its share" \
  grep -q '^| baseline | b | global | total | .* individuals | [0-9]*% |$' \
  "$WORK/out-run/report.md"
ok "the negative binomial model's global total in totals.tsv" awk -F '\t' '
  $1 == "baseline" && $2 == "b_nb" && $3 == "global" && $4 == "total" &&
    $5 > 0 && $6 < $5 && $5 < $7 { found = 1 } END { exit !found }' \
  "$WORK/out-run/totals.tsv"
ok "... and in report.md with its share from classification" \
  grep -q '^| baseline | b_nb | global | total | .* individuals | [0-9]*% |$' \
  "$WORK/out-run/report.md"
# Another prediction grid: the predict stage reads the draws from
# observations.nc, so the grid and fit are reused.
sed 's/prediction = { depth_edges = \[ 0.0, 50.0, 100.0 \]/prediction = { depth_edges = [ 0.0, 100.0 ]/' \
  "$WORK/run.cfg" >"$WORK/run2.cfg"
ok "a run with another prediction grid" "$PLANKMAP" run "$WORK/run2.cfg"
holds "... reuses the grid" "$WORK/err" "grid     reused"
ok "... and its global total of B keeps its share" \
  grep -q '^| baseline | b | global | total | .* individuals | [0-9]*% |$' \
  "$WORK/out-run/report.md"
done_testing
