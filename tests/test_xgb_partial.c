/* test_xgb_partial.c: tests of the partial dependence of boosted trees
 * (predict/engine_xgb_partial.c) against a known truth and a hand
 * computation: Poisson counts whose log concentration is additive, f1(temp)
 * + f2(salt), with the log of unequal sampled volumes as offset; the curve
 * of temp rises as f1 does and spans about f1's range; its value at one
 * point is Friedman's average (Friedman 2001, eq. 53) computed here from
 * the model file with XGBoost's C API alone; the curves of the model read
 * back equal those of the fit in memory; a model file without the sampled
 * rows is an error; a feature that is an expression of one column is
 * drawn over that column.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_engine.h"
#include "pm_error.h"
#include "pm_test.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <netcdf.h>
#include <stdlib.h>
#include <unistd.h>
#include <xgboost/c_api.h>

#define NPROFILES 200
#define NDEPTHS 10
#define N (NPROFILES * NDEPTHS)
#define MEMBERS 3 /* 3 folds x 1 repeat */
#define POINT 37  /* the point of the hand computation */

/* The truth: log concentration (m-3) = f1(temp) + f2(salt). */
static double f1(double t) { return 0.08 * t; }
static double f2(double s) { return 0.5 + 0.3 * (s - 35); }

typedef struct {
  double count[N], temp[N], salt[N], volume[N], profile[N];
  pm_frame *frame;
} sim;

/* Volumes log-uniform between 1 and 20 m3. */
static int simulate(sim *d)
{
  static const char *const names[] = {"count", "temp", "salt", "volume_m3",
                                      "profile"};
  const double *cols[5] = {d->count, d->temp, d->salt, d->volume,
                           d->profile};
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  size_t i;

  gsl_rng_set(r, 11);
  for (i = 0; i < N; i++) {
    d->profile[i] = (double)(i / NDEPTHS);
    d->temp[i] = 30 * gsl_rng_uniform(r);
    d->salt[i] = 33 + 4 * gsl_rng_uniform(r);
    d->volume[i] = exp(log(20) * gsl_rng_uniform(r));
    d->count[i] = gsl_ran_poisson(
        r, exp(f1(d->temp[i]) + f2(d->salt[i])) * d->volume[i]);
  }
  gsl_rng_free(r);
  return pm_frame_from_columns(&d->frame, "simulated", names, cols, 5, N);
}

static int fit(pm_engine **e, const sim *d, const char *formula)
{
  pm_engine_spec s;
  pm_engine_fit_info info;

  memset(&s, 0, sizeof s);
  s.formula = formula;
  pm_family_from_name(&s.family, "poisson");
  pm_engine_boost_default(&s.boost);
  s.boost.folds = MEMBERS;
  s.boost.repeats = 1;
  s.boost.rounds = 150;
  s.boost.max_depth = 3;
  s.boost.nthread = 1;
  s.groups.column = "profile";
  s.seed = 3;
  *e = NULL;
  if (pm_engine_alloc(e, &pm_engine_xgboost, &s)) return 1;
  return pm_engine_fit(*e, d->frame, &info);
}

/* (i) The curve of temp rises with f1: its largest fall between any two
 * points is small beside f1's rise, and its range is f1's within 25%.
 * Not centred and without the offset, it is f1 plus the mean of f2 over
 * the sampled rows (every row here), not plus the mean log volume (1.5). */
static void test_truth(const pm_partial_term *t, const sim *d)
{
  double lo = INFINITY, hi = -INFINITY, run_max = -INFINITY, fall = 0;
  double rise = f1(t->x[t->nx - 1]) - f1(t->x[0]), level = 0, f2_mean = 0;
  size_t k, i;

  for (k = 0; k < t->nx; k++) {
    lo = fmin(lo, t->fit[k]);
    hi = fmax(hi, t->fit[k]);
    run_max = fmax(run_max, t->fit[k]);
    fall = fmax(fall, run_max - t->fit[k]);
    level += (t->fit[k] - f1(t->x[k])) / (double)t->nx;
  }
  for (i = 0; i < N; i++) f2_mean += f2(d->salt[i]) / N;
  pm_test_ok(t->kind == PM_PARTIAL_LINE && t->nx == PM_PARTIAL_LINE_POINTS &&
                 !strcmp(t->xname, "temp"),
             "temp: a line of %d points over temp", PM_PARTIAL_LINE_POINTS);
  pm_test_ok(fall < 0.05 * rise,
             "temp: the curve rises as f1 does (largest fall %.4f < 5%% of "
             "f1's rise %.3f)", fall, rise);
  pm_test_ok(fabs((hi - lo) / rise - 1) < 0.25,
             "temp: its range %.3f is f1's %.3f within 25%%", hi - lo, rise);
  pm_test_ok(fabs(level - f2_mean) < 0.1,
             "temp: the curve less f1 is the mean of f2, %.3f (%.3f), the "
             "offset left out", f2_mean, level);
  for (k = 0; k < t->nx; k++)
    if (!(t->lo[k] <= t->fit[k] && t->fit[k] <= t->hi[k] && t->se[k] >= 0))
      break;
  pm_test_ok(k == t->nx, "temp: the band holds the members' mean");
}

/* A variable of the model file into a new array of n doubles. */
static double *get_var(int ncid, const char *name, size_t n)
{
  double *v = malloc((n + 1) * sizeof *v);
  int id;
  if (v && nc_inq_varid(ncid, name, &id) == NC_NOERR &&
      nc_get_var_double(ncid, id, v) == NC_NOERR)
    return v;
  free(v);
  return NULL;
}

static size_t dim_len(int ncid, const char *name)
{
  size_t n = 0;
  int id;
  if (nc_inq_dimid(ncid, name, &id) == NC_NOERR) nc_inq_dimlen(ncid, id, &n);
  return n;
}

/* Member m's margin, base margin 0, averaged over the sampled rows with
 * temp at v (x: ns x 2, temp and salt), plus its intercept. */
static double member_average(BoosterHandle b, float *x, size_t ns, double v,
                             double intercept)
{
  static const char config[] =
      "{\"type\": 1, \"training\": false, \"iteration_begin\": 0, "
      "\"iteration_end\": 0, \"strict_shape\": false}";
  float *zero = calloc(ns, sizeof *zero);
  DMatrixHandle m = NULL;
  const bst_ulong *shape;
  bst_ulong dim;
  const float *res;
  double sum = 0;
  size_t i;

  for (i = 0; i < ns; i++) x[2 * i] = (float)v;
  if (!zero || XGDMatrixCreateFromMat(x, ns, 2, NAN, &m) ||
      XGDMatrixSetFloatInfo(m, "base_margin", zero, ns) ||
      XGBoosterPredictFromDMatrix(b, m, config, &shape, &dim, &res))
    sum = NAN;
  for (i = 0; i < ns && !isnan(sum); i++) sum += res[i];
  if (m) XGDMatrixFree(m);
  free(zero);
  return sum / (double)ns + intercept;
}

/* R's quantile(type = 7) of 3 sorted values. */
static double q7(const double *s, double p)
{
  double h = 2 * p;
  size_t j = (size_t)floor(h);
  return j >= 2 ? s[2] : s[j] + (h - (double)j) * (s[j + 1] - s[j]);
}

/* (ii) The curve of temp at its point POINT: each member's booster loaded
 * from the file's JSON, its margins of the file's sampled rows (every one
 * complete here) with temp set, averaged; the mean, standard deviation
 * and quantiles over the members. */
static void test_by_hand(const char *path, const pm_partial_term *t)
{
  size_t ns = 0, nedge = 0, len = 0, i, m;
  unsigned long long start[MEMBERS + 1];
  double *sample = NULL, *icpt = NULL, c[MEMBERS], mean = 0, ss = 0, tmp;
  float *x = NULL;
  char *text = NULL;
  BoosterHandle b[MEMBERS] = {NULL};
  int ncid = -1, id, bad = 1;
  char *names[2] = {NULL, NULL};

  if (nc_open(path, NC_NOWRITE, &ncid) != NC_NOERR) goto cleanup;
  ns = dim_len(ncid, "sample");
  nedge = dim_len(ncid, "member_edge");
  len = dim_len(ncid, "booster_char");
  sample = get_var(ncid, "covariate_sample", ns * 2);
  icpt = get_var(ncid, "intercept", MEMBERS);
  text = malloc(len + 1);
  x = malloc((ns * 2 + 1) * sizeof *x);
  if (ns == 0 || nedge != MEMBERS + 1 || dim_len(ncid, "covariate") != 2 ||
      !sample || !icpt || !text || !x ||
      nc_inq_varid(ncid, "covariate_name", &id) ||
      nc_get_var_string(ncid, id, names) ||
      nc_inq_varid(ncid, "booster_start", &id) ||
      nc_get_var_ulonglong(ncid, id, start) ||
      nc_inq_varid(ncid, "booster", &id) || nc_get_var_text(ncid, id, text))
    goto cleanup;
  /* the features in the formula's order: temp, salt */
  for (i = 0; i < ns; i++) {
    int temp_first = !strcmp(names[0], "temp");
    x[2 * i + 1] = (float)sample[i * 2 + (temp_first ? 1 : 0)];
  }
  for (m = 0; m < MEMBERS; m++) {
    if (XGBoosterCreate(NULL, 0, &b[m]) ||
        XGBoosterLoadModelFromBuffer(b[m], text + start[m],
                                     start[m + 1] - start[m]))
      goto cleanup;
    c[m] = member_average(b[m], x, ns, t->x[POINT], icpt[m]);
    mean += c[m] / MEMBERS;
  }
  bad = 0;
cleanup:
  pm_test_ok(!bad, "the model file's boosters and sampled rows read with "
             "XGBoost and NetCDF (%zu rows)", ns);
  if (!bad) {
    for (m = 0; m < MEMBERS; m++) ss += (c[m] - mean) * (c[m] - mean);
    for (m = 0; m < MEMBERS; m++) /* sorted, for the quantiles */
      for (i = m + 1; i < MEMBERS; i++)
        if (c[i] < c[m]) tmp = c[m], c[m] = c[i], c[i] = tmp;
    pm_test_rel(t->fit[POINT], mean, 1e-10,
                "the partial dependence on temp at %.3f is the members' "
                "mean of eq. 53 computed by hand", t->x[POINT]);
    pm_test_rel(t->se[POINT], sqrt(ss / (MEMBERS - 1)), 1e-9,
                "its se is the members' standard deviation");
    pm_test_rel(t->lo[POINT], q7(c, 0.025), 1e-10,
                "its lower band is the members' 2.5%% quantile");
    pm_test_rel(t->hi[POINT], q7(c, 0.975), 1e-10,
                "its upper band is the members' 97.5%% quantile");
  }
  for (m = 0; m < MEMBERS; m++)
    if (b[m]) XGBoosterFree(b[m]);
  if (names[0]) nc_free_string(2, names);
  if (ncid >= 0) nc_close(ncid);
  free(sample);
  free(icpt);
  free(text);
  free(x);
}

/* A model file without the sampled rows (as files written before they
 * were kept: renamed away here) has no partial dependence, and says to
 * refit. */
static void test_no_sample(const char *path)
{
  pm_engine *e = NULL;
  pm_partial *p = NULL;
  int ncid, v, d, status = PM_EIO;

  if (nc_open(path, NC_WRITE, &ncid) == NC_NOERR) {
    if (nc_redef(ncid) == NC_NOERR &&
        nc_inq_varid(ncid, "covariate_sample", &v) == NC_NOERR &&
        nc_inq_dimid(ncid, "sample", &d) == NC_NOERR &&
        nc_rename_var(ncid, v, "old_sample") == NC_NOERR &&
        nc_rename_dim(ncid, d, "old") == NC_NOERR && nc_enddef(ncid) == 0)
      status = PM_SUCCESS;
    nc_close(ncid);
  }
  if (!status) status = pm_engine_read(&e, path);
  if (!status) status = pm_engine_partial(e, &p);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "keeps no sample of its fitted rows",
                "a model file without sampled rows: an error saying to refit");
  pm_partial_free(p);
  pm_engine_free(e);
}

/* The largest difference between two curves' values. */
static double curve_diff(const pm_partial_term *a, const pm_partial_term *b)
{
  double d = 0;
  size_t k;

  if (a->nx != b->nx || a->nrug != b->nrug) return INFINITY;
  for (k = 0; k < a->nx; k++) {
    d = fmax(d, fabs(a->x[k] - b->x[k]));
    d = fmax(d, fabs(a->fit[k] - b->fit[k]));
    d = fmax(d, fabs(a->se[k] - b->se[k]));
    d = fmax(d, fabs(a->lo[k] - b->lo[k]));
    d = fmax(d, fabs(a->hi[k] - b->hi[k]));
  }
  for (k = 0; k < a->nrug; k++) d = fmax(d, fabs(a->rug_x[k] - b->rug_x[k]));
  return d;
}

static void test_model(const sim *d)
{
  const char *path = "test_xgb_partial.nc";
  pm_model_provenance prov = {NULL, "test", NULL};
  pm_engine *e = NULL, *back = NULL;
  pm_partial *mem = NULL, *file = NULL;
  size_t t = 0;
  double diff = 0;
  int status;

  status = fit(&e, d, "count ~ temp + salt + offset(log(volume_m3))");
  if (!status) status = pm_engine_partial(e, &mem);
  if (!status) status = pm_engine_write(e, path, &prov);
  if (!status) status = pm_engine_read(&back, path);
  if (!status) status = pm_engine_partial(back, &file);
  if (!pm_test_ok(!status, "fitted, written, read back; partial dependence "
                  "of both: %s", status ? pm_error_message() : ""))
    goto cleanup;
  pm_test_ok(mem->nterms == 2 && !strcmp(mem->terms[0].label, "temp") &&
                 !strcmp(mem->terms[1].label, "salt") &&
                 mem->terms[0].nrug == N,
             "a curve for each feature, its rug of the %d sampled rows", N);
  test_truth(&mem->terms[0], d);
  test_by_hand(path, &file->terms[0]);
  for (t = 0; t < 2 && file->nterms == 2; t++)
    diff = fmax(diff, curve_diff(&mem->terms[t], &file->terms[t]));
  pm_test_ok(file->nterms == 2 && diff == 0,
             "the curves of the model file are those in memory (max diff "
             "%g)", diff);
  pm_test_ok(!pm_partial_find(file, "salt", &t) && t == 1,
             "a curve found by its feature's name");
  test_no_sample(path);
cleanup:
  unlink(path);
  pm_partial_free(mem);
  pm_partial_free(file);
  pm_engine_free(e);
  pm_engine_free(back);
}

/* A feature that is an expression of one column is drawn over the
 * column. */
static void test_expression(const sim *d)
{
  pm_engine *e = NULL;
  pm_partial *p = NULL;
  int status = fit(&e, d, "count ~ temp + I(salt^2) + offset(log(volume_m3))");
  const pm_partial_term *s;

  if (!status) status = pm_engine_partial(e, &p);
  pm_test_ok(!status, "partial dependence of a feature I(salt^2): %s",
             status ? pm_error_message() : "");
  s = status ? NULL : &p->terms[1];
  pm_test_ok(s && !strcmp(s->label, "I(salt^2)") &&
                 !strcmp(s->xname, "salt") && s->x[0] >= 33 &&
                 s->x[s->nx - 1] <= 37 && s->fit[s->nx - 1] > s->fit[0],
             "it is drawn over salt, and rises as f2 does");
  pm_partial_free(p);
  pm_engine_free(e);
}

int main(void)
{
  static sim d;

  if (simulate(&d)) {
    printf("Bail out! %s\n", pm_error_message());
    return 1;
  }
  test_model(&d);
  test_expression(&d);
  pm_frame_free(d.frame);
  return pm_test_done();
}
