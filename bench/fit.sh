#!/bin/sh
# fit.sh: times `plankmap fit` against R mgcv (bam discrete, bam, gam) on a large
# Poisson and negative binomial GAM.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# Usage: sh bench/fit.sh [--skip-r]
# Environment:
#   PLANKMAP     the plankmap program (default: ./plankmap)
#   SHARED       folder holding bench/make_profiles.R and bench/mgcv_fit.R
#                (default: $top_srcdir/../shared)
#   BENCH_DIR    where tables, model files and results are kept between runs
#                (default: /tmp/plankmap-bench)
#   BENCH_LARGE  1: also fit 10 million rows (the table needs 0.9 GB)
#   BENCH_SKIP_R 1: same as --skip-r, do not run R; the R figures kept in
#                $BENCH_DIR/fit-r.tsv by an earlier run are shown instead
#   BENCH_FAMILIES  the families, mgcv's names (default: "poisson nb")
#   BENCH_R_THREADS threads of bam (default: the number of cores)
#   BENCH_R_GAM_NB  1: also time gam(REML) with nb() (about 4 minutes a
#                million rows on one core; the Poisson gam is always timed)
# Every process is timed whole (reading the table and fitting) with
# /usr/bin/time -v: wall-clock time and peak resident memory.
set -e

top_srcdir=${top_srcdir:-.}
PLANKMAP=${PLANKMAP:-./plankmap}
SHARED=${SHARED:-$top_srcdir/../shared}
BENCH_DIR=${BENCH_DIR:-/tmp/plankmap-bench}
BENCH_LARGE=${BENCH_LARGE:-0}
BENCH_SKIP_R=${BENCH_SKIP_R:-0}
BENCH_FAMILIES=${BENCH_FAMILIES:-poisson nb}
BENCH_R_THREADS=${BENCH_R_THREADS:-$(nproc)}
BENCH_R_GAM_NB=${BENCH_R_GAM_NB:-0}
test "${1-}" = --skip-r && BENCH_SKIP_R=1

FORMULA="count_copepoda ~ s(temp, bs='cr', k=10) + s(oxy, bs='cr', k=10) + s(logdepth, bs='cr', k=10) + offset(log(volume_m3))"
SEED=42
ROWS_PER_PROFILE=40      # make_profiles.R writes 40 depth bins per profile
R_TSV=$BENCH_DIR/fit-r.tsv
OUT_TSV=$BENCH_DIR/fit-results.tsv

say() { echo "bench-fit: $*"; }

if ! test -x /usr/bin/time; then
  say "skipped: /usr/bin/time is missing (Debian package 'time')"; exit 0
fi
if ! command -v Rscript >/dev/null 2>&1; then
  say "skipped: Rscript is missing (it makes the benchmark table)"; exit 0
fi
if ! test -f "$SHARED/bench/make_profiles.R"; then
  say "skipped: $SHARED/bench/make_profiles.R is missing (set SHARED)"; exit 0
fi
if ! test -x "$PLANKMAP"; then
  say "error: no plankmap program at $PLANKMAP (set PLANKMAP)" >&2; exit 2
fi
mkdir -p "$BENCH_DIR"

# table ROWS: prints the path of the table of ROWS rows, made once and kept.
table() {
  case $1 in
    1000000) t=$BENCH_DIR/big.csv ;;
    *) t=$BENCH_DIR/big-$1.csv ;;
  esac
  if ! test -s "$t"; then
    say "making $t ($1 rows)" >&2
    Rscript "$SHARED/bench/make_profiles.R" "$t.part" $(($1 / ROWS_PER_PROFILE)) $SEED >&2
    mv "$t.part" "$t"
  fi
  echo "$t"
}

# timed NAME COMMAND...: runs COMMAND under /usr/bin/time -v, its output in
# $BENCH_DIR/NAME.log; sets WALL (s), PEAK (MiB) and CPU (user + system s).
timed() {
  name=$1; shift
  if ! /usr/bin/time -v -o "$BENCH_DIR/$name.time" "$@" >"$BENCH_DIR/$name.log" 2>&1; then
    say "error: $name failed, see $BENCH_DIR/$name.log" >&2; tail -5 "$BENCH_DIR/$name.log" >&2
    return 1
  fi
  WALL=$(awk '/Elapsed \(wall clock\)/ { n = split($NF, f, ":"); s = 0
               for (i = 1; i <= n; i++) s = 60 * s + f[i]; printf "%.2f", s }' "$BENCH_DIR/$name.time")
  PEAK=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$BENCH_DIR/$name.time")
  CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$BENCH_DIR/$name.time")
}

# plankmap_family FAMILY: plankmap's name of mgcv's family FAMILY.
plankmap_family() { case $1 in nb) echo negbin ;; *) echo "$1" ;; esac; }

# fit_plankmap FAMILY ROWS THREADS [DISCRETE]: fits the table of ROWS rows on
# THREADS threads (0: every core), with --discrete DISCRETE (default auto:
# discretised covariates from 200000 rows on); sets WALL, PEAK, CPU and DEV.
fit_plankmap() {
  t=$(table "$2")
  threads=; test "$3" = 0 || threads="--threads $3"
  # shellcheck disable=SC2086 # $threads is empty or two words
  timed "plankmap-$1-$2" "$PLANKMAP" fit --quiet $threads --discrete "${4:-auto}" \
    --data "$t" --formula "$FORMULA" \
    --family "$(plankmap_family "$1")" --method REML --out "$BENCH_DIR/big-$1-$2.nc"
  DEV=$("$PLANKMAP" summary --json "$BENCH_DIR/big-$1-$2.nc" |
        sed -n 's/^ *"deviance": *\([^,]*\),*$/\1/p')
}

# Rows of fit-results.tsv and fit-r.tsv: tool family rows wall_s cpu_s
# peak_mib deviance r_fit_s (R's own time for the fit alone, without reading
# the table).
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@"; }

r_ready() {
  Rscript -e 'suppressMessages(library(mgcv))' >/dev/null 2>&1 &&
    test -f "$SHARED/bench/mgcv_fit.R"
}

big=$(table 1000000)
say "load average before timing: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores)"

if test "$BENCH_SKIP_R" = 1; then
  say "R not run (--skip-r); figures kept from an earlier run: $R_TSV"
elif r_ready; then
  : >"$R_TSV.part"
  for fam in $BENCH_FAMILIES; do
    for what in bamd bam gam; do
      test "$what$fam$BENCH_R_GAM_NB" = gamnb0 && continue
      say "timing R mgcv $what ($fam, $BENCH_R_THREADS threads for bam) on 1000000 rows"
      timed "r-$what-$fam" Rscript "$SHARED/bench/mgcv_fit.R" "$big" "$what" "$BENCH_R_THREADS" "$fam"
      dev=$(sed -n 's/.*deviance=\([^ ]*\).*/\1/p' "$BENCH_DIR/r-$what-$fam.log")
      fit=$(sed -n 's/.*fit_s=\([^ ]*\).*/\1/p' "$BENCH_DIR/r-$what-$fam.log")
      row "$what" "$fam" 1000000 "$WALL" "$CPU" "$PEAK" "$dev" "$fit" >>"$R_TSV.part"
    done
  done
  mv "$R_TSV.part" "$R_TSV"
else
  say "R not run: Rscript with mgcv or $SHARED/bench/mgcv_fit.R is missing"
fi

sizes="100000 1000000"
test "$BENCH_LARGE" = 1 && sizes="$sizes 10000000"
if test "$BENCH_LARGE" = 1 && ! test -s "$BENCH_DIR/big-10000000.csv"; then
  free_kb=$(df -Pk "$BENCH_DIR" | awk 'NR == 2 { print $4 }')
  if test "$free_kb" -lt 1300000; then
    say "error: the 10 million row table needs 1.3 GB free in $BENCH_DIR" >&2; exit 2
  fi
fi
for n in $sizes; do table "$n" >/dev/null; done

: >"$OUT_TSV.part"
row tool family rows wall_s cpu_s peak_mib deviance r_fit_s >>"$OUT_TSV.part"
for fam in $BENCH_FAMILIES; do
  for n in $sizes; do
    say "timing plankmap fit ($fam) on $n rows"
    fit_plankmap "$fam" "$n" 0
    row plankmap "$fam" "$n" "$WALL" "$CPU" "$PEAK" "$DEV" - >>"$OUT_TSV.part"
  done
  # thread scaling: the million rows on one thread
  say "timing plankmap fit ($fam) on 1000000 rows, one thread"
  fit_plankmap "$fam" 1000000 1
  row plankmap-1thread "$fam" 1000000 "$WALL" "$CPU" "$PEAK" "$DEV" - >>"$OUT_TSV.part"
  # the exact fit, without discretised covariates
  say "timing plankmap fit ($fam) on 1000000 rows, exact (--discrete no)"
  fit_plankmap "$fam" 1000000 0 no
  row plankmap-exact "$fam" 1000000 "$WALL" "$CPU" "$PEAK" "$DEV" - >>"$OUT_TSV.part"
done
test -s "$R_TSV" && cat "$R_TSV" >>"$OUT_TSV.part"
mv "$OUT_TSV.part" "$OUT_TSV"

echo
awk -F'\t' '
  NR == 1 { printf "%-9s %-8s %9s %9s %9s %9s %20s %10s\n", "tool", "family", "rows", "wall s", "cpu s", "peak MiB", "deviance", "R fit s"; next }
  { printf "%-9s %-8s %9d %9.2f %9.2f %9d %20.6f %10s\n", $1, $2, $3, $4, $5, $6, $7, $8 }
  $1 == "plankmap" { lin = lin sprintf("  %-8s %9d rows: %6.2f s per million rows\n", $2, $3, $4 / ($3 / 1e6)) }
  $1 == "plankmap" && $3 == 1000000 { tp[$2] = $4; dp[$2] = $7 }
  $1 == "plankmap-1thread" { t1[$2] = $4; d1[$2] = $7 }
  $1 == "plankmap-exact" { te[$2] = $4; de[$2] = $7; pe[$2] = $6 }
  $1 == "plankmap" && $3 == 1000000 { pp[$2] = $6 }
  $1 == "bamd" { pb[$2] = $6 }
  $1 == "bamd" { tb[$2] = $4; tf[$2] = $8 }
  $1 == "gam" { dg[$2] = $7 }
  END {
    print ""
    for (f in tp) {
      if (f in tb)
        printf "%s: time plankmap / bam(discrete):  %.3f  (target <= 0.1: %s); against its fit alone, without read.csv:  %.3f\n", f, tp[f] / tb[f], tp[f] / tb[f] <= 0.1 ? "met" : "NOT met", tp[f] / tf[f]
      if (f in dg) {
        rel = (dp[f] > dg[f] ? dp[f] - dg[f] : dg[f] - dp[f]) / dg[f]
        printf "%s: |dev plankmap - dev gam| / dev gam:  %.2e  (target <= 1e-4: %s)\n", f, rel, rel <= 1e-4 ? "met" : "NOT met"
      }
    }
    for (f in te) {
      rel = (dp[f] > de[f] ? dp[f] - de[f] : de[f] - dp[f]) / de[f]
      printf "%s: discretised / exact:  time %.2f, peak memory %.2f; |dev discretised - dev exact| / dev exact:  %.2e  (target <= 1e-4: %s)\n", f, tp[f] / te[f], pp[f] / pe[f], rel, rel <= 1e-4 ? "met" : "NOT met"
      if (f in pb)
        printf "%s: peak memory plankmap / bam(discrete):  %.2f\n", f, pp[f] / pb[f]
    }
    for (f in t1)
      printf "%s: one thread / every core (%d):  %.2f; the same deviance: %s\n", f, cores, t1[f] / tp[f], d1[f] == dp[f] ? "yes" : "NO"
    if (("nb" in tp) && ("poisson" in tp))
      printf "time plankmap nb / plankmap poisson:  %.2f  (target <= 2: %s)\n", tp["nb"] / tp["poisson"], tp["nb"] / tp["poisson"] <= 2 ? "met" : "NOT met"
    printf "plankmap time per million rows (linear growth keeps it constant):\n%s", lin
  }' cores="$(nproc)" "$OUT_TSV"
echo
say "results written to $OUT_TSV"
