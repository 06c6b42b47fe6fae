/* engine_xgb_tune.c: the tuning grid of the boosted-trees engine, as Drago
 * et al. (2022, Front. Mar. Sci. 9:894372) tuned eta, max_depth and
 * min_child_weight: each point of the grid (the product of the values the
 * `tune` group gives, the boost setting's value for a key it does not
 * give) is scored by the blocked cross-validation of the ensemble's first
 * repetition, one booster per fold (seeded as that repetition's members,
 * stopped early as they are), by its mean held-out deviance per row; the
 * point of the least (the first of equals) is chosen and the ensemble is
 * fitted with it.  In an MPI job the points are shared among the ranks
 * (pm_ranks.h) and every point's score is then sent to every rank.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"
#include "pm_ranks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const pm_xgb_grid_vars[XGB_GRID_COLS] = {
    "tune_eta", "tune_max_depth", "tune_min_child_weight", "tune_deviance",
    "tune_rounds"};

/* The values tried of setting j: the grid's, or the boost value alone. */
static size_t values(const pm_engine_boost *b, int j, const double **v,
                     double *own)
{
  if (b->tune.n[j]) {
    *v = b->tune.v[j];
    return b->tune.n[j];
  }
  *own = j == PM_TUNE_ETA         ? b->eta
         : j == PM_TUNE_MAX_DEPTH ? b->max_depth
                                  : b->min_child_weight;
  *v = own;
  return 1;
}

/* Point k of the grid (eta slowest, min_child_weight fastest) into p. */
static void point_of(const pm_engine_boost *b, size_t k, double *p)
{
  int j;
  for (j = PM_TUNE_N - 1; j >= 0; j--) {
    const double *v;
    double own;
    size_t n = values(b, j, &v, &own);
    p[j] = v[k % n];
    k /= n;
  }
}

/* The mean held-out deviance per row and the mean rounds kept of the
 * boosters of the first repetition's folds with settings o. */
static int score_point(const xgb_state *s, xgb_rows *d,
                       const pm_engine_boost *o, double *dev, double *rounds)
{
  size_t f;
  int status = PM_SUCCESS;

  *dev = *rounds = 0;
  for (f = 0; f < o->folds && !status; f++) {
    xgb_fold b = {NULL, 0, 0, 0, 0};
    status = pm_xgb_fit_fold(s, d, 0, (int)f, o, s->seed + f, NULL, &b);
    if (b.b) XGBoosterFree(b.b);
    *dev += b.dev / (double)d->n;
    *rounds += (double)b.kept / (double)o->folds;
  }
  return status;
}

/* Point k of the grid into p (XGB_GRID_COLS values): its settings, then
 * its score. */
static int tune_point(xgb_state *s, xgb_rows *d, size_t k, double *p)
{
  pm_engine_boost o = s->boost;

  point_of(&s->boost, k, p);
  o.eta = p[PM_TUNE_ETA];
  o.max_depth = (int)p[PM_TUNE_MAX_DEPTH];
  o.min_child_weight = p[PM_TUNE_MIN_CHILD_WEIGHT];
  return score_point(s, d, &o, &p[3], &p[4]);
}

/* A grid point as the ranks of an MPI job send it. */
typedef struct {
  int status;
  char message[PM_ERROR_MAX];
  double p[XGB_GRID_COLS];
} point_record;

/* This rank's points of the n, the others' from their ranks, into the
 * grid; the error of the first that failed (*failed its index, else n). */
static int score_points(xgb_state *s, xgb_rows *d, size_t n, size_t *failed)
{
  point_record *rec = calloc(n, sizeof *rec);
  size_t k, lo, hi;
  int status = rec ? PM_SUCCESS : pm_error_nomem();

  *failed = n;
  pm_ranks_units(n, &lo, &hi);
  for (k = lo; !status && k < hi; k++)
    if ((rec[k].status = tune_point(s, d, k, rec[k].p)))
      snprintf(rec[k].message, sizeof rec[k].message, "%s",
               pm_error_message());
  if (!(status = pm_ranks_agree(status)) &&
      !(status = pm_ranks_gather_equal(rec, sizeof *rec, n)))
    for (k = 0; k < n; k++) {
      memcpy(s->grid.point + k * XGB_GRID_COLS, rec[k].p, sizeof rec[k].p);
      if (rec[k].status) {
        *failed = k;
        status = pm_error(rec[k].status, "%s", rec[k].message);
        break;
      }
    }
  free(rec);
  return status;
}

int pm_xgb_tune(xgb_state *s, xgb_rows *d)
{
  pm_engine_boost *b = &s->boost;
  xgb_grid *g = &s->grid;
  size_t k, n = 1, failed;
  int j, tuned = 0, status;

  for (j = 0; j < PM_TUNE_N; j++) {
    tuned |= b->tune.n[j] > 0;
    n *= b->tune.n[j] ? b->tune.n[j] : 1;
  }
  if (!tuned) return PM_SUCCESS;
  if (!(g->point = malloc(n * XGB_GRID_COLS * sizeof *g->point)))
    return pm_ranks_agree(pm_error_nomem());
  if ((status = score_points(s, d, n, &failed)))
    return failed < n ? pm_error_prefix(status, "tuning grid point %zu of "
                                        "%zu", failed + 1, n)
                      : status;
  for (k = 1, g->n = n, g->chosen = 0; k < n; k++)
    if (g->point[k * XGB_GRID_COLS + 3] <
        g->point[g->chosen * XGB_GRID_COLS + 3])
      g->chosen = k;
  b->eta = g->point[g->chosen * XGB_GRID_COLS + PM_TUNE_ETA];
  b->max_depth = (int)g->point[g->chosen * XGB_GRID_COLS + PM_TUNE_MAX_DEPTH];
  b->min_child_weight =
      g->point[g->chosen * XGB_GRID_COLS + PM_TUNE_MIN_CHILD_WEIGHT];
  return PM_SUCCESS;
}
