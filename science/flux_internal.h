/* flux_internal.h: the size-class rules shared by the spectrum and flux code.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FLUX_INTERNAL_H
#define PM_FLUX_INTERNAL_H

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

#endif
