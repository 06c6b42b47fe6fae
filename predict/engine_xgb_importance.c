/* engine_xgb_importance.c: the importance of a covariate in a tree
 * ensemble, for the weights of its area of applicability (pm_aoa.h): the
 * mean total gain of the feature that is that covariate, or, for a
 * covariate the trees see only through an expression (log(chl)), the mean
 * gain of all features.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"

#include <string.h>

double pm_engine_xgb_importance(const pm_engine *e, const char *column)
{
  const xgb_state *s = e->state;
  double mean = 0;
  size_t j;

  for (j = 0; j < s->nfeatures; j++) {
    if (!strcmp(s->feature_names[j], column)) return s->gain[j];
    mean += s->gain[j] / (double)s->nfeatures;
  }
  return mean;
}
