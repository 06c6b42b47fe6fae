#!/bin/sh
# make_from_zoo_raw.sh: write a CSV table of counts per 200 m depth bin of
# BATS 361 cast ctd12 (Copepoda, detritus, badfocus<artefact) with the volume
# imaged in each bin, from the EcoPart raw export of that cast.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# Usage (from the top of the source tree):
#   sh tests/data/table/make_from_zoo_raw.sh data/ecopart_raw_bats361 > tests/data/table/bats361_ctd12_bins.csv
#
# Counts: objects of the *_ZOO_raw_* file per bin of depth_including_offset.
# Volume: the sum over the depths of the *_PAR_raw_* file that fall in the bin
# of imgcount times acq_volimage (1.1 L for this UVP5, metadata summary).
# Position and time: the cast's row of the metadata summary.  Fields are
# quoted, and the project field holds the delimiter, as spreadsheet CSV does.
set -e
in=$1
c=20190715212026_bats361_ctd12
awk -F'\t' '
  FILENAME ~ /PAR_raw/ && FNR > 1 && !(($1) in seen) {
    seen[$1] = 1; img[int($1 / 200)] += $2 }
  FILENAME ~ /ZOO_raw/ && FNR > 1 {
    b = int($6 / 200); n[b, $3]++; if (b > last) last = b }
  END {
    print "\"profile\",\"project\",\"datetime\",\"lat\",\"lon\",\"depth_top\"," \
          "\"depth_bottom\",\"volume_L\",\"Copepoda\",\"detritus\",\"badfocus<artefact\""
    for (b = 0; b <= last; b++)
      printf "\"bats361_ctd12\",\"BATS, AE1917\",\"2019-07-15 21:20:26\",31.17047,-64.31987,%d,%d,%.1f,%d,%d,%d\n",
        200 * b, 200 * (b + 1), img[b] * 1.1, n[b, "Copepoda"], n[b, "detritus"],
        n[b, "badfocus<artefact"]
  }' "$in/${c}_PAR_raw_20220810_16_31.tsv" "$in/${c}_ZOO_raw_20220810_16_31.tsv"
