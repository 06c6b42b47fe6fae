/* family_draw.c: random responses of the Poisson, negative binomial and
 * Tweedie families at a given mean, for virtual observations.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_family_draw.h"

#include <gsl/gsl_randist.h>
#include <math.h>

/* Negative binomial of mean mu and size theta, MASS's parametrisation
 * (Venables & Ripley 2002, section 7.4: Var = mu + mu^2 / theta).  GSL's
 * negative binomial counts the failures before n successes of probability
 * p, with mean n (1 - p) / p and variance n (1 - p) / p^2 (GSL manual,
 * section 20.34); n = theta and p = theta / (theta + mu) give mean mu and
 * variance mu (theta + mu) / theta. */
static double draw_negbin(double theta, double mu, const gsl_rng *r)
{
  if (!(theta > 0) || !isfinite(theta)) return NAN;
  if (mu == 0) return 0.0;
  return (double)gsl_ran_negative_binomial(r, theta / (theta + mu), theta);
}

/* Tweedie of power p in (1, 2) as the compound Poisson-gamma sum
 * (Jorgensen 1987, JRSSB 49:127-162; Dunn & Smyth 2005, Stat. Comput.
 * 15:267-280, section 2): N ~ Poisson(lambda), lambda = mu^(2-p) /
 * (phi (2-p)), and Y the sum of N gamma variables of shape
 * alpha = (2-p) / (p-1) and scale gamma = phi (p-1) mu^(p-1), so that
 * E Y = lambda alpha gamma = mu and Var Y = lambda alpha (alpha + 1)
 * gamma^2 = phi mu^p.  The sum of N independent gamma variables of one
 * scale is one gamma variable of shape N alpha. */
double pm_tweedie_draw(double mu, double p, double phi, const gsl_rng *r,
                       unsigned int *n)
{
  double lambda, alpha, scale;

  *n = 0;
  if (!(mu >= 0) || !isfinite(mu) || !(p > 1 && p < 2) || !(phi > 0) ||
      !isfinite(phi))
    return NAN;
  if (mu == 0) return 0.0;
  lambda = pow(mu, 2 - p) / (phi * (2 - p));
  alpha = (2 - p) / (p - 1);
  scale = phi * (p - 1) * pow(mu, p - 1);
  *n = gsl_ran_poisson(r, lambda);
  return *n == 0 ? 0.0 : gsl_ran_gamma(r, *n * alpha, scale);
}

double pm_family_draw(const pm_family *fam, double mu, double phi,
                      const gsl_rng *r)
{
  unsigned int n;

  if (!(mu >= 0) || !isfinite(mu)) return NAN;
  switch (fam->kind) {
  case PM_FAMILY_POISSON:
    return mu == 0 ? 0.0 : (double)gsl_ran_poisson(r, mu);
  case PM_FAMILY_NEGBIN:
    return draw_negbin(fam->theta, mu, r);
  case PM_FAMILY_TWEEDIE:
    return pm_tweedie_draw(mu, fam->p, phi, r, &n);
  default:
    return NAN;
  }
}
