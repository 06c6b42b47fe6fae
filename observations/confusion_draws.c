/* confusion_draws.c: the uncertainty of a confusion matrix estimated from a
 * finite test set, carried into the corrected counts: each row of test-set
 * counts (the kept predicted classes, and the objects predicted as classes
 * the filters leave out) gives a Dirichlet posterior of its rates, drawn as
 * normalised Gamma variates (Gelman et al. 2013, Bayesian Data Analysis,
 * 3rd ed., sect. 3.4 and appendix A: the Dirichlet with the counts as
 * parameters, the posterior of a multinomial under the improper prior
 * that keeps the cells never seen at zero); each draw's rates give the
 * maximum-likelihood true counts again (pm_confusion_em).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_confusion.h"
#include "pm_error.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>

/* One draw of the rates R (nt x np) from the counts. */
static void draw_rates(gsl_rng *r, const double *C, const double *total,
                       size_t nt, size_t np, double *R)
{
  size_t k, l;
  for (k = 0; k < nt; k++) {
    double kept = 0, sum = 0, lost;
    for (l = 0; l < np; l++) {
      const double c = C[k * np + l];
      kept += c;
      R[k * np + l] = c > 0 ? gsl_ran_gamma(r, c, 1.0) : 0;
      sum += R[k * np + l];
    }
    lost = total[k] - kept; /* predicted as a class left out */
    if (lost > 0) sum += gsl_ran_gamma(r, lost, 1.0);
    for (l = 0; l < np; l++) R[k * np + l] /= sum;
  }
}

int pm_confusion_em_draws(const double *C, const double *total, size_t nt,
                          size_t np, const double *y, const double *point,
                          size_t ndraws, unsigned long seed, double *lambda)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  double *R = malloc(nt * np * sizeof *R);
  size_t d;
  int status = PM_SUCCESS;

  if (!r || !R) {
    status = pm_error_nomem();
    goto cleanup;
  }
  gsl_rng_set(r, seed);
  for (d = 0; d < ndraws && !status; d++) {
    draw_rates(r, C, total, nt, np, R);
    status = pm_confusion_em(R, nt, np, y, point, lambda + d * nt);
  }
cleanup:
  gsl_rng_free(r);
  free(R);
  return status;
}
