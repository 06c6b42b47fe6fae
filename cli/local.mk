# cli/: the plankmap program.
plankmap_SOURCES += cli/pm_cli.h cli/common.c cli/progress.c \
  cli/stage_grid.c cli/cmd_grid.c cli/cmd_check.c cli/cmd_info.c \
  cli/cmd_fit.c cli/cmd_summary.c cli/cmd_predict.c \
  cli/stage_fit.h cli/stage_fit.c cli/stage_fit_frame.c cli/flux_config.c \
  cli/flux_tables.c cli/stage_flux.c \
  cli/stage_predict.h cli/stage_predict.c cli/stage_predict_cov.c \
  cli/cmd_run.c cli/run_stamps.c cli/run_report.c \
  cli/cmd_validate.c cli/cmd_flux.c
