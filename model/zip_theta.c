/* zip_theta.c: estimating the two parameters of the zero-inflated Poisson
 * jointly with the smoothing parameters.
 *
 * mgcv's ziP() estimates theta = (theta_1, theta_2) by minimising the
 * Laplace approximate REML criterion over theta and rho together (Wood,
 * Pya & Saefken 2016, JASA 111:1548-1563, section 3).  The joint minimum
 * is the minimum over theta of the criterion already minimised over rho,
 * V*(theta) = min_rho V(rho, theta), which is minimised here by the
 * Nelder-Mead simplex (Nelder & Mead 1965, Computer Journal 7:308-313;
 * GSL's nmsimplex2), each evaluation warm-started from the last optimum
 * in rho.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"
#include "pm_error.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_vector.h>
#include <math.h>

/* The simplex starts with sides of 0.5 in theta (mgcv starts from
 * theta = (0, 0), its ini.theta) and stops when its size, the mean
 * distance of its vertices from their centre, is below 1e-5: theta is then
 * settled far below the 1% the estimate can be trusted to, and the
 * criterion, flat near its minimum, changes by far less than its
 * tolerance.  At most 400 iterations. */
#define PM_ZIP_SIMPLEX_STEP 0.5
#define PM_ZIP_SIMPLEX_TOL 1e-5
#define PM_ZIP_SIMPLEX_MAX_ITER 400
/* |theta| beyond 30 means a presence probability that is 0 or 1 to
 * rounding everywhere: such a point counts as infinitely bad. */
#define PM_ZIP_THETA_MAX 30.0

typedef struct {
  pm_smoothing *sm;
  int status;
} zip_search;

/* V*(theta): the REML criterion at its optimum in rho. */
static double profiled_score(const gsl_vector *x, void *arg)
{
  zip_search *zs = arg;
  pm_family *fam = &zs->sm->pirls->fam;
  double t0 = gsl_vector_get(x, 0), t1 = gsl_vector_get(x, 1);
  int status;

  if (zs->status != PM_SUCCESS) return GSL_NAN;
  if (!(fabs(t0) <= PM_ZIP_THETA_MAX && fabs(t1) <= PM_ZIP_THETA_MAX))
    return GSL_POSINF;
  fam->zip[0] = t0;
  fam->zip[1] = t1;
  status = pm_smoothing_optimize(zs->sm);
  /* a fit that fails far from the optimum is a bad point, not an error;
   * running out of memory (PM_EIO) ends the search */
  if (status == PM_EIO) zs->status = status;
  /* the next point starts afresh, not from a failed fit */
  if (status != PM_SUCCESS) zs->sm->pirls->started = 0;
  return status == PM_SUCCESS ? zs->sm->score : GSL_POSINF;
}

static int simplex(zip_search *zs, gsl_multimin_fminimizer *mz)
{
  int it, status = GSL_CONTINUE;

  for (it = 0; it < PM_ZIP_SIMPLEX_MAX_ITER && status == GSL_CONTINUE &&
               zs->status == PM_SUCCESS;
       it++) {
    if (gsl_multimin_fminimizer_iterate(mz) != GSL_SUCCESS) break;
    status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(mz),
                                    PM_ZIP_SIMPLEX_TOL);
  }
  if (zs->status != PM_SUCCESS) return zs->status;
  if (status != GSL_SUCCESS)
    return pm_error(PM_ENUMERIC,
                    "the zero-inflated Poisson parameters did not converge "
                    "(theta %g, %g); try a simpler model or the Poisson "
                    "family",
                    gsl_vector_get(mz->x, 0), gsl_vector_get(mz->x, 1));
  return PM_SUCCESS;
}

int pm_zip_theta_search(pm_smoothing *sm)
{
  zip_search zs = {sm, PM_SUCCESS};
  gsl_multimin_function F = {profiled_score, 2, &zs};
  gsl_multimin_fminimizer *mz =
      gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
  gsl_vector *x = gsl_vector_alloc(2), *step = gsl_vector_alloc(2);
  int status = mz && x && step ? PM_SUCCESS : pm_error_nomem();

  if (status == PM_SUCCESS) {
    gsl_vector_set_all(x, PM_ZIP_THETA_START);
    gsl_vector_set_all(step, PM_ZIP_SIMPLEX_STEP);
    if (gsl_multimin_fminimizer_set(mz, &F, x, step) != GSL_SUCCESS ||
        !isfinite(mz->fval))
      status = zs.status != PM_SUCCESS
                   ? zs.status
                   : pm_error(PM_ENUMERIC, "the zero-inflated Poisson fit "
                              "failed at its starting parameters");
  }
  if (status == PM_SUCCESS) status = simplex(&zs, mz);
  /* leave the fit at the best vertex */
  if (status == PM_SUCCESS &&
      !isfinite(profiled_score(gsl_multimin_fminimizer_x(mz), &zs)))
    status = zs.status != PM_SUCCESS
                 ? zs.status
                 : pm_error(PM_ENUMERIC, "the zero-inflated Poisson fit "
                            "failed at its estimated parameters");
  gsl_multimin_fminimizer_free(mz);
  gsl_vector_free(x);
  gsl_vector_free(step);
  return status;
}
