/* model_draws.c: the draws of a fitted model's coefficients for its maps:
 * the cluster bootstrap's refits kept in the model file, else posterior
 * draws with the model's seed and count.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "stage_predict.h"

#include <stdio.h>

int pm_pipeline_model_draws(const pm_pipeline_fitted *f, pm_draws **d, char *interval,
                       size_t size)
{
  const pm_model *model = f->model;

  if (model->nbootstrap) {
    snprintf(interval, size, "cluster bootstrap, %zu refits",
             model->nbootstrap);
    return pm_draws_from_matrix(d, model->bootstrap, model->fit->p,
                                model->nbootstrap, model->bootstrap_seed);
  }
  snprintf(interval, size, "posterior simulation, %zu draws", f->spec->draws);
  return pm_draws_alloc(d, model->fit, f->spec->draws, f->spec->seed);
}
