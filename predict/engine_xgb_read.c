/* engine_xgb_read.c: a boosted-trees model read back from its file
 * (engine_xgb_file.c): the formula's features and offset, the family, the
 * settings, the scores, the boosters loaded from their JSON with their
 * intercepts and trees, the tuning grid, the features' gain, the
 * covariates' ranges and their values in the sampled rows (absent from
 * older files).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"
#include "pm_nc.h"

#include <netcdf.h>
#include <stdlib.h>
#include <string.h>

/* A text attribute, allocated. */
static int get_text(int ncid, const char *path, const char *name, char **out)
{
  size_t len;
  int status = PM_SUCCESS;

  PM_NC_TRY(nc_inq_attlen(ncid, NC_GLOBAL, name, &len), name);
  if (!(*out = calloc(len + 1, 1))) return pm_error_nomem();
  PM_NC_TRY(nc_get_att_text(ncid, NC_GLOBAL, name, *out), name);
cleanup:
  return status;
}

static int get_settings(int ncid, const char *path, xgb_state *s)
{
  pm_engine_boost *b = &s->boost;
  static const char *const key[] = {
      "tweedie_p", "eta", "max_depth", "min_child_weight", "subsample",
      "colsample", "rounds", "nthread", "tree_method", "folds", "repeats",
      "early_stopping", "seed", "n", "deviance", "null_deviance",
      "cv_deviance_explained", "cv_rmse_log1p", "cv_spearman", "cv_n",
      "forest_trees"};
  double v[sizeof key / sizeof *key];
  size_t i;
  int status = PM_SUCCESS;

  for (i = 0; i < sizeof key / sizeof *key; i++)
    PM_NC_TRY(nc_get_att_double(ncid, NC_GLOBAL, key[i], &v[i]), key[i]);
  s->family.p = v[0];
  b->eta = v[1];
  b->max_depth = (int)v[2];
  b->min_child_weight = v[3];
  b->subsample = v[4];
  b->colsample = v[5];
  b->rounds = (size_t)v[6];
  b->nthread = (int)v[7];
  if (!(v[8] >= 0 && v[8] <= 3 && v[8] == (int)v[8]))
    return pm_error(PM_EINPUT, "%s: attribute tree_method %g is not one of "
                    "XGBoost's tree methods (0 auto, 1 exact, 2 approx, "
                    "3 hist)", path, v[8]);
  b->tree_method = (int)v[8];
  b->folds = (size_t)v[9];
  b->repeats = (size_t)v[10];
  b->early_stopping = (size_t)v[11];
  s->seed = (unsigned long)v[12];
  s->n = (size_t)v[13];
  s->deviance = v[14];
  s->null_deviance = v[15];
  for (i = 0; i < 4; i++) s->cv_scores[i] = v[16 + i];
  b->forest = (size_t)v[20];
cleanup:
  return status;
}

/* The boosters from their JSON. */
static int get_boosters(int ncid, const char *path, xgb_state *s)
{
  unsigned long long *start = NULL;
  char *text = NULL;
  size_t m, nedge, len;
  int vs, vb, vi, vr, d, status = PM_SUCCESS;

  PM_NC_TRY(nc_inq_varid(ncid, "booster_start", &vs), "finding booster_start");
  PM_NC_TRY(nc_inq_varid(ncid, "booster", &vb), "finding booster");
  PM_NC_TRY(nc_inq_dimid(ncid, "member_edge", &d), "finding member_edge");
  PM_NC_TRY(nc_inq_dimlen(ncid, d, &nedge), "reading member_edge");
  PM_NC_TRY(nc_inq_dimid(ncid, "booster_char", &d), "finding booster_char");
  PM_NC_TRY(nc_inq_dimlen(ncid, d, &len), "reading booster_char");
  start = malloc(nedge * sizeof *start);
  text = malloc(len + 1);
  s->members = calloc(nedge, sizeof *s->members);
  s->intercept = calloc(nedge, sizeof *s->intercept);
  s->rounds = calloc(nedge, sizeof *s->rounds);
  if (!start || !text || !s->members || !s->intercept || !s->rounds ||
      nedge < 2) {
    status = nedge < 2 ? pm_error(PM_EINPUT, "%s: no boosters", path)
                       : pm_error_nomem();
    goto cleanup;
  }
  PM_NC_TRY(nc_get_var_ulonglong(ncid, vs, start), "reading booster_start");
  PM_NC_TRY(nc_get_var_text(ncid, vb, text), "reading booster");
  PM_NC_TRY(nc_inq_varid(ncid, "intercept", &vi), "finding intercept");
  PM_NC_TRY(nc_get_var_double(ncid, vi, s->intercept), "reading intercept");
  PM_NC_TRY(nc_inq_varid(ncid, "member_rounds", &vr),
            "finding member_rounds");
  PM_NC_TRY(nc_get_var_double(ncid, vr, s->rounds), "reading member_rounds");
  for (m = 0; m + 1 < nedge; m++) {
    if (start[m + 1] < start[m] || start[m + 1] > len) {
      status = pm_error(PM_EINPUT, "%s: booster_start is not increasing "
                        "within booster", path);
      goto cleanup;
    }
    PM_XGB_TRY(XGBoosterCreate(NULL, 0, &s->members[m]), "creating a booster");
    s->nmembers = m + 1;
    PM_XGB_TRY(XGBoosterLoadModelFromBuffer(s->members[m], text + start[m],
                                            start[m + 1] - start[m]),
               "loading a booster");
  }
cleanup:
  free(start);
  free(text);
  return status;
}

/* The tuning grid, when the file has one (tune_point). */
static int get_grid(int ncid, const char *path, xgb_grid *g)
{
  double *col = NULL, chosen;
  size_t i, j;
  int d, v, status = PM_SUCCESS;

  if (nc_inq_dimid(ncid, "tune_point", &d) != NC_NOERR) return PM_SUCCESS;
  PM_NC_TRY(nc_inq_dimlen(ncid, d, &g->n), "reading tune_point");
  PM_NC_TRY(nc_get_att_double(ncid, NC_GLOBAL, "tune_chosen", &chosen),
            "reading tune_chosen");
  col = malloc((g->n + 1) * sizeof *col);
  g->point = malloc((g->n * XGB_GRID_COLS + 1) * sizeof *g->point);
  if (!col || !g->point) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if (!(chosen >= 0 && chosen < (double)g->n)) {
    status = pm_error(PM_EINPUT, "%s: tune_chosen %g is not a point of "
                      "its %zu", path, chosen, g->n);
    goto cleanup;
  }
  g->chosen = (size_t)chosen;
  for (j = 0; j < XGB_GRID_COLS; j++) {
    PM_NC_TRY(nc_inq_varid(ncid, pm_xgb_grid_vars[j], &v),
              pm_xgb_grid_vars[j]);
    PM_NC_TRY(nc_get_var_double(ncid, v, col), pm_xgb_grid_vars[j]);
    for (i = 0; i < g->n; i++) g->point[i * XGB_GRID_COLS + j] = col[i];
  }
cleanup:
  free(col);
  return status;
}

/* A 1-d NC_STRING variable and doubles along its dimension. */
static int get_named(int ncid, const char *path, const char *names_var,
                     size_t *n, char ***names, const char *var0, double **v0,
                     const char *var1, double **v1)
{
  int v, d, status = PM_SUCCESS;

  PM_NC_TRY(nc_inq_varid(ncid, names_var, &v), names_var);
  PM_NC_TRY(nc_inq_vardimid(ncid, v, &d), names_var);
  PM_NC_TRY(nc_inq_dimlen(ncid, d, n), names_var);
  *names = calloc(*n + 1, sizeof **names);
  *v0 = calloc(*n + 1, sizeof **v0);
  if (v1) *v1 = calloc(*n + 1, sizeof **v1);
  if (!*names || !*v0 || (v1 && !*v1)) return pm_error_nomem();
  if (*n) PM_NC_TRY(nc_get_var_string(ncid, v, *names), names_var);
  PM_NC_TRY(nc_inq_varid(ncid, var0, &v), var0);
  if (*n) PM_NC_TRY(nc_get_var_double(ncid, v, *v0), var0);
  if (!v1) return PM_SUCCESS;
  PM_NC_TRY(nc_inq_varid(ncid, var1, &v), var1);
  if (*n) PM_NC_TRY(nc_get_var_double(ncid, v, *v1), var1);
cleanup:
  return status;
}

/* The covariates of the sampled rows, when the file has them. */
static int get_sample(int ncid, const char *path, xgb_state *s)
{
  int d, v, rc = nc_inq_dimid(ncid, "sample", &d), status = PM_SUCCESS;
  size_t n;

  if (rc == NC_EBADDIM) return PM_SUCCESS;
  PM_NC_TRY(rc, "finding sample");
  PM_NC_TRY(nc_inq_dimlen(ncid, d, &n), "reading sample");
  PM_NC_TRY(nc_inq_varid(ncid, "covariate_sample", &v),
            "finding covariate_sample");
  if (!(s->range_sample = malloc((n * s->nranges + 1) *
                                 sizeof *s->range_sample)))
    return pm_error_nomem();
  PM_NC_TRY(nc_get_var_double(ncid, v, s->range_sample),
            "reading covariate_sample");
  s->nsample = n;
cleanup:
  return status;
}

/* The file's features are the formula's terms, in order. */
static int check_features(const xgb_state *s, const char *path)
{
  size_t j;

  if (s->ngain != s->nfeatures)
    return pm_error(PM_EINPUT, "%s: %zu features for the %zu terms of its "
                    "formula", path, s->ngain, s->nfeatures);
  for (j = 0; j < s->nfeatures; j++)
    if (strcmp(s->gain_names[j], s->feature_names[j]) != 0)
      return pm_error(PM_EINPUT, "%s: feature %zu is '%s', not its "
                      "formula's term '%s'", path, j + 1, s->gain_names[j],
                      s->feature_names[j]);
  return PM_SUCCESS;
}

static int read_file(pm_engine *e, xgb_state *s, int ncid, const char *path)
{
  char *family = NULL;
  int status;

  if ((status = get_text(ncid, path, "formula", &s->file_formula)) ||
      (status = get_text(ncid, path, "family", &family)) ||
      (status = pm_family_from_name(&s->family, family)) ||
      (status = get_settings(ncid, path, s)) ||
      (status = pm_xgb_terms(s, s->file_formula)) ||
      (status = get_boosters(ncid, path, s)) ||
      (status = get_grid(ncid, path, &s->grid)) ||
      (status = get_named(ncid, path, "feature_name", &s->ngain,
                          &s->gain_names, "importance_gain", &s->gain, NULL,
                          NULL)) ||
      (status = get_named(ncid, path, "covariate_name", &s->nranges,
                          &s->range_names, "covariate_min", &s->range_min,
                          "covariate_max", &s->range_max)) ||
      (status = get_sample(ncid, path, s)))
    goto cleanup;
  if ((status = check_features(s, path))) goto cleanup;
  e->family = s->family;
  e->formula = s->file_formula;
  e->summary.family = s->family;
  e->summary.n = s->n;
  e->summary.deviance = s->deviance;
  e->summary.null_deviance = s->null_deviance;
  e->ranges.n = s->nranges;
  e->ranges.names = (const char *const *)s->range_names;
  e->ranges.min = s->range_min;
  e->ranges.max = s->range_max;
  e->ranges.nsample = s->nsample;
  e->ranges.sample = s->range_sample;
cleanup:
  free(family);
  return status;
}

int pm_engine_xgb_read(pm_engine *e, const char *path)
{
  xgb_state *s = calloc(1, sizeof *s);
  int ncid = -1, status = PM_SUCCESS;

  if (!s) return pm_error_nomem();
  e->state = s;
  PM_NC_TRY(nc_open(path, NC_NOWRITE, &ncid), "opening the model file");
  status = read_file(e, s, ncid, path);
cleanup:
  if (ncid >= 0) nc_close(ncid);
  return status;
}
