/* simulate_run.c: `plankmap simulate` from end to end: the draws, their
 * table, the truth's maps and totals, the classifier's matrix, and last
 * the scenarios that name them, all in <output_dir>/simulated/.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "simulate.h"
#include "pm_error.h"
#include "pm_output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void summarise(const pm_pipeline_simulated *v,
                      pm_pipeline_simulation *out)
{
  size_t i;

  memset(out, 0, sizeof *out);
  out->n_samples = v->n;
  out->n_dropped = v->n_dropped;
  out->predicted_total = v->predicted ? 0 : NAN;
  for (i = 0; i < v->n; i++) {
    out->mean_total += v->mean[i];
    out->draw_total += v->carbon ? v->carbon[i] : v->count[i];
    if (v->predicted)
      out->predicted_total += v->predicted[v->column * v->n + i];
  }
}

int pm_pipeline_simulate(const pm_scenario *sc, const pm_pipeline_opts *opt,
                         pm_pipeline_simulation *out)
{
  pm_pipeline_simulated v;
  size_t size = strlen(sc->output_dir) + 32;
  char *dir = malloc(size), *table = malloc(size + 32);
  int status;

  memset(out, 0, sizeof *out);
  if (!dir || !table) {
    free(dir);
    free(table);
    return pm_error_nomem();
  }
  snprintf(dir, size, "%s/simulated", sc->output_dir);
  snprintf(table, size + 32, "%s/observations.csv", dir);
  status = pm_pipeline_simulate_draw(sc, opt, &v);
  if (!status) status = pm_mkdirs(dir);
  if (!status) status = pm_pipeline_simulated_write(sc, &v, table);
  if (!status) status = pm_pipeline_simulated_truth(sc, opt, &v, dir);
  if (!status && v.confusion)
    status = pm_pipeline_simulated_confusion(&v, dir);
  if (!status) status = pm_pipeline_simulated_config(sc, dir);
  if (!status) summarise(&v, out);
  pm_pipeline_simulated_free(&v);
  free(dir);
  free(table);
  return status;
}
