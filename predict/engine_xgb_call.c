/* engine_xgb_call.c: the boosted-trees engine's calls of XGBoost's C API
 * (Chen & Guestrin 2016, KDD '16:785-794): the objective of each family,
 * the data matrices with the offset as base margin, the training of one
 * booster, its margins and its features' gain.  Every call's status is
 * checked and XGBoost's message becomes plankmap's error.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pm_xgb_fail(const char *what)
{
  return pm_error(PM_ENUMERIC, "XGBoost failed while %s: %s", what,
                  XGBGetLastError());
}

const char *pm_xgb_objective(const pm_family *fam)
{
  switch (fam->kind) {
  case PM_FAMILY_POISSON: return "count:poisson";
  case PM_FAMILY_TWEEDIE: return "reg:tweedie";
  case PM_FAMILY_GAMMA: return "reg:gamma";
  case PM_FAMILY_GAUSSIAN: return "reg:squarederror";
  case PM_FAMILY_BINOMIAL: return "binary:logistic";
  default: return NULL;
  }
}

/* x (n x p doubles) as the floats XGBoost takes; NAN stays missing. */
static float *as_floats(const double *x, size_t n)
{
  float *f = malloc((n + 1) * sizeof *f);
  size_t i;
  if (f)
    for (i = 0; i < n; i++) f[i] = (float)x[i];
  return f;
}

int pm_xgb_matrix(DMatrixHandle *m, const double *x, size_t n,
                  size_t nfeatures, const double *label,
                  const double *margin)
{
  float *fx = as_floats(x, n * nfeatures);
  float *fl = label ? as_floats(label, n) : NULL;
  float *fm = margin ? as_floats(margin, n) : NULL;
  int status = PM_SUCCESS;

  *m = NULL;
  if (!fx || (label && !fl) || (margin && !fm)) {
    status = pm_error_nomem();
    goto cleanup;
  }
  PM_XGB_TRY(XGDMatrixCreateFromMat(fx, n, nfeatures, NAN, m),
             "making a data matrix");
  if (label)
    PM_XGB_TRY(XGDMatrixSetFloatInfo(*m, "label", fl, n), "setting labels");
  if (margin)
    PM_XGB_TRY(XGDMatrixSetFloatInfo(*m, "base_margin", fm, n),
               "setting the offset as base margin");
cleanup:
  free(fx);
  free(fl);
  free(fm);
  return status;
}

/* The booster's parameters.  base_score is the mean whose margin is 0
 * (1 under the log link, 0.5 under the logit, 0 under the identity);
 * XGBoost ignores it wherever a base margin is set, which is every matrix
 * of this engine, so that the offset alone starts the boosting.  A forest
 * draws its covariates at each split, as Breiman's does, and has no L2
 * penalty on its leaves (XGBoost's lambda 0), so that each leaf is the
 * mean residual of its rows; XGBoost averages its parallel trees. */
static int set_params(BoosterHandle b, const pm_family *fam,
                      const pm_engine_boost *o, unsigned long seed)
{
  enum { NP = 14 };
  const char *k[NP] = {"objective", "eta", "max_depth", "min_child_weight",
                       "subsample", "colsample_bytree", "nthread", "seed",
                       "base_score", "tree_method", "verbosity",
                       "num_parallel_tree", "lambda",
                       "tweedie_variance_power"};
  char v[NP][64];
  size_t i, n = fam->kind == PM_FAMILY_TWEEDIE ? NP : NP - 1;
  int status = PM_SUCCESS;

  if (o->forest) k[5] = "colsample_bynode";
  snprintf(v[0], 64, "%s", pm_xgb_objective(fam));
  snprintf(v[1], 64, "%.17g", o->eta);
  snprintf(v[2], 64, "%d", o->max_depth);
  snprintf(v[3], 64, "%.17g", o->min_child_weight);
  snprintf(v[4], 64, "%.17g", o->subsample);
  snprintf(v[5], 64, "%.17g", o->colsample);
  snprintf(v[6], 64, "%d", o->nthread);
  snprintf(v[7], 64, "%lu", seed);
  snprintf(v[8], 64, "%g", pm_link_mu(fam->link, 0));
  snprintf(v[9], 64, "%s", pm_engine_tree_methods[o->tree_method]);
  snprintf(v[10], 64, "0");
  snprintf(v[11], 64, "%zu", o->forest ? o->forest : 1);
  snprintf(v[12], 64, "%d", o->forest ? 0 : 1);
  snprintf(v[13], 64, "%.17g", fam->p);
  for (i = 0; i < n; i++)
    PM_XGB_TRY(XGBoosterSetParam(b, k[i], v[i]), "setting its parameters");
cleanup:
  return status;
}

int pm_xgb_booster(BoosterHandle *b, DMatrixHandle train,
                   const pm_family *fam, const pm_engine_boost *o,
                   unsigned long seed)
{
  int status = PM_SUCCESS;

  *b = NULL;
  PM_XGB_TRY(XGBoosterCreate(&train, 1, b), "creating a booster");
  if ((status = set_params(*b, fam, o, seed))) goto cleanup;
  return PM_SUCCESS;
cleanup:
  if (*b) XGBoosterFree(*b);
  *b = NULL;
  return status;
}

int pm_xgb_train(BoosterHandle *b, DMatrixHandle train, const pm_family *fam,
                 const pm_engine_boost *o, unsigned long seed)
{
  size_t r;
  int status;

  if ((status = pm_xgb_booster(b, train, fam, o, seed))) return status;
  for (r = 0; r < o->rounds; r++)
    PM_XGB_TRY(XGBoosterUpdateOneIter(*b, (int)r, train), "boosting");
  return PM_SUCCESS;
cleanup:
  if (*b) XGBoosterFree(*b);
  *b = NULL;
  return status;
}

int pm_xgb_margin(BoosterHandle b, DMatrixHandle m, size_t n, double *out)
{
  static const char config[] =
      "{\"type\": 1, \"training\": false, \"iteration_begin\": 0, "
      "\"iteration_end\": 0, \"strict_shape\": false}";
  const bst_ulong *shape;
  bst_ulong dim;
  const float *res;
  size_t i;
  int status = PM_SUCCESS;

  PM_XGB_TRY(XGBoosterPredictFromDMatrix(b, m, config, &shape, &dim, &res),
             "predicting");
  for (i = 0; i < n; i++) out[i] = res[i];
cleanup:
  return status;
}

int pm_xgb_add_gain(BoosterHandle b, size_t n, double *gain)
{
  static const char config[] = "{\"importance_type\": \"total_gain\"}";
  bst_ulong nf, dim;
  const char **names;
  const bst_ulong *shape;
  const float *score;
  size_t i;
  int status = PM_SUCCESS;

  PM_XGB_TRY(XGBoosterFeatureScore(b, config, &nf, &names, &dim, &shape,
                                   &score),
             "scoring the features");
  for (i = 0; i < nf; i++) {
    unsigned long j;
    if (sscanf(names[i], "f%lu", &j) == 1 && j < n) gain[j] += score[i];
  }
cleanup:
  return status;
}

int pm_engine_xgboost_fits(const pm_family *fam)
{
  return pm_xgb_objective(fam) != NULL;
}
