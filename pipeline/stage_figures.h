/* stage_figures.h: the figures stage of `plankmap run` (not installed).
 *
 * The stage draws every kind of figure of the run into
 * <output_dir>/figures/, one function per kind called from the list in
 * stage_figures.c; a kind adds its function there with one line.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_STAGE_FIGURES_H
#define PM_STAGE_FIGURES_H

#include "pm_pipeline.h"
#include "pm_plot.h"

/* What every kind of figure of a run reads. */
typedef struct {
  const pm_scenario *sc;
  const char *dir;     /* the run's output folder, with its NetCDF files */
  const char *figdir;  /* <dir>/figures, made before the kinds run */
  pm_figure_spec spec; /* width and dpi of the figures group */
  size_t n_written;    /* figures written so far */
} pm_pipeline_figures;

/* Draw one kind of figure of the run. */
typedef int (*pm_pipeline_figure_kind)(pm_pipeline_figures *f);

/* "<figdir>/<stem>.<format>", newly allocated. */
int pm_pipeline_figure_path(const pm_pipeline_figures *f, const char *stem,
                       char **path);

/* The kinds: a map per model, scenario and depth; a difference map
 * (scenario minus baseline) per model, scenario and depth. */
int pm_pipeline_figures_maps(pm_pipeline_figures *f);
int pm_pipeline_figures_differences(pm_pipeline_figures *f);
/* The partial effects of each model (partial_<model>); the validation
 * chart (validation) when the folder holds validation.tsv. */
int pm_pipeline_figures_partial(pm_pipeline_figures *f);
int pm_pipeline_figures_validation(pm_pipeline_figures *f);

/* Draw every kind of figure of scenario `sc` from the outputs in `dir`
 * (after the predict stage).  Errors name the figures group. */
int pm_pipeline_stage_figures(const pm_scenario *sc, const pm_pipeline_opts *opt,
                         const char *dir);

#endif
