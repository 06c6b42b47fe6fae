# pipeline/: the stages of a scenario run as library calls (grid, flux,
# fit, predict with rates, validate, figures), their stamps and the report.
libplankmap_la_SOURCES += pipeline/note.c pipeline/stage_grid.c \
  pipeline/stage_flux.c pipeline/flux_config.c pipeline/flux_tables.c \
  pipeline/flux_calibrate.c \
  pipeline/stage_fit.h pipeline/stage_fit.c pipeline/stage_fit_frame.c \
  pipeline/stage_fit_table.c pipeline/model_aoa.c \
  pipeline/paired_model.h pipeline/paired_model.c \
  pipeline/stage_predict.h pipeline/stage_predict.c \
  pipeline/stage_predict_cov.c pipeline/stage_predict_horizon.c \
  pipeline/stage_predict_att.c pipeline/blocks.c pipeline/tiles.c \
  pipeline/totals.c \
  pipeline/classification.c \
  pipeline/recovery.h pipeline/recovery.c pipeline/recovery_maps.c \
  pipeline/recovery_report.c \
  pipeline/figure_path.c pipeline/stage_rates.c pipeline/stage_spectrum.c \
  pipeline/model_draws.c \
  pipeline/provenance.c pipeline/model_ranges.c pipeline/run_inputs.c pipeline/run_snapshot.c pipeline/run_walk.h pipeline/run_walk.c pipeline/run_manifest.c \
  pipeline/run_stamps.c pipeline/run_report.c pipeline/run.c pipeline/stage_validate.c \
  pipeline/stage_figures.h pipeline/stage_figures.c \
  pipeline/stage_figures_charts.c
# `plankmap simulate`: virtual observations from a known truth
libplankmap_la_SOURCES += pipeline/simulate.h pipeline/simulate.c \
  pipeline/simulate_table.c pipeline/simulate_truth.c \
  pipeline/simulate_config.c pipeline/simulate_classifier.c \
  pipeline/simulate_run.c
pkginclude_HEADERS += pipeline/pm_pipeline.h
