#!/bin/sh
# api_run.sh: the demo scenario run through the public library API alone
# (tests/run_scenario.c, linked with libplankmap only) gives the same
# outputs as `plankmap run`, and a second run reuses every stage.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

RUN="$top_builddir/tests/run_scenario"
DEMO="$top_srcdir/configs/demo.cfg"

mkdir -p "$WORK/api" "$WORK/cli"
ok "the demo runs through the library API" "$RUN" "$DEMO" "$WORK/api/plankmap-demo"
cp "$WORK/out" "$WORK/first"
for s in grid flux fit predict validate figures; do
  holds "the $s stage ran" "$WORK/first" "stage $s ran"
done
ok "the global particle total lies inside its 95% interval" awk '
  $1 == "total" && $2 == "particles" && $3 == "total" && $4 > 0 &&
  $5 <= $4 && $4 <= $6 { found = 1 } END { exit !found }' "$WORK/first"
ok "export through 100 m is within 0.1-10 Pg C per year" awk '
  $1 == "total" && $2 == "poc_flux" && $3 == "export_100m" && $4 > 0.1 &&
  $4 < 10 { found = 1 } END { exit !found }' "$WORK/first"

(cd "$WORK/cli" && "$PLANKMAP" run --quiet "$DEMO") >"$WORK/out" 2>"$WORK/err"
tap_report $? "plankmap run on the demo"
ok "the library run and plankmap run write the same outputs" \
  sh "$top_srcdir/tests/compare_runs.sh" "$WORK/api/plankmap-demo" "$WORK/cli/plankmap-demo"

ok "a second run" "$RUN" "$DEMO" "$WORK/api/plankmap-demo"
for s in grid flux fit predict validate figures; do
  holds "the $s stage is reused" "$WORK/out" "stage $s reused"
done
done_testing
