/* engine_xgb_partial.c: the partial dependence of a boosted-trees ensemble
 * on each of its features, for partial-effect plots.  For member m and
 * feature j at value v it is Friedman's average over the data of the
 * model with feature j set to v (Friedman 2001, Ann. Statist.
 * 29(5):1189-1232, section 8.2, eq. 53):
 *
 *   f_m,j(v) = (1/N) sum_i F_m(v, x_i,\j),
 *
 * where F_m is the member's margin (the link of its mean) and x_i,\j the
 * other features of row i, over the N sampled fitted rows that the model
 * keeps for the rugs (pm_partial_sample_rows, at most PM_PARTIAL_RUG_MAX)
 * and that have every feature; v takes PM_PARTIAL_LINE_POINTS values
 * evenly spaced over the fitted range of the feature's column.  The offset
 * is left out (a base margin of 0; the member's intercept is kept): under
 * the log link of counts with log(volume) as offset, the curve is the
 * effect on the log of the concentration per unit volume.  The curves are
 * not centred: like R's pdp package and xgboost's partial plots, they are
 * the average margin itself.  `fit` is the mean of the members' curves,
 * `se` their standard deviation, and the band `lo`, `hi` their 2.5% and
 * 97.5% quantiles (pm_map_quantiles).  A feature that is an expression of
 * one column (I(temp^2)) is drawn over that column, as a GAM's numeric
 * term is; a feature of several columns has no curve.  The values x rows
 * of a feature make one data matrix, predicted once per member.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_mapper.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The sampled rows, with every feature. */
typedef struct {
  const xgb_state *s;
  pm_model_ranges r; /* the covariates' ranges and the sample */
  size_t n;          /* rows */
  double *x;         /* n x nfeatures, row-major */
} pd_rows;

/* The features of the sampled rows that have every one. */
static int sample_rows(pd_rows *d)
{
  const pm_model_ranges *r = &d->r;
  double **cols = calloc(r->n + 1, sizeof *cols);
  size_t *rows = NULL, i, j;
  pm_frame *f = NULL;
  int status = PM_SUCCESS;

  if (!cols) return pm_error_nomem();
  for (j = 0; j < r->n; j++) {
    if (!(cols[j] = malloc((r->nsample + 1) * sizeof **cols))) {
      status = pm_error_nomem();
      goto cleanup;
    }
    for (i = 0; i < r->nsample; i++) cols[j][i] = r->sample[i * r->n + j];
  }
  if ((status = pm_frame_from_columns(&f, "the model's sampled rows",
                                      r->names, (const double *const *)cols,
                                      r->n, r->nsample)) ||
      (status = pm_xgb_rows(d->s, f, &d->x, NULL, NULL, &rows, &d->n)))
    goto cleanup;
  if (d->n == 0)
    status = pm_error(PM_EINPUT, "none of the model's %zu sampled fitted "
                      "rows has every feature", r->nsample);
cleanup:
  for (j = 0; j < r->n; j++) free(cols[j]);
  free(cols);
  free(rows);
  pm_frame_free(f);
  return status;
}

/* Feature expression `feature` at the n values x of its one column. */
static int feature_values(const pm_expr *feature, const char *column,
                          const double *x, size_t n, double *v)
{
  pm_frame *g = NULL;
  int status = pm_frame_from_columns(&g, column, &column, &x, 1, n);

  if (!status) status = pm_expr_eval(feature, g, v);
  pm_frame_free(g);
  return status;
}

/* Each member's curve f_m,j at the nv values v of feature j (curve: M x
 * nv, row-major): its margins of every sampled row with feature j set to
 * each value, averaged, with a base margin of 0. */
static int member_curves(const pd_rows *d, size_t j, const double *v,
                         size_t nv, double *curve)
{
  const xgb_state *s = d->s;
  size_t p = s->nfeatures, n = d->n, N = nv * n, k, i, m;
  double *X = malloc((N * p + 1) * sizeof *X);
  double *zero = calloc(N + 1, sizeof *zero);
  double *out = malloc((N + 1) * sizeof *out);
  DMatrixHandle mat = NULL;
  int status = PM_SUCCESS;

  if (!X || !zero || !out) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (k = 0; k < nv; k++)
    for (i = 0; i < n; i++) {
      memcpy(X + (k * n + i) * p, d->x + i * p, p * sizeof *X);
      X[(k * n + i) * p + j] = v[k];
    }
  if ((status = pm_xgb_matrix(&mat, X, N, p, NULL, zero))) goto cleanup;
  for (m = 0; m < s->nmembers; m++) {
    if ((status = pm_xgb_margin(s->members[m], mat, N, out))) goto cleanup;
    for (k = 0; k < nv; k++) {
      double sum = 0;
      for (i = 0; i < n; i++) sum += out[k * n + i];
      curve[m * nv + k] = sum / (double)n + s->intercept[m];
    }
  }
cleanup:
  if (mat) XGDMatrixFree(mat);
  free(X);
  free(zero);
  free(out);
  return status;
}

/* The members' mean, standard deviation and 2.5% and 97.5% quantiles at
 * each value of e's axis. */
static int summarise(const double *curve, size_t M, pm_partial_term *e)
{
  size_t n = e->nx, k, m;
  double *col = malloc((M + 1) * sizeof *col);

  e->fit = malloc(n * sizeof *e->fit);
  e->se = malloc(n * sizeof *e->se);
  e->lo = malloc(n * sizeof *e->lo);
  e->hi = malloc(n * sizeof *e->hi);
  if (!col || !e->fit || !e->se || !e->lo || !e->hi) {
    free(col);
    return pm_error_nomem();
  }
  for (k = 0; k < n; k++) {
    double mean = 0, ss = 0;
    for (m = 0; m < M; m++) mean += curve[m * n + k] / (double)M;
    for (m = 0; m < M; m++) {
      col[m] = curve[m * n + k];
      ss += (col[m] - mean) * (col[m] - mean);
    }
    e->fit[k] = mean;
    e->se[k] = M > 1 ? sqrt(ss / (double)(M - 1)) : 0;
    pm_map_quantiles(col, M, &e->lo[k], &e->hi[k]);
  }
  free(col);
  return PM_SUCCESS;
}

/* The curve of feature j, the formula's term t, over its column. */
static int feature_term(const pd_rows *d, size_t j, const pm_term *t,
                        pm_partial_term *e)
{
  size_t nv = PM_PARTIAL_LINE_POINTS;
  double *v = malloc(nv * sizeof *v);
  double *curve = malloc((d->s->nmembers * nv + 1) * sizeof *curve);
  int status = PM_SUCCESS;

  e->kind = PM_PARTIAL_LINE;
  e->block = j;
  e->nx = nv;
  e->ny = 1;
  if (!v || !curve || !(e->label = strdup(t->label)))
    status = pm_error_nomem();
  if (!status) status = pm_partial_numeric_column(t, &e->xname);
  if (!status)
    status = pm_partial_axis(&d->r, e->xname, nv, &e->x, &e->rug_x,
                             &e->nrug);
  if (!status)
    status = feature_values(d->s->features[j], e->xname, e->x, nv, v);
  if (!status) status = member_curves(d, j, v, nv, curve);
  if (!status) status = summarise(curve, d->s->nmembers, e);
  free(v);
  free(curve);
  return status;
}

/* A feature of one column has a curve. */
static int drawn(const pm_term *t)
{
  const char *column;

  if (pm_partial_numeric_column(t, &column) == PM_SUCCESS) return 1;
  pm_error_clear();
  return 0;
}

/* The curve of every feature of one column, in the formula's order. */
static int feature_terms(const pd_rows *d, pm_partial *p)
{
  const pm_formula *f = d->s->formula;
  size_t t, j = 0;
  int status = PM_SUCCESS;

  for (t = 0; t < f->nterms && !status; t++) {
    const pm_term *term = &f->terms[t];
    if (term->kind == PM_TERM_OFFSET) continue;
    if (drawn(term))
      status = feature_term(d, j, term, &p->terms[p->nterms++]);
    j++;
  }
  return status;
}

int pm_engine_xgb_partial(const pm_engine *e, pm_partial **out)
{
  const xgb_state *s = e->state;
  pm_engine_covariates c;
  pd_rows d;
  pm_partial *p = calloc(1, sizeof *p);
  int status;

  *out = NULL;
  memset(&c, 0, sizeof c);
  memset(&d, 0, sizeof d);
  d.s = s;
  d.r = e->ranges;
  if (!p || !(p->terms = calloc(s->nfeatures + 1, sizeof *p->terms))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if (s->frame) { /* fitted here: the sample the model file will keep */
    pm_model_ranges r = {0, NULL, NULL, NULL, 0, NULL};
    if ((status = pm_engine_covariates_take(s->formula, s->frame, &c)))
      goto cleanup;
    r.n = c.n;
    r.names = c.names;
    r.min = c.lo;
    r.max = c.hi;
    r.nsample = c.nsample;
    r.sample = c.sample;
    d.r = r;
  }
  if (d.r.nsample == 0) {
    status = pm_error(PM_EINPUT, "the model file keeps no sample of its "
                      "fitted rows for partial dependence; fit the model "
                      "again with `plankmap run` to record it");
    goto cleanup;
  }
  if (!(status = sample_rows(&d))) status = feature_terms(&d, p);
cleanup:
  if (status)
    pm_partial_free(p);
  else
    *out = p;
  pm_engine_covariates_free(&c);
  free(d.x);
  return status;
}
