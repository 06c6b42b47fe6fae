# cli/: the plankmap program.
plankmap_SOURCES += cli/pm_cli.h cli/common.c cli/progress.c
