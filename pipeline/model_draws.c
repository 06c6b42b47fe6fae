/* model_draws.c: the members of a fitted model's maps: the cluster
 * bootstrap's refits kept in the model file, else posterior draws with the
 * model's seed and count (the engine's choice, pm_engine_members).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "stage_predict.h"

int pm_pipeline_model_draws(const pm_pipeline_fitted *f, char *interval,
                            size_t size)
{
  return pm_engine_members(f->engine, f->spec->draws, f->spec->seed,
                           interval, size);
}
