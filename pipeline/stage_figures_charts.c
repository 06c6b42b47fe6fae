/* stage_figures_charts.c: the figures stage's partial effects of each
 * model (a GAM's terms, boosted trees' partial dependence) and the
 * validation chart (when `plankmap validate` has written validation.tsv).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "stage_figures.h"
#include "pm_error.h"
#include "pm_plot_charts.h"
#include "pm_slice.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define UNITS_MAX 128

/* The units of covariate c as the formulas see it: its field's units
 * attribute wrapped in its transform ("log(mg m-3)"), m for a mixed-layer
 * depth; "" where unknown.  A field that cannot be opened now (it was
 * read by the run's earlier stages) leaves the axis its name alone: a
 * label is no reason to fail the figures. */
static void covariate_units(const pm_scenario_covariate *c, char *buf)
{
  static const char *const wrap[] = {"%s", "log(%s)", "log10(%s)",
                                     "sqrt(%s)"};
  pm_slice_var *v = NULL;
  const char *u = "";

  buf[0] = '\0';
  if (c->derived != PM_DERIVED_NONE)
    u = "m";
  else if (c->field.file &&
           pm_slice_open(&v, c->field.file, c->field.variable) != PM_SUCCESS)
    pm_error_clear();
  else if (v)
    u = pm_slice_units(v);
  if (*u) snprintf(buf, UNITS_MAX, wrap[c->transform], u);
  pm_slice_close(v);
}

int pm_pipeline_figures_partial(pm_pipeline_figures *f)
{
  char model[4096], stem[512], *path = NULL, (*text)[UNITS_MAX];
  size_t i, nc = f->sc->n_covariates;
  pm_plot_covariate_units *units = calloc(nc + 1, sizeof *units);
  int status = PM_SUCCESS;

  if (!units || !(text = calloc(nc + 1, sizeof *text))) {
    free(units);
    return pm_error_nomem();
  }
  for (i = 0; i < nc; i++) {
    covariate_units(&f->sc->covariates[i], text[i]);
    units[i].name = f->sc->covariates[i].name;
    units[i].units = text[i];
  }
  for (i = 0; i < f->sc->n_models && !status; i++) {
    pm_run_file_format(model, sizeof model, f->dir, PM_RUN_MODEL,
                       f->sc->models[i].name);
    snprintf(stem, sizeof stem, "partial_%s", f->sc->models[i].name);
    if ((status = pm_pipeline_figure_path(f, stem, &path))) break;
    if (!(status = pm_plot_partial_units(path, &f->spec, model, NULL, units,
                                         nc)))
      f->n_written++;
    free(path);
    path = NULL;
  }
  free(units);
  free(text);
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
