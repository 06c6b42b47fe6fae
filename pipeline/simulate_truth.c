/* simulate_truth.c: the maps and totals of the truth of a simulation, made
 * by the predict stage itself from the truth as a model named "truth", so
 * that they lie on the same grid, masks, layers and regions as the maps a
 * run on the virtual observations makes, and are compared cell by cell.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "simulate.h"
#include "pm_error.h"
#include "pm_run_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The truth as the spec of a model of counts of the virtual class. */
static void truth_spec(const pm_scenario *sc, const pm_engine *e,
                       pm_scenario_model *m, char **classes)
{
  memset(m, 0, sizeof *m);
  m->name = "truth";
  m->where = sc->simulate.where;
  m->response.kind = pm_pipeline_simulates_biomass(sc) ? PM_RESPONSE_BIOMASS
                                                      : PM_RESPONSE_CLASS;
  m->response.classes = classes;
  m->response.n_classes = 1;
  m->family = sc->simulate.family;
  m->frame = PM_FRAME_SAMPLES;
  m->draws = 2; /* the expression's members are identical */
  m->seed = sc->simulate.seed;
  m->engine = pm_engine_type_of(e)->name;
}

/* The scenario reduced to what maps the truth: no flux, rates or spectrum. */
static void maps_only(const pm_scenario *sc, pm_scenario *view)
{
  *view = *sc;
  view->n_rates = 0;
  view->rates = NULL;
  view->flux.spectrum_biovolume = NULL;
  view->flux.spectrum_slope = NULL;
}

/* Move DIR/<from> to DIR/<to>. */
static int move(const char *from, const char *dir, const char *to)
{
  size_t size = strlen(dir) + strlen(to) + 2;
  char *path = malloc(size);
  int status = PM_SUCCESS;

  if (!path) return pm_error_nomem();
  snprintf(path, size, "%s/%s", dir, to);
  if (rename(from, path) != 0)
    status = pm_error(PM_EIO, "cannot rename %s to %s", from, path);
  free(path);
  return status;
}

int pm_pipeline_simulated_truth(const pm_scenario *sc,
                                const pm_pipeline_opts *opt,
                                pm_pipeline_simulated *v, const char *dir)
{
  char *classes[1], *maps = NULL, *totals_path = NULL;
  pm_scenario_model spec;
  pm_pipeline_fitted fitted;
  pm_pipeline_total *totals = NULL;
  pm_scenario view;
  pm_pipeline_opts quiet;
  size_t nt = 0;
  int status;

  classes[0] = sc->simulate.class_name;
  truth_spec(sc, v->truth[0], &spec, classes);
  maps_only(sc, &view);
  memset(&fitted, 0, sizeof fitted);
  fitted.spec = &spec;
  fitted.engine = v->truth[0];
  /* the file the maps' provenance names */
  fitted.path = sc->simulate.truth_model ? sc->simulate.truth_model
                                         : sc->path;
  quiet = *opt; /* its notes would name maps_baseline.nc */
  quiet.note = NULL;
  status = pm_pipeline_stage_predict(&view, &fitted, 1, "baseline", &quiet,
                                     dir, &totals, &nt);
  if (!status) status = pm_pipeline_write_totals(dir, "baseline", totals, nt);
  maps = pm_run_file_path(dir, PM_RUN_MAPS, "baseline");
  totals_path = pm_run_file_path(dir, PM_RUN_TOTALS, "baseline");
  if (!status && (!maps || !totals_path)) status = pm_error_nomem();
  if (!status && !(status = move(maps, dir, "truth.nc")))
    status = move(totals_path, dir, "truth_totals.tsv");
  pm_pipeline_totals_free(totals, nt);
  free(maps);
  free(totals_path);
  return status;
}
