/* negbin.c: the negative binomial size theta: its maximum likelihood
 * estimate, and the derivatives in it that REML's joint Newton step needs.
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
#include "count_table.h"
#include "pm_error.h"
#include "pm_family.h"

#include <float.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>

/* Newton iterations at most: MASS::theta.ml's default limit = 10. */
#define PM_THETA_ML_LIMIT 10
/* A Newton step below this ends the iteration: theta.ml's default
 * eps = .Machine$double.eps^0.25 (1.2e-4). */
#define PM_THETA_ML_EPS pow(DBL_EPSILON, 0.25)

/* The score and information: the digamma and trigamma terms, which depend
 * on the count alone, over the table t of distinct counts; the rest row by
 * row. */
static void theta_score_info(const pm_count_table *t, const double *y,
                             const double *mu, size_t n, double th,
                             double *score, double *info)
{
  double u = 0.0, v = 0.0, a, nn = (double)n;
  size_t i;
  for (i = 0; i < t->m; i++) {
    u += t->times[i] * gsl_sf_psi(th + t->value[i]);
    v -= t->times[i] * gsl_sf_psi_1(th + t->value[i]);
  }
  u += nn * (-gsl_sf_psi(th) + log(th) + 1.0);
  v += nn * (gsl_sf_psi_1(th) - 1.0 / th);
  for (i = 0; i < n; i++) {
    a = mu[i] + th;
    u -= log(a) + (y[i] + th) / a;
    v += 2.0 / a - (y[i] + th) / (a * a);
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
  pm_count_table t;
  size_t i;

  if (status) return status;
  for (i = 0; i < n; i++) ss += (y[i] / mu[i] - 1.0) * (y[i] / mu[i] - 1.0);
  if (!(ss > 0.0))
    return pm_error(PM_ENUMERIC, "negative binomial theta: every count equals "
                    "its mean, so theta is infinite; use the Poisson family");
  if ((status = pm_count_table_make(&t, y, n)) != PM_SUCCESS) return status;
  t0 = (double)n / ss;
  while (++it < PM_THETA_ML_LIMIT && fabs(del) > PM_THETA_ML_EPS) {
    t0 = fabs(t0);
    theta_score_info(&t, y, mu, n, t0, &u, &info);
    del = u / info;
    t0 += del;
  }
  pm_count_table_free(&t);
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

/* With eta and so mu fixed, theta enters the unit deviance
 *   d = 2 [y log(y/mu) - (y + theta) log((y + theta)/(mu + theta))],
 * the score u = (y - mu) theta/(theta + mu) and, with the log link, the
 * full Newton weight w = mu theta (theta + y)/(theta + mu)^2 (pirls.c's
 * alpha/(V g'^2) with alpha = (theta + y)/(theta + mu)); differentiating
 * each in theta and multiplying by theta gives the derivatives in
 * log theta. */
void pm_negbin_dtheta(double y, double mu, double theta, double d[3])
{
  double a = theta + mu;

  d[0] = -2.0 * theta * (log((y + theta) / a) + (mu - y) / a);
  d[1] = theta * (y - mu) * mu / (a * a);
  d[2] = theta * mu * (2.0 * theta * mu + y * mu - y * theta) / (a * a * a);
}
