/* basis_sos.c: mgcv's spline on the sphere ("sos") of latitude and
 * longitude in degrees, in that order.
 *
 * As mgcv's smooth.construct.sos.smooth.spec (Wood 2017, Generalized
 * Additive Models, 2nd ed., section 5.6.3): the kernel R of sos_kernel.c
 * (m = 0, the default: Wendelberger's 1981 spline; m = 1..4: Wahba's 1981
 * pseudo-splines) between the knots, its k eigenvectors of largest
 * |eigenvalue| (k = 50 by default), and the constant, the null space of
 * the penalty, absorbed by a QR of U_k'1: the construction of basis_tp.c
 * with the angle between points on the unit sphere for the distance, no
 * centring, and each column scaled to a standard deviation of 1 over the
 * fitting rows (the constant left as it is).  The knots are the distinct
 * (latitude, longitude) points unless there are more than max.knots
 * (2000): where mgcv then draws them with R's generator seeded with 1,
 * here they are a draw from GSL's MT19937 seeded with 1 (basis_tp.c), so
 * that the fit differs from mgcv's unless the knots are given (knots=
 * with both covariates) or max.knots raised above the number of points.
 * With k equal to the number of knots mgcv takes the kernel matrix itself
 * as the basis; here it is still its eigenbasis, the same space but
 * scaled differently, so that the fit then differs slightly.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <math.h>

#include "pm_error.h"
#include "smooth_internal.h"

static int sos_settings(pm_margin *mg, int k, int m)
{
  if (mg->nvar != 2)
    return pm_error(PM_EINPUT, "%s: bs='sos' takes two covariates, "
                    "latitude and longitude in degrees; this term has %zu",
                    mg->label, mg->nvar);
  if (m < 0 || m > PM_SOS_MAX_M)
    return pm_error(PM_EINPUT, "%s: m = %d is not a spline on the sphere; "
                    "use m = 0 (Wendelberger's spline) or 1 to %d (the "
                    "pseudo-splines)", mg->label, m, PM_SOS_MAX_M);
  mg->m = m;
  mg->dim = (size_t)(k ? k : PM_SOS_DEFAULT_K);
  if (mg->dim >= 2) return PM_SUCCESS;
  return pm_error(PM_EINPUT, "%s: k = %d is too small for a spline on the "
                  "sphere; use k >= 2", mg->label, k);
}

static size_t sos_null_dim(const pm_margin *mg)
{
  (void)mg;
  return 1;
}

static void sos_null_basis(const pm_margin *mg, const double *x, double *t)
{
  (void)mg;
  (void)x;
  t[0] = 1;
}

static double sos_constant(const pm_margin *mg)
{
  return pm_sos_kernel_scale(mg->m);
}

static double sos_kernel(const pm_margin *mg, const double *x,
                         const double *y, double c)
{
  return c * pm_sos_kernel(pm_sos_cos_angle(x, y), mg->m);
}

static int sos_check(const pm_margin *mg, const double *x, const char *what,
                     size_t i)
{
  if (x[0] >= -90 && x[0] <= 90 && isfinite(x[1])) return PM_SUCCESS;
  if (!isfinite(x[1]))
    return pm_error(PM_EINPUT, "%s: the longitude is not finite in %s %zu",
                    mg->label, what, i + 1);
  return pm_error(PM_EINPUT, "%s: latitude %g in %s %zu is outside [-90, "
                  "90]; bs='sos' takes s(latitude, longitude) in degrees, "
                  "latitude first", mg->label, x[0], what, i + 1);
}

static const pm_kernel_spline sos_kernel_spline = {
    .settings = sos_settings,
    .null_dim = sos_null_dim,
    .null_basis = sos_null_basis,
    .constant = sos_constant,
    .kernel = sos_kernel,
    .check = sos_check,
    .sd_scale = 1,
    .first = 1,
};

static const pm_basis_type sos_type = {
    .name = "sos",
    .factor = 0,
    .centred = 1,
    .te_reparam = 0,
    .multi = 1,
    .kernel = &sos_kernel_spline,
    .setup = pm_kernel_setup,
    .restored = pm_kernel_restored,
    .row = pm_kernel_row,
};

const pm_basis_type *const pm_basis_sos = &sos_type;
