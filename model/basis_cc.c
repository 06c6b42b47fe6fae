/* basis_cc.c: mgcv's cyclic cubic regression spline ("cc").
 *
 * The cubic spline through the values beta at knots x_0 < ... < x_{n-1},
 * periodic with x_{n-1} the same point as x_0 (Wood 2017, Generalized
 * Additive Models, 2nd ed., section 5.3.2): B delta = D beta with the cyclic
 * tridiagonal B and D, the penalty D' B^{-1} D, and n-1 coefficients.
 * Values outside [x_0, x_{n-1}] wrap around the period.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pm_error.h"
#include "smooth_internal.h"

/* mgcv's place.knots(): nk knots spread evenly through the ranks of the
 * sorted unique values u[0..nu), interpolating between neighbours. */
static void place_knots(const double *u, size_t nu, size_t nk, double *kn)
{
  double delta = (double)(nu - 1) / (double)(nk - 1);
  kn[0] = u[0];
  kn[nk - 1] = u[nu - 1];
  for (size_t i = 1; i + 1 < nk; i++) {
    double pos = delta * (double)i;
    size_t lb = (size_t)floor(pos);
    double frac = pos - (double)lb;
    kn[i] = u[lb] * (1 - frac) + u[lb + 1] * frac;
  }
}

static int cc_setup(pm_margin *mg, const pm_column *const *cv,
                    const size_t *rows, size_t n, int k, int m,
                    const double *uknots, size_t nuknots)
{
  const pm_column *c = cv[0];
  const double *x = c->x;
  double *u = NULL, *all = NULL;
  size_t nu, nk = (size_t)k;
  int status;
  (void)m; /* cubic, with a second-derivative penalty, whatever m */
  if (k < 4)
    return pm_error(PM_EINPUT, "%s: k = %d is too small for a cc smooth of "
                    "'%s'; use k >= 4", mg->label, k, mg->var);
  mg->knots = malloc(nk * sizeof *mg->knots);
  if (!mg->knots) return pm_error_nomem();
  mg->nknots = nk;
  if (uknots && nuknots == nk) {
    memcpy(mg->knots, uknots, nk * sizeof *mg->knots);
    return PM_SUCCESS;
  }
  if (uknots && nuknots != 2)
    return pm_error(PM_EINPUT, "%s: %zu knots given for '%s'; a cc smooth "
                    "takes the 2 ends of the cycle or k = %d knots",
                    mg->label, nuknots, mg->var, k);
  if (uknots) { /* the two ends join the data before placing the knots */
    all = malloc((n + 2) * sizeof *all);
    if (!all) return pm_error_nomem();
    all[0] = uknots[0];
    all[1] = uknots[1];
    for (size_t i = 0; i < n; i++) all[i + 2] = x[rows ? rows[i] : i];
    status = pm_margin_unique(mg, all, NULL, n + 2, (int)nk, &u, &nu);
  } else {
    status = pm_margin_unique(mg, x, rows, n, (int)nk, &u, &nu);
  }
  if (status) goto cleanup;
  place_knots(u, nu, nk, mg->knots);
cleanup:
  free(all);
  free(u);
  return status;
}

/* A stored margin holds its k knots. */
static size_t cc_stored(pm_margin *mg, int k, int m)
{
  (void)mg;
  (void)m;
  return (size_t)k;
}

static int cc_build(pm_margin *mg)
{
  size_t n = mg->nknots - 1, n2 = n * n;
  double *h = NULL, *B = NULL, *D = NULL;
  lapack_int *piv = NULL;
  int status = PM_SUCCESS;
  for (size_t j = 0; j < n; j++)
    if (!(mg->knots[j + 1] > mg->knots[j]))
      return pm_error(PM_EINPUT, "%s: the knots of '%s' must increase "
                      "strictly", mg->label, mg->var);
  mg->dim = n;
  mg->null_dim = 1;
  h = malloc(n * sizeof *h);
  B = calloc(n2, sizeof *B);
  D = calloc(n2, sizeof *D);
  piv = malloc(n * sizeof *piv);
  mg->F = calloc(n2, sizeof *mg->F);
  mg->S = calloc(n2, sizeof *mg->S);
  if (!h || !B || !D || !piv || !mg->F || !mg->S) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (size_t j = 0; j < n; j++) h[j] = mg->knots[j + 1] - mg->knots[j];
  for (size_t i = 0; i < n; i++) { /* row i couples knots i-1, i, i+1 */
    size_t im = (i + n - 1) % n, ip = (i + 1) % n;
    B[i * n + im] += h[im] / 6;
    B[i * n + i] += (h[im] + h[i]) / 3;
    B[i * n + ip] += h[i] / 6;
    D[i * n + im] += 1 / h[im];
    D[i * n + i] -= 1 / h[im] + 1 / h[i];
    D[i * n + ip] += 1 / h[i];
  }
  memcpy(mg->F, D, n2 * sizeof *D);
  if (LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)n, (lapack_int)n, B,
                    (lapack_int)n, piv, mg->F, (lapack_int)n) != 0) {
    status = pm_error(PM_ENUMERIC, "%s: the cc spline system of '%s' is "
                      "singular; check the knots", mg->label, mg->var);
    goto cleanup;
  }
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)n, (int)n,
              (int)n, 1.0, D, (int)n, mg->F, (int)n, 0.0, mg->S, (int)n);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < i; j++)
      mg->S[i * n + j] = mg->S[j * n + i] =
          (mg->S[i * n + j] + mg->S[j * n + i]) / 2;
cleanup:
  free(h);
  free(B);
  free(D);
  free(piv);
  return status;
}

static int cc_row(const pm_margin *mg, const pm_column *const *cv,
                  size_t row, double *out)
{
  const pm_column *c = cv[0];
  const double *kn = mg->knots;
  double x = c->x[row];
  size_t n = mg->nknots - 1, lo = 0, hi = n;
  double x0 = kn[0], x1 = kn[n], per = x1 - x0;
  if (x > x1) x = x0 + fmod(x - x1, per);
  if (x < x0) x = x1 - fmod(x0 - x, per);
  while (hi - lo > 1) { /* kn[lo] < x <= kn[hi], or x = kn[0] */
    size_t mid = (lo + hi) / 2;
    if (x <= kn[mid]) hi = mid;
    else lo = mid;
  }
  size_t r = hi == n ? 0 : hi; /* the last knot is the first */
  double h = kn[hi] - kn[lo], am = kn[hi] - x, ap = x - kn[lo];
  double cm = (am * am * am / h - h * am) / 6;
  double cp = (ap * ap * ap / h - h * ap) / 6;
  const double *f0 = mg->F + lo * n, *f1 = mg->F + r * n;
  for (size_t j = 0; j < n; j++) out[j] = cm * f0[j] + cp * f1[j];
  out[lo] += am / h;
  out[r] += ap / h;
  return PM_SUCCESS;
}

static const pm_basis_type cc_type = {
    .name = "cc",
    .factor = 0,
    .centred = 1,
    .te_reparam = 0,
    .setup = cc_setup,
    .stored = cc_stored,
    .build = cc_build,
    .row = cc_row,
    .rows = NULL,
};

const pm_basis_type *const pm_basis_cc = &cc_type;
