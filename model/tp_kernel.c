/* tp_kernel.c: the pieces of a thin-plate spline of d covariates: the
 * penalty order, the kernel eta_md and the polynomials of its null space.
 *
 * The thin-plate penalty J_md (Wood 2017, Generalized Additive Models, 2nd
 * ed., section 5.5.1, eq. 5.4) is minimized by f(x) = sum_i delta_i
 * eta_md(||x - x_i||) + sum_j alpha_j phi_j(x), where the phi_j are the
 * M = choose(m + d - 1, d) polynomials of degree < m, and (Duchon 1977)
 *   eta_md(r) = (-1)^(m+1+d/2) / (2^(2m-1) pi^(d/2) (m-1)! (m-d/2)!)
 *               r^(2m-d) log r                         (d even),
 *   eta_md(r) = Gamma(d/2 - m) / (2^(2m) pi^(d/2) (m-1)!) r^(2m-d)
 *                                                      (d odd).
 * The penalty needs 2m > d; mgcv's default order is the smallest with
 * 2m > d + 1, so that f is smooth enough.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <math.h>
#include <stddef.h>

#include "smooth_internal.h"

int pm_tp_order(int m, size_t d)
{
  if (2 * (size_t)(m > 0 ? m : 0) > d) return m;
  m = 1;
  while (2 * (size_t)m < d + 2) m++;
  return m;
}

size_t pm_tp_null_dim(int m, size_t d)
{
  size_t M = 1;
  m = pm_tp_order(m, d);
  for (size_t i = 1; i <= d; i++) /* choose(m + d - 1, d), exactly */
    M = M * ((size_t)m - 1 + i) / i;
  return M;
}

int pm_tp_default_k(int m, size_t d)
{
  static const int extra[3] = {8, 27, 100};
  return (int)pm_tp_null_dim(m, d) + extra[d < 3 ? d - 1 : 2];
}

static double factorial(int n)
{
  double f = 1;
  for (int i = 2; i <= n; i++) f *= i;
  return f;
}

double pm_tp_eta_constant(int m, size_t d)
{
  double pd = pow(M_PI, (double)d / 2);
  if (d % 2 == 0) {
    int sign = (m + 1 + (int)d / 2) % 2 ? -1 : 1;
    return sign / (pow(2, 2 * m - 1) * pd * factorial(m - 1) *
                   factorial(m - (int)d / 2));
  }
  return tgamma((double)d / 2 - m) / (pow(2, 2 * m) * pd * factorial(m - 1));
}

double pm_tp_eta(double r2, int m, size_t d, double c)
{
  int p = 2 * m - (int)d; /* the power of r, > 0 */
  double v = c;
  if (!(r2 > 0)) return 0;
  for (int i = 0; i < p / 2; i++) v *= r2; /* r2^floor(p/2) */
  /* p even (d even): r^p log r = r2^(p/2) log(r2) / 2; p odd: r^p */
  return d % 2 == 0 ? v * log(r2) / 2 : v * sqrt(r2);
}

/* The next exponent vector of [0, m)^d, the first component fastest; 0 at
 * the end. */
static int next_powers(int *pw, int m, size_t d)
{
  for (size_t j = 0; j < d; j++) {
    if (++pw[j] < m) return 1;
    pw[j] = 0;
  }
  return 0;
}

void pm_tp_poly(const double *x, int m, size_t d, double *t)
{
  int pw[PM_TE_MAX_MARGINS];
  size_t i = 0;
  m = pm_tp_order(m, d);
  for (int g = 0; g < m; g++) { /* by degree g */
    for (size_t j = 0; j < d; j++) pw[j] = 0;
    do {
      int deg = 0;
      double v = 1;
      for (size_t j = 0; j < d; j++) deg += pw[j];
      if (deg != g) continue;
      for (size_t j = 0; j < d; j++)
        for (int e = 0; e < pw[j]; e++) v *= x[j];
      t[i++] = v;
    } while (next_powers(pw, m, d));
  }
}
