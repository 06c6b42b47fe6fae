/* basis_cr.c: mgcv's cubic regression spline ("cr") and its shrinkage
 * version ("cs"): knots, penalty, rows.
 *
 * The basis is the natural cubic spline parametrized by its values beta at
 * the knots (Wood 2017, Generalized Additive Models, 2nd ed., section
 * 5.3.1): with h_j the knot spacings, B delta = D beta gives the second
 * derivatives delta (zero at the end knots), F = B^{-1} D and the penalty is
 * S = D' B^{-1} D.  Beyond the end knots the spline continues linearly.
 * "cs" (Marra & Wood 2011, Computational Statistics & Data Analysis
 * 55:2372-2387) penalizes the null space too: of the penalty's two zero
 * eigenvalues, the larger becomes 0.1 times the smallest
 * positive one and the other 0.1 times that (mgcv's shrink = 0.1).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <cblas.h>
#include <lapacke.h>
#include <stdlib.h>
#include <string.h>

#include "pm_error.h"
#include "smooth_internal.h"

/* Quantile type 7 of the sorted values u[0..n) at p (R's quantile()). */
static double quantile7(const double *u, size_t n, double p)
{
  double index = (double)(n - 1) * p;
  size_t lo = (size_t)index;
  double h = index - (double)lo;
  if (lo + 1 >= n || h <= 0 || u[lo + 1] == u[lo]) return u[lo];
  return (1 - h) * u[lo] + h * u[lo + 1];
}

static int cr_setup(pm_margin *mg, const pm_column *const *cv,
                    const size_t *rows, size_t n, int k, int m,
                    const double *uknots, size_t nuknots)
{
  const pm_column *c = cv[0];
  double *u = NULL;
  size_t nu, nk = (size_t)k;
  int status;
  (void)m; /* cubic, with a second-derivative penalty, whatever m */
  if (k < 3)
    return pm_error(PM_EINPUT, "%s: k = %d is too small for a cr smooth of "
                    "'%s'; use k >= 3", mg->label, k, mg->var);
  status = pm_margin_unique(mg, c->x, rows, n, k, &u, &nu);
  if (status) return status;
  mg->knots = malloc(nk * sizeof *mg->knots);
  if (!mg->knots) { status = pm_error_nomem(); goto cleanup; }
  mg->nknots = nk;
  if (uknots) {
    if (nuknots != nk) {
      status = pm_error(PM_EINPUT, "%s: %zu knots given for '%s'; a cr "
                        "smooth needs exactly k = %d", mg->label, nuknots,
                        mg->var, k);
      goto cleanup;
    }
    memcpy(mg->knots, uknots, nk * sizeof *mg->knots);
  } else {
    /* knots at quantiles of the unique values, probabilities as R's
     * seq(0, 1, length = k) */
    double by = 1.0 / (double)(nk - 1);
    mg->knots[0] = u[0];
    mg->knots[nk - 1] = u[nu - 1];
    for (size_t j = 1; j + 1 < nk; j++)
      mg->knots[j] = quantile7(u, nu, (double)j * by);
  }
  status = PM_SUCCESS;
cleanup:
  free(u);
  return status;
}

/* A stored margin holds its k knots. */
static size_t cr_stored(pm_margin *mg, int k, int m)
{
  (void)mg;
  (void)m;
  return (size_t)k;
}

static int cr_build(pm_margin *mg)
{
  size_t nk = mg->nknots, m = nk - 2;
  double *d = NULL, *e = NULL, *D = NULL;
  int status = PM_SUCCESS;
  for (size_t j = 0; j + 1 < nk; j++)
    if (!(mg->knots[j + 1] > mg->knots[j]))
      return pm_error(PM_EINPUT, "%s: the knots of '%s' must increase "
                      "strictly", mg->label, mg->var);
  mg->dim = nk;
  mg->null_dim = 2;
  d = malloc(m * sizeof *d);
  e = malloc(m * sizeof *e);
  D = calloc(m * nk, sizeof *D);
  mg->F = calloc(nk * nk, sizeof *mg->F);
  mg->S = calloc(nk * nk, sizeof *mg->S);
  if (!d || !e || !D || !mg->F || !mg->S) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (size_t i = 0; i < m; i++) {
    double h0 = mg->knots[i + 1] - mg->knots[i];
    double h1 = mg->knots[i + 2] - mg->knots[i + 1];
    d[i] = (h0 + h1) / 3;
    e[i] = h1 / 6;
    D[i * nk + i] = 1 / h0;
    D[i * nk + i + 1] = -1 / h0 - 1 / h1;
    D[i * nk + i + 2] = 1 / h1;
  }
  /* rows 1..nk-2 of F solve B F = D (B tridiagonal, positive definite) */
  memcpy(mg->F + nk, D, m * nk * sizeof *D);
  if (LAPACKE_dptsv(LAPACK_ROW_MAJOR, (lapack_int)m, (lapack_int)nk, d, e,
                    mg->F + nk, (lapack_int)nk) != 0) {
    status = pm_error(PM_ENUMERIC, "%s: the cr spline system of '%s' is "
                      "singular; check the knots", mg->label, mg->var);
    goto cleanup;
  }
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)nk, (int)nk,
              (int)m, 1.0, D, (int)nk, mg->F + nk, (int)nk, 0.0, mg->S,
              (int)nk);
  for (size_t i = 0; i < nk; i++)
    for (size_t j = 0; j < i; j++)
      mg->S[i * nk + j] = mg->S[j * nk + i] =
          (mg->S[i * nk + j] + mg->S[j * nk + i]) / 2;
cleanup:
  free(d);
  free(e);
  free(D);
  return status;
}

/* out = a * F[r, ] */
static void frow(const pm_margin *mg, size_t r, double a, double *out)
{
  const double *f = mg->F + r * mg->nknots;
  for (size_t j = 0; j < mg->nknots; j++) out[j] = a * f[j];
}

/* The knot interval of x inside [xk[0], xk[nk-1]]: the largest lo <= nk - 2
 * with xk[lo] <= x.  `guess` (the previous row's interval) is tried first:
 * neighbouring cells of a grid mostly share their interval. */
static size_t interval(const double *xk, size_t nk, double x, size_t guess)
{
  size_t lo = 0, hi = nk - 1;
  if (guess + 1 < nk && xk[guess] <= x &&
      (guess + 2 == nk || x < xk[guess + 1]))
    return guess;
  while (hi - lo > 1) { /* xk[lo] <= x <= xk[hi] */
    size_t mid = (lo + hi) / 2;
    if (x < xk[mid]) hi = mid;
    else lo = mid;
  }
  return lo;
}

/* The row at x, knot interval lo..lo+1 when x is inside the knots. */
static void cr_row_at(const pm_margin *mg, double x, size_t lo, double *out)
{
  const double *xk = mg->knots;
  size_t nk = mg->nknots, hi = lo + 1;
  if (x < xk[0]) { /* f(x0) + (x - x0) f'(x0), with delta_0 = 0 */
    double h = xk[1] - xk[0], xi = x - xk[0];
    frow(mg, 1, -xi * h / 6, out);
    out[0] += 1 - xi / h;
    out[1] += xi / h;
    return;
  }
  if (x > xk[nk - 1]) { /* the same at the last knot */
    double h = xk[nk - 1] - xk[nk - 2], xi = x - xk[nk - 1];
    frow(mg, nk - 2, xi * h / 6, out);
    out[nk - 2] -= xi / h;
    out[nk - 1] += 1 + xi / h;
    return;
  }
  double h = xk[hi] - xk[lo], am = xk[hi] - x, ap = x - xk[lo];
  const double *f0 = mg->F + lo * nk, *f1 = mg->F + hi * nk;
  double cm = (am * am * am / h - h * am) / 6;
  double cp = (ap * ap * ap / h - h * ap) / 6;
  for (size_t j = 0; j < nk; j++) out[j] = cm * f0[j] + cp * f1[j];
  out[lo] += am / h;
  out[hi] += ap / h;
}

static int cr_row(const pm_margin *mg, const pm_column *const *cv,
                  size_t row, double *out)
{
  const pm_column *c = cv[0];
  double x = c->x[row];
  cr_row_at(mg, x, interval(mg->knots, mg->nknots, x, 0), out);
  return PM_SUCCESS;
}

static void cr_rows(const pm_margin *mg, const double *x, const size_t *rows,
                    size_t n, double *out)
{
  size_t lo = 0, nk = mg->nknots;
  for (size_t i = 0; i < n; i++, out += nk) {
    double v = x[rows ? rows[i] : i];
    lo = interval(mg->knots, nk, v, lo);
    cr_row_at(mg, v, lo, out);
  }
}

static const pm_basis_type cr_type = {
    .name = "cr",
    .factor = 0,
    .centred = 1,
    .te_reparam = 0,
    .setup = cr_setup,
    .stored = cr_stored,
    .build = cr_build,
    .row = cr_row,
    .rows = cr_rows,
};

static int cs_build(pm_margin *mg)
{
  int status = cr_build(mg);
  return status ? status : pm_margin_shrink(mg, 0.1, 1);
}

static const pm_basis_type cs_type = {
    .name = "cs",
    .factor = 0,
    .centred = 1,
    .te_reparam = 0,
    .setup = cr_setup,
    .stored = cr_stored,
    .build = cs_build,
    .row = cr_row,
    .rows = cr_rows,
};

const pm_basis_type *const pm_basis_cr = &cr_type;
const pm_basis_type *const pm_basis_cs = &cs_type;
