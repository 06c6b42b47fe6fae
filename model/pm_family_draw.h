/* pm_family_draw.h: one random response drawn from a family at a known
 * mean, for virtual observations of a known truth (the data a model is
 * then fitted to, to see whether it recovers that truth).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FAMILY_DRAW_H
#define PM_FAMILY_DRAW_H

#include <gsl/gsl_rng.h>

#include "pm_family.h"

/* One response with mean mu >= 0 from generator r:
 *  - PM_FAMILY_POISSON: Poisson(mu);
 *  - PM_FAMILY_NEGBIN: negative binomial of size fam->theta, variance
 *    mu + mu^2 / theta (MASS's rnegbin and R's rnbinom(size, mu));
 *  - PM_FAMILY_TWEEDIE: Tweedie of power fam->p in (1, 2) and dispersion
 *    phi > 0, variance phi mu^p: a compound Poisson sum of gamma variables,
 *    0 with probability exp(-mu^(2-p) / (phi (2-p))).
 * phi is used by the Tweedie alone.  mu = 0 gives 0.  Any other family
 * (Gamma, Gaussian, binomial, ziP), a negative or non-finite mu, a theta
 * that is not positive, a power outside (1, 2) or a phi that is not
 * positive gives NAN. */
double pm_family_draw(const pm_family *fam, double mu, double phi,
                      const gsl_rng *r);

/* The Tweedie draw of pm_family_draw (power p, dispersion phi) with, in
 * *n, the count of its compound Poisson sum: read as a biomass, the number
 * of individuals whose gamma-distributed masses it adds (Dunn & Smyth
 * 2005, section 2).  NAN and *n 0 where pm_family_draw gives NAN. */
double pm_tweedie_draw(double mu, double p, double phi, const gsl_rng *r,
                       unsigned int *n);

#endif
