# cli/: the plankmap program: arguments, calls of the library, printing.
plankmap_SOURCES += cli/pm_cli.h cli/common.c cli/progress.c \
  cli/cmd_grid.c cli/cmd_check.c cli/cmd_info.c cli/info_table.c \
  cli/cmd_fit.c \
  cli/cmd_summary.c cli/cmd_predict.c cli/cmd_run.c cli/cmd_simulate.c cli/cmd_validate.c \
  cli/command_text.c cli/cmd_flux.c cli/cmd_plot.c cli/plot_figure.h cli/plot_charts.c
