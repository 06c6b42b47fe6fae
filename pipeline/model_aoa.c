/* model_aoa.c: the area of applicability of a fitted model (pm_aoa.h;
 * Meyer & Pebesma 2021, Methods Ecol. Evol. 12:1620-1633), made at fit
 * time from the covariates of its fitted rows and written beside its
 * model file (aoa_<model>.nc), and its index on a block of prediction
 * rows.
 *
 * The covariates are the numeric columns the formula reads but the
 * response and the sampled volume of the offset, weighted by the engine's
 * importance of each (pm_engine_importance); the training rows' own index
 * uses the folds of the model's cross-validation (its groups, folds and
 * seed), so that the threshold says how far a held-out profile lies from
 * the others.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_design.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The covariates of the area of applicability among the engine's columns
 * (the response first): numeric, not the sampled volume. */
static int aoa_columns(const pm_engine *e, const pm_frame *frame,
                       const char **cov, size_t *p)
{
  const char *const *names;
  size_t n, j;
  int status = pm_engine_columns(e, &names, &n);

  *p = 0;
  for (j = 1; j < n && !status; j++) {
    const pm_column *c;
    if (strcmp(names[j], "volume_m3") != 0 &&
        pm_frame_column(frame, names[j], &c) == PM_SUCCESS && c->x)
      cov[(*p)++] = names[j];
  }
  if (!status && *p == 0)
    status = pm_error(PM_EINPUT, "the model reads no numeric covariate, so "
                      "it has no area of applicability");
  return status;
}

/* The fitted rows' covariates (n x p) and their folds. */
static int aoa_rows(const pm_frame *frame, const pm_engine_fit_info *info,
                    const char *const *cov, size_t p,
                    const pm_engine_groups *g, size_t k, unsigned long seed,
                    double *x, int *fold)
{
  pm_model_matrix mm = {.n = info->n, .rows = (size_t *)info->rows,
                        .frame = frame};
  int *group = malloc((info->n + 1) * sizeof *group);
  size_t i, j, ng;
  int status = PM_SUCCESS;

  if (!group) return pm_error_nomem();
  for (j = 0; j < p && !status; j++) {
    const pm_column *c;
    status = pm_frame_column(frame, cov[j], &c);
    for (i = 0; i < info->n && !status; i++)
      x[i * p + j] = c->x[info->rows[i]];
  }
  if (!status)
    status = g->column ? pm_cv_groups_column(&mm, g->column, group, &ng)
                       : pm_cv_groups_blocks(&mm, "lat", "lon", g->block_deg,
                                             group, &ng);
  if (!status) status = pm_cv_folds(group, info->n, k, seed, fold);
  free(group);
  return status;
}

int pm_pipeline_aoa_write(const pm_engine *e, const pm_frame *frame,
                          const pm_engine_fit_info *info,
                          const pm_engine_groups *g, size_t k,
                          unsigned long seed, const char *path)
{
  const char *const *names;
  size_t ncols, p, j;
  const char **cov = NULL;
  double *x = NULL, *w = NULL;
  int *fold = NULL, status;
  pm_aoa *a = NULL;

  if ((status = pm_engine_columns(e, &names, &ncols))) return status;
  cov = malloc((ncols + 1) * sizeof *cov);
  w = malloc((ncols + 1) * sizeof *w);
  x = malloc((info->n * ncols + 1) * sizeof *x);
  fold = malloc((info->n + 1) * sizeof *fold);
  if (!cov || !w || !x || !fold) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = aoa_columns(e, frame, cov, &p)) ||
      (status = aoa_rows(frame, info, cov, p, g, k, seed, x, fold)))
    goto cleanup;
  for (j = 0; j < p; j++) w[j] = pm_engine_importance(e, cov[j]);
  if (!(status = pm_aoa_alloc(&a, x, info->n, p, w, fold, cov)))
    status = pm_aoa_write(a, path);
cleanup:
  if (status) pm_error_prefix(status, "area of applicability");
  pm_aoa_free(a);
  free(cov);
  free(w);
  free(x);
  free(fold);
  return status;
}

int pm_pipeline_aoa_map(const pm_aoa *a, const char *const *names,
                        size_t ncols, size_t *col)
{
  size_t j, c;

  for (j = 0; j < pm_aoa_ncovariates(a); j++) {
    for (c = 0; c < ncols && strcmp(names[c], pm_aoa_name(a, j)); c++)
      ;
    if (c == ncols)
      return pm_error(PM_EINPUT, "the area of applicability reads covariate "
                      "'%s', which the model does not; refit the model",
                      pm_aoa_name(a, j));
    col[j] = c;
  }
  return PM_SUCCESS;
}

int pm_pipeline_aoa_block(const pm_aoa *a, const size_t *col,
                          const double *const *xb, size_t n, double *di)
{
  size_t p = pm_aoa_ncovariates(a), i, j;
  double *x = malloc((n * p + 1) * sizeof *x);
  int status;

  if (!x) return pm_error_nomem();
  for (i = 0; i < n; i++)
    for (j = 0; j < p; j++) x[i * p + j] = xb[col[j]][i];
  status = pm_aoa_index(a, x, n, di);
  free(x);
  return status;
}
