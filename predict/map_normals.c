/* map_normals.c: the standard normal deviates of the posterior draws.
 *
 * Kept apart from the algebra: GSL's headers redeclare the CBLAS types.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "mapper_internal.h"
#include "pm_error.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

int pm_map_normals(unsigned long seed, size_t p, size_t ndraws, double *Z)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  size_t i, k;

  if (!r) return pm_error_nomem();
  gsl_rng_set(r, seed);
  /* the ziggurat method (Marsaglia & Tsang 2000, J. Stat. Softw. 5(8)) */
  for (k = 0; k < ndraws; k++)
    for (i = 0; i < p; i++) Z[i * ndraws + k] = gsl_ran_gaussian_ziggurat(r, 1);
  gsl_rng_free(r);
  return PM_SUCCESS;
}
