/* chol.c: Cholesky factors of symmetric positive definite matrices, with
 * equilibration (van der Sluis 1969: scaling to unit diagonal is nearly
 * optimal for the condition number), and what the fit needs from them.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"
#include "pm_error.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* OpenBLAS runs on one thread in every process that loads this file (every
 * fit does).  Its threaded factorizations block the work by the number of
 * threads, so that a fit's last digits would depend on the machine's cores
 * or OPENBLAS_NUM_THREADS, and the same scenario and seed would not give
 * the same files everywhere; and the products of a fit are tall and narrow
 * (rows x coefficients), where its threads mostly wait. */
__attribute__((constructor)) static void pm_blas_one_thread(void)
{
  openblas_set_num_threads(1);
}

int pm_chol_alloc(pm_chol *c, size_t p)
{
  c->p = p;
  c->R = malloc((p * p + 1) * sizeof *c->R);
  c->d = malloc((p + 1) * sizeof *c->d);
  c->logdet = 0;
  if (!c->R || !c->d) {
    pm_chol_free(c);
    return pm_error_nomem();
  }
  return PM_SUCCESS;
}

void pm_chol_free(pm_chol *c)
{
  free(c->R);
  free(c->d);
  c->R = c->d = NULL;
}

int pm_chol_factor(pm_chol *c, const double *A)
{
  size_t p = c->p, i, j;

  c->logdet = 0;
  for (i = 0; i < p; i++) {
    if (!(A[i * p + i] > 0))
      return pm_error(PM_ENUMERIC, "matrix not positive definite (column %zu)",
                      i + 1);
    c->d[i] = 1 / sqrt(A[i * p + i]);
    c->logdet += log(A[i * p + i]);
  }
  for (i = 0; i < p; i++) {
    for (j = 0; j < i; j++) c->R[i * p + j] = 0;
    for (j = i; j < p; j++) c->R[i * p + j] = A[i * p + j] * c->d[i] * c->d[j];
  }
  if (LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', (lapack_int)p, c->R,
                     (lapack_int)p) != 0)
    return pm_error(PM_ENUMERIC, "matrix not positive definite");
  for (i = 0; i < p; i++) c->logdet += 2 * log(c->R[i * p + i]);
  return PM_SUCCESS;
}

void pm_chol_solve(const pm_chol *c, double *x)
{
  size_t i, p = c->p;

  for (i = 0; i < p; i++) x[i] *= c->d[i];
  cblas_dtrsv(CblasRowMajor, CblasUpper, CblasTrans, CblasNonUnit, (int)p,
              c->R, (int)p, x, 1);
  cblas_dtrsv(CblasRowMajor, CblasUpper, CblasNoTrans, CblasNonUnit, (int)p,
              c->R, (int)p, x, 1);
  for (i = 0; i < p; i++) x[i] *= c->d[i];
}

int pm_chol_inverse(const pm_chol *c, double *Ainv)
{
  size_t p = c->p, i, j;

  memcpy(Ainv, c->R, p * p * sizeof *Ainv);
  if (LAPACKE_dpotri(LAPACK_ROW_MAJOR, 'U', (lapack_int)p, Ainv,
                     (lapack_int)p) != 0)
    return pm_error(PM_ENUMERIC, "matrix inverse failed");
  for (i = 0; i < p; i++)
    for (j = i; j < p; j++) {
      Ainv[i * p + j] *= c->d[i] * c->d[j];
      Ainv[j * p + i] = Ainv[i * p + j];
    }
  return PM_SUCCESS;
}

void pm_chol_whiten_rows(const pm_chol *c, double *block, size_t nb)
{
  size_t p = c->p, i, j;

  for (i = 0; i < nb; i++)
    for (j = 0; j < p; j++) block[i * p + j] *= c->d[j];
  /* (D x_i)' R^-1: then |.|^2 = x_i' D R^-1 R^-T D x_i = x_i' A^-1 x_i */
  cblas_dtrsm(CblasRowMajor, CblasRight, CblasUpper, CblasNoTrans,
              CblasNonUnit, (int)nb, (int)p, 1.0, c->R, (int)p, block, (int)p);
}
