/* smooth_test.c: the test that a smooth term is zero (Wood 2013).
 *
 * With R the triangular factor of the term's columns of the weighted model
 * matrix (so that R'R = X'WX) and V the term's block of the Bayesian
 * covariance, the statistic is T = beta' R' (R V R')^-_r R beta, a Wald
 * statistic with a rank-r pseudo-inverse; when r is not an integer the last
 * two eigen-directions are mixed so that T follows, under the null,
 * approximately a weighted sum of chi-squared(1) variables (Wood 2013,
 * Biometrika 100:221-228, Sections 3 and 4).  The computation follows
 * mgcv 1.8-41's testStat as summary.gam calls it, including its choice of
 * eigenvector signs, of the two statistics averaged and of the accuracy of
 * Davies's method, so that the results match mgcv's summary table.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_smooth_test.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <gsl/gsl_cdf.h>
#include <lapacke.h>

#include "pm_error.h"

/* The accuracy and term limit mgcv's psum.chisq gives Davies's method
 * (its defaults tol = 2e-5 and nlim = 100000). */
#define PM_PSUM_CHISQ_TOL 2e-5
#define PM_PSUM_CHISQ_NLIM 100000L
/* Eigenvalues of R V R' up to this fraction of the largest count as zero
 * and lower the rank: testStat's .Machine$double.eps^.9. */
#define PM_TESTSTAT_RANK_EPS pow(DBL_EPSILON, 0.9)
/* Marks the p-value as not yet computed (any value above 1 would do). */
#define PM_NO_PVALUE 2.0

static int all_finite(const double *a, size_t rows, size_t cols, size_t ld)
{
  for (size_t i = 0; i < rows; i++)
    for (size_t j = 0; j < cols; j++)
      if (!isfinite(a[i * ld + j])) return 0;
  return 1;
}

static int check_args(const double *beta, const double *V, const double *R,
                      size_t nr, size_t ldr, size_t q, double rank,
                      double res_df, pm_smooth_test_result *res)
{
  if (!beta || !V || !R || !res)
    return pm_error(PM_EINPUT, "smooth test: a required array is missing");
  if (q == 0 || nr == 0)
    return pm_error(PM_EINPUT, "smooth test: the term has %zu coefficients "
                    "and R %zu rows; both must be at least 1", q, nr);
  if (ldr < q)
    return pm_error(PM_EINPUT, "smooth test: leading dimension %zu of R is "
                    "less than the term's %zu columns", ldr, q);
  if (!isfinite(rank) || rank <= 0.0)
    return pm_error(PM_EINPUT, "smooth test: rank (the term's EDF) is %g; "
                    "it must be positive and finite", rank);
  if (!isfinite(res_df))
    return pm_error(PM_EINPUT, "smooth test: residual df is %g; give a "
                    "finite value (<= 0 when the scale is known)", res_df);
  if (!all_finite(beta, 1, q, q) || !all_finite(V, q, q, q) ||
      !all_finite(R, nr, q, ldr))
    return pm_error(PM_EINPUT, "smooth test: coefficients, covariance or R "
                    "hold a non-finite value (NaN or Inf); check the fit");
  return PM_SUCCESS;
}

/* V must be a covariance matrix: symmetric positive definite. */
static int check_covariance(const double *V, size_t q)
{
  double *c = malloc(q * q * sizeof *c);
  int info;
  if (!c) return pm_error_nomem();
  memcpy(c, V, q * q * sizeof *c);
  info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', (lapack_int)q, c, (lapack_int)q);
  free(c);
  if (info != 0)
    return pm_error(PM_EINPUT, "smooth test: the term's covariance block V "
                    "(%zu x %zu) is not positive definite (leading minor %d); "
                    "check the covariance matrix of the fit", q, q, (int)info);
  return PM_SUCCESS;
}

/* From X = the given R block (nr x q): its triangular factor Rx (m x q,
 * m = min(nr, q), Rx'Rx = X'X; qr(X, tol = 0) in R does not pivot), the
 * eigenvalues ev (decreasing) of Rx V Rx' and the projections z = U' Rx beta
 * on its eigenvectors U, each signed so that its first element is >= 0 as
 * in testStat (the statistic of a fractional rank depends on these signs). */
static int eigen_projections(const double *beta, const double *V,
                             const double *R, size_t nr, size_t ldr, size_t q,
                             double *ev, double *z)
{
  size_t m = nr < q ? nr : q;
  double *x = malloc(nr * q * sizeof *x), *tau = malloc(m * sizeof *tau);
  double *t = malloc(m * q * sizeof *t), *w = malloc(m * m * sizeof *w);
  double *u = malloc(m * m * sizeof *u), *val = malloc(m * sizeof *val);
  double *rb = malloc(m * sizeof *rb);
  lapack_int *isuppz = malloc(2 * m * sizeof *isuppz), found, info;
  int status = PM_SUCCESS;
  if (!x || !tau || !t || !w || !u || !val || !rb || !isuppz) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (size_t i = 0; i < nr; i++) memcpy(x + i * q, R + i * ldr, q * sizeof *x);
  info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, (lapack_int)nr, (lapack_int)q, x,
                        (lapack_int)q, tau);
  if (info != 0) {
    status = pm_error(PM_ENUMERIC, "smooth test: QR factorization of R "
                      "failed (LAPACK info %d)", (int)info);
    goto cleanup;
  }
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < i; j++) x[i * q + j] = 0.0;
  /* Rx beta, then Rx V Rx' symmetrized */
  cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)m, (int)q, 1.0, x, (int)q,
              beta, 1, 0.0, rb, 1);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)q,
              (int)q, 1.0, x, (int)q, V, (int)q, 0.0, t, (int)q);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)m, (int)q,
              1.0, t, (int)q, x, (int)q, 0.0, w, (int)m);
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < i; j++)
      w[i * m + j] = w[j * m + i] = 0.5 * (w[i * m + j] + w[j * m + i]);
  info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, 'V', 'A', 'U', (lapack_int)m, w,
                        (lapack_int)m, 0.0, 0.0, 0, 0, 0.0, &found, val, u,
                        (lapack_int)m, isuppz);
  if (info != 0 || found != (lapack_int)m) {
    status = pm_error(PM_ENUMERIC, "smooth test: eigen-decomposition of "
                      "R V R' failed (LAPACK info %d)", (int)info);
    goto cleanup;
  }
  for (size_t k = 0; k < m; k++) { /* LAPACK's order is increasing */
    size_t col = m - 1 - k;
    double s = u[col] < 0.0 ? -1.0 : 1.0;
    ev[k] = val[col];
    z[k] = s * cblas_ddot((int)m, u + col, (int)m, rb, 1);
  }
cleanup:
  free(x);
  free(tau);
  free(t);
  free(w);
  free(u);
  free(val);
  free(rb);
  free(isuppz);
  return status;
}

/* mgcv's psum.chisq at its default accuracy. */
static int chisq_sum(double x, const double *lambda, const int *df, size_t n,
                     double *p)
{
  return pm_chisq_sum_upper_tol(x, lambda, df, n, PM_PSUM_CHISQ_TOL,
                                PM_PSUM_CHISQ_NLIM, p);
}

/* The p-value of d and d1 for a fractional rank: k1 - 1 weights of 1 and,
 * for the last two directions, the eigenvalues of the mixing matrix, 1 +/-
 * sqrt(rp (2 - rp)) over 2 with rp = nu + 1 (Wood 2013, Sec. 4); when the
 * scale is estimated, P(sum - (d / k0) chi2(k0) > 0), k0 = round(res_df). */
static int mixture_pvalue(double d, double d1, size_t k, size_t k1, double nu,
                          double res_df, double *p)
{
  double *lam = malloc((k1 + 1) * sizeof *lam), p0 = 0.0, p1 = 0.0;
  int *df = malloc((k1 + 1) * sizeof *df), status;
  if (!lam || !df) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (size_t j = 0; j < k1; j++) {
    lam[j] = 1.0;
    df[j] = 1;
  }
  if (k1 > 1) {
    double rp = nu + 1.0;
    lam[k - 1] = 0.5 * (rp + sqrt(rp * (2.0 - rp)));
    lam[k1 - 1] = rp - lam[k - 1];
  }
  if (res_df <= 0.0) {
    status = chisq_sum(d, lam, df, k1, &p0);
    if (!status) status = chisq_sum(d1, lam, df, k1, &p1);
  } else {
    double k0 = fmax(1.0, nearbyint(res_df));
    df[k1] = (int)k0;
    lam[k1] = -d / k0;
    status = chisq_sum(0.0, lam, df, k1 + 1, &p0);
    lam[k1] = -d1 / k0;
    if (!status) status = chisq_sum(0.0, lam, df, k1 + 1, &p1);
  }
  *p = 0.5 * (p0 + p1);
cleanup:
  free(lam);
  free(df);
  return status;
}

int pm_smooth_test(const double *beta, const double *V, const double *R,
                   size_t nr, size_t ldr, size_t q, double rank,
                   double res_df, pm_smooth_test_result *res)
{
  size_t m = nr < q ? nr : q, k, k1, rest = 0;
  double *ev = NULL, *z = NULL, nu, d = 0.0, d1, rank1, p = PM_NO_PVALUE;
  int mixed, status = check_args(beta, V, R, nr, ldr, q, rank, res_df, res);
  if (status) return status;
  if ((status = check_covariance(V, q))) return status;
  ev = malloc(m * sizeof *ev);
  z = malloc(m * sizeof *z);
  if (!ev || !z) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = eigen_projections(beta, V, R, nr, ldr, q, ev, z))) goto cleanup;
  if (!(ev[0] > 0.0)) {
    status = pm_error(PM_ENUMERIC, "smooth test: R V R' has no positive "
                      "eigenvalue; the term's R block is zero or singular");
    goto cleanup;
  }
  /* r = k + nu; numerically zero eigenvalues lower the rank (testStat) */
  if (rank > (double)q) rank = (double)q;
  k = (size_t)floor(rank);
  nu = rank - (double)k;
  k1 = nu > 0.0 ? k + 1 : k;
  while (rest < m && ev[rest] > ev[0] * PM_TESTSTAT_RANK_EPS) rest++;
  if (rest < k1) {
    k = k1 = rest;
    nu = 0.0;
    rank = (double)rest;
  }
  /* Wood (2013, Sec. 3): the first k - 1 directions scaled by their
   * eigenvalues, the last two mixed by B = [1, b12; b12, nu], b12 =
   * sqrt(nu (1 - nu) / 2), in the eigenvalue metric; d1 uses the opposite
   * sign of the mixing term. */
  mixed = nu > 0.0 && k > 0;
  for (size_t j = 0; j < (mixed ? k - 1 : k1); j++) d += z[j] * z[j] / ev[j];
  if (mixed) {
    double b12 = sqrt(fmax(0.0, 0.5 * nu * (1.0 - nu)));
    double diag = z[k - 1] * z[k - 1] / ev[k - 1] + nu * z[k] * z[k] / ev[k];
    double cross = 2.0 * b12 * z[k - 1] * z[k] / sqrt(ev[k - 1] * ev[k]);
    d1 = d + diag - cross;
    d += diag + cross;
  } else {
    d1 = d;
  }
  rank1 = nu > 0.0 && k1 == 1 ? 1.0 : rank;
  if (nu > 0.0 &&
      (status = mixture_pvalue(d, d1, k, k1, nu, res_df, &p)))
    goto cleanup;
  if (p > 1.0) /* integer rank: chi-squared or F reference */
    p = res_df <= 0.0
            ? 0.5 * (gsl_cdf_chisq_Q(d, rank1) + gsl_cdf_chisq_Q(d1, rank1))
            : 0.5 * (gsl_cdf_fdist_Q(d / rank1, rank1, res_df) +
                     gsl_cdf_fdist_Q(d1 / rank1, rank1, res_df));
  res->stat = res_df > 0.0 ? d / rank : d;
  res->ref_df = rank;
  res->p_value = p < 1.0 ? p : 1.0;
cleanup:
  free(ev);
  free(z);
  return status;
}
