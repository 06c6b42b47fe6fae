#!/bin/sh
# recovery.sh: the virtual survey of configs/demo_virtual.cfg at full size:
# negative binomial counts (theta 2) of its known truth at every 25 m layer
# to 1000 m of the 3,185 casts of the global UVP5 index (0.5 m3 each),
# then the run of the written scenario; prints the recovery of the truth
# by its negative binomial GAM of temperature, salinity and depth (the
# global total should lie within 2% and the log10 RMSE of the map below
# 0.05) and the times.
# Usage: recovery.sh PLANKMAP SRCDIR
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
set -e
PLANKMAP=$1
SRC=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/plankmap-recovery.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
EDGES=$(awk 'BEGIN { for (z = 0; z <= 1000; z += 25) printf "%s%.1f", z ? ", " : "", z }')
sed -e "s|\"../data/|\"$SRC/data/|g" \
    -e "s|output_dir = \"plankmap-virtual\"|output_dir = \"$WORK/out\"|" \
    -e "s|volume_m3 = 1.0;|volume_m3 = 0.5;|" \
    -e "/depth_edges = \[ 0.0, 50.0, 100.0, 150.0/,/1000.0 \];/c\\    depth_edges = [ $EDGES ];" \
    "$SRC/configs/demo_virtual.cfg" >"$WORK/virtual.cfg"
t0=$(date +%s.%N)
"$PLANKMAP" simulate "$WORK/virtual.cfg"
t1=$(date +%s.%N)
"$PLANKMAP" run --quiet "$WORK/out/simulated/scenario.cfg"
t2=$(date +%s.%N)
echo "recovery: simulate $(echo "$t1 - $t0" | bc) s, run $(echo "$t2 - $t1" | bc) s"
column -t -s "$(printf '\t')" "$WORK/out/simulated/run/recovery.tsv"
awk -F'\t' '$1 == "particles" && $2 == "global" {
  ok = ($7 > 0.98 && $7 < 1.02 && $9 <= 0.05)
  printf "global ratio %.4f, log10 RMSE %.4f, cell coverage %.3f: %s\n", $7, $9, $10,
    ok ? "within 2% and 0.05" : "NOT within 2% and 0.05"
  exit !ok }' "$WORK/out/simulated/run/recovery.tsv"
