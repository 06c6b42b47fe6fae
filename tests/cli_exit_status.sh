#!/bin/sh
# cli_exit_status.sh: the exit status policy of every command (0 success,
# 1 bad input, 2 usage, 3 numerical failure, 4 input/output) and the short
# form of usage errors: what is wrong, then where the help is.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"

# usage_error COMMAND... : `plankmap COMMAND --bogus` exits 2 with exactly
# the two lines "plankmap COMMAND: unknown option '--bogus'" and
# "see 'plankmap COMMAND --help'" (not the help page).
usage_error() {
  "$PLANKMAP" "$@" --bogus >"$WORK/out" 2>"$WORK/err"; got=$?
  printf "plankmap %s: unknown option '--bogus'\nsee 'plankmap %s --help'\n" "$*" "$*" >"$WORK/want"
  if [ "$got" = 2 ] && cmp -s "$WORK/want" "$WORK/err"; then tap_report 0 "$* --bogus: two lines, exit 2"; else
    tap_report 1 "$* --bogus: two lines, exit 2"; echo "# exit $got"; sed 's/^/# stderr: /' "$WORK/err" | head -5; fi
}
for c in grid check info run fit summary predict validate flux "plot map" \
  "plot section" "plot partial" "plot profile" "plot validation"; do
  # shellcheck disable=SC2086 # "plot map" is two words
  usage_error $c
done
fails_with "no command: one line and where the help is" 2 "see 'plankmap --help'" "$PLANKMAP"
ok "no command: not the help page" test "$(wc -l <"$WORK/err")" = 2
fails_with "missing operand" 2 "see 'plankmap grid --help'" "$PLANKMAP" grid
fails_with "fit: a missing option" 2 "plankmap fit: missing option --out" "$PLANKMAP" fit --data x.csv --formula 'y ~ x' --family poisson
ok "fit: a missing option in two lines" test "$(wc -l <"$WORK/err")" = 2
fails_with "plot: unknown kind" 2 "see 'plankmap plot --help'" "$PLANKMAP" plot mpa

# a missing input file is an input/output error (4) in every command
M="$WORK/missing"
fails_with "grid: missing config" 4 "$M.cfg" "$PLANKMAP" grid "$M.cfg"
fails_with "check: missing config" 4 "$M.cfg" "$PLANKMAP" check "$M.cfg"
fails_with "run: missing config" 4 "$M.cfg" "$PLANKMAP" run "$M.cfg"
fails_with "validate: missing config" 4 "$M.cfg" "$PLANKMAP" validate "$M.cfg"
fails_with "flux: missing config" 4 "$M.cfg" "$PLANKMAP" flux "$M.cfg"
fails_with "fit: missing table" 4 "$M.csv" "$PLANKMAP" fit --data "$M.csv" --formula 'y ~ x' --family poisson --out "$WORK/m.nc"
fails_with "predict: missing model" 4 "$M.nc" "$PLANKMAP" predict --model "$M.nc" --data "$M.csv" --out "$WORK/p.csv"
fails_with "info: missing file" 4 "$M.tsv" "$PLANKMAP" info "$M.tsv"
fails_with "summary: missing model" 4 "$M.nc" "$PLANKMAP" summary "$M.nc"
fails_with "plot map: missing file" 4 "$M.nc" "$PLANKMAP" plot map "$M.nc" T -o "$WORK/x.png"
sed "s|\"../data/|\"$top_srcdir/data/|g; s|_PAR_tara_148_00_a.tsv|_PAR_nothere.tsv|" \
  "$top_srcdir/configs/demo.cfg" >"$WORK/nodata.cfg"
fails_with "run: a missing data file" 4 "_PAR_nothere.tsv" "$PLANKMAP" run "$WORK/nodata.cfg"

# a file that opens but holds the wrong thing is bad input (1)
printf 'not a scenario {\n' >"$WORK/bad.cfg"
fails_with "run: a config that does not parse" 1 "bad.cfg" "$PLANKMAP" run "$WORK/bad.cfg"
printf 'a,b\n1,2\n' >"$WORK/table.nc"
fails_with "summary: a table named .nc" 1 "table.nc" "$PLANKMAP" summary "$WORK/table.nc"
fails_with "plot map: not NetCDF" 1 "table.nc" "$PLANKMAP" plot map "$WORK/table.nc" T -o "$WORK/x.png"
done_testing
