/* mld.c: EOS-80 density at the sea surface, the mixed-layer depth by the
 * density or temperature threshold of de Boyer Montegut et al. 2004 and
 * its annual maximum (see pm_mld.h).
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

/* A threshold criterion of de Boyer Montegut et al. 2004 (abstract,
 * paragraph [1]): the property departs from its value at the reference
 * depth by `threshold`, upward only (density) or either way (temperature:
 * an absolute difference, so that inversions count). */
typedef struct {
  double threshold;
  int either_way;
} criterion;

/* The depth where the property p, linear between levels, first departs
 * from `ref` by the threshold, searched from level k0 on; NAN when it never
 * does. */
static double crossing(const double *z, const double *p, size_t n, size_t k0,
                       double ref, criterion cr)
{
  size_t k;
  for (k = k0; k < n; k++) {
    double d = p[k] - ref, target;
    if ((cr.either_way ? fabs(d) : d) < cr.threshold) continue;
    if (k == 0) return z[0];
    target = ref + (d < 0 ? -cr.threshold : cr.threshold);
    return z[k - 1] + (target - p[k - 1]) / (p[k] - p[k - 1]) *
                          (z[k] - z[k - 1]);
  }
  return NAN;
}

/* The mixed-layer depth of the property p[0..n) (n levels, all valid). */
static double mld_of(const double *z, const double *p, size_t n, criterion cr)
{
  double ref;
  size_t k;

  if (n == 0 || z[0] > PM_MLD_REF_DEPTH) return NAN;
  for (k = 0; k < n && z[k] < PM_MLD_REF_DEPTH; k++) continue;
  if (k == n) return NAN;
  /* the property at 10 m, linear between the levels around it */
  ref = z[k] == PM_MLD_REF_DEPTH
            ? p[k]
            : p[k - 1] + (PM_MLD_REF_DEPTH - z[k - 1]) / (z[k] - z[k - 1]) *
                             (p[k] - p[k - 1]);
  return crossing(z, p, n, k, ref, cr);
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

/* Column c's property at level k: sigma_theta + 1000 (density criterion)
 * or the temperature (s NULL); NAN where missing. */
static double property(const double *t, const double *s, size_t k,
                       size_t ncol, size_t c)
{
  double tk = t[k * ncol + c];
  if (!s) return isfinite(tk) ? tk : NAN;
  return pm_eos80_density0(s[k * ncol + c], tk);
}

int pm_mld_columns(const double *z, size_t n, size_t ncol, const double *t,
                   const double *s, double *mld, size_t *n_missing)
{
  const criterion cr = {s ? PM_MLD_THRESHOLD : PM_MLD_THRESHOLD_T, !s};
  double *p;
  size_t c, k, nmiss = 0;
  int status;

  if ((status = check_levels(z, n))) return status;
  if (!(p = malloc((n + 1) * sizeof *p))) return pm_error_nomem();
  for (c = 0; c < ncol; c++) {
    for (k = 0; k < n; k++)
      if (isnan(p[k] = property(t, s, k, ncol, c)))
        break; /* the profile ends at a missing level */
    mld[c] = mld_of(z, p, k, cr);
    nmiss += isnan(mld[c]);
  }
  free(p);
  if (n_missing) *n_missing = nmiss;
  return PM_SUCCESS;
}

int pm_mld_profile(const double *z, const double *t, const double *s,
                   size_t n, double *mld)
{
  return pm_mld_columns(z, n, 1, t, s, mld, NULL);
}

int pm_mld_max_months(size_t nmonth, size_t ncol, const double *mld,
                      double *max, size_t *n_missing)
{
  size_t c, m, nmiss = 0;

  if (nmonth == 0)
    return pm_error(PM_EINPUT, "annual maximum mixed-layer depth: no month "
                    "given; give the mixed-layer depths of 12 months");
  for (c = 0; c < ncol; c++) {
    double v = mld[c];
    /* a month without a mixed-layer depth leaves the maximum unknown */
    for (m = 1; m < nmonth && !isnan(v); m++)
      v = isnan(mld[m * ncol + c]) ? NAN : fmax(v, mld[m * ncol + c]);
    max[c] = v;
    nmiss += isnan(max[c]);
  }
  if (n_missing) *n_missing = nmiss;
  return PM_SUCCESS;
}
