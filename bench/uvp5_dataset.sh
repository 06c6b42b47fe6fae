#!/bin/sh
# uvp5_dataset.sh: the ingest benchmark of the global UVP5 data set reader:
# writes a data set of CASTS casts and OBJECTS objects in the published
# layout (samples, samples_volume and objects tables, gzip -1 compressed),
# grids it with `plankmap grid` and prints the MB/s of uncompressed text
# (wall and CPU), the objects/s and the peak memory (/usr/bin/time -v).
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
#
# Usage: sh bench/uvp5_dataset.sh PLANKMAP [CASTS OBJECTS]...
#   (default 10000 2000000; several pairs run in turn)
# The files go to $TMPDIR (default /tmp) and are deleted after each run.
set -e
plankmap=$1
shift
[ $# -ge 2 ] || set -- 10000 2000000
dir=${TMPDIR:-/tmp}/plankmap-bench-uvp5-$$
trap 'rm -rf "$dir"' EXIT

# gen CASTS OBJECTS: the three plain tables.  Each cast has 5 m bins down
# to 500 m (100 bins); its objects (OBJECTS / CASTS) are spread over the
# bins, 30 groups, with the published objects table's columns: real-unit
# and pixel sizes, grey levels.
gen() {
  awk -v casts="$1" -v objects="$2" -v d="$dir" 'BEGIN {
    srand(1); OFS = "\t"
    s = d "/samples.tsv"; v = d "/samples_volume.tsv"; o = d "/objects.tsv"
    print "sample_id", "sample_name", "project", "lat", "lon", "datetime",
          "pixel_size", "uvp_model" > s
    print "sample_id", "mid_depth_bin", "water_volume_imaged" > v
    print "object_id", "object_name", "sample_id", "depth", "mid_depth_bin",
          "taxon", "lineage", "classif_author", "classif_datetime", "group",
          "group_lineage", "area_mm2", "perim_mm", "major_mm", "minor_mm",
          "feret_mm", "area", "mean", "stddev", "mode", "min", "max",
          "perim", "major", "minor", "circ", "feret", "skeleton_area" > o
    per = int(objects / casts); id = 0
    for (c = 1; c <= casts; c++) {
      hd = c % 3 == 0; pix = hd ? 0.092 : 0.147
      printf "%d\tcast_%d\tproject_%d\t%.5f\t%.5f\t20%02d-%02d-%02dT%02d:%02d:00Z\t%s\t%s\n",
        c, c, c % 50, 180 * rand() - 90, 360 * rand() - 180, 8 + c % 15,
        1 + c % 12, 1 + c % 28, c % 24, c % 60, pix, hd ? "HD" : "SD" > s
      for (b = 0; b < 100; b++)
        printf "%d\t%.1f\t%.2f\n", c, 5 * b + 2.5, 5 + 20 * rand() > v
      n = c < casts ? per : objects - id
      for (k = 0; k < n; k++) {
        id++; b = int(100 * rand()); g = int(30 * rand())
        a = 20 + int(400 * rand()); maj = sqrt(a) * 1.4; mi = a / maj / 0.9
        printf "%d\tcast_%d_%d\t%d\t%.1f\t%.1f\ttaxon_%d\tliving/Eukaryota/group_%d/taxon_%d\tu%d\t2021-03-04T05:06:07Z\tgroup_%d\tliving/Eukaryota/group_%d\t%.5f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%.2f\t%.3f\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.3f\t%.1f\t%d\n",
          id, c, k, c, 5 * b + 5 * rand(), 5 * b + 2.5, 3 * g + k % 3, g,
          3 * g + k % 3, k % 40, g, g, a * pix * pix, 4 * sqrt(a) * pix,
          maj * pix, mi * pix, maj * 1.1 * pix, a, 100 + 150 * rand(),
          20 * rand(), 250, 10 + int(80 * rand()), 254, 4 * sqrt(a), maj,
          mi, 0.5 * rand(), maj * 1.1, int(a / 5) > o
      }
    }
  }'
}

while [ $# -ge 2 ]; do
  casts=$1 objects=$2
  shift 2
  mkdir -p "$dir"
  echo "uvp5-dataset bench: writing $casts casts, $objects objects to $dir"
  gen "$casts" "$objects"
  bytes=$(cat "$dir"/samples.tsv "$dir"/samples_volume.tsv "$dir"/objects.tsv | wc -c)
  for f in samples samples_volume objects; do
    gzip -1 "$dir/$f.tsv"
  done
  gz=$(cat "$dir"/*.tsv.gz | wc -c)
  cat >"$dir/bench.cfg" <<CFG
output_dir = "$dir/out";
observations = ( { name = "uvp5"; format = "uvp5-dataset";
  metadata = "samples.tsv.gz"; volume_table = "samples_volume.tsv.gz";
  files = [ "objects.tsv.gz" ]; } );
grid = { lon = [ -180.0, 180.0 ]; lat = [ -90.0, 90.0 ]; resolution = 1.0;
  depth_edges = [ 0.0, 100.0, 200.0, 500.0 ]; time = "none"; };
CFG
  /usr/bin/time -v "$plankmap" grid -q "$dir/bench.cfg" 2>"$dir/time.txt" || {
    cat "$dir/time.txt"; exit 1; }
  awk -F': ' -v bytes="$bytes" -v gz="$gz" -v n="$objects" -v casts="$casts" '
    /Elapsed \(wall clock\)/ { k = split($2, t, ":"); wall = 0
      for (i = 1; i <= k; i++) wall = wall * 60 + t[i] }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 }
    END {
      printf "%d casts, %d objects: %.0f MB of text (%.0f MB gzip -1)\n",
        casts, n, bytes / 1e6, gz / 1e6
      printf "  wall %.2f s, CPU %.2f s: %.0f MB/s (wall), %.0f MB/s per CPU second, %.2f M objects/s (wall), peak memory %.0f MiB\n",
        wall, cpu, bytes / 1e6 / wall, bytes / 1e6 / cpu, n / wall / 1e6,
        rss / 1024 }' "$dir/time.txt"
  rm -rf "$dir"
done
