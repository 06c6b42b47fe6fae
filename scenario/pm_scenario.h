/* pm_scenario.h: the scenario file, one libconfig file that describes a run.
 *
 * pm_scenario_load() reads and validates the whole file before any work
 * starts: unknown settings (with the nearest known name suggested), wrong
 * types and out-of-range values are errors naming the file, the line and the
 * setting.  Relative paths of inputs are taken from the config file's folder;
 * `output_dir` from the working directory.  configs/demo.cfg documents every
 * setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SCENARIO_H
#define PM_SCENARIO_H

#include <stddef.h>

#include "pm_filter.h"
#include "pm_grid.h"
#include "pm_read.h"

/* Where a source's inputs were named in the file, for messages about them:
 * "demo.cfg:9: observations[0].files[2]". */
typedef struct {
  char *source;       /* "demo.cfg:5: observations[0]" */
  char **files;       /* one per file of the source (after glob expansion) */
  char *metadata;     /* NULL when the source has none */
  char *volume_table; /* NULL when the source has none */
  char *columns;      /* format table: its `columns` group, else NULL */
} pm_scenario_where;

typedef struct {
  char *path; /* the config file */
  char *text; /* its full text (written into every output) */
  char *output_dir;
  pm_obs_source *sources;
  pm_scenario_where *where; /* one per source */
  size_t n_sources;
  pm_filter filter;
  pm_grid_spec grid;
} pm_scenario;

int pm_scenario_load(pm_scenario **sc, const char *path);
void pm_scenario_free(pm_scenario *sc);

/* Every input the scenario names exists, is a readable regular file, and
 * has the columns its reader needs (headers only; nothing is written). */
int pm_scenario_check_inputs(const pm_scenario *sc);

#endif
