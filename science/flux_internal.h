/* flux_internal.h: the size-class rules and the estimators' weight per
 * particle, shared by the spectrum and flux code.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FLUX_INTERNAL_H
#define PM_FLUX_INTERNAL_H

#include "pm_flux.h"

/* The class mid-point ESD (mm), the d_i of the flux estimators (issue 5:
 * arithmetic mid-point of the class bounds). */
static inline double pm_flux_mid(double lower, double upper)
{
  return 0.5 * (lower + upper);
}

/* A class counts only when it lies entirely inside [min, max]. */
static inline int pm_flux_inside(double lower, double upper, double min,
                                 double max)
{
  return lower >= min && upper <= max;
}

/* Cubic metres per litre: a weight per particle L-1 times this is the
 * weight per particle m-3. */
#define PM_M3_PER_L 1e-3

/* An estimator's flux per particle m-3 of diameter d (mm) is c d^p (mg C
 * m-2 d-1): Guidi et al. 2008, c = 1e-3 A (A is per particle L-1), p = b;
 * mass times speed, c = alpha beta, p = zeta + eta (flux_estimate.c). */
static inline void pm_flux_weight_law(const pm_flux_estimator *e, double *c,
                                      double *p)
{
  if (e->kind == PM_FLUX_GUIDI) {
    *c = PM_M3_PER_L * e->A;
    *p = e->b;
  } else {
    *c = e->alpha * e->beta;
    *p = e->zeta + e->eta;
  }
}

#endif
