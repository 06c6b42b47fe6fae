/* model_draws.c: the members of a fitted model's maps: the cluster
 * bootstrap's refits kept in the model file, else posterior draws with the
 * model's seed and count (the engine's choice, pm_engine_members); and the
 * mapper of its predictions, whose members carry the uncertainty of a
 * correction for misclassification (pipeline/classification.c).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "stage_predict.h"

int pm_pipeline_model_draws(const pm_pipeline_fitted *f, char *interval,
                            size_t size)
{
  return pm_engine_members(f->engine, f->spec->draws, f->spec->seed,
                           interval, size);
}

int pm_pipeline_model_mapper(const pm_pipeline_fitted *f, size_t D,
                             unsigned long seed, size_t block,
                             pm_mapper **m)
{
  int status = pm_mapper_alloc_members(m, pm_engine_family(f->engine), D,
                                       seed, block);
  if (!status &&
      (status = pm_mapper_scale_members(*m, f->class_scale,
                                        f->n_class_scale))) {
    pm_mapper_free(*m);
    *m = NULL;
  }
  return status;
}
