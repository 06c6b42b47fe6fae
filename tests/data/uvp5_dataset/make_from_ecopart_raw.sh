#!/bin/sh
# make_from_ecopart_raw.sh: write a small data set in the layout of the
# global UVP5 data set (samples.tsv.gz, samples_volume.tsv.gz, objects.tsv.gz
# and properties_per_bin.tsv.gz, tab-separated, gzip-compressed) from the
# EcoPart raw export of the BATS 361 casts ctd12, ctd14, ctd15 and ctd17.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# Usage (from the top of the source tree):
#   sh tests/data/uvp5_dataset/make_from_ecopart_raw.sh data/ecopart_raw_bats361 tests/data/uvp5_dataset
#
# samples: one row per cast; sample_id is the summary's psampleid,
# sample_name its profileid, project its ptitle, datetime its sampledate in
# ISO 8601, pixel_size its acq_pixel (mm) and uvp_model HD (the casts were
# taken with a UVP5HD).
# samples_volume: per cast and 5 m bin [5k, 5k + 5) (mid_depth_bin 5k + 2.5)
# that has images, the images of the distinct depths of the PAR_raw file in
# the bin times acq_volimage (L), as EcoPart computes the sampled volume.
# objects: the rows of the ZOO_raw files: object_id objid, object_name
# orig_id, depth depth_including_offset and its bin, taxon name, lineage
# taxo_hierarchy with '/' between levels, group the lineage's fourth level
# for living objects (Rhizaria, Crustacea ...) and its second for the others
# (detritus, artefact), group_lineage the lineage down to the group, the
# sizes in mm from those in pixels and acq_pixel (area_mm2 = area pixel^2,
# major_mm, minor_mm) and the sizes in pixels; classif_author and
# classif_datetime are left empty (the raw export has none).
# properties_per_bin: per cast, 50 m depth range (start, end] and group of
# the cast, the concentration (objects of the group in the 5 m bins of the
# range with a volume, over the sum of their volumes, ind/L), the biovolume
# (prolate spheroids of the mm axes, pi/6 major minor^2, over the same volume,
# mm3/L) and the mean grey level of the objects.
set -e
in=$1
out=$2
meta=$in/export_raw_20220810_16_31_Export_metadata_summary.tsv
casts="20190715212026_bats361_ctd12 20190716153955_bats361_ctd14
20190716201616_bats361_ctd15 20190717062127_bats361_ctd17"
tmp=${TMPDIR:-/tmp}/uvp5-dataset.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

# The summary's fields of the casts: psampleid profileid ptitle latitude
# longitude sampledate acq_pixel acq_volimage.
awk -F'\t' -v OFS='\t' '
  FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { for (i = 1; i <= NF; i++) gsub(/"/, "", $i)
    print $c["psampleid"], $c["profileid"], $c["ptitle"], $c["latitude"],
          $c["longitude"], $c["sampledate"], $c["acq_pixel"],
          $c["acq_volimage"] }' "$meta" >"$tmp/meta"

{
  printf 'sample_id\tsample_name\tproject\tlat\tlon\tdatetime\tpixel_size\tuvp_model\n'
  for c in $casts; do
    awk -F'\t' -v OFS='\t' -v cast="${c#*_}" '$2 == cast {
      sub(/ /, "T", $6); print $1, $2, $3, $4, $5, $6 "Z", $7, "HD" }' \
      "$tmp/meta"
  done
} >"$tmp/samples.tsv"

{
  printf 'sample_id\tmid_depth_bin\twater_volume_imaged\n'
  for c in $casts; do
    awk -F'\t' -v OFS='\t' -v cast="${c#*_}" '
      FILENAME != par && $2 == cast { id = $1; vol = $8 }
      FILENAME == par && FNR > 1 && !($1 in seen) {
        seen[$1] = 1; b = int($1 / 5); n[b] += $2; if (b > last) last = b }
      END { for (b = 0; b <= last; b++) if (n[b] > 0)
              printf "%s\t%.1f\t%.10g\n", id, 5 * b + 2.5, n[b] * vol }' \
      par="$in/${c}_PAR_raw_20220810_16_31.tsv" "$tmp/meta" \
      "$in/${c}_PAR_raw_20220810_16_31.tsv"
  done
} >"$tmp/samples_volume.tsv"

{
  printf 'object_id\tobject_name\tsample_id\tdepth\tmid_depth_bin\ttaxon\t'
  printf 'lineage\tclassif_author\tclassif_datetime\tgroup\tgroup_lineage\t'
  printf 'area_mm2\tmajor_mm\tminor_mm\tarea\tmean\tmajor\tminor\n'
  for c in $casts; do
    awk -F'\t' -v OFS='\t' -v cast="${c#*_}" '
      FILENAME != zoo && $2 == cast { id = $1; pix = $7 }
      FILENAME == zoo && FNR == 1 { for (i = 1; i <= NF; i++) k[$i] = i }
      FILENAME == zoo && FNR > 1 {
        z = $k["depth_including_offset"]; n = split($k["taxo_hierarchy"], l, ">")
        g = l[1] == "living" ? (n < 4 ? n : 4) : (n < 2 ? n : 2)
        lin = l[1]; for (i = 2; i <= n; i++) lin = lin "/" l[i]
        gl = l[1]; for (i = 2; i <= g; i++) gl = gl "/" l[i]
        printf "%s\t%s\t%s\t%s\t%.1f\t%s\t%s\t\t\t%s\t%s\t%.10g\t%.10g\t%.10g\t%s\t%s\t%s\t%s\n",
          $k["objid"], $k["orig_id"], id, z, 5 * int(z / 5) + 2.5, $k["name"],
          lin, l[g], gl, $k["area"] * pix * pix, $k["major"] * pix,
          $k["minor"] * pix, $k["area"], $k["mean"], $k["major"], $k["minor"]
      }' zoo="$in/${c}_ZOO_raw_20220810_16_31.tsv" "$tmp/meta" \
      "$in/${c}_ZOO_raw_20220810_16_31.tsv"
  done
} >"$tmp/objects.tsv"

# Per cast, 50 m range and group: sums over the 5 m bins with a volume.
awk -F'\t' -v OFS='\t' '
  FILENAME == vols && FNR > 1 {
    r = int(($2 - 2.5) / 50); v[$1, r] += $3; ranges[$1, r] = 1 }
  FILENAME == vols && FNR > 1 { has[$1, $2] = 1 }
  FILENAME == objs && FNR > 1 {
    groups[$3, $10] = 1
    if (!(($3, $5) in has)) next
    r = int(($5 - 2.5) / 50)
    n[$3, r, $10]++; bv[$3, r, $10] += 3.14159265358979324 / 6 * $13 * $14 * $14
    grey[$3, r, $10] += $16
  }
  END {
    print "sample_id", "depth_range", "group", "concentration", "biovolume",
          "avg_grey"
    for (cr in ranges) {
      split(cr, a, SUBSEP)
      for (cg in groups) {
        split(cg, b, SUBSEP)
        if (b[1] != a[1]) continue
        k = a[1] SUBSEP a[2] SUBSEP b[2]
        printf "%s\t(%d,%d]\t%s\t%.10g\t%.10g\t%s\n", a[1], 50 * a[2],
          50 * a[2] + 50, b[2], n[k] / v[cr], bv[k] / v[cr],
          n[k] ? sprintf("%.6g", grey[k] / n[k]) : "NA"
      }
    }
  }' vols="$tmp/samples_volume.tsv" objs="$tmp/objects.tsv" \
  "$tmp/samples_volume.tsv" "$tmp/objects.tsv" |
  { IFS= read -r head; printf '%s\n' "$head"; LC_ALL=C sort -t'	' -k1,1n -k2,2V -k3,3; } \
  >"$tmp/properties_per_bin.tsv"

for f in samples samples_volume objects properties_per_bin; do
  gzip -n -9 <"$tmp/$f.tsv" >"$out/$f.tsv.gz"
done
