/* model_file_read.c: a model file read back into a formula, a design and a
 * fit that predict as the original fit did.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "model_file_internal.h"
#include "pm_nc.h"
#include "pm_error.h"
#include "pm_model_file.h"

#include <errno.h>
#include <math.h>
#include <netcdf.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int ncid;
  const char *path;
} rfile;

/* The smooth arrays and factor levels of every block, as read. */
typedef struct {
  size_t nblocks, narrays;
  pm_design_block_state *state; /* nblocks */
  char ***levels;               /* nblocks, NULL where none */
  char ***by_levels;            /* nblocks, NULL where none */
  char **names;                 /* narrays, grouped by block */
  double **values;
  size_t *lens;
} blocks_read;

static int bad_file(const rfile *f, const char *what)
{
  return pm_error(PM_EINPUT,
                  "%s: not a valid plankmap model file: %s; write it again "
                  "with `plankmap fit`",
                  f->path, what);
}

/* A text attribute (of variable `var` or NC_GLOBAL), allocated. */
static int get_text(const rfile *f, int var, const char *name, char **value)
{
  size_t len;
  nc_type type;
  int rc = nc_inq_att(f->ncid, var, name, &type, &len);

  *value = NULL;
  if (rc == NC_ENOTATT || (rc == NC_NOERR && type != NC_CHAR)) {
    char what[128];
    snprintf(what, sizeof what, "the attribute '%s' is missing", name);
    return bad_file(f, what);
  }
  if (rc != NC_NOERR) return pm_nc_fail(rc, f->path, name);
  if (!(*value = malloc(len + 1))) return pm_error_nomem();
  if ((rc = nc_get_att_text(f->ncid, var, name, *value)) != NC_NOERR) {
    free(*value);
    *value = NULL;
    return pm_nc_fail(rc, f->path, name);
  }
  (*value)[len] = '\0';
  return PM_SUCCESS;
}

/* A one-value numeric global attribute. */
static int get_number(const rfile *f, const char *name, pm_mf_type type,
                      void *value)
{
  size_t len;
  int rc = nc_inq_attlen(f->ncid, NC_GLOBAL, name, &len);
  unsigned long long z;

  if (rc == NC_ENOTATT || (rc == NC_NOERR && len != 1)) {
    char what[128];
    snprintf(what, sizeof what, "the attribute '%s' is missing", name);
    return bad_file(f, what);
  }
  if (rc == NC_NOERR) {
    if (type == PM_MF_DOUBLE)
      rc = nc_get_att_double(f->ncid, NC_GLOBAL, name, value);
    else if (type == PM_MF_INT)
      rc = nc_get_att_int(f->ncid, NC_GLOBAL, name, value);
    else if ((rc = nc_get_att_ulonglong(f->ncid, NC_GLOBAL, name, &z)) ==
             NC_NOERR)
      *(size_t *)value = (size_t)z;
  }
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, f->path, name);
}

/* The zero-inflated Poisson's two parameters, "zip_theta". */
static int get_zip_theta(const rfile *f, double zip[2])
{
  size_t len;
  int rc = nc_inq_attlen(f->ncid, NC_GLOBAL, "zip_theta", &len);

  if (rc == NC_ENOTATT || (rc == NC_NOERR && len != 2))
    return bad_file(f, "the attribute 'zip_theta' (two numbers) is missing");
  if (rc == NC_NOERR)
    rc = nc_get_att_double(f->ncid, NC_GLOBAL, "zip_theta", zip);
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, f->path, "zip_theta");
}

static int get_dim(const rfile *f, const char *name, size_t *len)
{
  int dim, rc = nc_inq_dimid(f->ncid, name, &dim);
  if (rc == NC_EBADDIM) {
    char what[128];
    snprintf(what, sizeof what, "the dimension '%s' is missing", name);
    return bad_file(f, what);
  }
  if (rc == NC_NOERR) rc = nc_inq_dimlen(f->ncid, dim, len);
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, f->path, name);
}

/* The id of variable `name`, which must hold `len` values of `type`. */
static int find_var(const rfile *f, const char *name, nc_type want, size_t len,
                    int *var)
{
  int dims[NC_MAX_VAR_DIMS], ndims, d, rc;
  size_t total = 1, n;
  nc_type type;
  char what[NC_MAX_NAME + 128];

  if ((rc = nc_inq_varid(f->ncid, name, var)) == NC_NOERR &&
      (rc = nc_inq_var(f->ncid, *var, NULL, &type, &ndims, dims, NULL)) ==
          NC_NOERR)
    for (d = 0; d < ndims && rc == NC_NOERR; d++)
      if ((rc = nc_inq_dimlen(f->ncid, dims[d], &n)) == NC_NOERR) total *= n;
  if (rc == NC_ENOTVAR) {
    snprintf(what, sizeof what, "the variable '%s' is missing", name);
    return bad_file(f, what);
  }
  if (rc != NC_NOERR) return pm_nc_fail(rc, f->path, name);
  if (type != want || total != len) {
    snprintf(what, sizeof what,
             "the variable '%s' has %zu values where %zu are expected", name,
             total, len);
    return bad_file(f, what);
  }
  return PM_SUCCESS;
}

static int get_doubles(const rfile *f, const char *name, size_t len,
                       double **values)
{
  int var, rc, status;

  *values = NULL;
  if ((status = find_var(f, name, NC_DOUBLE, len, &var))) return status;
  if (!(*values = malloc((len ? len : 1) * sizeof **values)))
    return pm_error_nomem();
  if (len && (rc = nc_get_var_double(f->ncid, var, *values)) != NC_NOERR)
    return pm_nc_fail(rc, f->path, name);
  return PM_SUCCESS;
}

static int get_sizes(const rfile *f, const char *name, size_t len,
                     size_t *values)
{
  unsigned long long *v = malloc((len ? len : 1) * sizeof *v);
  int var, rc, status;
  size_t i;

  if (!v) return pm_error_nomem();
  status = find_var(f, name, NC_UINT64, len, &var);
  if (!status && len && (rc = nc_get_var_ulonglong(f->ncid, var, v)) != NC_NOERR)
    status = pm_nc_fail(rc, f->path, name);
  for (i = 0; !status && i < len; i++) values[i] = (size_t)v[i];
  free(v);
  return status;
}

static void free_strings(char **s, size_t n)
{
  size_t i;
  for (i = 0; s && i < n; i++) free(s[i]);
  free(s);
}

/* A string variable of n values, copied into plain allocated strings. */
static int get_strings(const rfile *f, const char *name, size_t n,
                       char ***out)
{
  char **raw = calloc(n ? n : 1, sizeof *raw);
  int var, rc, status;
  size_t i;

  *out = calloc(n ? n : 1, sizeof **out);
  if (!raw || !*out) {
    free(raw);
    free(*out);
    *out = NULL;
    return pm_error_nomem();
  }
  status = find_var(f, name, NC_STRING, n, &var);
  if (!status && n && (rc = nc_get_var_string(f->ncid, var, raw)) != NC_NOERR)
    status = pm_nc_fail(rc, f->path, name);
  for (i = 0; !status && i < n; i++)
    if (!((*out)[i] = strdup(raw[i] ? raw[i] : ""))) status = pm_error_nomem();
  if (n) nc_free_string(n, raw); /* NULL pointers when the read failed */
  free(raw);
  if (status) {
    free_strings(*out, n);
    *out = NULL;
  }
  return status;
}

int pm_model_set_knots(pm_formula *f, const char *spec)
{
  char *copy = strdup(spec), *save = NULL, *item, *end;
  double *v = NULL;
  int status = PM_SUCCESS;

  if (!copy) return pm_error_nomem();
  for (item = strtok_r(copy, ";", &save); item && !status;
       item = strtok_r(NULL, ";", &save)) {
    char *eq = strchr(item, '='), *num = eq ? eq + 1 : NULL;
    size_t n = 0, cap = 8;
    if (!eq || eq == item) {
      status = pm_error(PM_EUSAGE,
                        "knots '%s': expected VAR=a,b,... (several separated "
                        "by ';')",
                        item);
      break;
    }
    *eq = '\0';
    free(v);
    if (!(v = malloc(cap * sizeof *v))) {
      status = pm_error_nomem();
      break;
    }
    while (!status) {
      errno = 0;
      double x = strtod(num, &end);
      if (end == num || errno || !isfinite(x) || (*end && *end != ',')) {
        status = pm_error(PM_EUSAGE,
                          "knots for '%s': '%s' is not a list of numbers "
                          "separated by commas",
                          item, eq + 1);
        break;
      }
      if (n == cap && !(v = realloc(v, (cap *= 2) * sizeof *v))) {
        status = pm_error_nomem();
        break;
      }
      v[n++] = x;
      if (!*end) break;
      num = end + 1;
    }
    if (!status) status = pm_formula_set_knots(f, item, v, n);
  }
  free(v);
  free(copy);
  return status;
}

static void blocks_free(blocks_read *b)
{
  size_t i;
  for (i = 0; b->levels && i < b->nblocks; i++)
    free_strings(b->levels[i], b->state[i].nlevels);
  for (i = 0; b->by_levels && i < b->nblocks; i++)
    free_strings(b->by_levels[i], b->state[i].nby_levels);
  free(b->by_levels);
  for (i = 0; i < b->narrays; i++) {
    free(b->names[i]);
    free(b->values[i]);
  }
  free(b->levels);
  free(b->state);
  free(b->names);
  free(b->values);
  free(b->lens);
}

/* The length of a one-dimensional variable. */
static int var_len(const rfile *f, int var, size_t *len)
{
  int ndims, dim, rc = nc_inq_varndims(f->ncid, var, &ndims);
  if (rc == NC_NOERR && ndims != 1) return bad_file(f, "a smooth array is not a vector");
  if (rc == NC_NOERR) rc = nc_inq_vardimid(f->ncid, var, &dim);
  if (rc == NC_NOERR) rc = nc_inq_dimlen(f->ncid, dim, len);
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, f->path, "a smooth array");
}

/* Smooth array k: variable `var`. */
static int read_array(const rfile *f, int var, blocks_read *b, size_t k)
{
  char name[NC_MAX_NAME + 1];
  int rc, status;

  if ((rc = nc_inq_varname(f->ncid, var, name)) != NC_NOERR)
    return pm_nc_fail(rc, f->path, "a smooth array");
  if ((status = get_text(f, var, PM_MODEL_ARRAY_NAME_ATT, &b->names[k])) ||
      (status = var_len(f, var, &b->lens[k])))
    return status;
  return get_doubles(f, name, b->lens[k], &b->values[k]);
}

/* The smooth arrays of the file (variables with PM_MODEL_ARRAY_BLOCK_ATT),
 * grouped by block in the order they were written. */
static int read_arrays(const rfile *f, blocks_read *b)
{
  int nvars, v, rc, status = PM_SUCCESS, *blk = NULL;
  size_t i, k = 0;

  if ((rc = nc_inq_nvars(f->ncid, &nvars)) != NC_NOERR)
    return pm_nc_fail(rc, f->path, "reading the variables");
  if (!(blk = malloc(((size_t)nvars + 1) * sizeof *blk))) return pm_error_nomem();
  for (v = 0; v < nvars && !status; v++) {
    rc = nc_get_att_int(f->ncid, v, PM_MODEL_ARRAY_BLOCK_ATT, &blk[v]);
    if (rc == NC_ENOTATT) blk[v] = -1;
    else if (rc != NC_NOERR)
      status = pm_nc_fail(rc, f->path, "reading a smooth array");
    else if (blk[v] < 0 || (size_t)blk[v] >= b->nblocks)
      status = bad_file(f, "a smooth array names a block that does not exist");
    else {
      b->narrays++;
      b->state[blk[v]].narrays++;
    }
  }
  b->names = calloc(b->narrays + 1, sizeof *b->names);
  b->values = calloc(b->narrays + 1, sizeof *b->values);
  b->lens = calloc(b->narrays + 1, sizeof *b->lens);
  if (!status && (!b->names || !b->values || !b->lens)) status = pm_error_nomem();
  for (i = 0; i < b->nblocks && !status; i++) {
    b->state[i].array_names = (const char *const *)b->names + k;
    b->state[i].arrays = (const double *const *)b->values + k;
    b->state[i].array_lens = b->lens + k;
    for (v = 0; v < nvars && !status; v++)
      if (blk[v] == (int)i) status = read_array(f, v, b, k++);
  }
  free(blk);
  return status;
}

/* The levels of block i in the variable `fmt` names, if there is one. */
static int read_levels(const rfile *f, const char *fmt, size_t i,
                       char ***levels, size_t *n)
{
  char name[NC_MAX_NAME + 1];
  int var, rc, status;

  snprintf(name, sizeof name, fmt, i);
  rc = nc_inq_varid(f->ncid, name, &var);
  if (rc == NC_ENOTVAR) return PM_SUCCESS;
  if (rc != NC_NOERR) return pm_nc_fail(rc, f->path, name);
  if ((status = var_len(f, var, n)) == PM_SUCCESS)
    status = get_strings(f, name, *n, levels);
  if (status) *n = 0;
  return status;
}

/* The factor levels and by= levels of every block that has them. */
static int read_block_levels(const rfile *f, blocks_read *b)
{
  size_t i;
  int status = PM_SUCCESS;

  for (i = 0; i < b->nblocks && !status; i++) {
    pm_design_block_state *st = &b->state[i];
    if ((status = read_levels(f, PM_MODEL_LEVELS_FMT, i, &b->levels[i],
                              &st->nlevels)) == PM_SUCCESS)
      status = read_levels(f, PM_MODEL_BY_LEVELS_FMT, i, &b->by_levels[i],
                           &st->nby_levels);
    st->levels = (const char *const *)b->levels[i];
    st->by_levels = (const char *const *)b->by_levels[i];
  }
  return status;
}

/* The formula with its knots, and the design rebuilt from the blocks. */
static int read_design(const rfile *f, pm_model *m, size_t p, size_t nblocks,
                       size_t npen)
{
  blocks_read b = {0};
  char *text = NULL, *knots = NULL, **labels = NULL;
  size_t i, *first = malloc(2 * (nblocks + 1) * sizeof *first),
            *ncoef = first + nblocks + 1;
  int status;

  b.nblocks = nblocks;
  b.state = calloc(nblocks + 1, sizeof *b.state);
  b.levels = calloc(nblocks + 1, sizeof *b.levels);
  b.by_levels = calloc(nblocks + 1, sizeof *b.by_levels);
  if (!b.state || !b.levels || !b.by_levels || !first) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = get_text(f, NC_GLOBAL, "formula", &text)) ||
      (status = get_text(f, NC_GLOBAL, "knots", &knots)))
    goto cleanup;
  if ((status = pm_formula_parse(&m->formula, text)) ||
      (*knots && (status = pm_model_set_knots(m->formula, knots)))) {
    pm_error_prefix(status, "%s: the model's formula", f->path);
    goto cleanup;
  }
  if ((status = read_block_levels(f, &b)) || (status = read_arrays(f, &b)) ||
      (status = get_strings(f, "block_label", nblocks, &labels)) ||
      (status = get_sizes(f, "block_first", nblocks, first)) ||
      (status = get_sizes(f, "block_ncoef", nblocks, ncoef)))
    goto cleanup;
  if ((status = pm_design_restore(&m->design, m->formula, b.state, nblocks))) {
    pm_error_prefix(status, "%s: rebuilding the model's design", f->path);
    goto cleanup;
  }
  if (m->design->p != p || m->design->nblocks != nblocks ||
      m->design->npenalties != npen)
    status = bad_file(f, "its formula gives a different number of "
                         "coefficients, terms or penalties");
  for (i = 0; !status && i < nblocks; i++)
    if (strcmp(labels[i], m->design->blocks[i].label) != 0 ||
        first[i] != m->design->blocks[i].first ||
        ncoef[i] != m->design->blocks[i].ncoef)
      status = bad_file(f, "its terms are not those of its formula");
cleanup:
  free_strings(labels, nblocks);
  free(first);
  free(text);
  free(knots);
  blocks_free(&b);
  return status;
}

static void fit_free(pm_gam_fit *fit)
{
  if (!fit) return;
  free(fit->beta);
  free(fit->Vp);
  free(fit->Ve);
  free(fit->R);
  free(fit->edf);
  free(fit->edf1);
  free(fit->sp);
  free(fit->eta);
  free(fit->mu);
  free(fit->terms);
  free(fit);
}

/* The family with its parameters, and the method. */
static int read_family(const rfile *f, pm_model *m)
{
  pm_gam_fit *fit = m->fit;
  char *family = NULL, *link = NULL, *method = NULL;
  int status;

  if ((status = get_text(f, NC_GLOBAL, "family", &family)) ||
      (status = get_text(f, NC_GLOBAL, "link", &link)) ||
      (status = get_text(f, NC_GLOBAL, "method", &method)))
    goto cleanup;
  if ((status = pm_family_from_name(&fit->family, family))) {
    pm_error_prefix(status, "%s", f->path);
    goto cleanup;
  }
  if (strcmp(link, pm_link_name(fit->family.link)) != 0) {
    status = bad_file(f, "its link is not the family's");
    goto cleanup;
  }
  fit->method = strcmp(method, "REML") == 0 ? PM_METHOD_REML : PM_METHOD_GCV;
  if ((status = get_number(f, "theta", PM_MF_DOUBLE, &fit->family.theta)) ||
      (status = get_number(f, "tweedie_p", PM_MF_DOUBLE, &fit->family.p)) ||
      (status = get_number(f, "theta_estimated", PM_MF_INT,
                           &m->estimate_theta)))
    goto cleanup;
  status = get_number(f, "tweedie_p_estimated", PM_MF_INT, &m->estimate_p);
  /* written since expected counts could be fitted: absent, they were not */
  if (!status && nc_inq_att(f->ncid, NC_GLOBAL, "expected_counts", NULL,
                            NULL) == NC_NOERR)
    status = get_number(f, "expected_counts", PM_MF_INT,
                        &m->expected_counts);
  if (!status && fit->family.kind == PM_FAMILY_ZIP)
    status = get_zip_theta(f, fit->family.zip);
cleanup:
  free(family);
  free(link);
  free(method);
  return status;
}

/* The term summaries from the term_* variables. */
static int read_terms(const rfile *f, pm_gam_fit *fit)
{
  static const struct {
    const char *name;
    size_t offset;
  } cols[] = {{"term_edf", offsetof(pm_gam_term_summary, edf)},
              {"term_edf1", offsetof(pm_gam_term_summary, edf1)},
              {"term_ref_df", offsetof(pm_gam_term_summary, ref_df)},
              {"term_stat", offsetof(pm_gam_term_summary, stat)},
              {"term_p_value", offsetof(pm_gam_term_summary, p_value)}};
  double *v = NULL;
  size_t c, b;
  int status = PM_SUCCESS;

  if (!(fit->terms = calloc(fit->nblocks + 1, sizeof *fit->terms)))
    return pm_error_nomem();
  for (c = 0; c < sizeof cols / sizeof *cols && !status; c++) {
    if ((status = get_doubles(f, cols[c].name, fit->nblocks, &v))) break;
    for (b = 0; b < fit->nblocks; b++)
      *(double *)((char *)&fit->terms[b] + cols[c].offset) = v[b];
    free(v);
    v = NULL;
  }
  free(v);
  return status;
}

static int read_fit(const rfile *f, pm_model *m)
{
  pm_gam_fit *fit = m->fit;
  size_t p = fit->p, i;
  int status;

  for (i = 0; i < pm_mf_nscalars; i++)
    if ((status = get_number(f, pm_mf_scalars[i].name, pm_mf_scalars[i].type,
                             (char *)fit + pm_mf_scalars[i].offset)))
      return status;
  if ((status = read_family(f, m)) ||
      (status = get_doubles(f, "coefficients", p, &fit->beta)) ||
      (status = get_doubles(f, "Vp", p * p, &fit->Vp)) ||
      (status = get_doubles(f, "Ve", p * p, &fit->Ve)) ||
      (status = get_doubles(f, "R", p * p, &fit->R)) ||
      (status = get_doubles(f, "edf", p, &fit->edf)) ||
      (status = get_doubles(f, "edf1", p, &fit->edf1)) ||
      (status = get_doubles(f, "smoothing_parameter", fit->npenalties,
                            &fit->sp)))
    return status;
  return read_terms(f, fit);
}

static int read_model(const rfile *f, pm_model *m)
{
  size_t p, nblocks, npen;
  int format, status, rc;
  char what[128];

  rc = nc_get_att_int(f->ncid, NC_GLOBAL, PM_MODEL_FORMAT_ATT, &format);
  if (rc == NC_ENOTATT)
    return pm_error(PM_EINPUT,
                    "%s: not a plankmap model file (it has no %s attribute); "
                    "make one with `plankmap fit`",
                    f->path, PM_MODEL_FORMAT_ATT);
  if (rc != NC_NOERR) return pm_nc_fail(rc, f->path, PM_MODEL_FORMAT_ATT);
  if (format != PM_MODEL_FORMAT) {
    snprintf(what, sizeof what, "its layout version %d is not %d", format,
             PM_MODEL_FORMAT);
    return bad_file(f, what);
  }
  if ((status = get_dim(f, "coef", &p)) ||
      (status = get_dim(f, "block", &nblocks)) ||
      (status = get_dim(f, "penalty", &npen)) ||
      (status = get_text(f, NC_GLOBAL, "data_file", &m->data_path)) ||
      (status = get_text(f, NC_GLOBAL, "data_sha256", &m->data_sha256)) ||
      (status = get_text(f, NC_GLOBAL, "history", &m->history)) ||
      (status = get_text(f, NC_GLOBAL, "plankmap_version", &m->version)) ||
      (status = read_design(f, m, p, nblocks, npen)))
    return status;
  if (!(m->fit = calloc(1, sizeof *m->fit))) return pm_error_nomem();
  m->fit->p = p;
  m->fit->nblocks = nblocks;
  m->fit->npenalties = npen;
  return read_fit(f, m);
}

/* The covariates of sampled fitted rows, when the file has them (files
 * written before they were kept have none). */
static int read_sample(const rfile *f, pm_model *m)
{
  size_t n;
  int dim, rc = nc_inq_dimid(f->ncid, "sample", &dim), status;

  if (rc == NC_EBADDIM) return PM_SUCCESS;
  if (rc == NC_NOERR) rc = nc_inq_dimlen(f->ncid, dim, &n);
  if (rc != NC_NOERR) return pm_nc_fail(rc, f->path, "sample");
  if ((status = get_doubles(f, "covariate_sample", n * m->ncovariates,
                            &m->covariate_sample)))
    return status;
  m->nsample = n;
  return PM_SUCCESS;
}

/* The covariate ranges, when the file has them. */
static int read_ranges(const rfile *f, pm_model *m)
{
  size_t n;
  int dim, rc = nc_inq_dimid(f->ncid, "covariate", &dim), status;

  if (rc == NC_EBADDIM) return PM_SUCCESS;
  if (rc == NC_NOERR) rc = nc_inq_dimlen(f->ncid, dim, &n);
  if (rc != NC_NOERR) return pm_nc_fail(rc, f->path, "covariate");
  if ((status = get_strings(f, "covariate_name", n, &m->covariate_names)))
    return status;
  m->ncovariates = n;
  if ((status = get_doubles(f, "covariate_min", n, &m->covariate_min)) ||
      (status = get_doubles(f, "covariate_max", n, &m->covariate_max)))
    return status;
  return read_sample(f, m);
}

/* The bootstrap coefficients, when the file has them: stored (bootstrap,
 * coef), held p x n (column b is refit b). */
static int read_bootstrap(const rfile *f, pm_model *m)
{
  size_t n, p = m->fit->p, b, j;
  unsigned long long seed;
  double *t = NULL;
  int dim, var, rc = nc_inq_dimid(f->ncid, "bootstrap", &dim), status;

  if (rc == NC_EBADDIM) return PM_SUCCESS;
  if (rc == NC_NOERR) rc = nc_inq_dimlen(f->ncid, dim, &n);
  if (rc != NC_NOERR) return pm_nc_fail(rc, f->path, "bootstrap");
  if ((status = get_doubles(f, "bootstrap_coefficients", n * p, &t)))
    goto cleanup;
  if ((rc = nc_inq_varid(f->ncid, "bootstrap_coefficients", &var)) ||
      (rc = nc_get_att_ulonglong(f->ncid, var, "seed", &seed))) {
    status = rc == NC_ENOTATT
                 ? bad_file(f, "bootstrap_coefficients has no seed")
                 : pm_nc_fail(rc, f->path, "bootstrap_coefficients");
    goto cleanup;
  }
  if (!(m->bootstrap = malloc((n * p + 1) * sizeof *m->bootstrap))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (b = 0; b < n; b++)
    for (j = 0; j < p; j++) m->bootstrap[j * n + b] = t[b * p + j];
  m->nbootstrap = n;
  m->bootstrap_seed = (unsigned long)seed;
cleanup:
  free(t);
  return status;
}

int pm_model_read(pm_model **m, const char *path)
{
  rfile f = {-1, path};
  int rc, status;

  if (!(*m = calloc(1, sizeof **m))) return pm_error_nomem();
  if ((rc = nc_open(path, NC_NOWRITE, &f.ncid)) != NC_NOERR) {
    pm_model_free(*m);
    *m = NULL;
    return pm_error(rc == NC_ENOTNC ? PM_EINPUT : PM_EIO,
                    "%s: cannot read it as a plankmap model file: %s", path,
                    nc_strerror(rc));
  }
  status = read_model(&f, *m);
  if (!status) status = read_ranges(&f, *m);
  if (!status) status = read_bootstrap(&f, *m);
  nc_close(f.ncid);
  if (status) {
    pm_model_free(*m);
    *m = NULL;
  }
  return status;
}

void pm_model_free(pm_model *m)
{
  if (!m) return;
  fit_free(m->fit);
  pm_design_free(m->design);
  pm_formula_free(m->formula);
  free(m->data_path);
  free(m->data_sha256);
  free(m->history);
  free(m->version);
  free_strings(m->covariate_names, m->ncovariates);
  free(m->covariate_min);
  free(m->covariate_max);
  free(m->covariate_sample);
  free(m->bootstrap);
  free(m);
}
