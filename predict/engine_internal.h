/* engine_internal.h: what every engine's file sees of a pm_engine.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_ENGINE_INTERNAL_H
#define PM_ENGINE_INTERNAL_H

#include "pm_engine.h"
#include "pm_formula.h"

struct pm_engine {
  const pm_engine_type *type;
  pm_family family;      /* set by the engine's setup and read: the family
                            with its link and parameters */
  const char *formula;   /* likewise: the formula text */
  pm_engine_summary summary; /* set by read */
  pm_model_ranges ranges; /* likewise: the covariates' fitted ranges */
  size_t nmembers;       /* set by the engine's members */
  unsigned long seed;    /* likewise: the seed they were made with */
  void *state;           /* the engine's own */
  pm_frame *table;       /* a table given to it (pm_engine_fit_release) */
};

/* What a model file keeps of the fitted table (pm_model_ranges;
 * predict/engine_covariates.c): the numeric columns the formula reads as
 * covariates (not the response, not the sampled volume of the offset:
 * factors have levels, not ranges), their ranges over the table and a
 * sample of its rows (pm_partial_sample_rows; nsample x n, row-major).
 * The names are the formula's.  Free with pm_engine_covariates_free, also
 * on error. */
typedef struct {
  size_t n, nsample;
  const char **names;
  double *lo, *hi, *sample;
} pm_engine_covariates;

int pm_engine_covariates_take(const pm_formula *formula,
                              const pm_frame *frame, pm_engine_covariates *c);
void pm_engine_covariates_free(pm_engine_covariates *c);

#endif
