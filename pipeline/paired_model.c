/* paired_model.c: a model predicted beside another on the same blocks of
 * cells, member by member (paired_model.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "paired_model.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const pm_pipeline_fitted *pm_paired_find(const pm_pipeline_fitted *models,
                                         size_t n, const char *name)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (!strcmp(models[i].spec->name, name)) return &models[i];
  return NULL;
}

size_t pm_paired_column(const char **names, size_t *n, const char *name)
{
  size_t j;
  for (j = 0; j < *n; j++)
    if (!strcmp(names[j], name)) return j;
  names[*n] = name;
  return (*n)++;
}

int pm_paired_init(pm_paired_model *m, const pm_pipeline_fitted *f,
                   const char **names, size_t *n)
{
  const char *const *cols;
  size_t ncols, j;
  int status;

  m->fitted = f;
  if ((status = pm_engine_columns(f->engine, &cols, &ncols))) return status;
  m->names = cols + 1; /* the response comes first */
  m->ncols = ncols - 1;
  if (!(m->col = malloc((m->ncols + 1) * sizeof *m->col)) ||
      !(m->xb = malloc((m->ncols + 1) * sizeof *m->xb)))
    return pm_error_nomem();
  for (j = 0; j < m->ncols; j++)
    m->col[j] = pm_paired_column(names, n, m->names[j]);
  if ((status = pm_pipeline_ranges_alloc(&m->ranges, f->engine, m->names,
                                         m->ncols)))
    return status;
  status = pm_pipeline_model_draws(f, m->interval, sizeof m->interval);
  m->D = pm_engine_nmembers(f->engine);
  m->seed = pm_engine_seed(f->engine);
  return status;
}

void pm_paired_free(pm_paired_model *m)
{
  pm_mapper_free(m->mapper);
  free(m->col);
  free(m->xb);
  pm_pipeline_ranges_free(&m->ranges);
  free(m->mean);
  free(m->mu);
}

int pm_paired_predict(pm_paired_model *m, const double *xb, size_t block,
                      size_t nb, const char *where, unsigned char *mflag,
                      unsigned char *bflag)
{
  pm_engine_prediction p;
  size_t j, k, D = m->D;
  double *mean = NULL, *mu = NULL;
  int status;

  for (j = 0; j < m->ncols; j++) m->xb[j] = xb + m->col[j] * block;
  if ((status = pm_pipeline_predict_rows(m->fitted->engine, where, m->names,
                                         m->xb, m->ncols, nb, D == 0, &p)))
    goto cleanup;
  mean = malloc((p.n + 1) * sizeof *mean);
  mu = malloc((p.n * D + 1) * sizeof *mu);
  if (!mean || !mu) {
    status = pm_error_nomem();
    goto cleanup;
  }
  {
    pm_map_cells cells = {.n = p.n};
    pm_map_values v = {.mean = mean, .mu_draws = mu};
    if ((status = pm_mapper_predicted(m->mapper, &p, &cells, &v, NULL)))
      goto cleanup;
  }
  for (k = 0; k < nb; k++) m->mean[k] = NAN;
  for (k = 0; k < p.n; k++) {
    m->mean[p.rows[k]] = mean[k];
    memcpy(m->mu + p.rows[k] * D, mu + k * D, D * sizeof *mu);
  }
  if ((status = pm_pipeline_ranges_flag(&m->ranges, m->xb, nb, mflag)))
    goto cleanup;
  for (k = 0; k < nb; k++) bflag[k] |= mflag[k];
cleanup:
  free(mean);
  free(mu);
  return status;
}

double *pm_paired_nans(size_t n)
{
  double *x = malloc((n + 1) * sizeof *x);
  size_t i;
  if (x)
    for (i = 0; i < n; i++) x[i] = NAN;
  return x;
}
