/* engine_xgb_data.c: the boosted-trees engine's formula and rows: the
 * numeric terms of the formula as the trees' features, the offset as the
 * base margin, and the rows of a frame that have every one of them.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>

/* A term boosted trees take: a numeric expression or the offset. */
static int check_term(const pm_term *t, const char *formula)
{
  if (t->kind == PM_TERM_SMOOTH || t->kind == PM_TERM_TENSOR)
    return pm_error(PM_EINPUT, "formula '%s': the smooth term '%s' needs "
                    "engine \"gam\"; engine \"xgboost\" takes the "
                    "covariates themselves (e.g. temp + salt)", formula,
                    t->label);
  if (t->kind == PM_TERM_FACTOR)
    return pm_error(PM_EINPUT, "formula '%s': the factor term '%s' is not "
                    "taken by engine \"xgboost\"; use numeric covariates",
                    formula, t->label);
  return PM_SUCCESS;
}

int pm_xgb_terms(xgb_state *s, const char *formula)
{
  const pm_formula *f;
  size_t t;
  int status;

  if ((status = pm_formula_parse(&s->formula, formula))) return status;
  f = s->formula;
  s->features = calloc(f->nterms + 1, sizeof *s->features);
  s->feature_names = calloc(f->nterms + 1, sizeof *s->feature_names);
  if (!s->features || !s->feature_names) return pm_error_nomem();
  for (t = 0; t < f->nterms; t++) {
    if ((status = check_term(&f->terms[t], formula))) return status;
    if (f->terms[t].kind == PM_TERM_OFFSET) {
      s->offset = f->terms[t].expr;
      continue;
    }
    s->feature_names[s->nfeatures] = f->terms[t].label;
    s->features[s->nfeatures++] = f->terms[t].expr;
  }
  if (!s->nfeatures)
    return pm_error(PM_EINPUT, "formula '%s': engine \"xgboost\" needs at "
                    "least one covariate", formula);
  return PM_SUCCESS;
}

/* Every expression on every row of the frame: column j of v (nrows x
 * nexpr, column-major) the values of expression j; the offset's and the
 * response's columns left as they are unless asked for. */
static int evaluate(const xgb_state *s, const pm_frame *frame, double *v,
                    size_t nrows, int with_offset, int with_y)
{
  size_t j;
  int status = PM_SUCCESS;
  double *col = v;

  for (j = 0; j < s->nfeatures && !status; j++, col += nrows)
    status = pm_expr_eval(s->features[j], frame, col);
  if (!status && s->offset && with_offset)
    status = pm_expr_eval(s->offset, frame, col);
  col += nrows;
  if (!status && with_y) status = pm_expr_eval(s->formula->response, frame,
                                               col);
  return status;
}

/* Row i has every value (an infinite offset or response is missing). */
static int complete(const double *v, size_t nrows, size_t ncols, size_t i)
{
  size_t j;
  for (j = 0; j < ncols; j++)
    if (!isfinite(v[j * nrows + i])) return 0;
  return 1;
}

int pm_xgb_rows(const xgb_state *s, const pm_frame *frame, double **x,
                double **offset, double **y, size_t **rows, size_t *n)
{
  size_t nrows = pm_frame_nrows(frame), p = s->nfeatures, i, j, k = 0;
  size_t ncols = p + 2;
  double *v = malloc((nrows * ncols + 1) * sizeof *v);
  int status;

  *x = malloc((nrows * p + 1) * sizeof **x);
  if (offset) *offset = calloc(nrows + 1, sizeof **offset);
  *rows = malloc((nrows + 1) * sizeof **rows);
  if (y) *y = malloc((nrows + 1) * sizeof **y);
  if (!v || !*x || (offset && !*offset) || (y && !*y) || !*rows) {
    free(v);
    return pm_error_nomem();
  }
  for (i = 0; i < nrows; i++) v[p * nrows + i] = v[(p + 1) * nrows + i] = 0;
  if ((status = evaluate(s, frame, v, nrows, offset != NULL, y != NULL)))
    goto cleanup;
  for (i = 0; i < nrows; i++) {
    if (!complete(v, nrows, ncols, i)) continue;
    for (j = 0; j < p; j++) (*x)[k * p + j] = v[j * nrows + i];
    if (offset) (*offset)[k] = v[p * nrows + i];
    if (y) (*y)[k] = v[(p + 1) * nrows + i];
    (*rows)[k++] = i;
  }
  *n = k;
cleanup:
  free(v);
  return status;
}
