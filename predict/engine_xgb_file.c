/* engine_xgb_file.c: the model file of the boosted-trees and random-forest
 * engines: a NetCDF file with the attribute engine = "xgboost" or
 * "random_forest", the formula, family and
 * settings, the cross-validation scores, every booster of the ensemble as
 * XGBoost's JSON model (one character variable `booster` and the start of
 * each member in `booster_start`) with its intercept (`intercept`: its base
 * margin less the offset) and its trees (`member_rounds`: fewer than
 * `rounds` when stopped early), the mean total gain of each feature, the
 * range of each covariate over the fitted rows and their values in a
 * sample of the rows (`covariate_sample`, as the GAM's model file keeps
 * it: the rugs and the rows averaged over by partial dependence), and the
 * tuning grid when there was one: each point's settings, cross-validated
 * deviance and rounds (`tune_*` along `tune_point`) and the point chosen
 * (`tune_chosen`, from 0).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"
#include "pm_mapper.h"
#include "pm_nc.h"

#include <netcdf.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const xgb_state *s;
  const char *engine; /* the engine's name */
  const char *path;
  const pm_model_provenance *prov;
  pm_engine_covariates c;
} file_out;

static int put_text(int ncid, const char *name, const char *text)
{
  return nc_put_att_text(ncid, NC_GLOBAL, name, strlen(text), text);
}

static int put_num(int ncid, const char *name, double v)
{
  return nc_put_att_double(ncid, NC_GLOBAL, name, NC_DOUBLE, 1, &v);
}

/* The settings and scores as global attributes. */
static int put_settings(int ncid, const xgb_state *s, const char *engine,
                        const char *command)
{
  const pm_engine_boost *b = &s->boost;
  const double num[] = {s->family.p, b->eta, b->max_depth,
                        b->min_child_weight, b->subsample, b->colsample,
                        (double)b->rounds, b->nthread, b->tree_method,
                        (double)b->folds, (double)b->repeats,
                        (double)b->early_stopping, (double)s->seed,
                        (double)s->n, s->deviance, s->null_deviance, s->cv->deviance_explained,
                        s->cv->rmse_log1p, s->cv->spearman,
                        (double)s->cv->n, (double)b->forest};
  static const char *const key[] = {
      "tweedie_p", "eta", "max_depth", "min_child_weight", "subsample",
      "colsample", "rounds", "nthread", "tree_method", "folds", "repeats",
      "early_stopping", "seed", "n", "deviance", "null_deviance",
      "cv_deviance_explained", "cv_rmse_log1p", "cv_spearman", "cv_n",
      "forest_trees"};
  size_t i;
  int rc;

  if ((rc = put_text(ncid, "engine", engine)) ||
      (rc = put_text(ncid, "formula", s->formula->text)) ||
      (rc = put_text(ncid, "family", pm_family_name(&s->family))) ||
      (rc = put_text(ncid, "history", command)))
    return rc;
  for (i = 0; i < sizeof key / sizeof *key; i++)
    if ((rc = put_num(ncid, key[i], num[i]))) return rc;
  return NC_NOERR;
}

/* A 1-d variable along dimension `dim`, defined when new. */
static int def_1d(int ncid, const char *dim, size_t n, const char *name,
                  nc_type type, int *var)
{
  int d, rc;
  if (nc_inq_dimid(ncid, dim, &d) != NC_NOERR &&
      (rc = nc_def_dim(ncid, dim, n, &d)) != NC_NOERR)
    return rc;
  return nc_def_var(ncid, name, type, 1, &d, var);
}

/* Every booster as JSON, one after the other. */
static int put_boosters(int ncid, const xgb_state *s, const char *path)
{
  unsigned long long *start = calloc(s->nmembers + 1, sizeof *start);
  int vs, vb, vi, vr, status = PM_SUCCESS;
  size_t m, len = 0;

  if (!start) return pm_error_nomem();
  for (m = 0; m < s->nmembers; m++) { /* the lengths, then the bytes */
    bst_ulong n;
    const char *buf;
    PM_XGB_TRY(XGBoosterSaveModelToBuffer(s->members[m],
                                          "{\"format\": \"json\"}", &n, &buf),
               "serialising a booster");
    start[m + 1] = start[m] + n;
  }
  len = start[s->nmembers];
  PM_NC_TRY(def_1d(ncid, "member_edge", s->nmembers + 1, "booster_start",
                   NC_UINT64, &vs), "defining booster_start");
  PM_NC_TRY(def_1d(ncid, "booster_char", len, "booster", NC_CHAR, &vb),
            "defining booster");
  PM_NC_TRY(def_1d(ncid, "member", s->nmembers, "intercept", NC_DOUBLE, &vi),
            "defining intercept");
  PM_NC_TRY(def_1d(ncid, "member", s->nmembers, "member_rounds", NC_DOUBLE,
                   &vr), "defining member_rounds");
  PM_NC_TRY(nc_put_var_ulonglong(ncid, vs, start), "writing booster_start");
  PM_NC_TRY(nc_put_var_double(ncid, vi, s->intercept), "writing intercept");
  PM_NC_TRY(nc_put_var_double(ncid, vr, s->rounds),
            "writing member_rounds");
  for (m = 0; m < s->nmembers; m++) {
    bst_ulong n;
    const char *buf;
    size_t at = start[m], count;
    PM_XGB_TRY(XGBoosterSaveModelToBuffer(s->members[m],
                                          "{\"format\": \"json\"}", &n, &buf),
               "serialising a booster");
    count = n;
    PM_NC_TRY(nc_put_vara_text(ncid, vb, &at, &count, buf),
              "writing booster");
  }
cleanup:
  free(start);
  return status;
}

/* Names (NC_STRING) and values along a new dimension. */
static int put_named(int ncid, const char *path, const char *dim, size_t n,
                     const char *names_var, const char **names,
                     const char *const *vars, const double *const *values,
                     size_t nvalues)
{
  int d, v, status = PM_SUCCESS;
  size_t j;

  PM_NC_TRY(nc_def_dim(ncid, dim, n, &d), "defining a dimension");
  PM_NC_TRY(nc_def_var(ncid, names_var, NC_STRING, 1, &d, &v),
            "defining names");
  if (n) PM_NC_TRY(nc_put_var_string(ncid, v, names), "writing names");
  for (j = 0; j < nvalues; j++) {
    PM_NC_TRY(nc_def_var(ncid, vars[j], NC_DOUBLE, 1, &d, &v),
              "defining values");
    if (n) PM_NC_TRY(nc_put_var_double(ncid, v, values[j]), "writing values");
  }
cleanup:
  return status;
}

/* The tuning grid: a variable of each column along tune_point. */
static int put_grid(int ncid, const xgb_grid *g, const char *path)
{
  double *col = malloc((g->n + 1) * sizeof *col);
  size_t i, j;
  int v, status = PM_SUCCESS;

  if (!col) return pm_error_nomem();
  PM_NC_TRY(put_num(ncid, "tune_chosen", (double)g->chosen),
            "writing tune_chosen");
  for (j = 0; j < XGB_GRID_COLS; j++) {
    for (i = 0; i < g->n; i++) col[i] = g->point[i * XGB_GRID_COLS + j];
    PM_NC_TRY(def_1d(ncid, "tune_point", g->n, pm_xgb_grid_vars[j],
                     NC_DOUBLE, &v), "defining the tuning grid");
    PM_NC_TRY(nc_put_var_double(ncid, v, col), "writing the tuning grid");
  }
cleanup:
  free(col);
  return status;
}

/* The sampled rows' covariates (sample, covariate). */
static int put_sample(int ncid, const char *path, const pm_engine_covariates *c)
{
  int dims[2], v, status = PM_SUCCESS;

  if (!c->nsample || !c->n) return PM_SUCCESS;
  PM_NC_TRY(nc_def_dim(ncid, "sample", c->nsample, &dims[0]),
            "defining sample");
  PM_NC_TRY(nc_inq_dimid(ncid, "covariate", &dims[1]), "finding covariate");
  PM_NC_TRY(nc_def_var(ncid, "covariate_sample", NC_DOUBLE, 2, dims, &v),
            "defining covariate_sample");
  PM_NC_TRY(nc_put_var_double(ncid, v, c->sample), "writing covariate_sample");
cleanup:
  return status;
}

static int write_file(int ncid, void *arg)
{
  const file_out *o = arg;
  const xgb_state *s = o->s;
  const char *path = o->path;
  const char *gain_var[] = {"importance_gain"};
  const double *gain_val[] = {s->gain};
  const char *range_var[] = {"covariate_min", "covariate_max"};
  const double *range_val[] = {o->c.lo, o->c.hi};
  int status = PM_SUCCESS;

  PM_NC_TRY(put_settings(ncid, s, o->engine, o->prov->command), "writing attributes");
  if ((status = put_boosters(ncid, s, path)) ||
      (s->grid.n && (status = put_grid(ncid, &s->grid, path))) ||
      (status = put_named(ncid, path, "feature", s->nfeatures,
                          "feature_name", (const char **)s->feature_names,
                          gain_var, gain_val, 1)) ||
      (status = put_named(ncid, path, "covariate", o->c.n, "covariate_name",
                          o->c.names, range_var, range_val, 2)))
    return status;
  status = put_sample(ncid, path, &o->c);
cleanup:
  return status;
}

int pm_engine_xgb_write(const pm_engine *e, const char *path,
                        const pm_model_provenance *prov)
{
  file_out o;
  int status;

  o.s = e->state;
  o.engine = e->type->name;
  o.path = path;
  o.prov = prov;
  if (!o.s->cv)
    return pm_error(PM_EINPUT, "%s: boosted trees are written once fitted",
                    path);
  status = pm_engine_covariates_take(o.s->formula, o.s->frame, &o.c);
  if (!status)
    status = pm_nc_create_atomic(path, write_file, &o);
  pm_engine_covariates_free(&o.c);
  return status;
}
