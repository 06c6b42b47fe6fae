/* partial_eval.c: one term's partial effect f_j = X_j beta_j and its
 * standard error at given covariate values.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "formula_internal.h"
#include "pm_error.h"
#include "pm_partial.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Columns of a smooth's covariates at the points; a factor (the covariate
 * of an re smooth that was text when fitted) as level indices. */
static int smooth_block(const pm_design_block *k, const double *const *x,
                        size_t n, double *X)
{
  pm_column cols[16];
  const pm_column *pc[16];
  int *code = NULL, status;
  size_t v, i;

  if (k->term->nvars > 16)
    return pm_error(PM_EINPUT, "%s: more than 16 covariates", k->label);
  memset(cols, 0, sizeof cols);
  for (v = 0; v < k->term->nvars; v++) {
    cols[v].name = k->term->vars[v];
    cols[v].x = x[v];
    pc[v] = &cols[v];
  }
  if (k->nlevels > 0) { /* re smooth of a factor */
    if (!(code = malloc((n + 1) * sizeof *code))) return pm_error_nomem();
    for (i = 0; i < n; i++) code[i] = (int)x[0][i];
    cols[0].x = NULL;
    cols[0].level = code;
    cols[0].nlevels = k->nlevels;
    cols[0].levels = (const char *const *)k->levels;
  }
  status = pm_smooth_design(k->smooth, pc, NULL, n, X, k->ncoef);
  free(code);
  return status;
}

/* Treatment contrasts: the first level is the baseline (no column) unless
 * the block codes every level (a model without intercept). */
static void factor_block(const pm_design_block *k, const double *x, size_t n,
                         double *X)
{
  size_t skip = k->ncoef < k->nlevels ? 1 : 0, i, l;

  memset(X, 0, n * k->ncoef * sizeof *X);
  for (i = 0; i < n; i++) {
    l = (size_t)x[i];
    if (l >= skip && l - skip < k->ncoef) X[i * k->ncoef + l - skip] = 1;
  }
}

int pm_partial_numeric_column(const pm_term *t, const char **column)
{
  const char **names = NULL;
  size_t n = 0, cap = 0;
  int status = pm_expr_add_columns(t->expr, &names, &n, &cap);

  *column = NULL;
  if (!status && n != 1)
    status = pm_error(PM_EINPUT,
                      "%s: the term reads %zu columns; a partial effect is "
                      "drawn for a term of one column",
                      t->label, n);
  if (!status) *column = names[0];
  free(names);
  return status;
}

/* A numeric term's expression evaluated on its single column. */
static int numeric_block(const pm_design_block *k, const double *x,
                         size_t n, double *X)
{
  pm_frame *frame = NULL;
  const char *column;
  int status = pm_partial_numeric_column(k->term, &column);

  if (!status)
    status = pm_frame_from_columns(&frame, k->label, &column, &x, 1, n);
  if (!status) status = pm_expr_eval_rows(k->term->expr, frame, NULL, n, X);
  pm_frame_free(frame);
  return status;
}

static int block_matrix(const pm_design_block *k, const double *const *x,
                        size_t n, double *X)
{
  switch (k->term->kind) {
  case PM_TERM_SMOOTH:
  case PM_TERM_TENSOR:
    return smooth_block(k, x, n, X);
  case PM_TERM_FACTOR:
    factor_block(k, x[0], n, X);
    return PM_SUCCESS;
  case PM_TERM_NUMERIC:
    return numeric_block(k, x[0], n, X);
  default:
    return pm_error(PM_EINPUT, "%s: an offset has no partial effect",
                    k->label);
  }
}

int pm_partial_eval(const pm_model *m, size_t block, const double *const *x,
                    size_t n, double *fit, double *se)
{
  const pm_design_block *k;
  const double *Vjj;
  double *X = NULL, *XV = NULL;
  size_t p = m->fit->p, q, i;
  int status;

  if (block >= m->design->nblocks || !m->design->blocks[block].term)
    return pm_error(PM_EUSAGE, "model term %zu has no partial effect", block);
  k = &m->design->blocks[block];
  q = k->ncoef;
  X = malloc((n * q + 1) * sizeof *X);
  XV = malloc((n * q + 1) * sizeof *XV);
  if (!X || !XV) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = block_matrix(k, x, n, X))) goto cleanup;
  cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)q, 1.0, X, (int)q,
              m->fit->beta + k->first, 1, 0.0, fit, 1);
  /* se_i = sqrt(x_i' Vp_jj x_i): the diagonal of X_j Vp_jj X_j' */
  Vjj = m->fit->Vp + k->first * p + k->first;
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)q,
              (int)q, 1.0, X, (int)q, Vjj, (int)p, 0.0, XV, (int)q);
  for (i = 0; i < n; i++)
    se[i] = sqrt(fmax(0, cblas_ddot((int)q, XV + i * q, 1, X + i * q, 1)));
cleanup:
  free(X);
  free(XV);
  return status;
}
