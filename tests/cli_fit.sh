#!/bin/sh
# cli_fit.sh: `plankmap fit`, `summary --json` and `predict` on every mgcv
# reference case (tests/data/model/reference), compared with R's numbers at
# the tolerances of the reference set's README; and one test per bad input.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

REF="$TDATA/model/reference"
PROFILES="$REF/profiles.csv"

# flatten: a JSON object (one level of nested objects) as "key<TAB>value"
# lines, nested keys as "outer.inner".
cat >"$WORK/flatten.awk" <<'AWK'
{ text = text $0 " " }
END {
  s = text; prefix = ""; key = ""
  while (length(s) > 0) {
    if (match(s, /^[ \t\r\n,]+/)) { s = substr(s, RLENGTH + 1); continue }
    c = substr(s, 1, 1)
    if (c == "{") { if (key != "") prefix = key "."; key = ""; s = substr(s, 2); continue }
    if (c == "}") { prefix = ""; key = ""; s = substr(s, 2); continue }
    if (match(s, /^"[^"]*"[ \t]*:/)) {
      k = substr(s, 2, RLENGTH - 1); sub(/"[ \t]*:$/, "", k)
      key = prefix k; s = substr(s, RLENGTH + 1); continue
    }
    if (match(s, /^"[^"]*"/)) { print key "\t" substr(s, 2, RLENGTH - 2); s = substr(s, RLENGTH + 1); key = ""; continue }
    if (match(s, /^[^,} \t]+/)) { print key "\t" substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1); key = ""; continue }
    s = substr(s, 2)
  }
}
AWK

# compare EXPECTED.flat GOT.flat RULES...: each rule "KEY:rel|abs:TOL[:FLOOR]"
# applies to KEY and to KEY.*; an expected value at or below FLOOR is not
# compared.  Prints one line per disagreement; fails when there is one.
cat >"$WORK/compare.awk" <<'AWK'
BEGIN { FS = "\t"; n = split(rules, r, " ") }
FNR == NR { got[$1] = $2; next }
{
  for (i = 1; i <= n; i++) {
    split(r[i], f, ":")
    if ($1 != f[1] && index($1, f[1] ".") != 1) continue
    checked++
    if (!($1 in got)) { print "# " $1 ": missing (expected " $2 ")"; bad++; continue }
    e = $2 + 0; g = got[$1] + 0
    if (f[4] != "" && e <= f[4] + 0) continue
    d = g - e; if (d < 0) d = -d
    lim = f[3] * (f[2] == "rel" ? (e < 0 ? -e : e) : 1)
    if (got[$1] == "null" || d > lim) { print "# " $1 ": got " got[$1] ", expected " $2 " (" f[2] " " f[3] ")"; bad++ }
  }
}
END { if (!checked) { print "# nothing compared"; exit 1 } exit bad > 0 }
AWK

# columns FILE NAMES: the CSV FILE with only the named columns (in its order).
columns() {
  awk -F, -v keep="$2" 'BEGIN { n = split(keep, k, ","); for (i = 1; i <= n; i++) w[k[i]] = 1 }
    NR == 1 { for (i = 1; i <= NF; i++) if ($i in w) c[++m] = i }
    { line = ""; for (j = 1; j <= m; j++) line = line (j > 1 ? "," : "") $c[j]; print line }' "$1"
}

# without FILE NAMES: the CSV FILE without the named columns.
without() {
  awk -F, -v drop="$2" 'BEGIN { n = split(drop, k, ","); for (i = 1; i <= n; i++) w[k[i]] = 1 }
    NR == 1 { for (i = 1; i <= NF; i++) if (!($i in w)) c[++m] = i }
    { line = ""; for (j = 1; j <= m; j++) line = line (j > 1 ? "," : "") $c[j]; print line }' "$1"
}

# close_columns DESC GOT EXPECTED COLUMN KIND TOL: column COLUMN of two
# CSV files agree row by row.
close_columns() {
  columns "$2" "$4" >"$WORK/a.col"; columns "$3" "$4" >"$WORK/b.col"
  if paste -d, "$WORK/a.col" "$WORK/b.col" | awk -F, -v kind="$5" -v tol="$6" '
      NR == 1 { next }
      { n++; d = $1 - $2; if (d < 0) d = -d; e = $2 < 0 ? -$2 : $2
        lim = kind == "rel" ? tol * e : tol
        if ($1 == "NA" || d > lim) { bad++; if (bad <= 3) print "# row " NR - 1 ": got " $1 ", expected " $2 } }
      END { if (n == 0) { print "# no rows"; exit 1 } exit bad > 0 }' >"$WORK/close.txt" &&
    [ "$(wc -l <"$WORK/a.col")" = "$(wc -l <"$WORK/b.col")" ]; then
    tap_report 0 "$1"
  else
    tap_report 1 "$1"; cat "$WORK/close.txt"
  fi
}

formula_of() { sed -n 's/^  "formula": "\(.*\)",$/\1/p' "$REF/$1.expected.json"; }

# reference CASE FAMILY [FIT OPTIONS]: fit, summary --json and predict
# compared with R's results.
reference() {
  c=$1; fam=$2; shift 2
  data="$PROFILES"
  if [ "$c" = glm_gamma ]; then
    data="$WORK/positive.csv"
    awk -F, 'NR == 1 || $16 > 0' "$PROFILES" >"$data"
  fi
  if ! "$PLANKMAP" fit --quiet --data "$data" --formula "$(formula_of "$c")" \
      --family "$fam" "$@" --out "$WORK/$c.nc" 2>"$WORK/err"; then
    tap_report 1 "$c: fit"; sed 's/^/# /' "$WORK/err"; return
  fi
  tap_report 0 "$c: fit"
  "$PLANKMAP" summary --json "$WORK/$c.nc" >"$WORK/$c.json"
  # glm_gamma's n is the whole table's; it fits the n_used rows
  awk -f "$WORK/flatten.awk" "$REF/$c.expected.json" |
    awk -F'\t' '$1 == "n_used" { nu = $2; next } $1 == "n" { n = $2; next } { print } END { print "n\t" (nu != "" ? nu : n) }' >"$WORK/expected.flat"
  awk -f "$WORK/flatten.awk" "$WORK/$c.json" >"$WORK/got.flat"
  case $c in
  glm_*) rules="coefficients:rel:1e-6 std_errors:rel:1e-4 deviance:rel:1e-6 null_deviance:rel:1e-6 theta:rel:0.01 n:abs:0" ;;
  *) rules="deviance:rel:1e-4 edf_smooth:abs:0.05 theta:rel:0.01 tweedie_p:rel:0.01 smooth_p_value:rel:0.1:1e-10 converged:abs:0 n:abs:0" ;;
  esac
  if awk -v rules="$rules" -f "$WORK/compare.awk" "$WORK/got.flat" "$WORK/expected.flat" >"$WORK/cmp.txt"; then
    tap_report 0 "$c: summary --json agrees with R"
  else
    tap_report 1 "$c: summary --json agrees with R"; cat "$WORK/cmp.txt"
  fi
  # fitted means: the model's predictions on its own data
  "$PLANKMAP" predict --quiet --model "$WORK/$c.nc" --data "$data" --out "$WORK/$c.fit.csv"
  close_columns "$c: every fitted mu within 1e-3" "$WORK/$c.fit.csv" "$REF/$c.fitted.csv" mu rel 1e-3
  without "$REF/$c.predict.csv" eta,se_eta >"$WORK/new.csv"
  "$PLANKMAP" predict --quiet --model "$WORK/$c.nc" --data "$WORK/new.csv" --out "$WORK/$c.pred.csv"
  close_columns "$c: predicted eta within 1e-3" "$WORK/$c.pred.csv" "$REF/$c.predict.csv" eta abs 1e-3
  close_columns "$c: predicted se_eta within 1%" "$WORK/$c.pred.csv" "$REF/$c.predict.csv" se_eta rel 0.01
}

# --- options and bad inputs first (small table: quick)
head -n 401 "$PROFILES" >"$WORK/small.csv"
F="count_copepoda ~ s(temp, bs='cr', k=5) + offset(log(volume_m3))"
fit_small() { "$PLANKMAP" fit --data "$WORK/small.csv" "$@"; }
ok "fit --help" "$PLANKMAP" fit --help
holds "fit --help names the families" "$WORK/out" "poisson, negbin, tweedie, gamma, gaussian"
ok "summary --help" "$PLANKMAP" summary --help
ok "predict --help" "$PLANKMAP" predict --help
fails_with "unknown family" 2 "--family" fit_small --formula "$F" --family lognormal --out "$WORK/x.nc"
fails_with "theta not above 0" 2 "--theta" fit_small --formula "$F" --family negbin --theta -1 --out "$WORK/x.nc"
fails_with "theta not a number" 2 "--theta" fit_small --formula "$F" --family negbin --theta abc --out "$WORK/x.nc"
fails_with "theta for a Poisson fit" 2 "--theta" fit_small --formula "$F" --family poisson --theta 2 --out "$WORK/x.nc"
fails_with "Tweedie p outside (1,2)" 2 "--tweedie-p" fit_small --formula "$F" --family tweedie --tweedie-p 2.5 --out "$WORK/x.nc"
fails_with "Tweedie p for a Gamma fit" 2 "--tweedie-p" fit_small --formula "$F" --family gamma --tweedie-p 1.5 --out "$WORK/x.nc"
fails_with "unknown method" 2 "--method" fit_small --formula "$F" --family poisson --method ML --out "$WORK/x.nc"
fails_with "missing --out" 2 "--out" fit_small --formula "$F" --family poisson
fails_with "missing --formula" 2 "--formula" fit_small --family poisson --out "$WORK/x.nc"
fails_with "bad knots" 2 "VAR=a,b" fit_small --formula "$F" --family poisson --knots temp --out "$WORK/x.nc"
fails_with "threads not a whole number" 2 "--threads" fit_small --threads two --formula "$F" --family poisson --out "$WORK/x.nc"
fails_with "no threads" 2 "from 1 to 4096" fit_small --threads 0 --formula "$F" --family poisson --out "$WORK/x.nc"
ok "fit on two threads" fit_small --quiet --threads 2 --formula "$F" --family negbin --out "$WORK/t2.nc"
ok "fit on one thread" fit_small --quiet --threads 1 --formula "$F" --family negbin --out "$WORK/t1.nc"
"$PLANKMAP" summary --json "$WORK/t1.nc" | grep -v '"created"' >"$WORK/t1.json"
"$PLANKMAP" summary --json "$WORK/t2.nc" | grep -v '"created"' >"$WORK/t2.json"
ok "the same model on one and two threads" cmp "$WORK/t1.json" "$WORK/t2.json"
fails_with "discrete neither yes, no nor auto" 2 "must be auto, yes or no" fit_small --discrete maybe --formula "$F" --family poisson --out "$WORK/x.nc"
fails_with "one value per covariate" 2 "from 2 to 100000" fit_small --discrete-values 1 --formula "$F" --family poisson --out "$WORK/x.nc"
fails_with "values per covariate not whole" 2 "whole number" fit_small --discrete-values 10.5 --formula "$F" --family poisson --out "$WORK/x.nc"
ok "fit with discretised covariates" fit_small --discrete yes --discrete-values 500 --formula "$F" --family negbin --out "$WORK/d.nc"
"$PLANKMAP" summary --json "$WORK/d.nc" | awk -f "$WORK/flatten.awk" >"$WORK/d.flat"
awk -f "$WORK/flatten.awk" "$WORK/t1.json" >"$WORK/t1.flat"
ok "discretised: the deviance within 1e-4 of the exact fit's" awk -F '\t' '
  FNR == NR && $1 == "deviance" { d = $2 }
  FNR != NR && $1 == "deviance" { e = $2 }
  END { r = (d - e) / e; if (r < 0) r = -r; print "relative difference " r; exit !(d > 0 && r < 1e-4 && r > 0) }' "$WORK/d.flat" "$WORK/t1.flat"
absent "no model file after usage errors" "$WORK/x.nc"
fails_with "unknown function in the formula" 1 "sin" fit_small --formula "count_copepoda ~ sin(temp)" --family poisson --out "$WORK/x.nc"
fails_with "unknown column: named" 1 "tmp" fit_small --formula "count_copepoda ~ tmp" --family poisson --out "$WORK/x.nc"
holds "unknown column: the nearest one suggested" "$WORK/err" "temp"
awk -F, 'BEGIN { OFS = "," } NR == 3 { $13 = -3 } { print }' "$WORK/small.csv" >"$WORK/negative.csv"
fails_with "negative count for Poisson" 1 "must not be negative" "$PLANKMAP" fit --data "$WORK/negative.csv" --formula "$F" --family poisson --out "$WORK/x.nc"
fails_with "missing output folder" 4 "$WORK/none/m.nc" fit_small --formula "$F" --family poisson --out "$WORK/none/m.nc"
absent "no model file in a missing folder" "$WORK/none/m.nc"
absent "no model file after bad input" "$WORK/x.nc"

ok "fit a small GAM" fit_small --formula "$F" --family poisson --out "$WORK/small.nc"
holds "fit prints rows, deviance and convergence" "$WORK/err" "deviance"
# R's spellings of a family fit the same model as plankmap's names
deviance_of() { sed -n 's/.*deviance \([^,]*\),.*/\1/p' "$WORK/err"; }
ok "fit --family negbin" fit_small --formula "$F" --family negbin --out "$WORK/nb.nc"
dev_negbin=$(deviance_of)
ok "fit --family 'nb()'" fit_small --formula "$F" --family 'nb()' --out "$WORK/nb.nc"
ok "nb() and negbin: the same deviance" test -n "$dev_negbin" -a "$(deviance_of)" = "$dev_negbin"
ok "fit --family negbin --theta 3" fit_small --formula "$F" --family negbin --theta 3 --out "$WORK/nb.nc"
dev_theta=$(deviance_of)
ok "fit --family 'nb(theta = 3)'" fit_small --formula "$F" --family 'nb(theta = 3)' --out "$WORK/nb.nc"
ok "nb(theta = 3) and --theta 3: the same deviance" test -n "$dev_theta" -a "$(deviance_of)" = "$dev_theta"
fails_with "theta in the family and in --theta" 2 "--theta" fit_small --formula "$F" --family 'nb(theta=3)' --theta 3 --out "$WORK/x.nc"
fails_with "an unsupported link names the supported one" 2 "the log link only" fit_small --formula "$F" --family 'Gamma(link="inverse")' --out "$WORK/x.nc"
fails_with "a misspelt family: the nearest suggested" 2 "did you mean 'negbin'" fit_small --formula "$F" --family negbinom --out "$WORK/x.nc"
ok "fit --quiet" fit_small --quiet --formula "$F" --family poisson --out "$WORK/small.nc"
ok "--quiet prints nothing" test ! -s "$WORK/err"
ok "ncdump reads the model file" "$NCDUMP" -h "$WORK/small.nc"
cp "$WORK/out" "$WORK/header"
holds "model file: formula" "$WORK/header" ':formula = "count_copepoda ~ s(temp, bs='
holds "model file: data SHA-256" "$WORK/header" "$(sha256sum "$WORK/small.csv" | cut -c1-64)"
holds "model file: coefficient covariance" "$WORK/header" "double Vp(coef, coef)"
ok "summary" "$PLANKMAP" summary "$WORK/small.nc"
holds "summary: family" "$WORK/out" "Family: poisson"
holds "summary: smooth terms" "$WORK/out" "Approximate significance of smooth terms"
holds "summary: the smooth" "$WORK/out" "s(temp)"
ok "summary --json after the file" "$PLANKMAP" summary "$WORK/small.nc" --json
holds "summary --json: deviance" "$WORK/out" '"deviance": '
fails_with "summary of a table" 1 "small.csv" "$PLANKMAP" summary "$WORK/small.csv"
fails_with "summary of a missing file" 4 "missing.nc" "$PLANKMAP" summary "$WORK/missing.nc"
without "$WORK/small.csv" temp >"$WORK/notemp.csv"
fails_with "predict: a missing covariate is named" 1 "temp" "$PLANKMAP" predict --model "$WORK/small.nc" --data "$WORK/notemp.csv" --out "$WORK/p.csv"
absent "predict: nothing written" "$WORK/p.csv"
ok "predict keeps the input columns" "$PLANKMAP" predict --model "$WORK/small.nc" --data "$WORK/small.csv" --out "$WORK/p.csv"
ok "predict: one line per row" test "$(wc -l <"$WORK/p.csv")" = 401
holds "predict: header" "$WORK/p.csv" "presence_phaeodaria,biomass_mgC_m3,eta,se_eta,mu"
holds "predict: the original text of a row" "$WORK/p.csv" "P00001,19.1729,21.7234,8,0,25,12.5,2.52572864430826,886.4,0.8864,23.038,224.16,82,0,0,1.01966,"

# --- the zero-inflated Poisson (mgcv's ziP(); reference/smooths/gam_zip):
# mgcv's fitted value is the linear predictor, plankmap predict's mu the
# expected count
zip_reference() {
  z="$REF/smooths/gam_zip"
  if ! "$PLANKMAP" fit --quiet --data "$PROFILES" --family 'ziP()' \
      --formula "$(sed -n 's/^  "formula": "\(.*\)",$/\1/p' "$z.expected.json")" \
      --out "$WORK/zip.nc" 2>"$WORK/err"; then
    tap_report 1 "gam_zip: fit --family 'ziP()'"; sed 's/^/# /' "$WORK/err"; return
  fi
  tap_report 0 "gam_zip: fit --family 'ziP()'"
  ok "gam_zip: summary" "$PLANKMAP" summary "$WORK/zip.nc"
  holds "gam_zip: summary names the family and its theta as mgcv" "$WORK/out" \
    "Family: Zero inflated Poisson(-0.199,0.877)"
  "$PLANKMAP" summary --json "$WORK/zip.nc" >"$WORK/zip.json"
  awk -f "$WORK/flatten.awk" "$z.expected.json" | grep -v '^zip_theta' >"$WORK/expected.flat"
  awk -f "$WORK/flatten.awk" "$WORK/zip.json" | grep -v '^zip_theta' >"$WORK/got.flat"
  if awk -v rules="deviance:rel:1e-4 null_deviance:rel:1e-4 edf_smooth:abs:0.05 converged:abs:0 n:abs:0" \
      -f "$WORK/compare.awk" "$WORK/got.flat" "$WORK/expected.flat" >"$WORK/cmp.txt"; then
    tap_report 0 "gam_zip: summary --json agrees with R"
  else
    tap_report 1 "gam_zip: summary --json agrees with R"; cat "$WORK/cmp.txt"
  fi
  holds "gam_zip: summary --json gives the two theta" "$WORK/zip.json" '"zip_theta": [-0.19'
  "$PLANKMAP" predict --quiet --model "$WORK/zip.nc" --data "$PROFILES" --out "$WORK/zip.fit.csv"
  close_columns "gam_zip: every fitted eta within 1e-3" "$WORK/zip.fit.csv" "$z.fitted.csv" eta abs 1e-3
  ok "gam_zip: every expected count mu is at least 0" awk -F, \
    'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "mu") c = i; next } !($c >= 0) { exit 1 }' "$WORK/zip.fit.csv"
  without "$z.predict.csv" eta,se_eta >"$WORK/new.csv"
  "$PLANKMAP" predict --quiet --model "$WORK/zip.nc" --data "$WORK/new.csv" --out "$WORK/zip.pred.csv"
  close_columns "gam_zip: predicted eta within 1e-3" "$WORK/zip.pred.csv" "$z.predict.csv" eta abs 1e-3
  close_columns "gam_zip: predicted se_eta within 1%" "$WORK/zip.pred.csv" "$z.predict.csv" se_eta rel 0.01
}
zip_reference
fails_with "ziP with a fixed theta" 2 "leave theta out" fit_small --formula "$F" --family 'ziP(theta = 1)' --out "$WORK/x.nc"

# --- every reference case
reference glm_poisson poisson
reference glm_negbin negbin
reference glm_binomial binomial
reference glm_gamma gamma
reference gam_poisson_cr poisson
reference gam_negbin_cr negbin
reference gam_poisson_te poisson
# the reference set's cyclic case was made without user knots (its own
# note notwithstanding): mgcv's deviance with them is in cyclic_knots.*
reference gam_poisson_cyclic poisson
reference gam_poisson_gcv poisson --method GCV
reference gam_poisson_re poisson
reference gam_tweedie_ps tweedie
reference gam_tweedie_fixed_p tweedie --tweedie-p 1.5
reference gam_binomial_cr binomial

# user knots: the cyclic case with the ends of the cycle at 0.5 and 12.5
if "$PLANKMAP" fit --quiet --data "$PROFILES" --formula "$(formula_of gam_poisson_cyclic)" \
    --family poisson --knots month=0.5,12.5 --out "$WORK/knots.nc" 2>"$WORK/err" &&
  "$PLANKMAP" summary --json "$WORK/knots.nc" >"$WORK/knots.json"; then
  awk -f "$WORK/flatten.awk" "$TDATA/model/cyclic_knots.expected.json" >"$WORK/expected.flat"
  awk -f "$WORK/flatten.awk" "$WORK/knots.json" >"$WORK/got.flat"
  if awk -v rules="deviance:rel:1e-4 edf_smooth:abs:0.05 n:abs:0" -f "$WORK/compare.awk" "$WORK/got.flat" "$WORK/expected.flat" >"$WORK/cmp.txt"; then
    tap_report 0 "--knots month=0.5,12.5 agrees with mgcv's knots=list(...)"
  else
    tap_report 1 "--knots month=0.5,12.5 agrees with mgcv's knots=list(...)"; cat "$WORK/cmp.txt"
  fi
else
  tap_report 1 "fit with --knots"; sed 's/^/# /' "$WORK/err"
fi
ok "the knots are in the model file" "$NCDUMP" -h "$WORK/knots.nc"
holds "the knots attribute" "$WORK/out" ':knots = "month=0.5,12.5"'

# an unseen factor level at prediction
without "$REF/gam_poisson_re.predict.csv" eta,se_eta | sed '2s/P00001/P99999/' >"$WORK/unseen.csv"
fails_with "predict: an unseen level is named" 1 "P99999" "$PLANKMAP" predict --model "$WORK/gam_poisson_re.nc" --data "$WORK/unseen.csv" --out "$WORK/u.csv"
absent "predict: nothing written for it" "$WORK/u.csv"

# --- expected counts: fractional counts refused, named by line, unless
# --expected-counts says they are expected counts; then mgcv's fit
# (tests/data/model/expected_counts.R)
EC="$TDATA/model/expected_counts"
FE="count ~ s(x, bs = 'cr', k = 10) + offset(log(volume))"
fit_ec() { "$PLANKMAP" fit --data "$EC.csv" --formula "$FE" "$@"; }
fails_with "a fractional count is refused, named by its line" 1 \
  "expected_counts.csv:3: the response is 0.60099999999999998: a negative binomial count must be a whole number" \
  fit_ec --family negbin --out "$WORK/x.nc"
fails_with "--expected-counts for a Tweedie fit" 2 \
  "--expected-counts is for --family poisson or negbin, not tweedie" \
  fit_ec --expected-counts --family tweedie --out "$WORK/x.nc"
fails_with "--expected-counts for ziP()" 2 \
  "--expected-counts is for --family poisson or negbin, not ziP()" \
  fit_ec --expected-counts --family 'ziP()' --out "$WORK/x.nc"
fails_with "--expected-counts takes no value" 2 "too many operands" \
  fit_ec --expected-counts yes --family negbin --out "$WORK/x.nc"
absent "no model file after refused expected counts" "$WORK/x.nc"
fails_with "--expected-counts as the value of --out is a path, not the flag" 1 \
  "expected_counts.csv:3: the response is 0.60099999999999998" \
  fit_ec --family negbin --out --expected-counts
for fam in poisson negbin; do
  if fit_ec --quiet --expected-counts --family $fam --out "$WORK/ec.nc" 2>"$WORK/err" &&
    "$PLANKMAP" summary --json "$WORK/ec.nc" >"$WORK/ec.json"; then
    tap_report 0 "fit --expected-counts --family $fam"
    awk -f "$WORK/flatten.awk" "${EC}_$fam.expected.json" >"$WORK/expected.flat"
    awk -f "$WORK/flatten.awk" "$WORK/ec.json" >"$WORK/got.flat"
    if awk -v rules="deviance:rel:1e-6 null_deviance:rel:1e-6 criterion:rel:1e-6 theta:rel:1e-6 coefficients.(Intercept):rel:1e-6 n:abs:0" \
        -f "$WORK/compare.awk" "$WORK/got.flat" "$WORK/expected.flat" >"$WORK/cmp.txt"; then
      tap_report 0 "... $fam: deviance, REML score, theta and intercept within 1e-6 of mgcv's"
    else
      tap_report 1 "... $fam: deviance, REML score, theta and intercept within 1e-6 of mgcv's"; cat "$WORK/cmp.txt"
    fi
  else
    tap_report 1 "fit --expected-counts --family $fam"; sed 's/^/# /' "$WORK/err"
  fi
done
holds "the model file says its counts were expected counts" "$WORK/ec.json" \
  '"expected_counts": 1'
ok "summary of it" "$PLANKMAP" summary "$WORK/ec.nc"
holds "... says so" "$WORK/out" \
  "Response: expected counts (fractional, as corrected for misclassification)"
ok "summary --json of a fit of whole counts" "$PLANKMAP" summary --json "$WORK/knots.nc"
holds "... no expected counts" "$WORK/out" '"expected_counts": 0'

done_testing
