/* basis_te.c: tensor product smooths ("te") from one-dimensional margins, as
 * mgcv's te() builds them (Wood 2006, Biometrics 62:1025-1036, "Low-rank
 * scale-invariant tensor product smooths for generalized additive mixed
 * models"; Wood 2017, Generalized Additive Models, 2nd ed., section 5.6).
 *
 * The design row is the Kronecker product of the margin rows (first margin
 * varying slowest) and margin i contributes the penalty
 * I x ... x S_i x ... x I, with S_i divided by its largest eigenvalue.  A
 * margin whose coefficients are not already function values (ps: its
 * type's te_reparam) is first reparametrized so that they are its values at
 * evenly spaced points (mgcv's np = TRUE).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <cblas.h>
#include <lapacke.h>
#include <stdlib.h>
#include <string.h>

#include "pm_error.h"
#include "smooth_internal.h"

/* The margin's basis at its dim points seq(xmin, xmax, length = dim) into
 * P (dim x dim). */
static int even_rows(const pm_margin *mg, double xmin, double xmax, double *P)
{
  size_t d = mg->dim;
  double *x = malloc(d * sizeof *x);
  pm_column c = {.name = mg->var, .x = x};
  const pm_column *cp = &c;
  int status = PM_SUCCESS;
  if (!x) return pm_error_nomem();
  for (size_t i = 0; i < d; i++)
    x[i] = i + 1 == d ? xmax
                      : xmin + (double)i * ((xmax - xmin) / (double)(d - 1));
  for (size_t i = 0; i < d && !status; i++)
    status = mg->type->row(mg, &cp, i, P + i * d);
  free(x);
  return status;
}

int pm_te_reparam(pm_margin *mg, const pm_column *c, const size_t *rows,
                  size_t n)
{
  size_t d = mg->dim, nu;
  double *u = NULL, *P = NULL;
  lapack_int *piv = NULL;
  int status = pm_margin_unique(mg, c->x, rows, n, 0, &u, &nu);
  if (status) return status;
  P = malloc(d * d * sizeof *P);
  piv = malloc(d * sizeof *piv);
  mg->xp = calloc(d * d, sizeof *mg->xp);
  if (!P || !piv || !mg->xp) {
    status = pm_error_nomem();
    goto cleanup;
  }
  /* P: the basis at the points over the data's range; XP = P^{-1} */
  if ((status = even_rows(mg, u[0], u[nu - 1], P))) goto cleanup;
  for (size_t i = 0; i < d; i++) mg->xp[i * d + i] = 1;
  if (LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)d, (lapack_int)d, P,
                    (lapack_int)d, piv, mg->xp, (lapack_int)d) != 0) {
    status = pm_error(PM_ENUMERIC, "%s: the margin of '%s' cannot be "
                      "reparametrized (its basis is singular at %zu even "
                      "points); reduce k", mg->label, mg->var, d);
    goto cleanup;
  }
  status = pm_te_reparam_penalty(mg);
cleanup:
  free(u);
  free(P);
  free(piv);
  return status;
}

int pm_te_reparam_penalty(pm_margin *mg)
{
  int d = (int)mg->dim;
  double *T = malloc(mg->dim * mg->dim * sizeof *T);
  if (!T) return pm_error_nomem();
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d, d, d, 1.0, mg->xp,
              d, mg->S, d, 0.0, T, d);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, d, d, d, 1.0, T, d,
              mg->xp, d, 0.0, mg->S, d);
  free(T);
  return PM_SUCCESS;
}

/* The largest eigenvalue of the symmetric d x d matrix S. */
static int max_eigen(const pm_margin *mg, double *lmax)
{
  size_t d = mg->dim;
  double *A = malloc(d * d * sizeof *A), *w = malloc(d * sizeof *w);
  int status = PM_SUCCESS;
  if (!A || !w) {
    status = pm_error_nomem();
  } else {
    memcpy(A, mg->S, d * d * sizeof *A);
    if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', (lapack_int)d, A,
                      (lapack_int)d, w) != 0 || !(w[d - 1] > 0))
      status = pm_error(PM_ENUMERIC, "%s: the penalty of the margin '%s' "
                        "has no positive eigenvalue", mg->label, mg->var);
    else
      *lmax = w[d - 1];
  }
  free(A);
  free(w);
  return status;
}

int pm_te_penalties(const pm_margin *mg, size_t nm, double **S)
{
  size_t K = 1, before = 1;
  for (size_t i = 0; i < nm; i++) K *= mg[i].dim;
  for (size_t i = 0; i < nm; i++) {
    size_t d = mg[i].dim, after = K / before / d;
    double lmax = 1;
    int status = max_eigen(&mg[i], &lmax);
    if (status) return status;
    S[i] = calloc(K * K, sizeof *S[i]);
    if (!S[i]) return pm_error_nomem();
    for (size_t p = 0; p < before; p++)
      for (size_t q = 0; q < d; q++)
        for (size_t q2 = 0; q2 < d; q2++) {
          double v = (mg[i].S[q * d + q2] + mg[i].S[q2 * d + q]) / 2 / lmax;
          for (size_t r = 0; r < after; r++)
            S[i][((p * d + q) * after + r) * K + (p * d + q2) * after + r] = v;
        }
    before *= d;
  }
  return PM_SUCCESS;
}

void pm_te_row(const pm_margin *mg, size_t nm, const double *const *mrows,
               double *out)
{
  size_t len = mg[0].dim;
  memcpy(out, mrows[0], len * sizeof *out);
  for (size_t i = 1; i < nm; i++) {
    size_t d = mg[i].dim;
    for (size_t a = len; a-- > 0;) { /* from the end: nothing unread is hit */
      double v = out[a];
      for (size_t q = d; q-- > 0;) out[a * d + q] = v * mrows[i][q];
    }
    len *= d;
  }
}
