/* test_threads.c: the fits, the cross-validation and the maps with their
 * draws and totals give the same numbers, to the last bit, on one, two
 * and three threads (pm_threads.h), on a table long enough to be cut into
 * several row chunks; and the chunks depend on the number of rows alone.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cv.h"
#include "pm_error.h"
#include "pm_mapper.h"
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

/* The maps of one block of every row of the table, on `threads` threads:
 * eta, mean, se, interval and mu of every draw (NDRAWS) of each cell into
 * out (5 x ROWS + ROWS x NDRAWS), and the totals of three regions (every
 * fifth cell in none) and of all into tot.  The block holds three row
 * chunks. */
#define NDRAWS 100
#define REGIONS 3

static void map_on(const fitted *f, const pm_gam_fit *fit, int threads,
                   double *out, pm_interval *tot)
{
  size_t n = f->m.n, i;
  double *weight = malloc(n * sizeof *weight);
  int *region = malloc(n * sizeof *region);
  pm_draws *draws = NULL;
  pm_mapper *m = NULL;
  pm_totals *t = NULL;
  pm_map_cells c = {.n = n, .p = f->m.p, .X = f->m.X, .offset = f->m.offset,
                    .weight = weight, .region = region};
  pm_map_values v = {.eta = out, .mean = out + n, .se = out + 2 * n,
                     .lower = out + 3 * n, .upper = out + 4 * n,
                     .mu_draws = out + 5 * n};
  int status;

  if (!weight || !region) exit(99);
  for (i = 0; i < n; i++) {
    weight[i] = 0.5 + (double)(i % 7);
    region[i] = i % 5 == 4 ? -1 : (int)(i % REGIONS);
  }
  pm_threads_set(threads);
  status = pm_draws_alloc(&draws, fit, NDRAWS, 20261207);
  if (!status) status = pm_mapper_alloc(&m, fit, draws, n);
  if (!status) status = pm_totals_alloc(&t, REGIONS, NDRAWS);
  if (!status) status = pm_mapper_cells(m, &c, &v, t);
  for (i = 0; i <= REGIONS && !status; i++)
    status = pm_totals_get(t, i, &tot[i]);
  pm_test_ok(status == PM_SUCCESS, "%zu cells mapped with %d draws and "
             "totals on %d thread(s) (%s)", n, NDRAWS, threads,
             status ? pm_error_message() : "");
  pm_totals_free(t);
  pm_mapper_free(m);
  pm_draws_free(draws);
  free(weight);
  free(region);
}

/* The maps on two and three threads equal those on one, bit for bit. */
static void maps(const fitted *f)
{
  size_t n = f->m.n, len = (5 + NDRAWS) * n;
  double *out[2] = {calloc(len, sizeof **out), calloc(len, sizeof **out)};
  pm_interval tot[2][REGIONS + 1];
  pm_gam_options o;
  pm_gam_fit *fit = NULL;
  int t;

  if (!out[0] || !out[1]) exit(99);
  options(&o, 1000);
  pm_threads_set(1);
  if (pm_test_ok(pm_gam_fit_model(&fit, f->design, &f->m, &o) == PM_SUCCESS,
                 "the model of the maps fitted")) {
    map_on(f, fit, 1, out[0], tot[0]);
    pm_test_ok(tot[0][REGIONS].lower < tot[0][REGIONS].mean &&
                   tot[0][REGIONS].mean < tot[0][REGIONS].upper,
               "maps: the total %g lies in its interval (%g, %g)",
               tot[0][REGIONS].mean, tot[0][REGIONS].lower,
               tot[0][REGIONS].upper);
    for (t = 2; t <= 3; t++) {
      map_on(f, fit, t, out[1], tot[1]);
      pm_test_ok(same(out[0], out[1], len),
                 "maps on %d threads: eta, mean, se, intervals and the "
                 "draws of every cell the same as on one thread", t);
      pm_test_ok(memcmp(tot[0], tot[1], sizeof tot[0]) == 0,
                 "maps on %d threads: the totals and their intervals the "
                 "same as on one thread", t);
    }
  }
  pm_gam_fit_free(fit);
  free(out[0]);
  free(out[1]);
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
    maps(&f);
  }
  fitted_free(&f);
  unlink(path);
  rmdir(dir);
  return pm_test_done();
}
