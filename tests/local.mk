# tests/: one TAP test program per module, and end-to-end tests of the
# command line on real data.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/autotools/build-aux/tap-driver.sh
TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = \
  top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
  top_builddir='$(abs_top_builddir)'; export top_builddir; \
  PLANKMAP='$(abs_top_builddir)/plankmap'; export PLANKMAP; \
  NCDUMP='$(NCDUMP)'; export NCDUMP;
EXTRA_DIST += tests/pm_test.h tests/tap.sh

# common
check_PROGRAMS += tests/test_text tests/test_obs
TESTS += tests/test_text tests/test_obs
tests_test_text_LDADD = libplankmap.la
tests_test_obs_LDADD = libplankmap.la

# EcoPart readers
check_PROGRAMS += tests/test_ecopart
TESTS += tests/test_ecopart
tests_test_ecopart_LDADD = libplankmap.la
# (end EcoPart readers)

# EcoTaxa and generic table readers
check_PROGRAMS += tests/test_ecotaxa tests/test_table
TESTS += tests/test_ecotaxa tests/test_table
tests_test_ecotaxa_LDADD = libplankmap.la
tests_test_table_LDADD = libplankmap.la
EXTRA_DIST += tests/data/ecotaxa/make_from_zoo_raw.sh \
  tests/data/ecotaxa/bats361_ecotaxa.tsv tests/data/ecotaxa/bats361_volumes.tsv \
  tests/data/ecotaxa/net_ecotaxa.tsv \
  tests/data/table/make_from_zoo_raw.sh tests/data/table/bats361_ctd12_bins.csv \
  tests/data/PROVENANCE.md
# (end EcoTaxa and generic table readers)

# grid, binning, CF NetCDF
check_PROGRAMS += tests/test_grid tests/test_bin tests/test_ncwrite \
  tests/test_sha256
TESTS += tests/test_grid tests/test_bin tests/test_ncwrite tests/test_sha256
tests_test_grid_LDADD = libplankmap.la $(PM_DEPS_LIBS)
tests_test_bin_LDADD = libplankmap.la $(PM_DEPS_LIBS)
tests_test_ncwrite_LDADD = libplankmap.la $(PM_DEPS_LIBS)
tests_test_sha256_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end grid, binning, CF NetCDF)

# scenario config
check_PROGRAMS += tests/test_scenario
TESTS += tests/test_scenario
tests_test_scenario_LDADD = libplankmap.la
# (end scenario config)

# command line
TESTS += tests/cli_grid.sh tests/cli_check_info.sh
EXTRA_DIST += tests/cli_grid.sh tests/cli_check_info.sh
# (end command line)
