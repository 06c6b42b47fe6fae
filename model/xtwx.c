/* xtwx.c: the weighted cross product X'WX over row blocks.
 *
 * Each block of rows is scaled by sqrt(w) into a scratch buffer and added
 * with one dsyrk, so memory traffic stays one pass over X and the flops run
 * in BLAS.  Weights may be negative (full Newton weights can be): those rows
 * go through a second dsyrk with a minus sign.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

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

void pm_xtwx(const double *X, size_t n, size_t p, const double *w,
             double *block, double *A)
{
  size_t i0, i, j;
  int negative = 0;

  memset(A, 0, p * p * sizeof *A);
  for (i = 0; i < n && !negative; i++) negative = w[i] < 0;
  for (i0 = 0; i0 < n; i0 += PM_ROW_BLOCK) {
    size_t nb = n - i0 < PM_ROW_BLOCK ? n - i0 : PM_ROW_BLOCK;
    add_rows(X, i0, nb, p, w, 1.0, block, A);
    if (negative) add_rows(X, i0, nb, p, w, -1.0, block, A);
  }
  for (i = 0; i < p; i++)
    for (j = 0; j < i; j++) A[i * p + j] = A[j * p + i];
}
