#!/bin/sh
# cli_validate.sh: `plankmap validate` on a hand-written run output: the
# published estimates beside the totals, the traps beside a flux map, and
# missing or bad inputs, which leave nothing behind.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

V="$TDATA/validation"
PLANKMAP_DATADIR="$top_srcdir/validation"
export PLANKMAP_DATADIR
cd "$WORK" || exit 1
OUT="$WORK/validate-out"
CFG="$V/validate.cfg"

# No run yet: a clear error, nothing written.
fails_with "no totals.tsv: an error naming it" 1 \
  "validate-out/totals.tsv: not found; \`plankmap run $CFG\` writes it" \
  "$PLANKMAP" validate "$CFG"
absent "no totals.tsv: no validation.md" "$OUT/validation.md"

mkdir -p "$OUT" && cp "$V/totals.tsv" "$OUT/totals.tsv"
fails_with "a bad --published table: file, line and column" 1 \
  "published_bad.tsv:3: column 2 'value': '0.7 Pg' is not a number" \
  "$PLANKMAP" validate --published "$V/published_bad.tsv" "$CFG"
absent "a bad table: no validation.tsv" "$OUT/validation.tsv"
absent "a bad table: no validation.md" "$OUT/validation.md"
fails_with "a missing --published table" 4 "nothing.tsv" \
  "$PLANKMAP" validate --published "$WORK/nothing.tsv" "$CFG"

ok "validate with the installed tables" "$PLANKMAP" validate "$CFG"
T="$OUT/validation.tsv"
M="$OUT/validation.md"
holds "validation.tsv has its header" "$T" \
  "comparison	quantity	model	region	horizon	units	run_value	run_lower	run_upper	published_value	published_lower	published_upper	ratio	verdict	source	doi	note"
# 2.5 / 2.2 = 1.13636; 2.5 lies in 2.2 +- 0.4
holds "inside, with the ratio by hand" "$T" \
  "published	mesozooplankton_respiration_200_1000m	flux	global	200-1000 m	Pg C yr-1	2.5	2.3	2.7	2.2	1.8	2.6	1.13636	inside	Hernandez-Leon S., Ikeda T. 2005"
# 6.5 / 6.1 = 1.06557; 6.3-6.7 misses 6.0-6.2
holds "outside, with the ratio by hand" "$T" \
  "	export_mld_max	flux	global	annual maximum mixed layer depth	Pg C yr-1	6.5	6.3	6.7	6.1	6	6.2	1.06557	outside"
# 6.0 / 5.8 = 1.03448; 6.0 misses 5.7-5.9 but 5.85-6.2 overlaps it
holds "an overlapping run interval" "$T" "	export_euphotic	flux	global	euphotic depth	Pg C yr-1	6	5.85	6.2	5.8	5.7	5.9	1.03448	overlaps"
holds "a units mismatch" "$T" "	martin_b	flux	northeast Pacific	below 100 m	1	0.9	0.8	1	0.858				units mismatch"
holds "a scenario row is not the baseline" "$T" "	phaeodaria_carbon_demand		global	200-1000 m	Pg C yr-1				0.46				not produced by this run"
holds "no flux model: said so" "$T" "no flux model in the scenario"
ok "one row per published estimate, plus the traps row" \
  test "$(wc -l <"$T")" -eq 43
holds "validation.md: the table" "$M" \
  "| export_mld_max | annual maximum mixed layer depth | global | flux | 6.5 (6.3-6.7) | Pg C yr-1 | 6.1 (6-6.2) | Pg C yr-1 | 1.06557 | outside |"
holds "validation.md: no flux model" "$M" "The scenario has no flux model"

# A flux model: its map (from maps.cdl) beside hand-made traps.  Pairs
# (map, trap): (10, 5), (20, 20), (4, 40); t3 lies in the masked cell.
# log10 differences 0.30103, 0, -1: bias -0.23299, RMSE 0.602943.
sed -e 's|name = "particles"; response = { size = \[ 100.0, 500.0 \]; };|name = "flux"; response = { flux = true; };|' \
  -e 's|count ~ s(logdepth, k=4) + offset(log(volume_m3))|flux ~ s(logdepth, k=4)|' \
  "$CFG" >"$WORK/flux.cfg"
echo 'flux = { estimator = "guidi"; };' >>"$WORK/flux.cfg"
sed -i "s|\"../../../data/|\"$top_srcdir/data/|g" "$WORK/flux.cfg"
rm -f "$OUT/validation.tsv" "$OUT/validation.md"
fails_with "a flux model without maps: an error naming the file" 1 \
  "validate-out/flux_baseline.nc: not found; \`plankmap run $WORK/flux.cfg\` writes it" \
  "$PLANKMAP" validate --traps "$V/traps.csv" "$WORK/flux.cfg"
absent "no maps: nothing written" "$OUT/validation.tsv"
ok "make the maps file with ncgen" ncgen -k nc4 -o "$OUT/flux_baseline.nc" "$V/maps.cdl"
ok "validate a flux model" "$PLANKMAP" validate --traps "$V/traps.csv" "$WORK/flux.cfg"
holds "traps: 3 matched" "$T" "traps	n_matched	flux	global	trap depths	1	3"
holds "traps: 3 pairs used" "$T" "traps	n_used	flux	global	trap depths	1	3"
holds "traps: bias of log10" "$T" "traps	bias_log10	flux	global	trap depths	log10	-0.23299"
holds "traps: RMSE of log10" "$T" "traps	rmse_log10	flux	global	trap depths	log10	0.602943"
holds "validation.md: the trap table" "$M" "| flux | mg C m-2 d-1 | 3 | 3 | -0.23299 | 0.602943 |"
# the pairs, for the predicted-against-observed chart; t3 has no map value
holds "validation_traps.tsv: header" "$OUT/validation_traps.tsv" \
  "model	id	method	lon	lat	depth	observed	predicted"
holds "validation_traps.tsv: pair t1" "$OUT/validation_traps.tsv" \
  "flux	t1	sediment trap	-75	25	100	5	10"
ok "validation_traps.tsv: t3 unmatched, no prediction" grep -qx \
  "flux	t3	Thorium	-75	35	100	7	" "$OUT/validation_traps.tsv"
done_testing
