/* engine_gam.c: the GAM as a model engine: a model file of pm_model_read,
 * members from posterior draws of the coefficients or from the refits of a
 * cluster bootstrap kept in the file, and the linear predictor of new rows
 * with its standard error (pm_gam_predict) and under every member
 * (pm_draws_predict).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_gam_internal.h"
#include "pm_design.h"
#include "pm_error.h"
#include "pm_mapper.h"

#include <stdio.h>
#include <stdlib.h>

static void release(gam_state *s)
{
  free(s->eta);
  free(s->se);
  free(s->E);
  s->eta = s->se = s->E = NULL;
  s->cap = 0;
}

static void gam_free(pm_engine *e)
{
  gam_state *s = e->state;
  if (!s) return;
  release(s);
  pm_model_matrix_free(&s->mm);
  pm_draws_free(s->draws);
  if (s->owned) pm_model_free(s->model);
  pm_engine_gam_fitting_free(&s->fitting);
  free(s);
  e->state = NULL;
}

/* What every engine tells of a model read. */
static void describe(pm_engine *e, const pm_model *m)
{
  pm_model_ranges r = {m->ncovariates, (const char *const *)m->covariate_names,
                       m->covariate_min, m->covariate_max, m->nsample,
                       m->covariate_sample};
  e->family = m->fit->family;
  e->formula = m->formula->text;
  e->summary.family = m->fit->family;
  e->summary.n = m->fit->n;
  e->summary.deviance = m->fit->deviance;
  e->summary.null_deviance = m->fit->null_deviance;
  e->ranges = r;
}

static int gam_read(pm_engine *e, const char *path)
{
  gam_state *s = calloc(1, sizeof *s);
  int status;

  if (!s) return pm_error_nomem();
  e->state = s;
  s->owned = 1;
  if ((status = pm_model_read(&s->model, path))) return status;
  describe(e, s->model);
  return PM_SUCCESS;
}

static int gam_members(pm_engine *e, size_t ndraws, unsigned long seed,
                       char *text, size_t size)
{
  gam_state *s = e->state;
  const pm_model *m = s->model;

  int status;

  pm_draws_free(s->draws);
  s->draws = NULL;
  e->nmembers = 0;
  if (m->nbootstrap) {
    snprintf(text, size, "cluster bootstrap, %zu refits", m->nbootstrap);
    status = pm_draws_from_matrix(&s->draws, m->bootstrap, m->fit->p,
                                  m->nbootstrap, m->bootstrap_seed);
  } else {
    snprintf(text, size, "posterior simulation, %zu draws", ndraws);
    status = pm_draws_alloc(&s->draws, m->fit, ndraws, seed);
  }
  if (status) return status;
  e->nmembers = s->draws->ndraws;
  e->seed = s->draws->seed;
  return PM_SUCCESS;
}

/* Room for n rows of every output. */
static int reserve(gam_state *s, size_t n, size_t D)
{
  if (n <= s->cap) return PM_SUCCESS;
  release(s);
  s->eta = malloc(n * sizeof *s->eta);
  s->se = malloc(n * sizeof *s->se);
  s->E = malloc((n * D + 1) * sizeof *s->E);
  if (!s->eta || !s->se || !s->E) {
    release(s);
    return pm_error_nomem();
  }
  s->cap = n;
  return PM_SUCCESS;
}

static int gam_predict(pm_engine *e, const pm_frame *frame, int with_se,
                       pm_engine_prediction *out)
{
  gam_state *s = e->state;
  const pm_gam_fit *fit = s->model->fit;
  size_t D = s->draws ? s->draws->ndraws : 0;
  pm_model_matrix *mm = &s->mm;
  int status;

  pm_model_matrix_free(mm);
  if ((status = pm_design_matrix(s->model->design, frame, 0, mm)) ||
      (status = reserve(s, mm->n, D)))
    return status;
  if ((status = pm_gam_predict(fit, mm, s->eta, with_se ? s->se : NULL,
                               NULL)))
    return status;
  if (D) pm_draws_predict(s->draws, mm->X, mm->offset, mm->n, s->E);
  out->n = mm->n;
  out->rows = mm->rows;
  out->eta = s->eta;
  out->se_eta = with_se ? s->se : NULL;
  out->D = D;
  out->draws = D ? s->E : NULL;
  return PM_SUCCESS;
}

static int gam_partial(const pm_engine *e, pm_partial **p)
{
  const gam_state *s = e->state;
  if (!s->model)
    return pm_error(PM_EINPUT, "partial effects are drawn from a model "
                    "read from its file");
  return pm_partial_alloc(p, s->model);
}

const pm_model *pm_engine_gam_model(const pm_engine *e)
{
  return e->type == &pm_engine_gam ? ((const gam_state *)e->state)->model
                                   : NULL;
}

int pm_engine_gam_borrow(pm_engine **out, const pm_model *model)
{
  pm_engine *e = calloc(1, sizeof *e);
  gam_state *s = calloc(1, sizeof *s);

  *out = NULL;
  if (!e || !s) {
    free(e);
    free(s);
    return pm_error_nomem();
  }
  s->model = (pm_model *)model; /* read only: not freed, not changed */
  e->type = &pm_engine_gam;
  describe(e, model);
  e->state = s;
  *out = e;
  return PM_SUCCESS;
}

const pm_engine_type pm_engine_gam = {
    "gam",
    pm_engine_gam_setup,
    pm_engine_gam_columns,
    pm_engine_gam_fit,
    pm_engine_gam_bootstrap,
    pm_engine_gam_write,
    pm_engine_gam_cross_validate,
    gam_read, gam_members, gam_predict, gam_partial,
    gam_free, pm_engine_gam_fit_release};
