/* draws.c: posterior draws of the coefficients, beta_d ~ N(beta, Vp).
 *
 * beta_d = beta + L z_d with L L' = Vp and z_d standard normal (Wood 2017,
 * Generalized Additive Models, 2nd ed., section 6.10).  L is the Cholesky
 * factor; a Vp that is only positive semi-definite (a coefficient fixed by
 * a constraint, rounding) gets L = U sqrt(max(Lambda, 0)) from its
 * eigendecomposition Vp = U Lambda U'.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "mapper_internal.h"
#include "pm_error.h"
#include "pm_threads.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* L (p x p) lower triangular with L L' = Vp; 1 when Vp is not positive
 * definite (L is then undefined). */
static int cholesky(const double *Vp, size_t p, double *L)
{
  size_t i, j;

  memcpy(L, Vp, p * p * sizeof *L);
  if (LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'L', (int)p, L, (int)p) != 0) return 1;
  for (i = 0; i < p; i++)
    for (j = i + 1; j < p; j++) L[i * p + j] = 0;
  return 0;
}

/* L = U sqrt(max(Lambda, 0)) (p x p, full). */
static int eigen_factor(const double *Vp, size_t p, double *L)
{
  double *lambda = malloc((p + 1) * sizeof *lambda);
  size_t i, j;
  int status = PM_SUCCESS;

  if (!lambda) return pm_error_nomem();
  memcpy(L, Vp, p * p * sizeof *L);
  if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (int)p, L, (int)p, lambda)) {
    status = pm_error(PM_ENUMERIC,
                      "the eigendecomposition of the coefficient covariance "
                      "Vp failed; check the model file for NaN values");
    goto cleanup;
  }
  for (j = 0; j < p; j++) {
    double s = sqrt(fmax(lambda[j], 0));
    for (i = 0; i < p; i++) L[i * p + j] *= s;
  }
cleanup:
  free(lambda);
  return status;
}

static int check(const pm_gam_fit *fit, size_t ndraws)
{
  size_t i;

  if (ndraws < 2)
    return pm_error(PM_EINPUT, "the number of posterior draws is %zu; ask for "
                               "at least 2 (200 or more for 95%% intervals)",
                    ndraws);
  if (fit->p == 0 || !fit->Vp)
    return pm_error(PM_EINPUT, "the model has no coefficients to draw");
  for (i = 0; i < fit->p * fit->p; i++)
    if (!isfinite(fit->Vp[i]))
      return pm_error(PM_EINPUT, "the coefficient covariance Vp holds a "
                                 "non-finite value; refit the model");
  return PM_SUCCESS;
}

int pm_draws_alloc(pm_draws **out, const pm_gam_fit *fit, size_t ndraws,
                   unsigned long seed)
{
  pm_draws *d = NULL;
  double *L = NULL, *Z = NULL;
  size_t p = fit->p, i, k;
  int status;

  *out = NULL;
  if ((status = check(fit, ndraws))) return status;
  d = calloc(1, sizeof *d);
  L = malloc(p * p * sizeof *L);
  Z = malloc(p * ndraws * sizeof *Z);
  if (!d || !L || !Z || !(d->B = malloc(p * ndraws * sizeof *d->B))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  d->p = p;
  d->ndraws = ndraws;
  d->seed = seed;
  if (cholesky(fit->Vp, p, L) && (status = eigen_factor(fit->Vp, p, L)))
    goto cleanup;
  if ((status = pm_map_normals(seed, p, ndraws, Z))) goto cleanup;
  for (i = 0; i < p; i++)
    for (k = 0; k < ndraws; k++) d->B[i * ndraws + k] = fit->beta[i];
  /* B = beta 1' + L Z */
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)ndraws,
              (int)p, 1.0, L, (int)p, Z, (int)ndraws, 1.0,
              d->B, (int)ndraws);
  *out = d;
  d = NULL;
cleanup:
  pm_draws_free(d);
  free(L);
  free(Z);
  return status;
}

void pm_draws_free(pm_draws *d)
{
  if (!d) return;
  free(d->B);
  free(d);
}

/* Rows i0..i1 - 1 of E = X B + offset. */
static void predict_rows(const pm_draws *d, const double *X,
                         const double *offset, size_t i0, size_t i1,
                         double *E)
{
  size_t i, k, D = d->ndraws, p = d->p;

  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)(i1 - i0),
              (int)D, (int)p, 1.0, X + i0 * p, (int)p, d->B, (int)D, 0.0,
              E + i0 * D, (int)D);
  if (offset)
    for (i = i0; i < i1; i++)
      for (k = 0; k < D; k++) E[i * D + k] += offset[i];
}

void pm_draws_predict(const pm_draws *d, const double *X, const double *offset,
                      size_t n, double *E)
{
  size_t nc = pm_threads_cell_chunks(n);
  long c;

  /* one product per row chunk on the threads (BLAS itself keeps to one
   * thread): the chunks depend on n alone, and so do the products */
#pragma omp parallel for schedule(dynamic, 1)
  for (c = 0; c < (long)nc; c++)
    predict_rows(d, X, offset, pm_threads_chunk_start(n, nc, (size_t)c),
                 pm_threads_chunk_start(n, nc, (size_t)c + 1), E);
}
