#!/bin/sh
# cli_flux.sh: `plankmap flux` (direct form) end to end on real EcoPart
# exports, and one test per bad input: a clear message, a non-zero exit
# status, and no output file.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

PAP="$DATA/ecopart_detailed/PAPSO/export_detailed_20240422_11_01_"
HOT="$DATA/ecopart_detailed/HOTALOHA/export_detailed_20240422_11_14_"
FLUX="$WORK/flux.tsv"
ATT="$WORK/att.tsv"

# flux ARGS...: the direct form on the PAP-SO station_001 cast.
flux() {
  "$PLANKMAP" flux --format ecopart-detailed --metadata "${PAP}Export_metadata_summary.tsv" \
    "${PAP}PAR_station_001.tsv" "$@"
}

# bad NAME STATUS FRAGMENT ARGS...: fails with STATUS and FRAGMENT, and
# leaves neither output behind.
bad() {
  n=$1; st=$2; frag=$3; shift 3
  fails_with "$n: exit $st and a clear message" "$st" "$frag" "$@"
  absent "$n: no flux table" "$WORK/bad.tsv"
  absent "$n: no attenuation table" "$WORK/bad_att.tsv"
}

# --- a deep profile (PAP-SO) and two HOT casts, one only 85 m deep
ok "flux on PAP-SO station_001" flux --out "$FLUX" --attenuation "$ATT"
holds "FLUX.tsv header" "$FLUX" "$(printf 'profile\tdatetime\tlat\tlon\tdepth_m\tvolume_L\tflux_mgC_m2_d')"
holds "ATT.tsv header" "$ATT" "$(printf 'profile\tdatetime\tlat\tlon\tref_depth_m\tflux_ref_mgC_m2_d\tmartin_b\tmartin_b_se\tz_star_m\tteff_100\tn_bins')"
ok "FLUX.tsv: 7 columns on every row" awk -F'\t' 'NF != 7 {exit 1}' "$FLUX"
ok "FLUX.tsv: one row per depth bin of the export" \
  test "$(($(wc -l <"$FLUX") - 1))" = "$(($(wc -l <"${PAP}PAR_station_001.tsv") - 1))"
ok "FLUX.tsv: datetime in ISO 8601 UTC" grep -q "2015-06-24T00:38:13Z" "$FLUX"
ok "FLUX.tsv: every flux finite and not negative" \
  awk -F'\t' 'NR > 1 && !($7 + 0 >= 0 && $7 ~ /^[0-9.e+-]+$/) {exit 1}' "$FLUX"
ok "FLUX.tsv: flux at 97.5 and 102.5 m positive" \
  awk -F'\t' '$5 == 97.5 || $5 == 102.5 {n++; if (!($7 > 0)) exit 1} END {exit n != 2}' "$FLUX"
ok "ATT.tsv: 11 columns" awk -F'\t' 'NF != 11 {exit 1}' "$ATT"
ok "ATT.tsv: Martin b of the deep profile within 0.2-2" \
  awk -F'\t' 'NR == 2 {exit !($7 > 0.2 && $7 < 2 && $11 > 50)}' "$ATT"

ok "flux on the HOT casts, nonlinear fit" "$PLANKMAP" flux --format ecopart-detailed \
  --metadata "${HOT}Export_metadata_summary.tsv" "${HOT}PAR_001.tsv" "${HOT}PAR_tara_131_00_a.tsv" \
  --out "$FLUX" --attenuation "$ATT" --fit nonlinear
holds "the shallow cast's reason on stderr" "$WORK/err" "plankmap flux: profile 001: 0 samples with positive flux between 100 and 1000 m"
ok "the shallow cast has empty fit fields" awk -F'\t' '$1 == "001" {f = 1; exit !($6 == "" && $7 == "" && $9 == "" && $11 == 0)} END {exit !f}' "$ATT"
ok "the deep HOT cast has b within 0.2-2" awk -F'\t' '$1 == "tara_131_00_a" {f = 1; exit !($7 > 0.2 && $7 < 2)} END {exit !f}' "$ATT"

ok "--max-depth 30 --ref-depth 10 on PAP-SO" flux --ref-depth 10 --max-depth 30 --out "$FLUX" --attenuation "$ATT"
ok "4 bins between 10 and 30 m fitted" awk -F'\t' 'NR == 2 {exit !($11 == 4)}' "$ATT"
ok "--size-min-mm/--size-max-mm/--A/--b" flux --size-min-mm 0.1 --size-max-mm 2 --A 10 --b 3 --quiet --out "$FLUX"
ok "--quiet prints nothing" test ! -s "$WORK/err"

# --- bad inputs
bad "unknown format" 2 "unknown --format" "$PLANKMAP" flux --format ecotaxa --metadata x "${PAP}PAR_station_001.tsv" --out "$WORK/bad.tsv" --attenuation "$WORK/bad_att.tsv"
bad "missing --metadata" 2 "--metadata META.tsv is required" "$PLANKMAP" flux --format ecopart-detailed "${PAP}PAR_station_001.tsv" --out "$WORK/bad.tsv" --attenuation "$WORK/bad_att.tsv"
bad "missing --out" 2 "--out FLUX.tsv is required" flux --attenuation "$WORK/bad_att.tsv"
bad "missing PAR file" 2 "missing operand" "$PLANKMAP" flux --format ecopart-detailed --metadata x --out "$WORK/bad.tsv"
bad "--A abc" 2 "--A 'abc' is not a number" flux --A abc --out "$WORK/bad.tsv" --attenuation "$WORK/bad_att.tsv"
bad "--A -1" 2 "A = -1" flux --A -1 --out "$WORK/bad.tsv" --attenuation "$WORK/bad_att.tsv"
bad "--size-min-mm >= --size-max-mm" 2 "size window 2-1 mm" flux --size-min-mm 2 --size-max-mm 1 --out "$WORK/bad.tsv" --attenuation "$WORK/bad_att.tsv"
bad "negative --ref-depth" 2 "reference depth -5 m" flux --ref-depth -5 --out "$WORK/bad.tsv" --attenuation "$WORK/bad_att.tsv"
bad "--max-depth above --ref-depth" 2 "maximum depth 50 m" flux --max-depth 50 --out "$WORK/bad.tsv" --attenuation "$WORK/bad_att.tsv"
# --- the size spectrum slope of every sample
SPEC="$WORK/spectra.tsv"
ok "flux --spectra on PAP-SO" flux --out "$FLUX" --spectra "$SPEC" --slope-min-mm 0.1 --slope-max-mm 2
holds "SPECTRA.tsv header" "$SPEC" "$(printf 'profile\tdatetime\tlat\tlon\tdepth_m\tsize_min_mm\tsize_max_mm\tn_classes\tslope\tslope_se\tintercept\tintercept_se')"
ok "one spectrum row per depth bin" test "$(wc -l <"$SPEC")" -eq "$(wc -l <"$FLUX")"
ok "the slope window is written in every row" awk -F'\t' 'NR > 1 && ($6 != 0.1 || $7 != 2) { exit 1 }' "$SPEC"
# UVP5 number spectra fall off with size: slopes between -6 and -2 at the
# samples with enough classes, and within 2 standard errors of each other
ok "slopes of PAP-SO between -6 and -2 where fitted" awk -F'\t' 'NR > 1 && $9 != "" { n++; if ($9 < -6 || $9 > -2 || !($10 > 0)) exit 1 } END { exit !(n > 100) }' "$SPEC"
ok "a window of two classes gives empty slopes" flux --out "$FLUX" --spectra "$SPEC" --slope-min-mm 1 --slope-max-mm 1.7
ok "  ... every slope empty" awk -F'\t' 'NR > 1 && $9 != "" { exit 1 }' "$SPEC"
fails_with "--slope-min-mm abc" 2 "--slope-min-mm 'abc' is not a number" flux --slope-min-mm abc --out "$WORK/bad.tsv" --spectra "$WORK/bad_spec.tsv"
fails_with "a slope window upside down" 1 "2-1 mm" flux --slope-min-mm 2 --slope-max-mm 1 --out "$WORK/bad.tsv" --spectra "$WORK/bad_spec.tsv"
absent "  ... no flux table" "$WORK/bad.tsv"
absent "  ... no spectra table" "$WORK/bad_spec.tsv"

# --- the remineralisation rate -dF/dz of every layer of every profile
REMIN="$WORK/remin.tsv"
# telescopes FLUX REMIN: per profile, the sum over its layers of rate x
# thickness equals F(top) - F(bottom) (the fluxes of FLUX.tsv at the first
# layer's top and the last layer's bottom) within 1e-9 relative; fails
# when no profile has a layer or a depth is not in FLUX.tsv.
telescopes() {
  awk -F'\t' 'FNR == 1 { next }
    NR == FNR { F[$1 SUBSEP $5] = $7; next }
    { s[$1] += $8 * ($6 - $5); if (!($1 in top)) top[$1] = $5; bot[$1] = $6 }
    END { for (p in s) {
            if (!((p SUBSEP top[p]) in F) || !((p SUBSEP bot[p]) in F)) exit 1
            d = F[p SUBSEP top[p]] - F[p SUBSEP bot[p]]; e = s[p] - d
            if ((e < 0 ? -e : e) > 1e-9 * (d < 0 ? -d : d)) exit 1
            n++ }
          exit n == 0 }' "$1" "$2"
}
ok "flux --remineralisation on PAP-SO" flux --out "$FLUX" --remineralisation "$REMIN"
holds "REMIN.tsv header" "$REMIN" "$(printf 'profile\tdatetime\tlat\tlon\tdepth_top_m\tdepth_bottom_m\tdepth_mid_m\tremineralisation_mgC_m3_d')"
ok "REMIN.tsv: 8 columns" awk -F'\t' 'NF != 8 {exit 1}' "$REMIN"
# the 5 m bins of station_001 with mid-depths 102.5 ... 997.5 m: 179 layers
ok "REMIN.tsv: one layer between each two bins of 100-1000 m" \
  awk -F'\t' 'NR > 1 {n++; if ($5 < 100 || $6 > 1000 || !($6 > $5) || $7 != ($5 + $6) / 2) exit 1} END {exit n != 179}' "$REMIN"
ok "REMIN.tsv: consecutive layers share their depth" \
  awk -F'\t' 'NR > 2 && $5 != prev {exit 1} {prev = $6}' "$REMIN"
ok "REMIN.tsv: every rate finite" \
  awk -F'\t' 'NR > 1 && !($8 ~ /^-?[0-9.]+(e[+-]?[0-9]+)?$/) {exit 1}' "$REMIN"
ok "REMIN.tsv: rate x thickness sums to F(top) - F(bottom)" telescopes "$FLUX" "$REMIN"
ok "flux --remineralisation on the HOT casts, 10-80 m" "$PLANKMAP" flux --format ecopart-detailed \
  --metadata "${HOT}Export_metadata_summary.tsv" "${HOT}PAR_001.tsv" "${HOT}PAR_tara_131_00_a.tsv" \
  --out "$FLUX" --remineralisation "$REMIN" --ref-depth 10 --max-depth 80
ok "  ... layers of both casts" awk -F'\t' 'NR > 1 {p[$1]++} END {exit !(p["001"] > 5 && p["tara_131_00_a"] > 5)}' "$REMIN"
ok "  ... rate x thickness sums to F(top) - F(bottom) per cast" telescopes "$FLUX" "$REMIN"
ok "the shallow HOT cast has no layer in 100-1000 m" "$PLANKMAP" flux --format ecopart-detailed \
  --metadata "${HOT}Export_metadata_summary.tsv" "${HOT}PAR_001.tsv" "${HOT}PAR_tara_131_00_a.tsv" \
  --out "$FLUX" --remineralisation "$REMIN"
ok "  ... only the deep cast's layers" awk -F'\t' 'NR > 1 && $1 != "tara_131_00_a" {exit 1} NR > 1 {n++} END {exit !n}' "$REMIN"
fails_with "--remineralisation in a missing folder" 4 "$WORK/nodir/remin.tsv: cannot create" \
  flux --out "$WORK/bad.tsv" --remineralisation "$WORK/nodir/remin.tsv"
absent "  ... no flux table" "$WORK/bad.tsv"
absent "  ... no remineralisation table" "$WORK/nodir/remin.tsv"
fails_with "--remineralisation with a scenario file" 2 "the flux section of the file gives the settings" \
  "$PLANKMAP" flux --remineralisation "$WORK/bad.tsv" "$top_srcdir/configs/demo.cfg"
absent "  ... no remineralisation table" "$WORK/bad.tsv"

bad "unknown --fit" 2 "--fit must be log-linear or nonlinear" flux --fit cubic --out "$WORK/bad.tsv" --attenuation "$WORK/bad_att.tsv"
bad "window without size classes" 1 "no size class of the exports lies entirely inside" flux --size-min-mm 30 --size-max-mm 40 --out "$WORK/bad.tsv" --attenuation "$WORK/bad_att.tsv"
bad "a PAR file not in the metadata" 1 "is not in the metadata summary" "$PLANKMAP" flux --format ecopart-detailed \
  --metadata "${HOT}Export_metadata_summary.tsv" "${PAP}PAR_station_001.tsv" --out "$WORK/bad.tsv" --attenuation "$WORK/bad_att.tsv"
bad "a missing PAR file" 4 "missing.tsv" flux "$WORK/missing.tsv" --out "$WORK/bad.tsv" --attenuation "$WORK/bad_att.tsv"
ok "--help prints the usage" "$PLANKMAP" flux --help
holds "--help names the columns" "$WORK/out" "flux_ref_mgC_m2_d"
holds "--help names --remineralisation" "$WORK/out" "remineralisation_mgC_m3_d"

done_testing
