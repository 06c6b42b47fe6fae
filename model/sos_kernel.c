/* sos_kernel.c: the reproducing kernels of the splines on the sphere, as
 * functions of the cosine of the angle gamma between two points.
 *
 * m = 0, Wendelberger's (1981, PhD thesis, University of Wisconsin)
 * spline, whose penalty is the integral of the squared Laplace-Beltrami
 * Laplacian of f over the sphere (Wood 2017, Generalized Additive Models,
 * 2nd ed., section 5.6.3):
 *   R(x) = rk(x) / (4 pi),  rk(x) = 1 - pi^2/6 + Li2((1 + x)/2),
 * x = cos gamma,
 * Li2 the dilogarithm (the series sum_k t^k/k^2 that mgcv's rksos sums,
 * with Li2(t) + Li2(1 - t) = pi^2/6 - log t log(1 - t) for t > 1/2).
 *
 * m = 1..4, Wahba's (1981, SIAM J. Sci. Stat. Comput. 2:5-16, section 3)
 * pseudo-splines, with W = (1 - cos gamma)/2, A = log(1 + 1/sqrt W) and
 * C = 2 sqrt W:
 *   R_m(x) = rk_m(x) / (2 pi),  rk_m(x) = q_m(x)/m! - 1/(m + 1)!,
 *   q_1 = 2AW - C + 1,
 *   q_2 = A(6W^2 - 2W) - 3CW + 3W + 1/2,
 *   q_3 = (A(60W^3 - 36W^2) + 30W^2 + C(8W - 30W^2) - 3W + 1)/3,
 *   q_4 = A(70W^4 - 60W^3 + 6W^2) + 35W^3(1 - C) + 55CW^2/3 - 25W^2/2
 *         - W/3 + 1/4.
 * As in mgcv, 1 - cos gamma is kept above 1e-4 times the machine epsilon,
 * where A would be infinite.  pm_sos_kernel gives rk, pm_sos_kernel_scale
 * the factor 1/(4 pi) or 1/(2 pi).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <float.h>
#include <gsl/gsl_sf_dilog.h>
#include <math.h>

#include "smooth_internal.h"

static double wendelberger(double x)
{
  if (x > 1) x = 1;
  if (x < -1) x = -1;
  return 1 - M_PI * M_PI / 6 + gsl_sf_dilog((1 + x) / 2);
}

/* Wahba's q_m(x), m = 1..4, and m! */
static double pseudo_q(double x, int m, double *fact)
{
  double z = 1 - x, W, A, C, W2, W3;
  if (z < DBL_EPSILON * 1e-4) z = DBL_EPSILON * 1e-4;
  W = z / 2;
  A = log(1 + 1 / sqrt(W));
  C = 2 * sqrt(W);
  W2 = W * W;
  W3 = W2 * W;
  switch (m) {
  case 1:
    *fact = 1;
    return 2 * A * W - C + 1;
  case 2:
    *fact = 2;
    return A * (6 * W2 - 2 * W) - 3 * C * W + 3 * W + 0.5;
  case 3:
    *fact = 6;
    return (A * (60 * W3 - 36 * W2) + 30 * W2 + C * (8 * W - 30 * W2) -
            3 * W + 1) / 3;
  default:
    *fact = 24;
    return A * (70 * W3 * W - 60 * W3 + 6 * W2) + 35 * W3 * (1 - C) +
           C * 55 * W2 / 3 - 12.5 * W2 - W / 3 + 0.25;
  }
}

double pm_sos_kernel(double cosg, int m)
{
  double fact, q;
  if (m == 0) return wendelberger(cosg);
  q = pseudo_q(cosg, m, &fact);
  return q / fact - 1 / (fact * (m + 1));
}

double pm_sos_kernel_scale(int m)
{
  return m == 0 ? 1 / (4 * M_PI) : 1 / (2 * M_PI);
}

double pm_sos_cos_angle(const double *a, const double *b)
{
  double r = M_PI / 180, la = a[0] * r, lb = b[0] * r;
  double v = sin(la) * sin(lb) + cos(la) * cos(lb) * cos((a[1] - b[1]) * r);
  return v > 1 ? 1 : v < -1 ? -1 : v;
}
