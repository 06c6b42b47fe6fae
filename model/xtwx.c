/* xtwx.c: the weighted cross product X'WX over row blocks.
 *
 * Each block of rows is scaled by sqrt(w) into a scratch buffer and added
 * with one dsyrk, so memory traffic stays one pass over X and the flops run
 * in BLAS.  Weights may be negative (full Newton weights can be): those rows
 * go through a second dsyrk with a minus sign.
 *
 * The rows are cut into the chunks of pm_threads_chunks(n); the chunks'
 * cross products are formed apart, on as many threads as there are, and
 * added in chunk order, so that X'WX is the same for any number of
 * threads.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"
#include "pm_error.h"
#include "pm_threads.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rows per dsyrk: 2048 rows of a few dozen columns are some hundreds of
 * KiB of scratch per thread, and a rank-2048 update runs at BLAS speed. */
#define PM_XTWX_ROWS 2048

static void add_rows(const double *X, size_t i0, size_t nb, size_t p,
                     const double *w, double sign, double *block, double *A)
{
  size_t i, j, nr = 0;

  for (i = i0; i < i0 + nb; i++) {
    double s = sign * w[i];
    if (s <= 0) continue;
    s = sqrt(s);
    for (j = 0; j < p; j++) block[nr * p + j] = s * X[i * p + j];
    nr++;
  }
  if (nr > 0)
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)nr, sign,
                block, (int)p, 1.0, A, (int)p);
}

/* The upper triangle of X'WX over rows i0 to i1 into A (p x p). */
static void chunk_xtwx(const double *X, size_t i0, size_t i1, size_t p,
                       const double *w, int negative, double *block,
                       double *A)
{
  size_t b0;

  memset(A, 0, p * p * sizeof *A);
  for (b0 = i0; b0 < i1; b0 += PM_XTWX_ROWS) {
    size_t nb = i1 - b0 < PM_XTWX_ROWS ? i1 - b0 : PM_XTWX_ROWS;
    add_rows(X, b0, nb, p, w, 1.0, block, A);
    if (negative) add_rows(X, b0, nb, p, w, -1.0, block, A);
  }
}

/* The chunks' cross products into part (nc x p x p); 0 without memory. */
static int chunk_products(const double *X, size_t n, size_t p,
                          const double *w, int negative, size_t nc,
                          double *part)
{
  int failed = 0;

#pragma omp parallel reduction(| : failed)
  {
    double *block = malloc(PM_XTWX_ROWS * p * sizeof *block);
    long c;
    failed = !block;
#pragma omp for schedule(dynamic, 1)
    for (c = 0; c < (long)nc; c++)
      if (block)
        chunk_xtwx(X, pm_threads_chunk_start(n, nc, (size_t)c),
                   pm_threads_chunk_start(n, nc, (size_t)c + 1), p, w,
                   negative, block, part + (size_t)c * p * p);
    free(block);
  }
  return !failed;
}

int pm_xtwx(const double *X, size_t n, size_t p, const double *w,
            double *block, double *A)
{
  size_t nc = pm_threads_chunks(n), c, i, j;
  double *part = NULL;
  int negative = 0;

  for (i = 0; i < n && !negative; i++) negative = w[i] < 0;
  if (nc == 1)
    chunk_xtwx(X, 0, n, p, w, negative, block, A);
  else {
    part = malloc(nc * p * p * sizeof *part);
    if (!part || !chunk_products(X, n, p, w, negative, nc, part)) {
      free(part);
      return pm_error_nomem();
    }
    memcpy(A, part, p * p * sizeof *A);
    for (c = 1; c < nc; c++)
      cblas_daxpy((int)(p * p), 1.0, part + c * p * p, 1, A, 1);
    free(part);
  }
  for (i = 0; i < p; i++)
    for (j = 0; j < i; j++) A[i * p + j] = A[j * p + i];
  return PM_SUCCESS;
}
