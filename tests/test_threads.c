/* test_threads.c: the fits and the cross-validation give the same numbers,
 * to the last bit, on one, two and three threads (pm_threads.h), on a
 * table long enough to be cut into several row chunks; and the chunks
 * depend on the number of rows alone.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cv.h"
#include "pm_error.h"
#include "pm_test.h"
#include "pm_test_fit.h"
#include "pm_threads.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 50 000 rows: three chunks of pm_threads_chunks, and two in each
 * training set of five folds. */
#define ROWS 50000
#define FOLDS 5

static const char *formula = "y ~ x1 + s(x2, bs='cr', k=10)";

/* Negative binomial counts (theta 2) of a smooth of x2 and a slope in x1. */
static void write_table(const char *path)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  FILE *out = fopen(path, "w");
  size_t i;

  if (!r || !out) exit(99);
  gsl_rng_set(r, 20261207);
  fprintf(out, "y,x1,x2\n");
  for (i = 0; i < ROWS; i++) {
    double x1 = gsl_ran_gaussian(r, 1), x2 = gsl_rng_uniform(r);
    double mu = exp(0.5 + 0.4 * x1 + sin(2 * M_PI * x2));
    /* gsl's negative binomial of n = theta and p = theta/(theta + mu) has
     * mean mu */
    fprintf(out, "%u,%.6f,%.6f\n",
            gsl_ran_negative_binomial(r, 2.0 / (2.0 + mu), 2.0), x1, x2);
  }
  fclose(out);
  gsl_rng_free(r);
}

static void options(pm_gam_options *o, size_t performance_rows)
{
  pm_family fam;

  pm_family_from_name(&fam, "negbin");
  pm_gam_options_default(o, &fam);
  o->performance_rows = performance_rows;
}

static int same(const double *a, const double *b, size_t n)
{
  return memcmp(a, b, n * sizeof *a) == 0;
}

/* The fit on `threads` threads equals the one on one thread, bit for bit:
 * coefficients, covariance, theta, deviance and criterion. */
static void fit_on(const fitted *f, const pm_gam_fit *one, int threads,
                   size_t performance_rows, const char *path_name)
{
  pm_gam_options o;
  pm_gam_fit *fit = NULL;
  size_t p = f->m.p;

  options(&o, performance_rows);
  pm_threads_set(threads);
  if (!pm_test_ok(pm_gam_fit_model(&fit, f->design, &f->m, &o) == PM_SUCCESS,
                  "%s on %d threads: fitted", path_name, threads))
    return;
  pm_test_ok(same(fit->beta, one->beta, p) && same(fit->Vp, one->Vp, p * p) &&
                 fit->family.theta == one->family.theta &&
                 fit->deviance == one->deviance &&
                 fit->criterion == one->criterion,
             "%s on %d threads: coefficients, Vp, theta %.17g, deviance "
             "%.17g and criterion the same as on one thread",
             path_name, threads, fit->family.theta, fit->deviance);
  pm_gam_fit_free(fit);
}

static void fits(const fitted *f)
{
  static const size_t paths[2] = {100000, 1000};
  static const char *names[2] = {"exact path", "large-table path"};
  int k, t;

  for (k = 0; k < 2; k++) {
    pm_gam_options o;
    pm_gam_fit *one = NULL;
    options(&o, paths[k]);
    pm_threads_set(1);
    if (!pm_test_ok(pm_gam_fit_model(&one, f->design, &f->m, &o) ==
                        PM_SUCCESS,
                    "%s on one thread: fitted", names[k]))
      continue;
    pm_test_rel(one->family.theta, 2.0, 0.05, "%s: theta %.4f near the "
                "simulated 2", names[k], one->family.theta);
    for (t = 2; t <= 3; t++) fit_on(f, one, t, paths[k], names[k]);
    pm_gam_fit_free(one);
  }
}

/* Cross-validation on one and on two threads: the same predictions and
 * scores. */
static void cross_validation(const fitted *f)
{
  int *fold = malloc(f->m.n * sizeof *fold);
  pm_cv_result *res[2] = {NULL, NULL};
  pm_gam_options o;
  size_t i;
  int t;

  if (!fold) exit(99);
  for (i = 0; i < f->m.n; i++) fold[i] = (int)(i % FOLDS);
  options(&o, 100000);
  for (t = 0; t < 2; t++) {
    pm_threads_set(t + 1);
    pm_test_ok(pm_cv_run(&res[t], f->design, &f->m, &o, fold, FOLDS) ==
                   PM_SUCCESS,
               "cross-validation on %d thread(s)", t + 1);
  }
  if (res[0] && res[1]) {
    pm_test_ok(res[0]->nfailed == 0 && res[0]->deviance_explained > 0.2,
               "cross-validation: every fold refitted, held-out deviance "
               "explained %.4f", res[0]->deviance_explained);
    pm_test_ok(same(res[0]->mu, res[1]->mu, f->m.n) &&
                   res[0]->deviance_explained == res[1]->deviance_explained &&
                   same(res[0]->fold_deviance_explained,
                        res[1]->fold_deviance_explained, FOLDS),
               "cross-validation: the same held-out predictions and scores "
               "on one and two threads");
  }
  pm_cv_result_free(res[0]);
  pm_cv_result_free(res[1]);
  free(fold);
}

/* Thin-plate smooths set up and evaluated on one and on two threads (with
 * two of them, each is set up on a thread of its own): their column scales
 * and constraints (sums over the rows' chunks) and their design rows are
 * the same to the bit. */
static void thin_plate(const char *path, const char *tp)
{
  fitted f[2];
  int t, ok;

  for (t = 0; t < 2; t++) {
    pm_threads_set(t + 1);
    ok = fitted_load(&f[t], path, tp) == PM_SUCCESS;
    pm_test_ok(ok, "%s on %d thread(s): set up", tp, t + 1);
  }
  pm_test_ok(f[0].m.X && f[1].m.X && f[0].m.p == f[1].m.p &&
                 same(f[0].m.X, f[1].m.X, f[0].m.n * f[0].m.p),
             "%s: the same scales, constraint and model matrix on one and "
             "two threads", tp);
  fitted_free(&f[0]);
  fitted_free(&f[1]);
}

static void chunks(void)
{
  static const size_t rows[] = {0, 1, 16383, 49152, 50000, 1000000000};
  static const size_t expect[] = {1, 1, 1, 3, 3, 16};
  size_t k, c;

  for (k = 0; k < sizeof rows / sizeof rows[0]; k++) {
    size_t nc = pm_threads_chunks(rows[k]), ok = nc == expect[k];
    ok = ok && pm_threads_chunk_start(rows[k], nc, 0) == 0 &&
         pm_threads_chunk_start(rows[k], nc, nc) == rows[k];
    for (c = 0; ok && c < nc; c++)
      ok = pm_threads_chunk_start(rows[k], nc, c) <=
           pm_threads_chunk_start(rows[k], nc, c + 1);
    pm_test_ok(ok, "%zu rows: %zu chunks, from row 0 to the last in order",
               rows[k], nc);
  }
}

int main(void)
{
  char dir[] = "/tmp/pm-test-threads-XXXXXX", path[4096];
  fitted f;

  gsl_set_error_handler_off();
  if (!mkdtemp(dir)) return 99;
  snprintf(path, sizeof path, "%s/nb.csv", dir);
  write_table(path);
  chunks();
  if (pm_test_ok(fitted_load(&f, path, formula) == PM_SUCCESS,
                 "the simulated table read")) {
    fits(&f);
    cross_validation(&f);
    thin_plate(path, "y ~ s(x2, k=8)");
    thin_plate(path, "y ~ s(x1, k=6) + s(x2, k=8)");
  }
  fitted_free(&f);
  unlink(path);
  rmdir(dir);
  return pm_test_done();
}
