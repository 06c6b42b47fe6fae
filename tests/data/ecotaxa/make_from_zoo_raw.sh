#!/bin/sh
# make_from_zoo_raw.sh: write an EcoTaxa-format TSV export, and a volume table,
# from the EcoPart raw export of BATS 361 casts ctd12 and ctd14.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# Usage (from the top of the source tree):
#   sh tests/data/ecotaxa/make_from_zoo_raw.sh data/ecopart_raw_bats361 tests/data/ecotaxa
#
# The objects are copied row for row from the *_ZOO_raw_* files, their fields
# renamed into EcoTaxa's export columns: orig_id -> object_id, name ->
# object_annotation_category, taxo_hierarchy -> object_annotation_hierarchy,
# classif_qual V/P/D -> object_annotation_status validated/predicted/dubious,
# depth_including_offset -> object_depth_min and object_depth_max, area, esd,
# major, minor -> object_area, object_esd, object_major, object_minor.  The
# sample is the cast (profileid), with latitude, longitude and sampledate from
# the export's metadata summary, and the project (ptitle) as sample_project;
# acq_pixel (mm per pixel of the sizes) is the summary's, as in a UVP5
# EcoTaxa export.
# A UVP cast has no sample_tot_vol: the volume table gives the volume imaged
# over the cast, the sum over the depths of the PAR_raw file of imgcount times
# acq_volimage (L) of the metadata summary.
set -e
in=$1
out=$2
meta=$in/export_raw_20220810_16_31_Export_metadata_summary.tsv
casts="20190715212026_bats361_ctd12 20190716153955_bats361_ctd14"

{
  printf 'object_id\tobject_lat\tobject_lon\tobject_date\tobject_time\t'
  printf 'object_depth_min\tobject_depth_max\tobject_annotation_status\t'
  printf 'object_annotation_category\tobject_annotation_hierarchy\t'
  printf 'object_area\tobject_esd\tobject_major\tobject_minor\t'
  printf 'sample_id\tsample_project\tacq_id\tacq_volimage\tacq_pixel\n'
  for c in $casts; do
    awk -F'\t' -v OFS='\t' '
      FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i }
      FNR > 1 && FILENAME == meta {
        id = $col[meta, "profileid"]; gsub(/"/, "", id)
        d = $col[meta, "sampledate"]; gsub(/[-:]/, "", d); split(d, dt, " ")
        p = $col[meta, "ptitle"]; gsub(/"/, "", p)
        info[id] = $col[meta, "latitude"] OFS $col[meta, "longitude"] OFS \
                   dt[1] OFS dt[2]
        proj[id] = p; vol[id] = $col[meta, "acq_volimage"]
        pix[id] = $col[meta, "acq_pixel"]
      }
      FNR > 1 && FILENAME != meta {
        f = FILENAME
        id = $col[f, "orig_id"]; sub(/_[0-9]+$/, "", id)
        q = $col[f, "classif_qual"]
        st = q == "V" ? "validated" : q == "P" ? "predicted" : "dubious"
        z = $col[f, "depth_including_offset"]
        print $col[f, "orig_id"], info[id], z, z, st, $col[f, "name"],
              $col[f, "taxo_hierarchy"], $col[f, "area"], $col[f, "esd"],
              $col[f, "major"], $col[f, "minor"], id, proj[id], id "_uvp5",
              vol[id], pix[id]
      }' meta="$meta" "$meta" "$in/${c}_ZOO_raw_20220810_16_31.tsv"
  done
} > "$out/bats361_ecotaxa.tsv"

{
  printf 'sample_id\tvolume_L\n'
  for c in $casts; do
    awk -F'\t' -v OFS='\t' '
      FILENAME == meta && FNR == 1 { for (i = 1; i <= NF; i++) m[$i] = i }
      FILENAME == meta && FNR > 1 {
        id = $m["profileid"]; gsub(/"/, "", id); v[id] = $m["acq_volimage"]
      }
      FILENAME != meta && FNR > 1 && !($1 in seen) { seen[$1] = 1; n += $2 }
      END { print cast, n * v[cast] }' meta="$meta" cast="${c#*_}" \
      "$meta" "$in/${c}_PAR_raw_20220810_16_31.tsv"
  done
} > "$out/bats361_volumes.tsv"
