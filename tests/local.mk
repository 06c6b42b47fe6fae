# tests/: one TAP test program per module, and end-to-end tests of the
# command line on real data.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/autotools/build-aux/tap-driver.sh
TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = \
  top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
  top_builddir='$(abs_top_builddir)'; export top_builddir; \
  PLANKMAP='$(abs_top_builddir)/plankmap'; export PLANKMAP; \
  NCDUMP='$(NCDUMP)'; export NCDUMP; \
  NC_SAME='$(abs_top_builddir)/tests/nc_same'; export NC_SAME; \
  PLANKMAP_DATADIR='$(PM_SRC_DATADIR)'; export PLANKMAP_DATADIR;
EXTRA_DIST += tests/pm_test.h tests/pm_test_scenario.h tests/pm_test_fit.h \
  tests/pm_test_table.h \
  tests/tap.sh

# common
check_PROGRAMS += tests/test_text tests/test_obs
TESTS += tests/test_text tests/test_obs
tests_test_text_LDADD = libplankmap.la
tests_test_obs_LDADD = libplankmap.la
# gzip-compressed input (zlib writes the test files)
check_PROGRAMS += tests/test_gzip
TESTS += tests/test_gzip tests/cli_gzip.sh
tests_test_gzip_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# the UVP5 data set (format uvp5-dataset)
check_PROGRAMS += tests/test_uvp5_dataset
TESTS += tests/test_uvp5_dataset tests/cli_uvp5_dataset.sh
EXTRA_DIST += tests/cli_uvp5_dataset.sh
tests_test_uvp5_dataset_LDADD = libplankmap.la $(PM_DEPS_LIBS)
check_PROGRAMS += tests/test_uvp5_bats
TESTS += tests/test_uvp5_bats
tests_test_uvp5_bats_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/data/uvp5_dataset/make_from_ecopart_raw.sh \
  tests/data/uvp5_dataset/samples.tsv.gz \
  tests/data/uvp5_dataset/samples_volume.tsv.gz \
  tests/data/uvp5_dataset/objects.tsv.gz \
  tests/data/uvp5_dataset/properties_per_bin.tsv.gz
# virtual casts at the sites of a table (and the UVP5 index in data/)
check_PROGRAMS += tests/test_sites
TESTS += tests/test_sites
tests_test_sites_LDADD = libplankmap.la
EXTRA_DIST += tests/cli_gzip.sh

# EcoPart readers
check_PROGRAMS += tests/test_ecopart
TESTS += tests/test_ecopart
tests_test_ecopart_LDADD = libplankmap.la
# (end EcoPart readers)

# EcoTaxa and generic table readers
check_PROGRAMS += tests/test_ecotaxa tests/test_table tests/test_table_long
TESTS += tests/test_ecotaxa tests/test_table tests/test_table_long
tests_test_ecotaxa_LDADD = libplankmap.la
tests_test_table_LDADD = libplankmap.la
tests_test_table_long_LDADD = libplankmap.la
EXTRA_DIST += tests/data/ecotaxa/make_from_zoo_raw.sh \
  tests/data/ecotaxa/bats361_ecotaxa.tsv tests/data/ecotaxa/bats361_volumes.tsv \
  tests/data/ecotaxa/net_ecotaxa.tsv \
  tests/data/table/make_from_zoo_raw.sh tests/data/table/bats361_ctd12_bins.csv \
  tests/data/table/small_wide.csv tests/data/table/small_long.csv \
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

# scenario models
check_PROGRAMS += tests/test_scenario_models
TESTS += tests/test_scenario_models
tests_test_scenario_models_LDADD = libplankmap.la $(PM_DEPS_LIBS)
check_PROGRAMS += tests/test_scenario_flux
TESTS += tests/test_scenario_flux
tests_test_scenario_flux_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end scenario models)

# command line
TESTS += tests/cli_grid.sh tests/cli_check_info.sh tests/cli_table_long.sh \
  tests/cli_exit_status.sh
EXTRA_DIST += tests/cli_grid.sh tests/cli_check_info.sh \
  tests/cli_table_long.sh tests/cli_exit_status.sh

# the manual page names the options each command's --help prints
TESTS += tests/man_page.sh
EXTRA_DIST += tests/man_page.sh

# the folders follow the data flow (tests/layers.sh); comparing two run
# folders (tests/compare_runs.sh, used by hand and by the API test)
TESTS += tests/layers.sh
EXTRA_DIST += tests/layers.sh tests/compare_runs.sh
# (end command line)

# formulas, data tables, designs
check_PROGRAMS += tests/test_formula tests/test_frame tests/test_design
TESTS += tests/test_formula tests/test_frame tests/test_design
tests_test_formula_LDADD = libplankmap.la $(PM_DEPS_LIBS)
tests_test_frame_LDADD = libplankmap.la $(PM_DEPS_LIBS)
tests_test_design_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end formulas, data tables, designs)

# smooth bases
check_PROGRAMS += tests/test_smooth
TESTS += tests/test_smooth
tests_test_smooth_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/data/model/smooth/make_oracles.R \
  tests/data/model/smooth/data.csv \
  tests/data/model/smooth/new.csv \
  tests/data/model/smooth/cr_X.csv \
  tests/data/model/smooth/cr_P.csv \
  tests/data/model/smooth/cr_S1.csv \
  tests/data/model/smooth/cc_X.csv \
  tests/data/model/smooth/cc_P.csv \
  tests/data/model/smooth/cc_S1.csv \
  tests/data/model/smooth/ps_X.csv \
  tests/data/model/smooth/ps_P.csv \
  tests/data/model/smooth/ps_S1.csv \
  tests/data/model/smooth/re_X.csv \
  tests/data/model/smooth/re_S1.csv \
  tests/data/model/smooth/te_X.csv \
  tests/data/model/smooth/te_P.csv \
  tests/data/model/smooth/te_S1.csv \
  tests/data/model/smooth/te_S2.csv \
  tests/data/model/smooth/teps_X.csv \
  tests/data/model/smooth/teps_P.csv \
  tests/data/model/smooth/teps_S1.csv \
  tests/data/model/smooth/teps_S2.csv
check_PROGRAMS += tests/test_sos
TESTS += tests/test_sos
tests_test_sos_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end smooth bases)

# families
check_PROGRAMS += tests/test_family
TESTS += tests/test_family
tests_test_family_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/data/model/family/make_oracles.R \
  tests/data/model/family/unit.csv tests/data/model/family/link_mu.csv \
  tests/data/model/family/link_eta.csv tests/data/model/family/tweedie.csv \
  tests/data/model/family/ls.csv tests/data/model/family/theta_ml.csv \
  tests/data/model/family/tweedie_mp.py tests/data/model/family/tweedie_mp.csv
check_PROGRAMS += tests/test_family_draw
TESTS += tests/test_family_draw
tests_test_family_draw_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end families)

# smooth tests
check_PROGRAMS += tests/test_smooth_test
TESTS += tests/test_smooth_test
tests_test_smooth_test_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/data/model/smooth_test/make_oracles.R \
  tests/data/model/smooth_test/chisq_sum.txt \
  tests/data/model/smooth_test/liu.txt \
  tests/data/model/smooth_test/teststat.txt \
  tests/data/model/smooth_test/gam_binomial_cr.stemp.txt \
  tests/data/model/smooth_test/gam_binomial_cr.slogdepth.txt \
  tests/data/model/smooth_test/gam_binomial_cr.soxy.txt \
  tests/data/model/smooth_test/gam_tweedie_fixed_p.stemp.txt \
  tests/data/model/smooth_test/gam_tweedie_fixed_p.slogdepth.txt \
  tests/data/model/smooth_test/small_binomial.stemp.txt \
  tests/data/model/smooth_test/small_binomial.slon.txt \
  tests/data/model/smooth_test/small_binomial.slat.txt \
  tests/data/model/smooth_test/small_binomial.soxy.txt \
  tests/data/model/smooth_test/small_tweedie.soxy.txt \
  tests/data/model/smooth_test/small_tweedie.slon.txt \
  tests/data/model/smooth_test/small_tweedie.slat.txt \
  tests/data/model/smooth_test/small_tweedie.stemp.txt
# (end smooth tests)

# fitting
EXTRA_DIST += tests/data/model/tweedie_glm.R \
  tests/data/model/tweedie_glm.expected.json \
  tests/data/model/expected_counts.R \
  tests/data/model/expected_counts.csv \
  tests/data/model/expected_counts_poisson.expected.json \
  tests/data/model/expected_counts_negbin.expected.json \
  tests/data/model/expected_counts_glm_negbin.expected.json
check_PROGRAMS += tests/test_gam
TESTS += tests/test_gam
tests_test_gam_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# the same numbers on any number of threads
check_PROGRAMS += tests/test_threads
TESTS += tests/test_threads
tests_test_threads_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# thin-plate rows formed in blocks, as the spline written out row by row
check_PROGRAMS += tests/test_tp_rows
TESTS += tests/test_tp_rows
tests_test_tp_rows_LDADD = libplankmap.la $(PM_DEPS_LIBS)
check_PROGRAMS += tests/test_discrete
TESTS += tests/test_discrete
tests_test_discrete_LDADD = libplankmap.la $(PM_DEPS_LIBS)
check_PROGRAMS += tests/test_engine_release
TESTS += tests/test_engine_release
tests_test_engine_release_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end fitting)

# model file and fit/summary/predict commands
check_PROGRAMS += tests/test_model_file
TESTS += tests/test_model_file tests/cli_fit.sh tests/cli_fit_tp.sh \
  tests/cli_fit_by.sh tests/cli_fit_smooths.sh
tests_test_model_file_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/cli_fit.sh tests/cli_fit_tp.sh tests/cli_fit_by.sh tests/cli_fit_smooths.sh \
  tests/reference_checks.sh \
  tests/data/model/model_file.csv \
  tests/data/model/cyclic_knots.R tests/data/model/cyclic_knots.expected.json
# (end model file and fit/summary/predict commands)

# observation frames
check_PROGRAMS += tests/test_obs_frame
TESTS += tests/test_obs_frame
tests_test_obs_frame_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end observation frames)

# cross-validation
check_PROGRAMS += tests/test_cv
TESTS += tests/test_cv
tests_test_cv_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end cross-validation)

# boosted trees
check_PROGRAMS += tests/test_xgb tests/test_xgb_oracle tests/test_xgb_partial
TESTS += tests/test_xgb tests/test_xgb_oracle tests/test_xgb_partial \
  tests/cli_xgb.sh tests/cli_xgb_partial.sh
EXTRA_DIST += tests/cli_xgb.sh tests/cli_xgb_partial.sh
tests_test_xgb_oracle_LDADD = libplankmap.la $(PM_DEPS_LIBS)
tests_test_xgb_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# the area of applicability
check_PROGRAMS += tests/test_aoa
TESTS += tests/test_aoa tests/cli_aoa.sh
EXTRA_DIST += tests/cli_aoa.sh
tests_test_aoa_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# random forests (engine random_forest)
check_PROGRAMS += tests/test_rf
TESTS += tests/test_rf tests/cli_rf.sh
EXTRA_DIST += tests/cli_rf.sh
tests_test_rf_LDADD = libplankmap.la $(PM_DEPS_LIBS)
tests_test_xgb_partial_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end boosted trees)

# prediction maps
check_PROGRAMS += tests/test_mapper
TESTS += tests/test_mapper
tests_test_mapper_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end prediction maps)

# bootstrap
check_PROGRAMS += tests/test_bootstrap
TESTS += tests/test_bootstrap
tests_test_bootstrap_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end bootstrap)

# covariate fields
check_PROGRAMS += tests/test_field
TESTS += tests/test_field
tests_test_field_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end covariate fields)

# fit stage
check_PROGRAMS += tests/test_stage_fit
TESTS += tests/test_stage_fit
tests_test_stage_fit_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end fit stage)

# predict stage
check_PROGRAMS += tests/test_stage_predict
TESTS += tests/test_stage_predict
tests_test_stage_predict_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end predict stage)

# the recovery of a simulated truth
check_PROGRAMS += tests/test_recovery
TESTS += tests/test_recovery
tests_test_recovery_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end recovery)

# run command
TESTS += tests/cli_run.sh tests/run_safety.sh tests/run_faults.sh
EXTRA_DIST += tests/cli_run.sh tests/run_safety.sh tests/run_faults.sh
# (end run command)

# two NetCDF files compared value for value (tests/compare_runs.sh)
check_PROGRAMS += tests/nc_same
tests_nc_same_LDADD = $(PM_DEPS_LIBS)

# the ranks of an MPI job: alone, and under mpirun in cli_mpi.sh
check_PROGRAMS += tests/test_ranks
TESTS += tests/test_ranks tests/cli_mpi.sh
tests_test_ranks_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/cli_mpi.sh
# (end MPI)

# rates
check_PROGRAMS += tests/test_rates
TESTS += tests/test_rates
tests_test_rates_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/data/rates/carbon_override.tsv
# (end rates)

# rates in the pipeline
check_PROGRAMS += tests/test_rates_grid tests/test_scenario_rates
TESTS += tests/test_rates_grid tests/test_scenario_rates tests/cli_rates.sh
tests_test_rates_grid_LDADD = libplankmap.la $(PM_DEPS_LIBS)
tests_test_scenario_rates_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/cli_rates.sh
# (end rates in the pipeline)

# flux
check_PROGRAMS += tests/test_flux
TESTS += tests/test_flux tests/cli_flux.sh
tests_test_flux_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/cli_flux.sh
# (end flux)

# size-spectrum responses and the flux of the rebuilt spectrum
check_PROGRAMS += tests/test_spectrum
TESTS += tests/test_spectrum tests/cli_spectrum.sh
tests_test_spectrum_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/cli_spectrum.sh
# (end size-spectrum responses)

# validation
check_PROGRAMS += tests/test_validation
TESTS += tests/test_validation tests/cli_validate.sh
tests_test_validation_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/cli_validate.sh tests/data/validation/validate.cfg \
  tests/data/validation/totals.tsv tests/data/validation/maps.cdl \
  tests/data/validation/published_bad.tsv tests/data/validation/traps.csv
# (end validation)

# flux calibration against traps
check_PROGRAMS += tests/test_flux_calibration
TESTS += tests/test_flux_calibration tests/cli_flux_calibration.sh
tests_test_flux_calibration_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/cli_flux_calibration.sh
# (end flux calibration)

# per-cell horizons and mixed-layer depth
check_PROGRAMS += tests/test_mld
TESTS += tests/test_mld
tests_test_mld_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end per-cell horizons and mixed-layer depth)

# partial effects
check_PROGRAMS += tests/test_partial
TESTS += tests/test_partial
tests_test_partial_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/data/model/partial/make_oracle.R \
  tests/data/model/partial/partial.csv \
  tests/data/model/partial/partial.expected.csv
# (end partial effects)

# figures
check_PROGRAMS += tests/test_plot
TESTS += tests/test_plot
tests_test_plot_CFLAGS = $(AM_CFLAGS) $(PNG_CFLAGS)
tests_test_plot_LDADD = libplankmap.la $(PM_DEPS_LIBS) $(PNG_LIBS)
check_PROGRAMS += tests/test_scenario_figures tests/test_datadir \
  tests/png_pixel
TESTS += tests/test_scenario_figures tests/test_datadir tests/cli_plot.sh
tests_test_scenario_figures_LDADD = libplankmap.la $(PM_DEPS_LIBS)
tests_test_datadir_LDADD = libplankmap.la $(PM_DEPS_LIBS)
tests_png_pixel_CFLAGS = $(AM_CFLAGS) $(PNG_CFLAGS)
tests_png_pixel_LDADD = libplankmap.la $(PM_DEPS_LIBS) $(PNG_LIBS)
EXTRA_DIST += tests/cli_plot.sh tests/valgrind.supp tests/lsan.supp
# (end figures)

# virtual observations: the simulate and recovery groups, input_dir
check_PROGRAMS += tests/test_scenario_simulate
TESTS += tests/test_scenario_simulate
tests_test_scenario_simulate_LDADD = libplankmap.la $(PM_DEPS_LIBS)
# (end virtual observations)

# partial effects, profiles and validation charts
check_PROGRAMS += tests/test_plot_data
TESTS += tests/test_plot_data tests/cli_plot_more.sh
tests_test_plot_data_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/cli_plot_more.sh tests/data/plot/validation.tsv \
  tests/data/plot/validation_traps.tsv
# (end partial effects, profiles and validation charts)

# the fitted rows of each model (frame_<name>.tsv)
# (end the fitted rows of each model)

# the whole run through the public library API
check_PROGRAMS += tests/run_scenario
tests_run_scenario_LDADD = libplankmap.la
TESTS += tests/api_run.sh
EXTRA_DIST += tests/api_run.sh

# every allocation of the library failed in turn
check_PROGRAMS += tests/test_alloc_fail
TESTS += tests/test_alloc_fail
tests_test_alloc_fail_SOURCES = tests/test_alloc_fail.c tests/pm_alloc_fail.c \
  tests/pm_alloc_fail.h
tests_test_alloc_fail_LDADD = libplankmap.la $(PM_DEPS_LIBS) -ldl
# (end every allocation of the library failed in turn)
# `plankmap simulate` and the recovery of its truth
TESTS += tests/cli_simulate.sh
EXTRA_DIST += tests/cli_simulate.sh
# a virtual survey labelled by a classifier: naive and corrected runs
TESTS += tests/cli_simulate_classifier.sh
EXTRA_DIST += tests/cli_simulate_classifier.sh
# counts of predicted classes corrected with a confusion matrix
check_PROGRAMS += tests/test_confusion
TESTS += tests/test_confusion tests/cli_confusion.sh
tests_test_confusion_LDADD = libplankmap.la $(PM_DEPS_LIBS)
EXTRA_DIST += tests/cli_confusion.sh tests/data/confusion/three.tsv \
  tests/data/confusion/zero_row.tsv tests/data/confusion/singular.tsv
