/* engine_xgb.c: boosted trees (XGBoost; Chen & Guestrin 2016, KDD
 * '16:785-794) as a model engine: the members are the ensemble's boosters
 * (Drago et al. 2022, Front. Mar. Sci. 9:894372), each giving its margin,
 * the offset included as base margin, for every row; the linear predictor
 * is the link of the mean over the members of their means, so that the
 * mean map is the ensemble's mean on the response scale, as Drago et al.
 * map it.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>

static void release_prediction(xgb_state *s)
{
  free(s->pred_rows);
  free(s->eta);
  free(s->E);
  s->pred_rows = NULL;
  s->eta = s->E = NULL;
}

static void xgb_free(pm_engine *e)
{
  xgb_state *s = e->state;
  size_t m;

  if (!s) return;
  release_prediction(s);
  for (m = 0; m < s->nmembers; m++)
    if (s->members[m]) XGBoosterFree(s->members[m]);
  free(s->members);
  free(s->intercept);
  free(s->rounds);
  free(s->grid.point);
  pm_xgb_rows_free(&s->d);
  pm_cv_result_free(s->cv);
  free(s->gain);
  free(s->rows);
  free(s->features);
  free(s->feature_names);
  pm_formula_free(s->formula);
  free(s->file_formula);
  if (s->gain_names) nc_free_string(s->ngain, s->gain_names);
  if (s->range_names) nc_free_string(s->nranges, s->range_names);
  free(s->gain_names);
  free(s->range_names);
  free(s->range_min);
  free(s->range_max);
  free(s->range_sample);
  free(s);
  e->state = NULL;
}

static int xgb_members(pm_engine *e, size_t ndraws, unsigned long seed,
                       char *text, size_t size)
{
  xgb_state *s = e->state;

  (void)ndraws, (void)seed;
  snprintf(text, size, "%s ensemble, %zu %s (%zu folds x %zu repeats)",
           s->boost.forest ? "random-forest" : "boosted-trees", s->nmembers,
           s->boost.forest ? "forests" : "boosters", s->boost.folds,
           s->boost.repeats);
  e->nmembers = s->nmembers;
  e->seed = s->seed;
  return PM_SUCCESS;
}

/* Every member's margin of the n rows of m (its intercept added to the
 * offset) into E (n x M, row-major) and the link of their mean response
 * into eta. */
static int predict_members(xgb_state *s, DMatrixHandle m, size_t n,
                           double *col)
{
  size_t M = s->nmembers, d, i;
  pm_link_kind link = s->family.link;
  int status = PM_SUCCESS;

  for (i = 0; i < n; i++) s->eta[i] = 0;
  for (d = 0; d < M && !status; d++) {
    if ((status = pm_xgb_margin(s->members[d], m, n, col))) break;
    for (i = 0; i < n; i++) {
      s->E[i * M + d] = col[i] + s->intercept[d];
      s->eta[i] += pm_link_mu(link, s->E[i * M + d]) / (double)M;
    }
  }
  for (i = 0; i < n && !status; i++) s->eta[i] = pm_link_eta(link, s->eta[i]);
  return status;
}

static int xgb_predict(pm_engine *e, const pm_frame *frame, int with_se,
                       pm_engine_prediction *out)
{
  xgb_state *s = e->state;
  double *x = NULL, *off = NULL;
  size_t n = 0;
  DMatrixHandle m = NULL;
  int status;

  (void)with_se; /* members only */
  release_prediction(s);
  if ((status = pm_xgb_rows(s, frame, &x, &off, NULL, &s->pred_rows, &n)))
    goto cleanup;
  s->eta = malloc((n + 1) * sizeof *s->eta);
  s->E = malloc((n * s->nmembers + 1) * sizeof *s->E);
  if (!s->eta || !s->E) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_xgb_matrix(&m, x, n, s->nfeatures, NULL, off)) ||
      (status = predict_members(s, m, n, x)))
    goto cleanup;
  out->n = n;
  out->rows = s->pred_rows;
  out->eta = s->eta;
  out->se_eta = NULL;
  out->D = e->nmembers;
  out->draws = e->nmembers ? s->E : NULL;
cleanup:
  if (m) XGDMatrixFree(m);
  free(x);
  free(off);
  return status;
}

/* The type table of a tree engine: one set of functions, the members
 * boosters or forests as the settings say (pm_engine_boost.forest). */
const char *const pm_engine_tree_methods[] = {"auto", "exact", "approx",
                                              "hist", NULL};

#define TREE_ENGINE(name)                                                      \
  {                                                                            \
    name, pm_engine_xgb_setup, pm_engine_xgb_columns, pm_engine_xgb_fit,       \
        pm_engine_xgb_bootstrap, pm_engine_xgb_write,                          \
        pm_engine_xgb_cross_validate, pm_engine_xgb_read, xgb_members,         \
        xgb_predict, pm_engine_xgb_partial, xgb_free, NULL                     \
  }

const pm_engine_type pm_engine_xgboost = TREE_ENGINE("xgboost");

/* Random forests (Breiman 2001, Mach. Learn. 45:5-32) grown by XGBoost:
 * the same ensemble, each member one round of parallel trees
 * (pm_engine_forest_default). */
const pm_engine_type pm_engine_random_forest = TREE_ENGINE("random_forest");
