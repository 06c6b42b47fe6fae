/* negbin.c: maximum likelihood of the negative binomial size theta.
 *
 * As MASS::theta.ml (Venables & Ripley 2002, Modern Applied Statistics with
 * S, section 7.4): with the means mu fixed, the score of theta
 *   U(theta) = sum psi(theta + y) - psi(theta) + log theta + 1
 *              - log(theta + mu) - (y + theta) / (mu + theta)
 * and the observed information
 *   I(theta) = sum -psi'(theta + y) + psi'(theta) - 1/theta
 *              + 2 / (mu + theta) - (y + theta) / (mu + theta)^2
 * drive Newton steps theta <- |theta| + U/I from the moment estimate
 * theta0 = n / sum (y/mu - 1)^2, while the step exceeds eps = DBL_EPSILON^(1/4)
 * and fewer than 10 iterations have begun; the standard error is
 * I^(-1/2) at the last step.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_family.h"
#include "pm_error.h"

#include <float.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>

/* Newton iterations at most: MASS::theta.ml's default limit = 10. */
#define PM_THETA_ML_LIMIT 10
/* A Newton step below this ends the iteration: theta.ml's default
 * eps = .Machine$double.eps^0.25 (1.2e-4). */
#define PM_THETA_ML_EPS pow(DBL_EPSILON, 0.25)

static void theta_score_info(const double *y, const double *mu, size_t n,
                             double th, double *score, double *info)
{
  double u = 0.0, v = 0.0, a;
  size_t i;
  for (i = 0; i < n; i++) {
    a = mu[i] + th;
    u += gsl_sf_psi(th + y[i]) - gsl_sf_psi(th) + log(th) + 1.0 - log(a) -
         (y[i] + th) / a;
    v += -gsl_sf_psi_1(th + y[i]) + gsl_sf_psi_1(th) - 1.0 / th + 2.0 / a -
         (y[i] + th) / (a * a);
  }
  *score = u;
  *info = v;
}

static int theta_check(const double *y, const double *mu, size_t n)
{
  size_t i;
  if (n == 0)
    return pm_error(PM_EINPUT, "negative binomial theta: no observations; "
                               "give at least one count");
  for (i = 0; i < n; i++) {
    if (!(y[i] >= 0.0) || !isfinite(y[i]))
      return pm_error(PM_EINPUT, "negative binomial theta: observation %zu is "
                      "%g; counts must be finite and non-negative", i + 1, y[i]);
    if (!(mu[i] > 0.0) || !isfinite(mu[i]))
      return pm_error(PM_EINPUT, "negative binomial theta: mean %zu is %g; "
                      "means must be finite and positive", i + 1, mu[i]);
  }
  return PM_SUCCESS;
}

int pm_negbin_theta_ml(const double *y, const double *mu, size_t n,
                       double *theta, double *se)
{
  double t0, del = 1.0, u, info = NAN, ss = 0.0;
  int it = 0, status = theta_check(y, mu, n);
  size_t i;

  if (status) return status;
  for (i = 0; i < n; i++) ss += (y[i] / mu[i] - 1.0) * (y[i] / mu[i] - 1.0);
  if (!(ss > 0.0))
    return pm_error(PM_ENUMERIC, "negative binomial theta: every count equals "
                    "its mean, so theta is infinite; use the Poisson family");
  t0 = (double)n / ss;
  while (++it < PM_THETA_ML_LIMIT && fabs(del) > PM_THETA_ML_EPS) {
    t0 = fabs(t0);
    theta_score_info(y, mu, n, t0, &u, &info);
    del = u / info;
    t0 += del;
  }
  *theta = t0 < 0.0 ? 0.0 : t0;
  *se = sqrt(1.0 / info);
  if (t0 < 0.0)
    return pm_error(PM_ENUMERIC, "negative binomial theta: the estimate is "
                    "negative (truncated at 0): the counts are not "
                    "overdispersed; use the Poisson family");
  if (it == PM_THETA_ML_LIMIT || !isfinite(t0))
    return pm_error(PM_ENUMERIC, "negative binomial theta: Newton's method did "
                    "not converge in %d iterations (theta = %g); check the "
                    "means or use the Poisson family", PM_THETA_ML_LIMIT, t0);
  return PM_SUCCESS;
}
