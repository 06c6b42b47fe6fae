/* stage_figures.c: the figures stage of `plankmap run`: the kinds of
 * figure, one function each, drawn in the order of the list below.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "stage_figures.h"
#include "pm_error.h"
#include "pm_output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const pm_pipeline_figure_kind kinds[] = {
    pm_pipeline_figures_maps,
    pm_pipeline_figures_differences,
    pm_pipeline_figures_partial,
    pm_pipeline_figures_validation,
};

/* The file of model m's maps for scenario `scn` ("baseline" or a case). */
static void maps_file(const pm_pipeline_figures *f, const pm_scenario_model *m,
                      const char *scn, char *buf, size_t size)
{
  pm_run_file_format(buf, size, f->dir,
                     m->response.kind == PM_RESPONSE_FLUX ? PM_RUN_FLUX_MAPS
                                                          : PM_RUN_MAPS,
                     scn);
}

/* The map of model m's mean in scenario `scn` (minus the baseline when
 * `diff`) at depth `depth` (NAN: the first level of the maps), its
 * extrapolated cells lightened and the run's sampling sites (the cells of
 * observations.nc that hold a sample) dotted. */
static void map_spec(const pm_pipeline_figures *f, const pm_scenario_model *m,
                     const char *scn, double depth, int diff,
                     pm_plot_map_spec *spec, char file[4096], char base[4096],
                     char variable[512], char sites[4096])
{
  memset(spec, 0, sizeof *spec);
  pm_run_file_format(sites, 4096, f->dir, PM_RUN_OBSERVATIONS, NULL);
  spec->sites = sites;
  maps_file(f, m, scn, file, 4096);
  maps_file(f, m, "baseline", base, 4096);
  snprintf(variable, 512, "%s_mean", m->name);
  spec->file = file;
  spec->variable = variable;
  spec->minus = diff ? base : NULL;
  spec->depth = depth;
  spec->projection = f->sc->figures.projection;
  spec->min = spec->max = NAN;
}

/* 1 when v[d] is one of v[0 .. d-1]. */
static int seen(const double *v, size_t d)
{
  size_t k;

  for (k = 0; k < d; k++)
    if (v[k] == v[d]) return 1;
  return 0;
}

/* Model m's maps in scenario `scn` at the figures group's depths (none
 * given: the first level).  Each is named after the depth of the level
 * drawn, the nearest the file has, and a level is drawn once even when
 * several depths are nearest to it. */
static int model_maps(pm_pipeline_figures *f, const pm_scenario_model *m,
                      const char *scn, int diff)
{
  const pm_scenario_figures *g = &f->sc->figures;
  char file[4096], base[4096], variable[512], stem[512], sites[4096];
  char *path = NULL;
  size_t d, nd = g->n_depths ? g->n_depths : 1;
  double *drawn = malloc(nd * sizeof *drawn);
  pm_plot_map_spec spec;
  int status = drawn ? PM_SUCCESS : pm_error_nomem();

  for (d = 0; d < nd && !status; d++) {
    map_spec(f, m, scn, g->n_depths ? g->depths[d] : NAN, diff, &spec, file,
             base, variable, sites);
    if ((status = pm_plot_map_depth(&spec, &drawn[d]))) break;
    if (seen(drawn, d)) continue; /* that level is drawn already */
    if (isfinite(drawn[d]))
      snprintf(stem, sizeof stem, "%s_%s_%s_%gm", diff ? "diff" : "map",
               m->name, scn, drawn[d]);
    else
      snprintf(stem, sizeof stem, "%s_%s_%s", diff ? "diff" : "map", m->name,
               scn);
    if ((status = pm_pipeline_figure_path(f, stem, &path))) break;
    if (!(status = pm_plot_map(path, &f->spec, &spec))) f->n_written++;
    free(path);
    path = NULL;
  }
  free(drawn);
  return status;
}

/* Every model and scenario (from `first`: 0 with the baseline). */
static int all_maps(pm_pipeline_figures *f, size_t first, int diff)
{
  const pm_scenario *sc = f->sc;
  size_t i, k;
  int status = PM_SUCCESS;

  for (i = 0; i < sc->n_models && !status; i++)
    for (k = first; k <= sc->n_cases && !status; k++)
      status = model_maps(f, &sc->models[i],
                          k ? sc->cases[k - 1].name : "baseline", diff);
  return status;
}

int pm_pipeline_figures_maps(pm_pipeline_figures *f) { return all_maps(f, 0, 0); }

/* Scenario minus baseline, through the `minus` of the map (a diverging
 * colour map centred on zero). */
int pm_pipeline_figures_differences(pm_pipeline_figures *f)
{
  return all_maps(f, 1, 1);
}

int pm_pipeline_stage_figures(const pm_scenario *sc, const pm_pipeline_opts *opt,
                         const char *dir)
{
  pm_pipeline_figures f;
  char *figdir = pm_run_file_path(dir, PM_RUN_FIGURES, NULL);
  size_t i;
  int status = PM_SUCCESS;

  if (!figdir) return pm_error_nomem();
  memset(&f, 0, sizeof f);
  f.sc = sc;
  f.dir = dir;
  f.figdir = figdir;
  f.spec.width_mm = sc->figures.width_mm;
  f.spec.dpi = sc->figures.dpi;
  status = pm_mkdirs(figdir);
  for (i = 0; i < sizeof kinds / sizeof kinds[0] && !status; i++)
    status = kinds[i](&f);
  if (status)
    pm_error_prefix(status, "%s", sc->figures.where);
  else
    pm_pipeline_note(opt, "figures: %zu in %s\n", f.n_written, figdir);
  free(figdir);
  return status;
}
