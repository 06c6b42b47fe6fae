/* model_file.c: a fitted model written as a self-contained NetCDF-4 file
 * (layout in model_file_internal.h and pm_model_file.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "model_file_internal.h"
#include "pm_nc.h"
#include "pm_error.h"
#include "pm_model_file.h"
#include "pm_sha256.h"

#include <netcdf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const pm_mf_scalar pm_mf_scalars[] = {
    {"n", PM_MF_SIZE, offsetof(pm_gam_fit, n)},
    {"deviance", PM_MF_DOUBLE, offsetof(pm_gam_fit, deviance)},
    {"null_deviance", PM_MF_DOUBLE, offsetof(pm_gam_fit, null_deviance)},
    {"scale", PM_MF_DOUBLE, offsetof(pm_gam_fit, scale)},
    {"criterion", PM_MF_DOUBLE, offsetof(pm_gam_fit, criterion)},
    {"aic", PM_MF_DOUBLE, offsetof(pm_gam_fit, aic)},
    {"loglik", PM_MF_DOUBLE, offsetof(pm_gam_fit, loglik)},
    {"edf_total", PM_MF_DOUBLE, offsetof(pm_gam_fit, edf_total)},
    {"residual_df", PM_MF_DOUBLE, offsetof(pm_gam_fit, residual_df)},
    {"theta_se", PM_MF_DOUBLE, offsetof(pm_gam_fit, theta_se)},
    {"scale_estimated", PM_MF_INT, offsetof(pm_gam_fit, scale_estimated)},
    {"converged", PM_MF_INT, offsetof(pm_gam_fit, converged)},
    {"iterations", PM_MF_INT, offsetof(pm_gam_fit, iterations)},
    {"is_gam", PM_MF_INT, offsetof(pm_gam_fit, is_gam)},
};
const size_t pm_mf_nscalars = sizeof pm_mf_scalars / sizeof *pm_mf_scalars;

typedef struct {
  int ncid;
  const char *path;
  int dcoef, dblock, dpen;
} mfile;

static int put_att(const mfile *f, int var, const char *name,
                   const char *value)
{
  int rc = nc_put_att_text(f->ncid, var, name, strlen(value), value);
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, f->path, name);
}

/* A dimension; length 0 makes it unlimited, which NetCDF-4 allows several
 * times, so that an empty array still has its variable. */
static int def_dim(const mfile *f, const char *name, size_t len, int *dim)
{
  int rc = nc_def_dim(f->ncid, name, len, dim);
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, f->path, name);
}

/* A variable with its long_name and units (none for text). */
static int def_var(const mfile *f, const char *name, nc_type type, int ndims,
                   const int *dims, const char *long_name, int *var)
{
  int rc = nc_def_var(f->ncid, name, type, ndims, dims, var), status;

  if (rc != NC_NOERR) return pm_nc_fail(rc, f->path, name);
  if ((status = put_att(f, *var, "long_name", long_name))) return status;
  return type == NC_STRING ? PM_SUCCESS : put_att(f, *var, "units", "1");
}

/* Define a double variable and write `values` (len elements in all). */
static int put_doubles(const mfile *f, const char *name, int ndims,
                       const int *dims, const char *long_name,
                       const double *values, size_t len)
{
  int var, rc, status = def_var(f, name, NC_DOUBLE, ndims, dims, long_name,
                                &var);
  if (status || len == 0) return status;
  rc = nc_put_var_double(f->ncid, var, values);
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, f->path, name);
}

static int put_strings(const mfile *f, const char *name, int dim,
                       const char *long_name, const char *const *values,
                       size_t n)
{
  int var, rc, status = def_var(f, name, NC_STRING, 1, &dim, long_name, &var);
  if (status || n == 0) return status;
  rc = nc_put_var_string(f->ncid, var, (const char **)values);
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, f->path, name);
}

static int put_sizes(const mfile *f, const char *name, int dim,
                     const char *long_name, const size_t *values, size_t n,
                     size_t stride)
{
  unsigned long long *v = malloc((n ? n : 1) * sizeof *v);
  int var, rc, status;
  size_t i;

  if (!v) return pm_error_nomem();
  for (i = 0; i < n; i++)
    v[i] = *(const size_t *)((const char *)values + i * stride);
  status = def_var(f, name, NC_UINT64, 1, &dim, long_name, &var);
  if (!status && n && (rc = nc_put_var_ulonglong(f->ncid, var, v)) != NC_NOERR)
    status = pm_nc_fail(rc, f->path, name);
  free(v);
  return status;
}

/* 1 when margin i of term t has a covariate whose knots came earlier. */
static int knots_written(const pm_formula *f, size_t t, size_t i)
{
  size_t u, j;
  for (u = 0; u <= t; u++)
    for (j = 0; f->terms[u].knots && j < f->terms[u].nvars; j++) {
      if (u == t && j == i) return 0;
      if (f->terms[u].knots[j] &&
          strcmp(f->terms[u].vars[j], f->terms[t].vars[i]) == 0)
        return 1;
    }
  return 0;
}

int pm_model_knots_text(const pm_formula *f, char **text)
{
  size_t size = 0, t, i, k;
  FILE *out = open_memstream(text, &size);
  int any = 0;

  if (!out) return pm_error_nomem();
  for (t = 0; t < f->nterms; t++) {
    const pm_term *term = &f->terms[t];
    /* a covariate's knots apply to every smooth of it: written once */
    for (i = 0; term->knots && i < term->nvars; i++) {
      if (!term->knots[i] || knots_written(f, t, i)) continue;
      fprintf(out, "%s%s=", any ? ";" : "", term->vars[i]);
      for (k = 0; k < term->nknots[i]; k++)
        fprintf(out, "%s%.17g", k ? "," : "", term->knots[i][k]);
      any = 1;
    }
  }
  if (fclose(out) != 0) {
    free(*text);
    *text = NULL;
    return pm_error_nomem();
  }
  return PM_SUCCESS;
}

static const char *method_name(const pm_gam_fit *fit)
{
  if (fit->method == PM_METHOD_REML) return "REML";
  return pm_family_scale_known(&fit->family) ? "UBRE" : "GCV";
}

/* Text attributes: what the file is, the model, and where it came from. */
static int put_model_atts(const mfile *f, const pm_design *d,
                          const pm_gam_fit *fit,
                          const pm_model_provenance *prov)
{
  char now[32] = "", sha[PM_SHA256_HEX] = "", *history = NULL, *knots = NULL;
  const char *command = prov && prov->command ? prov->command : "";
  const char *data = prov && prov->data_path ? prov->data_path : "";
  time_t t = time(NULL);
  struct tm tm;
  size_t size = strlen(command) + 96;
  int status;

  if (gmtime_r(&t, &tm)) strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (*data && prov->data_sha256)
    snprintf(sha, sizeof sha, "%s", prov->data_sha256);
  else if (*data && (status = pm_sha256_file(data, sha)))
    return status;
  if ((status = pm_model_knots_text(d->formula, &knots))) return status;
  if (!(history = malloc(size))) {
    free(knots);
    return pm_error_nomem();
  }
  snprintf(history, size, "%s plankmap %s %s", now, PACKAGE_VERSION, command);
  if (!(status = put_att(f, NC_GLOBAL, "Conventions", "CF-1.11")) &&
      !(status = put_att(f, NC_GLOBAL, "title", "plankmap fitted model")) &&
      !(status = put_att(f, NC_GLOBAL, "history", history)) &&
      !(status = put_att(f, NC_GLOBAL, "date_created", now)) &&
      !(status = put_att(f, NC_GLOBAL, "plankmap_version", PACKAGE_VERSION)) &&
      !(status = put_att(f, NC_GLOBAL, "formula", d->formula->text)) &&
      !(status = put_att(f, NC_GLOBAL, "family", pm_family_name(&fit->family))) &&
      !(status = put_att(f, NC_GLOBAL, "link",
                         pm_link_name(fit->family.link))) &&
      !(status = put_att(f, NC_GLOBAL, "method", method_name(fit))) &&
      !(status = put_att(f, NC_GLOBAL, "knots", knots)) &&
      !(status = put_att(f, NC_GLOBAL, "data_file", data)))
    status = put_att(f, NC_GLOBAL, "data_sha256", sha);
  free(history);
  free(knots);
  return status;
}

static int put_number_atts(const mfile *f, const pm_gam_fit *fit,
                           const pm_gam_options *o)
{
  const char *path = f->path;
  int format = PM_MODEL_FORMAT, est_theta = o->estimate_theta,
      est_p = o->estimate_p, expected = o->expected_counts,
      status = PM_SUCCESS;
  size_t i;

  PM_NC_TRY(nc_put_att_int(f->ncid, NC_GLOBAL, PM_MODEL_FORMAT_ATT, NC_INT, 1,
                           &format), PM_MODEL_FORMAT_ATT);
  PM_NC_TRY(nc_put_att_double(f->ncid, NC_GLOBAL, "theta", NC_DOUBLE, 1,
                              &fit->family.theta), "theta");
  PM_NC_TRY(nc_put_att_int(f->ncid, NC_GLOBAL, "theta_estimated", NC_INT, 1,
                           &est_theta), "theta_estimated");
  PM_NC_TRY(nc_put_att_double(f->ncid, NC_GLOBAL, "tweedie_p", NC_DOUBLE, 1,
                              &fit->family.p), "tweedie_p");
  PM_NC_TRY(nc_put_att_int(f->ncid, NC_GLOBAL, "tweedie_p_estimated", NC_INT,
                           1, &est_p), "tweedie_p_estimated");
  PM_NC_TRY(nc_put_att_int(f->ncid, NC_GLOBAL, "expected_counts", NC_INT, 1,
                           &expected), "expected_counts");
  if (fit->family.kind == PM_FAMILY_ZIP) /* ziP()'s theta_1 and theta_2 */
    PM_NC_TRY(nc_put_att_double(f->ncid, NC_GLOBAL, "zip_theta", NC_DOUBLE, 2,
                                fit->family.zip), "zip_theta");
  for (i = 0; i < pm_mf_nscalars; i++) {
    const pm_mf_scalar *s = &pm_mf_scalars[i];
    const char *at = (const char *)fit + s->offset;
    unsigned long long z;
    if (s->type == PM_MF_DOUBLE)
      PM_NC_TRY(nc_put_att_double(f->ncid, NC_GLOBAL, s->name, NC_DOUBLE, 1,
                                  (const double *)at), s->name);
    else if (s->type == PM_MF_INT)
      PM_NC_TRY(nc_put_att_int(f->ncid, NC_GLOBAL, s->name, NC_INT, 1,
                               (const int *)at), s->name);
    else {
      z = *(const size_t *)at;
      PM_NC_TRY(nc_put_att_ulonglong(f->ncid, NC_GLOBAL, s->name, NC_UINT64, 1,
                                     &z), s->name);
    }
  }
cleanup:
  return status;
}

static int put_coefficients(const mfile *f, const pm_design *d,
                            const pm_gam_fit *fit)
{
  int dims[2] = {f->dcoef, f->dcoef}, status;
  size_t p = fit->p;

  if ((status = put_strings(f, "coef_name", f->dcoef,
                            "R name of the coefficient",
                            (const char *const *)d->colnames, p)) ||
      (status = put_doubles(f, "coefficients", 1, dims,
                            "coefficient on the link scale", fit->beta, p)) ||
      (status = put_doubles(f, "Vp", 2, dims,
                            "Bayesian posterior covariance of the "
                            "coefficients", fit->Vp, p * p)) ||
      (status = put_doubles(f, "Ve", 2, dims,
                            "frequentist covariance of the coefficients",
                            fit->Ve, p * p)) ||
      (status = put_doubles(f, "R", 2, dims,
                            "upper triangular factor R of sqrt(W) X = Q R",
                            fit->R, p * p)) ||
      (status = put_doubles(f, "edf", 1, dims,
                            "effective degrees of freedom of the coefficient",
                            fit->edf, p)))
    return status;
  return put_doubles(f, "edf1", 1, dims,
                     "alternative effective degrees of freedom of the "
                     "coefficient (mgcv edf1)", fit->edf1, p);
}

static int put_penalties(const mfile *f, const pm_design *d,
                         const pm_gam_fit *fit)
{
  size_t n = d->npenalties, i;
  const char **labels = malloc((n ? n : 1) * sizeof *labels);
  int status;

  if (!labels) return pm_error_nomem();
  for (i = 0; i < n; i++) labels[i] = d->penalties[i].label;
  if (!(status = put_strings(f, "penalty_label", f->dpen,
                             "mgcv name of the smoothing parameter", labels,
                             n)) &&
      !(status = put_doubles(f, "smoothing_parameter", 1, &f->dpen,
                             "smoothing parameter of the penalty", fit->sp,
                             n)))
    status = put_sizes(f, "penalty_block", f->dpen,
                       "design block the penalty acts on",
                       n ? &d->penalties[0].block : NULL, n,
                       sizeof *d->penalties);
  free(labels);
  return status;
}

static const char *block_kind(const pm_design_block *b)
{
  if (!b->term) return "intercept";
  switch (b->term->kind) {
  case PM_TERM_NUMERIC: return "numeric";
  case PM_TERM_FACTOR: return "factor";
  case PM_TERM_SMOOTH: return "smooth";
  case PM_TERM_TENSOR: return "tensor";
  case PM_TERM_OFFSET: return "offset";
  }
  return "unknown";
}

/* The summary of each term, one variable per column of the table. */
static int put_term_summary(const mfile *f, const pm_gam_fit *fit)
{
  static const struct {
    const char *name, *long_name;
    size_t offset;
  } cols[] = {
      {"term_edf", "effective degrees of freedom of the term",
       offsetof(pm_gam_term_summary, edf)},
      {"term_edf1", "alternative effective degrees of freedom of the term",
       offsetof(pm_gam_term_summary, edf1)},
      {"term_ref_df", "reference degrees of freedom of the term's test",
       offsetof(pm_gam_term_summary, ref_df)},
      {"term_stat", "statistic of the term's test (Chi.sq, F, z or t)",
       offsetof(pm_gam_term_summary, stat)},
      {"term_p_value", "p-value of the term's test",
       offsetof(pm_gam_term_summary, p_value)}};
  double *v = malloc((fit->nblocks ? fit->nblocks : 1) * sizeof *v);
  size_t c, b;
  int status = PM_SUCCESS;

  if (!v) return pm_error_nomem();
  for (c = 0; c < sizeof cols / sizeof *cols && !status; c++) {
    for (b = 0; b < fit->nblocks; b++)
      v[b] = *(const double *)((const char *)&fit->terms[b] + cols[c].offset);
    status = put_doubles(f, cols[c].name, 1, &f->dblock, cols[c].long_name, v,
                         fit->nblocks);
  }
  free(v);
  return status;
}

static int put_blocks(const mfile *f, const pm_design *d,
                      const pm_gam_fit *fit)
{
  size_t n = d->nblocks, i;
  const char **text = malloc(2 * (n ? n : 1) * sizeof *text);
  int status;

  if (!text) return pm_error_nomem();
  for (i = 0; i < n; i++) {
    text[i] = d->blocks[i].label;
    text[n + i] = block_kind(&d->blocks[i]);
  }
  if (!(status = put_strings(f, "block_label", f->dblock,
                             "R label of the model term", text, n)) &&
      !(status = put_strings(f, "block_kind", f->dblock,
                             "kind of term: intercept, numeric, factor, "
                             "smooth or tensor", text + n, n)) &&
      !(status = put_sizes(f, "block_first", f->dblock,
                           "first coefficient of the term (from 0)",
                           &d->blocks[0].first, n, sizeof *d->blocks)) &&
      !(status = put_sizes(f, "block_ncoef", f->dblock,
                           "number of coefficients of the term",
                           &d->blocks[0].ncoef, n, sizeof *d->blocks)))
    status = put_term_summary(f, fit);
  free(text);
  return status;
}

/* The levels of block b as the variable named by `fmt`. */
static int put_levels(const mfile *f, const char *fmt, size_t b,
                      const char *long_name, char *const *levels, size_t n)
{
  char name[NC_MAX_NAME + 1], dname[NC_MAX_NAME + 3];
  int dim, status;

  if (!levels) return PM_SUCCESS;
  snprintf(name, sizeof name, fmt, b);
  snprintf(dname, sizeof dname, "%s_n", name);
  if ((status = def_dim(f, dname, n, &dim))) return status;
  return put_strings(f, name, dim, long_name, (const char *const *)levels, n);
}

/* Block b's factor levels, by= levels and smooth arrays. */
static int put_block_state(const mfile *f, const pm_design *d, size_t b)
{
  const pm_design_block *blk = &d->blocks[b];
  char name[NC_MAX_NAME + 1], dname[NC_MAX_NAME + 3];
  size_t i, narrays = blk->smooth ? pm_smooth_narrays(blk->smooth) : 0;
  int dim, var, status = PM_SUCCESS, block = (int)b;
  const char *path = f->path;

  if ((status = put_levels(f, PM_MODEL_LEVELS_FMT, b,
                           "levels of the factor, sorted", blk->levels,
                           blk->nlevels)) ||
      (status = put_levels(f, PM_MODEL_BY_LEVELS_FMT, b,
                           "levels of the smooth's by= factor, sorted; the "
                           "term's blocks follow in this order",
                           blk->by_levels, blk->nby_levels)))
    return status;
  for (i = 0; i < narrays; i++) {
    const char *aname;
    const double *values;
    size_t len;
    pm_smooth_array(blk->smooth, i, &aname, &values, &len);
    snprintf(name, sizeof name, PM_MODEL_ARRAY_FMT, b, aname);
    snprintf(dname, sizeof dname, "%s_n", name);
    if ((status = def_dim(f, dname, len, &dim)) ||
        (status = put_doubles(f, name, 1, &dim,
                              "definition of the smooth (knots, constraint, "
                              "penalty scale)", values, len)))
      goto cleanup;
    PM_NC_TRY(nc_inq_varid(f->ncid, name, &var), "defining a smooth array");
    if ((status = put_att(f, var, PM_MODEL_ARRAY_NAME_ATT, aname)))
      goto cleanup;
    PM_NC_TRY(nc_put_att_int(f->ncid, var, PM_MODEL_ARRAY_BLOCK_ATT, NC_INT, 1,
                             &block), PM_MODEL_ARRAY_BLOCK_ATT);
  }
cleanup:
  return status;
}

static int write_model(const mfile *f0, const pm_design *d,
                       const pm_gam_fit *fit, const pm_gam_options *o,
                       const pm_model_provenance *prov)
{
  mfile f = *f0;
  size_t b;
  int status;

  if ((status = put_model_atts(&f, d, fit, prov)) ||
      (status = put_number_atts(&f, fit, o)) ||
      (status = def_dim(&f, "coef", fit->p, &f.dcoef)) ||
      (status = def_dim(&f, "block", d->nblocks, &f.dblock)) ||
      (status = def_dim(&f, "penalty", d->npenalties, &f.dpen)) ||
      (status = put_coefficients(&f, d, fit)) ||
      (status = put_penalties(&f, d, fit)) ||
      (status = put_blocks(&f, d, fit)))
    return status;
  for (b = 0; b < d->nblocks && !status; b++)
    status = put_block_state(&f, d, b);
  return status;
}

/* The sampled rows' covariates, for the rugs of partial-effect plots. */
static int put_sample(const mfile *f, const pm_model_ranges *r, int dcov)
{
  int dims[2] = {0, dcov}, status;

  if (r->nsample == 0) return PM_SUCCESS;
  if ((status = def_dim(f, "sample", r->nsample, &dims[0]))) return status;
  return put_doubles(f, "covariate_sample", 2, dims,
                     "covariates of a subsample of the fitted rows (every "
                     "row when few), NaN where missing",
                     r->sample, r->nsample * r->n);
}

static int put_ranges(const mfile *f, const pm_model_ranges *r)
{
  int dim, status;

  if (!r || r->n == 0) return PM_SUCCESS;
  if ((status = def_dim(f, "covariate", r->n, &dim)) ||
      (status = put_strings(f, "covariate_name", dim,
                            "covariate of the formula", r->names, r->n)) ||
      (status = put_doubles(f, "covariate_min", 1, &dim,
                            "smallest value of the covariate in the fitted "
                            "rows", r->min, r->n)))
    return status;
  if ((status = put_doubles(f, "covariate_max", 1, &dim,
                            "largest value of the covariate in the fitted "
                            "rows", r->max, r->n)))
    return status;
  return put_sample(f, r, dim);
}

/* Stored (bootstrap, coef): row b is refit b, the transpose of the
 * p x n matrix held in memory. */
static int put_bootstrap(const mfile *f, const pm_model_bootstrap *boot,
                         size_t p)
{
  const char *path = f->path;
  unsigned long long seed;
  double *t;
  size_t b, j;
  int dims[2] = {0, f->dcoef}, var, status;

  if (!boot || boot->n == 0) return PM_SUCCESS;
  if (!(t = malloc(boot->n * p * sizeof *t))) return pm_error_nomem();
  for (b = 0; b < boot->n; b++)
    for (j = 0; j < p; j++) t[b * p + j] = boot->coef[j * boot->n + b];
  seed = boot->seed;
  if ((status = def_dim(f, "bootstrap", boot->n, &dims[0])) ||
      (status = put_doubles(f, "bootstrap_coefficients", 2, dims,
                            "coefficients refitted on profiles resampled "
                            "with replacement (cluster bootstrap), one row "
                            "per refit", t, boot->n * p)))
    goto cleanup;
  PM_NC_TRY(nc_inq_varid(f->ncid, "bootstrap_coefficients", &var),
            "bootstrap_coefficients");
  PM_NC_TRY(nc_put_att_ulonglong(f->ncid, var, "seed", NC_UINT64, 1, &seed),
            "bootstrap_coefficients:seed");
cleanup:
  free(t);
  return status;
}

typedef struct {
  mfile f;
  const pm_design *d;
  const pm_gam_fit *fit;
  const pm_gam_options *o;
  const pm_model_provenance *prov;
  const pm_model_ranges *ranges;
  const pm_model_bootstrap *boot;
} model_job;

static int write_model_file(int ncid, void *arg)
{
  model_job *job = arg;
  int status;

  job->f.ncid = ncid;
  status = write_model(&job->f, job->d, job->fit, job->o, job->prov);
  if (!status) status = put_ranges(&job->f, job->ranges);
  return status ? status : put_bootstrap(&job->f, job->boot, job->fit->p);
}

int pm_model_write(const char *path, const pm_design *d, const pm_gam_fit *fit,
                   const pm_gam_options *o, const pm_model_provenance *prov)
{
  return pm_model_write_ranges(path, d, fit, o, prov, NULL);
}

int pm_model_write_ranges(const char *path, const pm_design *d,
                          const pm_gam_fit *fit, const pm_gam_options *o,
                          const pm_model_provenance *prov,
                          const pm_model_ranges *ranges)
{
  return pm_model_write_bootstrap(path, d, fit, o, prov, ranges, NULL);
}

int pm_model_write_bootstrap(const char *path, const pm_design *d,
                             const pm_gam_fit *fit, const pm_gam_options *o,
                             const pm_model_provenance *prov,
                             const pm_model_ranges *ranges,
                             const pm_model_bootstrap *boot)
{
  model_job job = {{-1, path, 0, 0, 0}, d, fit, o, prov, ranges, boot};

  if (fit->p != d->p || fit->nblocks != d->nblocks ||
      fit->npenalties != d->npenalties)
    return pm_error(PM_EINPUT,
                    "%s: the fit (%zu coefficients, %zu terms) does not "
                    "belong to the design (%zu, %zu)",
                    path, fit->p, fit->nblocks, d->p, d->nblocks);
  return pm_nc_create_atomic(path, write_model_file, &job);
}
