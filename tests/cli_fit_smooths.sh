#!/bin/sh
# cli_fit_smooths.sh: `plankmap fit`, `summary`, `predict` and `plot partial`
# on the reference cases of mgcv's other smooths that the library tests
# (tests/test_gam.c) check and the other scripts do not: the default
# thin-plate s(x), the 2-D thin-plate smooth with the negative binomial,
# the shrinkage bases beside a cyclic one, and te() with a thin-plate
# margin.
# Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/reference_checks.sh"

PROFILES="$TDATA/model/reference/profiles.csv"
check_case gam_poisson_tp "$PROFILES" poisson 's(logdepth)' 's(lat)'
check_case gam_negbin_tp2d "$PROFILES" negbin 's(lon,lat)' 's(logdepth)'
check_case gam_poisson_shrink "$PROFILES" poisson 's(logdepth)' 's(lat)' \
  's(month)'
check_case gam_te_tp "$PROFILES" poisson 'te(lat,logdepth)' 's(temp)'

done_testing
