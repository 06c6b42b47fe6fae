/* stage_figures_charts.c: the figures stage's partial effects of each
 * model and the validation chart (when `plankmap validate` has written
 * validation.tsv).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "stage_figures.h"
#include "pm_error.h"
#include "pm_plot_charts.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int pm_pipeline_figures_partial(pm_pipeline_figures *f)
{
  char model[4096], stem[512], *path = NULL;
  size_t i;
  int status = PM_SUCCESS;

  for (i = 0; i < f->sc->n_models && !status; i++) {
    pm_run_file_format(model, sizeof model, f->dir, PM_RUN_MODEL,
                       f->sc->models[i].name);
    snprintf(stem, sizeof stem, "partial_%s", f->sc->models[i].name);
    if ((status = pm_pipeline_figure_path(f, stem, &path))) break;
    if (!(status = pm_plot_partial(path, &f->spec, model, NULL)))
      f->n_written++;
    free(path);
    path = NULL;
  }
  return status;
}

int pm_pipeline_figures_validation(pm_pipeline_figures *f)
{
  char tsv[4096], *path = NULL;
  int status;

  pm_run_file_format(tsv, sizeof tsv, f->dir, PM_RUN_VALIDATION, NULL);
  if (access(tsv, R_OK) != 0) return PM_SUCCESS; /* not validated yet */
  if ((status = pm_pipeline_figure_path(f, "validation", &path))) return status;
  if (!(status = pm_plot_validation(path, &f->spec, f->dir))) f->n_written++;
  free(path);
  return status;
}
