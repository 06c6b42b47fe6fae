/* test_engine_release.c: a fit that frees its table as soon as it has its
 * model matrix (pm_engine_fit_release, as `plankmap fit` runs it) is the
 * fit that keeps it; the distinct values of a long covariate (sorted in
 * place by radix) are those a comparison sort gives.
 *
 * The table has 70,000 rows (more than the 65,536 from which the distinct
 * values are radix-sorted) and is fitted in compact form, the path that
 * gives up the response's and the offset's columns early.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_engine.h"
#include "pm_error.h"
#include "pm_model_file.h"
#include "pm_test.h"
#include "smooth_internal.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROWS 70000

static char tmpdir[256];

static const char *formula =
    "count ~ s(temp, bs='cr', k=8) + s(depth, bs='cr', k=6) + "
    "offset(log(volume_m3))";

/* Poisson counts; temp with three decimals over [-2, 30] (repeated values,
 * negative ones, zeros), depth continuous. */
static const char *write_table(const char *name, long bad_line)
{
  static char path[300];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  FILE *out;
  long i;

  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  if (!r || !(out = fopen(path, "w"))) exit(99);
  gsl_rng_set(r, 20261207);
  fprintf(out, "count,temp,depth,volume_m3\n");
  for (i = 0; i < ROWS; i++) {
    double temp = floor(gsl_rng_uniform(r) * 32000) / 1000 - 2;
    double depth = 5 + 995 * gsl_rng_uniform(r);
    double volume = 0.5 + gsl_rng_uniform(r);
    double mu = volume * exp(1 + 0.05 * temp - 0.002 * depth);
    long count = i + 2 == bad_line ? -1 : (long)gsl_ran_poisson(r, mu);
    fprintf(out, "%ld,%.3f,%.6f,%.4f\n", count, temp, depth, volume);
  }
  fclose(out);
  gsl_rng_free(r);
  return path;
}

static int alloc_engine(pm_engine **e)
{
  pm_engine_spec spec;

  memset(&spec, 0, sizeof spec);
  spec.formula = formula;
  spec.method = PM_METHOD_REML;
  spec.discrete.mode = PM_DISCRETE_YES;
  pm_family_parse(&spec.family, NULL, "poisson");
  return pm_engine_alloc(e, &pm_engine_gam, &spec);
}

static int read_table(const pm_engine *e, const char *path, pm_frame **f)
{
  const char *const *names;
  size_t n;
  int status = pm_engine_columns(e, &names, &n);
  return status ? status : pm_frame_read_csv(f, path, names, n);
}

/* Fit the table and write the model to `out`; `release`: through
 * pm_engine_fit_release. */
static int fit(const char *path, int release, const char *out,
               pm_engine_fit_info *info, pm_engine **e)
{
  pm_frame *f = NULL;
  pm_model_provenance prov = {path, "test", NULL};
  int status;

  if ((status = alloc_engine(e)) || (status = read_table(*e, path, &f)))
    return status;
  status = release ? pm_engine_fit_release(*e, &f, info)
                   : pm_engine_fit(*e, f, info);
  if (release) pm_test_ok(f == NULL, "the table is freed");
  if (status == PM_SUCCESS) status = pm_engine_write(*e, out, &prov);
  if (release) return status;
  /* the engine reads the table until it is freed */
  if (status == PM_SUCCESS) {
    pm_engine_free(*e);
    *e = NULL;
  }
  pm_frame_free(f);
  return status;
}

static int same_doubles(const double *a, const double *b, size_t n)
{
  return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

/* Equal as numbers (0 and -0 are one distinct value, either kept). */
static int equal_values(const double *a, const double *b, size_t n)
{
  size_t i;
  for (i = 0; i < n && a[i] == b[i]; i++) continue;
  return i == n;
}

static void same_fit(void)
{
  const char *path = write_table("table.csv", 0);
  char kept_path[300], released_path[300];
  pm_engine_fit_info kept, released;
  pm_engine *e = NULL;
  pm_model *a = NULL, *b = NULL;
  pm_cv_result *cv = NULL; /* not made: refused */
  int status;

  snprintf(kept_path, sizeof kept_path, "%s/kept.nc", tmpdir);
  snprintf(released_path, sizeof released_path, "%s/released.nc", tmpdir);
  status = fit(path, 0, kept_path, &kept, &e);
  if (!pm_test_ok(status == PM_SUCCESS, "fit keeping the table %s",
                  pm_error_message()))
    return;
  status = fit(path, 1, released_path, &released, &e);
  if (!pm_test_ok(status == PM_SUCCESS, "fit freeing the table %s",
                  pm_error_message())) {
    pm_engine_free(e);
    return;
  }
  pm_test_ok(released.n == ROWS && released.deviance == kept.deviance,
             "the same rows and deviance, to the bit (%.17g)",
             released.deviance);
  pm_test_ok(released.rows == NULL, "no rows of a table that is gone");
  status = pm_engine_cross_validate(e, &(pm_engine_groups){NULL, 5}, 5, 1,
                                    &cv);
  pm_test_error(status, PM_EUSAGE, pm_error_message(),
                "the fitted table was freed",
                "cross-validation without the table is refused");
  status = pm_engine_bootstrap(e, &(pm_engine_groups){NULL, 5}, 4, 1, NULL);
  pm_test_error(status, PM_EUSAGE, pm_error_message(),
                "the fitted table was freed",
                "the bootstrap without the table is refused");
  pm_engine_free(e);
  if (pm_model_read(&a, kept_path) || pm_model_read(&b, released_path)) {
    pm_test_ok(0, "model files read back %s", pm_error_message());
  } else {
    pm_test_ok(a->fit->p == b->fit->p &&
                   same_doubles(a->fit->beta, b->fit->beta, a->fit->p) &&
                   same_doubles(a->fit->Vp, b->fit->Vp,
                                a->fit->p * a->fit->p),
               "the same coefficients and covariance, to the bit");
    pm_test_ok(a->ncovariates == 2 && b->ncovariates == 2 &&
                   same_doubles(a->covariate_min, b->covariate_min, 2) &&
                   same_doubles(a->covariate_max, b->covariate_max, 2) &&
                   a->nsample > 0 && a->nsample == b->nsample &&
                   same_doubles(a->covariate_sample, b->covariate_sample,
                                2 * a->nsample),
               "the same covariate ranges and rug sample in the file");
  }
  pm_model_free(a);
  pm_model_free(b);
}

/* A response the family cannot take is named by its file line, as when
 * the table is kept. */
static void bad_response(void)
{
  const char *path = write_table("bad.csv", 40000);
  pm_engine_fit_info info;
  pm_engine *e = NULL;
  char out[300];
  int status;

  snprintf(out, sizeof out, "%s/bad.nc", tmpdir);
  status = fit(path, 1, out, &info, &e);
  pm_test_error(status, PM_EINPUT, pm_error_message(),
                "bad.csv:40000: the response is -1",
                "a negative count names its line");
  pm_engine_free(e);
  pm_test_ok(access(out, F_OK) != 0, "no model file written");
}

static int by_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* pm_margin_unique on ROWS values with repeats, both signs, zeros of both
 * signs and values that differ in the last bit, against qsort. */
static void distinct_values(void)
{
  double *x = malloc(ROWS * sizeof *x), *ref = malloc(ROWS * sizeof *ref);
  double *u = NULL;
  pm_margin mg;
  size_t i, m = 0, nu = 0;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

  if (!x || !ref || !r) exit(99);
  memset(&mg, 0, sizeof mg);
  mg.label = "s(x)";
  mg.var = "x";
  gsl_rng_set(r, 7);
  for (i = 0; i < ROWS; i++) {
    double v = gsl_ran_gaussian(r, 1e3);
    x[i] = i % 7 == 0 ? floor(v) : i % 11 == 0 ? nextafter(1.0, 2.0)
           : i % 13 == 0 ? 1.0 : i % 17 == 0 ? -0.0 : v;
  }
  memcpy(ref, x, ROWS * sizeof *x);
  qsort(ref, ROWS, sizeof *ref, by_double);
  for (i = 0; i < ROWS; i++)
    if (m == 0 || ref[i] != ref[m - 1]) ref[m++] = ref[i];
  if (pm_test_ok(pm_margin_unique(&mg, x, NULL, ROWS, 0, &u, &nu) ==
                     PM_SUCCESS,
                 "distinct values of %d numbers", ROWS))
    pm_test_ok(nu == m && equal_values(u, ref, m),
               "the same %zu distinct values, increasing, as qsort's (%zu)",
               m, nu);
  free(u);
  free(x);
  free(ref);
  gsl_rng_free(r);
}

int main(void)
{
  const char *base = getenv("TMPDIR");
  int rc;

  snprintf(tmpdir, sizeof tmpdir, "%s/test_engine_release.XXXXXX",
           base ? base : "/tmp");
  if (!mkdtemp(tmpdir)) return 99;
  same_fit();
  bad_response();
  distinct_values();
  rc = pm_test_done();
  if (pm_test_remove_dir(tmpdir)) return 99;
  return rc;
}
