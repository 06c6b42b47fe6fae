# cli/: the plankmap program.
plankmap_SOURCES += cli/pm_cli.h cli/common.c cli/progress.c \
  cli/stage_grid.c cli/cmd_grid.c cli/cmd_check.c cli/cmd_info.c \
  cli/cmd_fit.c cli/cmd_summary.c cli/cmd_predict.c \
  cli/stage_fit.h cli/stage_fit.c cli/stage_fit_frame.c cli/flux_config.c \
  cli/flux_tables.c cli/stage_flux.c \
  cli/stage_predict.h cli/stage_predict.c cli/stage_predict_cov.c \
  cli/cmd_run.c cli/run_stamps.c cli/run_report.c \
  cli/cmd_validate.c cli/cmd_flux.c

# per-cell export horizons
plankmap_SOURCES += cli/stage_predict_horizon.c cli/stage_predict_att.c
# (end per-cell export horizons)

# rates in the pipeline
plankmap_SOURCES += cli/model_draws.c cli/model_ranges.c cli/stage_rates.c
# (end rates in the pipeline)

# figures
plankmap_SOURCES += cli/cmd_plot.c cli/stage_figures.h cli/stage_figures.c
# (end figures)

# the fitted rows of each model (frame_<name>.tsv)
plankmap_SOURCES += cli/stage_fit_table.c
# (end the fitted rows of each model)

# partial effects, profiles and validation charts
plankmap_SOURCES += cli/plot_figure.h cli/plot_charts.c \
  cli/stage_figures_charts.c cli/model_write.c
# (end partial effects, profiles and validation charts)
