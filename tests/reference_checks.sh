# reference_checks.sh: shell functions that compare a command's output with
# an mgcv reference case (tests/data/model/reference); sourced by the CLI
# tests after tap.sh.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.

# json_value FILE KEY: the number after "KEY": in FILE.
json_value() { sed -n "s/.*\"$2\": *\([-0-9.e+]*\).*/\1/p" "$1" | head -n 1; }

# within DESCRIPTION GOT EXPECTED KIND TOL: |GOT - EXPECTED| <= TOL
# (KIND rel: TOL |EXPECTED|).
within() {
  if awk -v g="$2" -v e="$3" -v k="$4" -v t="$5" 'BEGIN {
      d = g - e; if (d < 0) d = -d; a = e < 0 ? -e : e
      exit !(g != "" && d <= (k == "rel" ? t * a : t)) }'; then
    tap_report 0 "$1 ($2, mgcv $3)"
  else
    tap_report 1 "$1"; echo "# got '$2', expected $3 ($4 $5)"
  fi
}

# columns_within DESCRIPTION GOT.csv EXPECTED.csv COLUMN KIND TOL: the
# column agrees row by row.
columns_within() {
  if awk -F, -v col="$4" -v k="$5" -v t="$6" '
      FNR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; f++; next }
      f == 1 { got[FNR] = $c; n++; next }
      { d = got[FNR] - $c; if (d < 0) d = -d; a = $c < 0 ? -$c : $c
        if (!(FNR in got) || d > (k == "rel" ? t * a : t)) bad++; m++ }
      END { exit !(n > 0 && n == m && !bad) }' "$2" "$3"; then
    tap_report 0 "$1"
  else
    tap_report 1 "$1"
  fi
}

# reference_inputs PREDICT.csv: the covariate columns of a case's new rows
# (those before eta).
reference_inputs() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "eta") e = i }
    { line = $1; for (i = 2; i < e; i++) line = line "," $i; print line }' "$1"
}

# check_case CASE DATA FAMILY SMOOTH...: fit (plankmap's --family FAMILY),
# summary, predictions and partial effect plot of the reference case
# smooths/CASE against mgcv's numbers, within the tolerances of the
# reference set's README; the EDF of each SMOOTH label (mgcv's), the first
# one plotted.
check_case() {
  ref="$TDATA/model/reference/smooths/$1" data=$2 family=$3
  shift 3
  f=$(sed -n 's/^  "formula": "\(.*\)",$/\1/p' "$ref.expected.json")
  ok "fit $f" "$PLANKMAP" fit --quiet --data "$data" --formula "$f" \
    --family "$family" --out "$WORK/by.nc"
  ok "summary --json" "$PLANKMAP" summary --json "$WORK/by.nc"
  cp "$WORK/out" "$WORK/by.json"
  within "deviance within 1e-4" "$(json_value "$WORK/by.json" deviance)" \
    "$(json_value "$ref.expected.json" deviance)" rel 1e-4
  ok "summary" "$PLANKMAP" summary "$WORK/by.nc"
  for s in "$@"; do
    within "EDF of $s within 0.05" "$(json_value "$WORK/by.json" "$s")" \
      "$(json_value "$ref.expected.json" "$s")" abs 0.05
    holds "summary: the term $s" "$WORK/out" "$s"
  done
  ok "predict the fitting rows" "$PLANKMAP" predict --quiet \
    --model "$WORK/by.nc" --data "$data" --out "$WORK/fit.csv"
  columns_within "every fitted mu within 1e-3" "$WORK/fit.csv" \
    "$ref.fitted.csv" mu rel 1e-3
  reference_inputs "$ref.predict.csv" >"$WORK/new.csv"
  ok "predict new rows" "$PLANKMAP" predict --quiet --model "$WORK/by.nc" \
    --data "$WORK/new.csv" --out "$WORK/pred.csv"
  columns_within "predicted eta within 1e-3" "$WORK/pred.csv" \
    "$ref.predict.csv" eta abs 1e-3
  columns_within "predicted se_eta within 1%" "$WORK/pred.csv" \
    "$ref.predict.csv" se_eta rel 0.01
  ok "plot partial $1" "$PLANKMAP" plot partial --quiet "$WORK/by.nc" \
    --term "$1" -o "$WORK/partial.png"
  ok "plot partial wrote a figure" test -s "$WORK/partial.png"
}
