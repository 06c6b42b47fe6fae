#!/bin/sh
# run_faults.sh: `plankmap run` under the faults of shared machines, and
# its determinism:
# - the same scenario run twice, on two threads (--threads 2, and two
#   OpenBLAS threads) and on one, gives the same data files (tests/compare_runs.sh: every NetCDF
#   variable and attribute but the moment of the run, every table);
# - a run killed with SIGKILL in each stage (grid, fit, predict, figures)
#   leaves every output readable, and the next run restores the last
#   complete outputs, sweeps the killed run's files and reuses every stage;
# - an output folder that is read-only, from the start or from the middle
#   of the run (a read-only bind mount in a mount namespace of its own,
#   where the system allows one), is exit status 4 naming what could not
#   be written, and the next run finds the last complete outputs;
# - an output folder on a disk that fills up (a small tmpfs in such a
#   namespace) is exit status 4 too, and keeps the last complete outputs.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

# The demo with one prediction layer, in folder $1 (configs/run.cfg, and
# configs/coarse.cfg at 2 degrees, which runs every stage again).
scenario() {
  mkdir -p "$1/configs" || exit 1
  sed "s|\"../data/|\"$top_srcdir/data/|g" "$top_srcdir/configs/demo.cfg" |
    sed 's|depth_edges = \[ 0.0, 50.0, 100.0, 200.0, 500.0, 1000.0 \];\(.*\)months|depth_edges = [ 0.0, 100.0 ];\1months|' \
      >"$1/configs/run.cfg"
  sed 's/  resolution = 1.0;/  resolution = 2.0;/' "$1/configs/run.cfg" \
    >"$1/configs/coarse.cfg"
}
scenario "$WORK/a"
scenario "$WORK/b"
OUT="$WORK/a/plankmap-demo"
cd "$WORK/a" || exit 1

# Every file of the output folder with its checksum.
listing() { (cd "$OUT" && find . -type f | LC_ALL=C sort | xargs sha256sum); }

# --- determinism ----------------------------------------------------------
ok "a run on two threads and with two OpenBLAS threads" env OPENBLAS_NUM_THREADS=2 \
  "$PLANKMAP" run --quiet --threads 2 configs/run.cfg
ok "the same run on one thread, in another folder" sh -c \
  "cd '$WORK/b' && OPENBLAS_NUM_THREADS=1 '$PLANKMAP' run --quiet --threads 1 configs/run.cfg"
ok "the two runs' data files are the same" \
  env NCDUMP="$NCDUMP" sh "$top_srcdir/tests/compare_runs.sh" "$OUT" \
  "$WORK/b/plankmap-demo"
listing >"$WORK/complete"

# --- SIGKILL in each stage -------------------------------------------------
# started CONFIG: runs it in the background (pid in $PID, log in $WORK/log).
started() {
  "$PLANKMAP" run "$1" >/dev/null 2>"$WORK/log" &
  PID=$!
}
# kill_when STAGE TEST...: kills the run once TEST holds, while it runs.
kill_when() {
  stage=$1; shift
  while kill -0 "$PID" 2>/dev/null && ! "$@"; do sleep 0.05; done
  if kill -9 "$PID" 2>/dev/null; then
    wait "$PID"
    tap_report 0 "a run killed in its $stage stage"
  else
    wait "$PID"
    tap_report 1 "a run killed in its $stage stage"
    echo "# the run ended before it was killed"
  fi
}
# The run's log holds the fixed string $1.
logged() { grep -qF -- "$1" "$WORK/log"; }
# What every killed run must leave.
after_kill() {
  bad=0
  for f in "$OUT"/*.nc; do "$NCDUMP" -h "$f" >/dev/null 2>&1 || bad=1; done
  ok "$1: every NetCDF output still opens" test "$bad" = 0
  ok "$1: the next run" "$PLANKMAP" run configs/run.cfg
  holds "$1: the next run reuses every stage" "$WORK/err" "figures  reused"
  listing >"$WORK/now"
  ok "$1: and the outputs are the last complete run's" \
    cmp "$WORK/complete" "$WORK/now"
  ok "$1: no temporary file or snapshot is left" sh -c \
    "! find '$OUT' -name '*.tmp-*' -o -name .plankmap-previous | grep -q ."
}

started configs/coarse.cfg
kill_when grid test -d "$OUT/.plankmap-previous"
after_kill "killed in the grid stage"
started configs/coarse.cfg
kill_when fit logged "model particles: fitting"
after_kill "killed in the fit stage"
started configs/coarse.cfg
kill_when predict logged "wrote plankmap-demo/maps_baseline.nc"
after_kill "killed in the predict stage"
started configs/coarse.cfg
kill_when figures logged "plankmap validate: wrote"
after_kill "killed in the figures stage"

# --- a read-only output folder ---------------------------------------------
# namespaced SCRIPT: SCRIPT run by sh in a mount namespace of its own (it
# ends with it), where the output folder is a bind mount of itself that
# `mount -o remount,bind,ro` makes read-only.
namespaced() {
  unshare -m sh -c "mount --bind '$OUT' '$OUT' && $1"
}
RO="mount -o remount,bind,ro '$OUT'"
if namespaced "$RO" 2>/dev/null; then
  namespaced "$RO && '$PLANKMAP' run configs/coarse.cfg" >/dev/null 2>"$WORK/log"
  status=$?
  tap_report "$([ "$status" -eq 4 ] && logged "plankmap-demo/.plankmap-previous: Read-only file system"; echo $?)" \
    "a read-only output folder: exit 4 naming it (exit $status)"
  listing >"$WORK/now"
  ok "and the outputs are the last complete run's" cmp "$WORK/complete" "$WORK/now"
  namespaced "'$PLANKMAP' run configs/coarse.cfg & p=\$!; \
    while kill -0 \$p 2>/dev/null && ! grep -qF 'model particles: fitting' '$WORK/log'; \
    do sleep 0.05; done; $RO; wait \$p" >/dev/null 2>"$WORK/log"
  status=$?
  tap_report "$([ "$status" -eq 4 ] && logged "Read-only file system"; echo $?)" \
    "an output folder made read-only in the fit stage: exit 4 (exit $status)"
  grep -F "Read-only" "$WORK/log" | sed 's/^/# /' | head -3
  after_kill "read-only from the fit stage on"
  # A full disk: the outputs copied onto a tmpfs with 256 KiB to spare,
  # mounted over the output folder, and the run's status and the folder's
  # checksums taken before the namespace ends.
  kb=$(($(du -sk "$OUT" | cut -f1) + 256))
  mkdir -p "$WORK/small"
  namespaced "mount -t tmpfs -o size=${kb}k tmpfs '$WORK/small' && \
    cp -a '$OUT/.' '$WORK/small/' && mount --bind '$WORK/small' '$OUT' && \
    { '$PLANKMAP' run configs/coarse.cfg >/dev/null; echo \$? >'$WORK/status'; \
      cd '$OUT' && find . -type f | LC_ALL=C sort | xargs sha256sum \
      >'$WORK/now'; }" 2>"$WORK/log"
  status=$(cat "$WORK/status" 2>/dev/null)
  tap_report "$([ "${status:-0}" -eq 4 ] && logged "No space left on device"; echo $?)" \
    "a full output folder (tmpfs): exit 4 naming the file (exit ${status:-none})"
  grep -F "No space" "$WORK/log" | sed 's/^/# /' | head -3
  ok "and the outputs on it are the last complete run's" \
    cmp "$WORK/complete" "$WORK/now"
else
  tap_n=$((tap_n + 1))
  echo "ok $tap_n # SKIP no mount namespace here (unshare -m)"
fi

done_testing
