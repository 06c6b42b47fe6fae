#!/bin/sh
# smooths.sh: fit time of mgcv's other smooths and families (thin-plate,
# 2-D thin-plate, shrinkage, zero-inflated Poisson, and those of the other
# cases of tests/data/model/reference/smooths fitted to profiles.csv)
# against R mgcv's gam() on the same data, formula, family and REML, on
# this machine in this run.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# Usage: sh bench/smooths.sh
# Environment:
#   PLANKMAP   the plankmap program (default: ./plankmap)
#   BENCH_DIR  where model files and logs go (default: /tmp/plankmap-bench)
#   REPEATS    fits per tool and case; the median is reported (default 3)
# plankmap is timed as a whole process (reading the table, fitting, writing
# the model file); mgcv's time is gam() alone, the table already read, so
# the ratio is if anything in mgcv's favour.  OPENBLAS_NUM_THREADS=1 for
# both: one core each.
set -e

top_srcdir=${top_srcdir:-.}
PLANKMAP=${PLANKMAP:-./plankmap}
BENCH_DIR=${BENCH_DIR:-/tmp/plankmap-bench}
REPEATS=${REPEATS:-3}
REF=$top_srcdir/tests/data/model/reference/smooths
DATA=$top_srcdir/tests/data/model/reference/profiles.csv
export OPENBLAS_NUM_THREADS=1

say() { echo "bench-smooths: $*"; }

if ! command -v Rscript >/dev/null 2>&1 ||
   ! Rscript -e 'library(mgcv)' >/dev/null 2>&1; then
  say "skipped: R with mgcv is missing (Debian: apt-get install r-cran-mgcv)"
  exit 0
fi
test -x "$PLANKMAP" || { say "error: no plankmap program at $PLANKMAP" >&2; exit 2; }
mkdir -p "$BENCH_DIR"

# json_string FILE KEY: the string value of "KEY" in FILE.
json_string() { sed -n "s/^  \"$2\": \"\(.*\)\",\{0,1\}$/\1/p" "$1" | head -n 1; }

# families DESCRIPTION: mgcv's family call and plankmap's --family for the
# family a case's expected.json describes.
families() {
  case $1 in
    "negative binomial"*) echo "nb() negbin" ;;
    "zero-inflated Poisson"*) echo "ziP() ziP()" ;;
    poisson*) echo "poisson() poisson" ;;
    *) return 1 ;;
  esac
}

# median: the median of the numbers on standard input.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# plankmap_seconds FORMULA FAMILY: median wall-clock seconds of the fits.
plankmap_seconds() {
  i=0
  while [ $i -lt "$REPEATS" ]; do
    t0=$(date +%s.%N)
    "$PLANKMAP" fit --quiet --data "$DATA" --formula "$1" --family "$2" \
      --out "$BENCH_DIR/smooths.nc" >"$BENCH_DIR/smooths.log" 2>&1 ||
      { say "error: plankmap fit failed, see $BENCH_DIR/smooths.log" >&2; return 1; }
    t1=$(date +%s.%N)
    echo "$t1 $t0" | awk '{ print $1 - $2 }'
    i=$((i + 1))
  done | median
}

# mgcv_seconds FORMULA FAMILY: median seconds of gam() in one R session.
mgcv_seconds() {
  Rscript -e 'suppressMessages(library(mgcv))
    a <- commandArgs(TRUE); d <- read.csv(a[1])
    f <- as.formula(a[2]); fam <- eval(parse(text = a[3]))
    t <- replicate(as.integer(a[4]),
      system.time(gam(f, data = d, family = fam, method = "REML"))[["elapsed"]])
    cat(sprintf("%.4f\n", median(t)))' "$DATA" "$1" "$2" "$REPEATS"
}

printf '%-20s %10s %10s %8s\n' case mgcv_s plankmap_s speedup
for json in "$REF"/*.expected.json; do
  case=$(basename "$json" .expected.json)
  formula=$(json_string "$json" formula)
  fam=$(families "$(json_string "$json" family)") || continue
  test -f "$REF/$case.data.csv" && continue # a case with a table of its own
  r=$(mgcv_seconds "$formula" "${fam% *}")
  p=$(plankmap_seconds "$formula" "${fam#* }")
  printf '%-20s %10.3f %10.3f %8.1f\n' "$case" "$r" "$p" \
    "$(echo "$r $p" | awk '{ print $1 / $2 }')"
done
