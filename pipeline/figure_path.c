/* figure_path.c: where a figure of the run goes.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "stage_figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pm_pipeline_figure_path(const pm_pipeline_figures *f, const char *stem,
                       char **path)
{
  size_t n = strlen(f->figdir) + strlen(stem) + strlen(f->sc->figures.format) + 3;

  if (!(*path = malloc(n))) return pm_error_nomem();
  snprintf(*path, n, "%s/%s.%s", f->figdir, stem, f->sc->figures.format);
  return PM_SUCCESS;
}
