/* partial.c: the partial effects of every term of a model over grids of
 * its covariates (lines, surfaces, levels), with the rugs of the data.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "pm_error.h"
#include "pm_partial.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pm_partial_free(pm_partial *p)
{
  size_t t, l;

  if (!p) return;
  for (t = 0; t < p->nterms; t++) {
    pm_partial_term *e = &p->terms[t];
    free(e->label);
    free(e->x);
    free(e->y);
    for (l = 0; e->levels && l < e->nx; l++) free(e->levels[l]);
    free(e->levels);
    free(e->fit);
    free(e->se);
    free(e->lo);
    free(e->hi);
    free(e->rug_x);
    free(e->rug_y);
  }
  free(p->terms);
  free(p);
}

/* The index of covariate `name` in the ranges. */
static int covariate(const pm_model_ranges *r, const char *name, size_t *j)
{
  for (*j = 0; *j < r->n; (*j)++)
    if (strcmp(r->names[*j], name) == 0) return PM_SUCCESS;
  return pm_error(PM_EINPUT,
                  "the model file records no range of covariate '%s'; fit "
                  "the model again with `plankmap run` to record it",
                  name);
}

int pm_partial_axis(const pm_model_ranges *r, const char *name, size_t n,
                    double **x, double **rug, size_t *nrug)
{
  size_t j, i;
  double lo, hi;
  int status = covariate(r, name, &j);

  if (status) return status;
  lo = r->min[j];
  hi = r->max[j];
  *x = malloc(n * sizeof **x);
  *rug = malloc((r->nsample + 1) * sizeof **rug);
  if (!*x || !*rug) return pm_error_nomem();
  for (i = 0; i + 1 < n; i++)
    (*x)[i] = lo + (hi - lo) * (double)i / (double)(n - 1);
  (*x)[n - 1] = hi; /* exactly, as R's seq() */
  for (i = 0; i < r->nsample; i++) (*rug)[i] = r->sample[i * r->n + j];
  *nrug = r->nsample;
  return PM_SUCCESS;
}

/* n values evenly spaced over the covariate's fitted range in the model
 * file, and its rug. */
static int axis(const pm_model *m, const char *name, size_t n, double **x,
                double **rug, size_t *nrug)
{
  pm_model_ranges r = {m->ncovariates,
                       (const char *const *)m->covariate_names,
                       m->covariate_min, m->covariate_max, m->nsample,
                       m->covariate_sample};
  return pm_partial_axis(&r, name, n, x, rug, nrug);
}

static int levels_term(const pm_design_block *k, pm_partial_term *e)
{
  size_t l;

  e->kind = PM_PARTIAL_LEVELS;
  e->nx = k->nlevels;
  e->x = malloc((k->nlevels + 1) * sizeof *e->x);
  e->levels = calloc(k->nlevels + 1, sizeof *e->levels);
  if (!e->x || !e->levels) return pm_error_nomem();
  for (l = 0; l < k->nlevels; l++) {
    e->x[l] = (double)l;
    if (!(e->levels[l] = strdup(k->levels[l]))) return pm_error_nomem();
  }
  return PM_SUCCESS;
}

/* v[0..n) evenly spaced over -half .. half (degrees). */
static void globe_axis(double *v, size_t n, double half)
{
  for (size_t i = 0; i < n; i++)
    v[i] = -half + 2 * half * (double)i / (double)(n - 1);
}

/* The grid of term `e` (kind, covariates, points) before evaluation. */
static int term_grid(const pm_model *m, const pm_design_block *k,
                     pm_partial_term *e)
{
  const pm_term *t = k->term;
  size_t nr;
  int status;

  e->ny = 1;
  if (t->kind == PM_TERM_FACTOR || (t->kind == PM_TERM_SMOOTH && k->nlevels))
    return levels_term(k, e);
  if (t->kind == PM_TERM_NUMERIC) {
    if ((status = pm_partial_numeric_column(t, &e->xname))) return status;
  } else {
    e->xname = t->vars[0];
  }
  e->kind = t->nvars == 2 ? PM_PARTIAL_SURFACE : PM_PARTIAL_LINE;
  e->nx = e->kind == PM_PARTIAL_LINE ? PM_PARTIAL_LINE_POINTS
                                     : PM_PARTIAL_SURFACE_POINTS;
  if ((status = axis(m, e->xname, e->nx, &e->x, &e->rug_x, &e->nrug)))
    return status;
  if (e->kind == PM_PARTIAL_LINE) return PM_SUCCESS;
  e->yname = t->vars[1];
  e->ny = PM_PARTIAL_SURFACE_POINTS;
  if ((status = axis(m, e->yname, e->ny, &e->y, &e->rug_y, &nr))) return status;
  if (t->kind == PM_TERM_SMOOTH && t->bs[0] == PM_BASIS_SOS) {
    /* a function on the sphere is drawn whole: the globe */
    e->sphere = 1;
    globe_axis(e->x, e->nx, 90);
    globe_axis(e->y, e->ny, 180);
  }
  return PM_SUCCESS;
}

/* Evaluate the term on its grid: a surface's points (x[i], y[j]) in the
 * order i * ny + j. */
static int term_values(const pm_model *m, pm_partial_term *e)
{
  size_t n = e->nx * e->ny, i, j;
  double *gx = NULL, *gy = NULL;
  const double *x[2];
  int status;

  e->fit = malloc(n * sizeof *e->fit);
  e->se = malloc(n * sizeof *e->se);
  if (!e->fit || !e->se) return pm_error_nomem();
  if (e->kind != PM_PARTIAL_SURFACE) {
    x[0] = e->x;
    return pm_partial_eval(m, e->block, x, n, e->fit, e->se);
  }
  gx = malloc(n * sizeof *gx);
  gy = malloc(n * sizeof *gy);
  if (!gx || !gy) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 0; i < e->nx; i++)
    for (j = 0; j < e->ny; j++) {
      gx[i * e->ny + j] = e->x[i];
      gy[i * e->ny + j] = e->y[j];
    }
  x[0] = gx;
  x[1] = gy;
  status = pm_partial_eval(m, e->block, x, n, e->fit, e->se);
cleanup:
  free(gx);
  free(gy);
  return status;
}

/* Terms drawn: every block but the intercept, smooths (te() or s()) of
 * more than two covariates and numeric terms of several columns. */
static int drawable(const pm_design_block *k)
{
  const char *column;

  if (!k->term) return 0;
  if (k->term->kind == PM_TERM_TENSOR || k->term->kind == PM_TERM_SMOOTH)
    return k->term->nvars <= 2;
  if (k->term->kind != PM_TERM_NUMERIC) return 1;
  if (pm_partial_numeric_column(k->term, &column) == PM_SUCCESS) return 1;
  pm_error_clear();
  return 0;
}

int pm_partial_alloc(pm_partial **out, const pm_model *m)
{
  pm_partial *p = calloc(1, sizeof *p);
  const pm_design *d = m->design;
  size_t b;
  int status = PM_SUCCESS;

  *out = NULL;
  if (!p || !(p->terms = calloc(d->nblocks + 1, sizeof *p->terms))) {
    free(p);
    return pm_error_nomem();
  }
  for (b = 0; b < d->nblocks && !status; b++) {
    pm_partial_term *e = &p->terms[p->nterms];
    if (!drawable(&d->blocks[b])) continue;
    p->nterms++;
    e->block = b;
    e->edf = d->blocks[b].smooth ? m->fit->terms[b].edf
                                 : (double)d->blocks[b].ncoef;
    if (!(e->label = strdup(d->blocks[b].label))) status = pm_error_nomem();
    if (!status) status = term_grid(m, &d->blocks[b], e);
    if (!status) status = term_values(m, e);
  }
  if (status)
    pm_partial_free(p);
  else
    *out = p;
  return status;
}

int pm_partial_find(const pm_partial *p, const char *label, size_t *index)
{
  char list[512] = "";
  size_t t, len = 0;

  for (t = 0; t < p->nterms; t++) {
    if (strcmp(p->terms[t].label, label) == 0) {
      *index = t;
      return PM_SUCCESS;
    }
    if (len + strlen(p->terms[t].label) + 3 < sizeof list)
      len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                              t ? ", " : "", p->terms[t].label);
  }
  return pm_error(PM_EINPUT, "the model has no term '%s'; its terms are %s",
                  label, p->nterms ? list : "none");
}

int pm_partial_sample_rows(const pm_frame *frame, const char *const *names,
                           size_t ncov, size_t max, double **sample,
                           size_t *nsample)
{
  size_t n = pm_frame_nrows(frame), ns = n < max ? n : max, i, j, row;
  const pm_column *c;
  int status;

  *nsample = 0;
  if (!(*sample = malloc((ns * ncov + 1) * sizeof **sample)))
    return pm_error_nomem();
  for (j = 0; j < ncov; j++) {
    if ((status = pm_frame_column(frame, names[j], &c))) {
      free(*sample);
      *sample = NULL;
      return status;
    }
    /* row i * n / ns: evenly spaced, the same rows on every run */
    for (i = 0; i < ns; i++) {
      row = (size_t)((double)i * (double)n / (double)ns);
      (*sample)[i * ncov + j] = c->x ? c->x[row] : NAN;
    }
  }
  *nsample = ns;
  return PM_SUCCESS;
}
