/* flux_powerlaw.c: a power-law number spectrum rebuilt from its two
 * parameters, the biovolume over a size window and the slope, and its
 * carbon flux in closed form.
 *
 * Clements et al. (2022, Global Biogeochem. Cycles 36, e2021GB007276)
 * model each sample's spectrum by the log of its total biovolume and its
 * slope, and rebuild n(d) = N0 d^s from the two in every grid cell.  The
 * biovolume of n over [d1, d2] is the integral of n(d) (pi/6) d^3 dd,
 *   V = N0 (pi/6) (d2^(s+4) - d1^(s+4)) / (s+4),  or N0 (pi/6) ln(d2/d1)
 * at s = -4, which gives N0.  The flux estimators' sum over classes,
 * F = sum_i n_i f(d_i) dd_i with f(d) = c d^p (Guidi et al. 2008, Deep-Sea
 * Res. I 55:1364; flux_estimate.c), becomes the integral over the window,
 *   F = c N0 (max^(s+p+1) - min^(s+p+1)) / (s+p+1),  or c N0 ln(max/min)
 * at s + p + 1 = 0.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "flux_internal.h"
#include "pm_error.h"
#include "pm_flux.h"

#include <math.h>

/* The integral of d^q over [lo, hi] (0 < lo < hi): (hi^(q+1) - lo^(q+1)) /
 * (q+1), its limit ln(hi/lo) at q = -1; expm1 keeps it exact near there. */
static double power_integral(double q, double lo, double hi)
{
  double k = q + 1, a = log(lo), b = log(hi);
  if (k == 0) return b - a;
  /* hi^k - lo^k = lo^k (exp(k (b - a)) - 1) */
  return exp(k * a) * expm1(k * (b - a)) / k;
}

double pm_spectrum_powerlaw_n0(double V, double slope, double d1, double d2)
{
  if (!(isfinite(d1) && isfinite(d2) && d1 > 0 && d2 > d1) || !(V >= 0) ||
      !isfinite(slope))
    return NAN;
  return V / (M_PI / 6.0 * power_integral(slope + 3, d1, d2));
}

int pm_flux_powerlaw(const pm_flux_estimator *e, double n0, double slope,
                     double *flux)
{
  double c, p;
  int status;

  *flux = NAN;
  if ((status = pm_flux_estimator_check(e))) return status;
  if (!(e->min_mm > 0))
    return pm_error(PM_EINPUT, "flux of a power-law spectrum: the size window "
                    "starts at %g mm; the integral needs a minimum above 0",
                    e->min_mm);
  pm_flux_weight_law(e, &c, &p);
  *flux = c * n0 * power_integral(slope + p, e->min_mm, e->max_mm);
  return PM_SUCCESS;
}
