# cli/: the plankmap program.
plankmap_SOURCES += cli/pm_cli.h cli/common.c cli/progress.c \
  cli/stage_grid.c cli/cmd_grid.c cli/cmd_check.c cli/cmd_info.c \
  cli/cmd_fit.c cli/cmd_summary.c cli/cmd_predict.c
