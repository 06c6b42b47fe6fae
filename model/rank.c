/* rank.c: identifiability of a design before fitting.
 *
 * The columns of X, with the penalties added, must be linearly independent;
 * a pivoted Cholesky factorization of the equilibrated X'X + sum_k S_k
 * (LAPACK dpstrf; Higham 2002, section 10.3) finds the rank and the columns
 * left over, which are reported by term.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"
#include "pm_error.h"

#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* dpstrf's tolerance on the pivots of the equilibrated (unit diagonal)
 * X'X + sum_k S_k: a column whose part independent of the others has a
 * squared norm below 1e-10 of its own, a norm below 1e-5, is dependent.
 * That is well above the rounding in X'X, so that exactly dependent
 * columns are found, and lets nearly collinear but distinct columns pass. */
#define PM_RANK_TOL 1e-10

static const char *block_label(const pm_design *d, size_t col)
{
  size_t b;

  for (b = 0; b < d->nblocks; b++)
    if (col >= d->blocks[b].first &&
        col < d->blocks[b].first + d->blocks[b].ncoef)
      return d->blocks[b].label;
  return "?";
}

/* "temp, I(temp^2)": the distinct terms of columns piv[r..p). */
static void dependent_terms(const pm_design *d, const lapack_int *piv,
                            size_t r, char *buf, size_t size)
{
  size_t k, used = 0;

  buf[0] = 0;
  for (k = r; k < d->p; k++) {
    const char *label = block_label(d, (size_t)piv[k] - 1);
    if (strstr(buf, label)) continue;
    used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s",
                             used ? ", " : "", label);
  }
}

int pm_gam_check_rank(const pm_design *d, const pm_model_matrix *m)
{
  size_t p = d->p, i, j, k;
  double *A = malloc(p * p * sizeof *A), *w = malloc((m->n + 1) * sizeof *w);
  double *block = malloc(PM_ROW_BLOCK * p * sizeof *block);
  lapack_int *piv = malloc(p * sizeof *piv), rank = 0;
  char terms[512];
  int status = A && w && block && piv ? PM_SUCCESS : pm_error_nomem();

  if (status == PM_SUCCESS && m->n < p)
    status = pm_error(PM_EINPUT,
                      "%zu data rows for %zu coefficients: the model needs "
                      "at least as many rows as coefficients",
                      m->n, p);
  if (status == PM_SUCCESS) {
    for (i = 0; i < m->n; i++) w[i] = 1;
    status = pm_mm_xtwx(m, w, block, A);
  }
  if (status == PM_SUCCESS) {
    for (k = 0; k < d->npenalties; k++) {
      const pm_design_penalty *pk = &d->penalties[k];
      for (i = 0; i < pk->ncoef; i++)
        for (j = 0; j < pk->ncoef; j++)
          A[(pk->first + i) * p + pk->first + j] += pk->S[i * pk->ncoef + j];
    }
    for (i = 0; i < p; i++) w[i] = A[i * p + i] > 0 ? 1 / sqrt(A[i * p + i]) : 0;
    for (i = 0; i < p; i++)
      for (j = 0; j < p; j++) A[i * p + j] *= w[i] * w[j];
    LAPACKE_dpstrf(LAPACK_ROW_MAJOR, 'U', (lapack_int)p, A, (lapack_int)p,
                   piv, &rank, PM_RANK_TOL);
    if ((size_t)rank < p) {
      dependent_terms(d, piv, (size_t)rank, terms, sizeof terms);
      status = pm_error(PM_EINPUT,
                        "the model is not identifiable: %zu of its %zu "
                        "columns depend linearly on the others (terms %s); "
                        "remove a term or a factor level with no data",
                        p - (size_t)rank, p, terms);
    }
  }
  free(A);
  free(w);
  free(block);
  free(piv);
  return status;
}
