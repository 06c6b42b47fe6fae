/* mld.c: EOS-80 density at the sea surface and the mixed-layer depth by the
 * density threshold of de Boyer Montegut et al. 2004 (see pm_mld.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_mld.h"

#include <math.h>
#include <stdlib.h>

double pm_eos80_density0(double s, double t)
{
  /* Fofonoff & Millard 1983 eq. 14: density of standard mean ocean water */
  double w = 999.842594 +
             t * (6.793952e-2 +
                  t * (-9.095290e-3 +
                       t * (1.001685e-4 + t * (-1.120083e-6 + t * 6.536332e-9))));
  /* eq. 13: the salinity terms of the one-atmosphere equation */
  double b = 8.24493e-1 +
             t * (-4.0899e-3 + t * (7.6438e-5 + t * (-8.2467e-7 + t * 5.3875e-9)));
  double c = -5.72466e-3 + t * (1.0227e-4 + t * -1.6546e-6);

  if (!isfinite(s) || !isfinite(t) || s < 0) return NAN;
  return w + b * s + c * s * sqrt(s) + 4.8314e-4 * s * s;
}

/* The depth where the density, linear between levels, reaches `target`,
 * searched from level k0 on; NAN when it never does. */
static double crossing(const double *z, const double *rho, size_t n,
                       size_t k0, double target)
{
  size_t k;
  for (k = k0; k < n; k++) {
    if (rho[k] < target) continue;
    if (k == 0) return z[0];
    return z[k - 1] + (target - rho[k - 1]) / (rho[k] - rho[k - 1]) *
                          (z[k] - z[k - 1]);
  }
  return NAN;
}

/* The mixed-layer depth of densities rho[0..n) (n levels, all valid). */
static double mld_of(const double *z, const double *rho, size_t n)
{
  double ref;
  size_t k;

  if (n == 0 || z[0] > PM_MLD_REF_DEPTH) return NAN;
  for (k = 0; k < n && z[k] < PM_MLD_REF_DEPTH; k++) continue;
  if (k == n) return NAN;
  /* sigma_theta at 10 m, linear between the levels around it */
  ref = z[k] == PM_MLD_REF_DEPTH
            ? rho[k]
            : rho[k - 1] + (PM_MLD_REF_DEPTH - z[k - 1]) /
                               (z[k] - z[k - 1]) * (rho[k] - rho[k - 1]);
  return crossing(z, rho, n, k, ref + PM_MLD_THRESHOLD);
}

static int check_levels(const double *z, size_t n)
{
  size_t k;
  for (k = 0; k < n; k++)
    if (!isfinite(z[k]) || (k > 0 && !(z[k] > z[k - 1])))
      return pm_error(PM_EINPUT, "mixed-layer depth: level %zu (%g m) is "
                      "not deeper than the one above it; give strictly "
                      "increasing depths (m, positive down)", k, z[k]);
  return PM_SUCCESS;
}

int pm_mld_columns(const double *z, size_t n, size_t ncol, const double *t,
                   const double *s, double *mld, size_t *n_missing)
{
  double *rho;
  size_t c, k, nmiss = 0;
  int status;

  if ((status = check_levels(z, n))) return status;
  if (!(rho = malloc((n + 1) * sizeof *rho))) return pm_error_nomem();
  for (c = 0; c < ncol; c++) {
    for (k = 0; k < n; k++) {
      rho[k] = pm_eos80_density0(s[k * ncol + c], t[k * ncol + c]);
      if (isnan(rho[k])) break; /* the profile ends at a missing level */
    }
    mld[c] = mld_of(z, rho, k);
    nmiss += isnan(mld[c]);
  }
  free(rho);
  if (n_missing) *n_missing = nmiss;
  return PM_SUCCESS;
}

int pm_mld_profile(const double *z, const double *t, const double *s,
                   size_t n, double *mld)
{
  return pm_mld_columns(z, n, 1, t, s, mld, NULL);
}
