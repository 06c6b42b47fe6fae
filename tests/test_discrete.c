/* test_discrete.c: the model matrix in compact form (discretised
 * covariates, model/xd.h) against the dense one.
 *
 * On covariates already on a lattice finer than the cells, the compact
 * matrix holds the dense one's rows exactly: its rows, X beta, X'v and
 * X'WX (weights of both signs, both ways of forming a pair of blocks) must
 * agree with the dense products, and so must the fits.  On continuous
 * covariates the rounding stays within half a cell, and the fit's deviance
 * within 1e-4 of the exact fit (the target of mgcv's bam(discrete = TRUE)
 * in Wood et al. 2017, section 5).  The compact fit is the same on one and
 * two threads.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"
#include "pm_cv.h"
#include "pm_error.h"
#include "pm_test.h"
#include "pm_test_fit.h"
#include "pm_threads.h"
#include "xd.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROWS 6000

/* Every kind of block: the intercept, a numeric term and a factor, a 1-D
 * and a tensor smooth, smooths with a factor and a numeric by=, and a
 * random effect of a text column; thin-plate smooths of one covariate,
 * whose rows are formed several at a time. */
static const char *formulas[] = {
    "y ~ volume + factor(site) + s(oxy, bs='cr', k=8) + "
    "te(temp, depth, k=c(4,4)) + s(area, by=region, bs='cr', k=5) + "
    "offset(log(volume))",
    "y ~ I(temp^2) + s(site, bs='re') + s(oxy, by=area, bs='cr', k=5) + "
    "s(temp, depth, k=12) + offset(log(volume))",
    "y ~ s(temp, k=6) + s(oxy, k=5) + s(depth, bs='cr', k=6) + "
    "offset(log(volume))"};

/* Negative binomial counts (theta 3) on lattice covariates: temp in steps
 * of 0.1 over [0, 30], oxy of 0.01 over [0, 8], depth of 5 over [0, 1000],
 * area and volume of 0.01 over [0.5, 1.5], all coarser than 1000 cells of
 * their range; or on continuous ones. */
static void write_table(const char *path, size_t rows, int lattice)
{
  static const char *sites[] = {"ALOHA", "BATS", "DYFAMED", "K2", "OSP"};
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  FILE *out = fopen(path, "w");
  size_t i;

  if (!r || !out) exit(99);
  gsl_rng_set(r, 7122026);
  fprintf(out, "y,temp,oxy,depth,site,region,area,volume\n");
  for (i = 0; i < rows; i++) {
    double temp = 30 * gsl_rng_uniform(r), oxy = 8 * gsl_rng_uniform(r);
    double depth = 1000 * gsl_rng_uniform(r), area = 0.5 + gsl_rng_uniform(r);
    double volume = 0.5 + gsl_rng_uniform(r), mu;
    size_t site = gsl_rng_uniform_int(r, 5);
    if (lattice) {
      temp = round(temp * 10) / 10;
      oxy = round(oxy * 100) / 100;
      depth = round(depth / 5) * 5;
      area = round(area * 100) / 100;
      volume = round(volume * 100) / 100;
    }
    mu = exp(1 + 0.03 * temp + sin(oxy) - depth / 800 + 0.2 * (double)site);
    fprintf(out, "%u,%.2f,%.2f,%.1f,%s,%s,%.6f,%.3f\n",
            gsl_ran_negative_binomial(r, 3.0 / (3.0 + mu), 3.0), temp, oxy,
            depth, sites[site], i % 3 ? "north" : "south", area, volume);
  }
  fclose(out);
  gsl_rng_free(r);
}

static double max_abs(const double *a, size_t n)
{
  double m = 0;
  size_t i;
  for (i = 0; i < n; i++) m = fmax(m, fabs(a[i]));
  return m;
}

/* X beta, X'v and X'WX of the compact matrix c against the dense d. */
static void products(const pm_model_matrix *d, const pm_model_matrix *c,
                     const char *name)
{
  size_t n = d->n, p = d->p, i;
  double *beta = malloc(p * sizeof *beta), *v = malloc(n * sizeof *v);
  double *e1 = malloc(n * sizeof *e1), *e2 = malloc(n * sizeof *e2);
  double *xv = malloc(pm_mm_coef_size(c) * sizeof *xv);
  double *A1 = malloc(p * p * sizeof *A1), *A2 = malloc(p * p * sizeof *A2);
  double *block = malloc(PM_ROW_BLOCK * p * sizeof *block);

  if (!beta || !v || !e1 || !e2 || !xv || !A1 || !A2 || !block) exit(99);
  for (i = 0; i < p; i++) beta[i] = sin((double)i + 1);
  for (i = 0; i < n; i++) v[i] = cos(0.37 * (double)i); /* both signs */
  pm_mm_xb(d, beta, NULL, 0, n, e1);
  pm_mm_xb_prepare(c, beta, xv);
  pm_mm_xb(c, beta, xv, 0, n, e2);
  pm_test_ok(pm_test_max_diff(e1, e2, n) <= 1e-12 * max_abs(e1, n),
             "%s: X beta the same, compact and dense", name);
  pm_mm_xtv(d, v, e1);
  pm_mm_xtv(c, v, e2);
  pm_test_ok(pm_test_max_diff(e1, e2, p) <= 1e-12 * max_abs(e1, p),
             "%s: X'v the same (difference %.3g of %.3g)", name,
             pm_test_max_diff(e1, e2, p), max_abs(e1, p));
  pm_test_ok(pm_mm_xtwx(d, v, block, A1) == PM_SUCCESS &&
                 pm_mm_xtwx(c, v, block, A2) == PM_SUCCESS,
             "%s: X'WX formed", name);
  pm_test_ok(pm_test_max_diff(A1, A2, p * p) <= 1e-12 * max_abs(A1, p * p),
             "%s: X'WX the same with weights of both signs (difference "
             "%.3g of %.3g)", name, pm_test_max_diff(A1, A2, p * p),
             max_abs(A1, p * p));
  /* diag(X V X') for a symmetric V with entries of both signs */
  for (i = 0; i < p * p; i++)
    A1[i] = cos((double)(i / p) + 2.0 * (double)(i % p)) +
            cos((double)(i % p) + 2.0 * (double)(i / p));
  if (pm_mm_quad_diag(d, A1, e1) != PM_SUCCESS ||
      pm_mm_quad_diag(c, A1, e2) != PM_SUCCESS)
    exit(99);
  pm_test_ok(pm_test_max_diff(e1, e2, n) <= 1e-12 * max_abs(e1, n),
             "%s: diag(X V X') the same (difference %.3g of %.3g)", name,
             pm_test_max_diff(e1, e2, n), max_abs(e1, n));
  free(beta);
  free(v);
  free(e1);
  free(e2);
  free(xv);
  free(A1);
  free(A2);
  free(block);
}

/* Every row of the compact matrix gathered equals the dense row, and so do
 * the rows of a resample of it. */
static void rows(const pm_model_matrix *d, const pm_model_matrix *c,
                 const char *name)
{
  size_t n = d->n, p = d->p, i, *pick = malloc(n * sizeof *pick);
  double *buf = malloc(n * p * sizeof *buf);
  pm_model_matrix cs, ds;

  if (!pick || !buf) exit(99);
  pm_test_ok(memcmp(pm_mm_rows(c, 0, n, buf), d->X, n * p * sizeof *buf) == 0,
             "%s: each of %zu compact rows is the dense row", name, n);
  for (i = 0; i < n; i++) pick[i] = (i * 7919) % n;
  if (pm_test_ok(pm_model_matrix_rows(c, pick, n, &cs) == PM_SUCCESS &&
                     pm_model_matrix_rows(d, pick, n, &ds) == PM_SUCCESS,
                 "%s: a resample of the rows", name))
    pm_test_ok(cs.xd && !cs.X &&
                   memcmp(pm_mm_rows(&cs, 0, n, buf), ds.X,
                          n * p * sizeof *buf) == 0 &&
                   memcmp(cs.y, ds.y, n * sizeof *cs.y) == 0,
               "%s: the resample, compact, has the dense resample's rows",
               name);
  pm_model_matrix_free(&cs);
  pm_model_matrix_free(&ds);
  free(pick);
  free(buf);
}

static pm_gam_fit *fit(const fitted *f, const pm_model_matrix *m,
                       size_t performance_rows)
{
  pm_gam_options o;
  pm_family fam;
  pm_gam_fit *out = NULL;

  pm_family_from_name(&fam, "negbin");
  pm_gam_options_default(&o, &fam);
  o.performance_rows = performance_rows;
  if (pm_gam_fit_model(&out, f->design, m, &o) != PM_SUCCESS) {
    fprintf(stderr, "# %s\n", pm_error_message());
    return NULL;
  }
  return out;
}

/* On lattice covariates the compact and dense fits agree to the rounding
 * of their sums. */
static void lattice(const char *path, const char *formula, const char *name)
{
  fitted f;
  pm_model_matrix c;
  pm_gam_fit *fd = NULL, *fc = NULL;

  memset(&c, 0, sizeof c);
  if (pm_test_ok(fitted_load(&f, path, formula) == PM_SUCCESS &&
                     pm_design_matrix_discrete(f.design, f.frame, 1, 1000,
                                               &c) == PM_SUCCESS,
                 "%s: dense and compact matrices made", name)) {
    pm_test_ok(c.xd && !c.X && c.n == f.m.n && c.p == f.m.p,
               "%s: the compact matrix has no dense X", name);
    rows(&f.m, &c, name);
    products(&f.m, &c, name);
    fd = fit(&f, &f.m, 100000);
    fc = fit(&f, &c, 100000);
  }
  if (pm_test_ok(fd && fc, "%s: fitted, dense and compact", name)) {
    pm_test_rel(fc->deviance, fd->deviance, 1e-9, "%s: deviance %.10g, as "
                "the dense fit's", name, fc->deviance);
    pm_test_rel(fc->family.theta, fd->family.theta, 1e-6,
                "%s: theta %.6g, as the dense fit's", name, fc->family.theta);
    pm_test_ok(pm_test_max_diff(fc->beta, fd->beta, f.m.p) <=
                   1e-6 * max_abs(fd->beta, f.m.p),
               "%s: the coefficients as the dense fit's", name);
  }
  pm_gam_fit_free(fd);
  pm_gam_fit_free(fc);
  pm_model_matrix_free(&c);
  fitted_free(&f);
}

/* A numeric term of a continuous covariate, rounded onto 10 cells: every
 * value moves by at most half a cell, and some move. */
static void rounding(const char *path)
{
  fitted f;
  pm_model_matrix c;
  double *buf = NULL, lo = INFINITY, hi = -INFINITY, worst = 0;
  size_t i;

  memset(&c, 0, sizeof c);
  if (!pm_test_ok(fitted_load(&f, path, "y ~ area") == PM_SUCCESS &&
                      pm_design_matrix_discrete(f.design, f.frame, 1, 10,
                                                &c) == PM_SUCCESS,
                  "rounding: matrices made"))
    goto cleanup;
  if (!(buf = malloc(c.n * c.p * sizeof *buf))) exit(99);
  pm_mm_rows(&c, 0, c.n, buf);
  for (i = 0; i < c.n; i++) {
    lo = fmin(lo, f.m.X[i * 2 + 1]);
    hi = fmax(hi, f.m.X[i * 2 + 1]);
    worst = fmax(worst, fabs(buf[i * 2 + 1] - f.m.X[i * 2 + 1]));
  }
  pm_test_ok(worst > 0 && worst <= (hi - lo) / 20 * (1 + 1e-12),
             "rounding onto 10 cells: values move by up to %.4g, at most "
             "half a cell (%.4g)", worst, (hi - lo) / 20);
  pm_test_ok(c.xd->b[1].m <= 10 && c.xd->b[0].m == 1,
             "rounding: %zu distinct values in 10 cells, one intercept row",
             c.xd->b[1].m);
cleanup:
  free(buf);
  pm_model_matrix_free(&c);
  fitted_free(&f);
}

/* Continuous covariates on 1000 cells: the deviance within 1e-4 of the
 * exact fit's, on the exact path and (without the tensor product) on the
 * large-table path, where the compact fit must be the same on one and two
 * threads. */
static void continuous(const char *path, const char *formula, int large)
{
  fitted f;
  pm_model_matrix c, a;
  pm_gam_fit *fd = NULL, *fc = NULL, *f2 = NULL;
  pm_discrete yes = {PM_DISCRETE_YES, 0}, autom = {PM_DISCRETE_AUTO, 0};

  memset(&c, 0, sizeof c);
  memset(&a, 0, sizeof a);
  if (!pm_test_ok(fitted_load(&f, path, formula) == PM_SUCCESS &&
                      pm_design_matrix_fit(f.design, f.frame, &yes, &c) ==
                          PM_SUCCESS &&
                      pm_design_matrix_fit(f.design, f.frame, &autom, &a) ==
                          PM_SUCCESS,
                  "%s: matrices made", formula))
    goto cleanup;
  pm_test_ok(c.xd && !a.xd && a.X,
             "%s: compact when asked, dense below %d rows", formula,
             PM_DISCRETE_ROWS);
  pm_threads_set(1);
  fd = fit(&f, &f.m, 100000);
  fc = fit(&f, &c, large ? 1000 : 100000);
  if (pm_test_ok(fd && fc, "%s: fitted, dense and compact", formula))
    pm_test_rel(fc->deviance, fd->deviance, 1e-4, "%s%s: deviance %.10g "
                "within 1e-4 of the exact %.10g", formula,
                large ? ", large-table path" : "", fc->deviance, fd->deviance);
  if (large) {
    pm_threads_set(2);
    f2 = fit(&f, &c, 1000);
    pm_threads_set(1);
    pm_test_ok(fc && f2 &&
                   memcmp(fc->beta, f2->beta, c.p * sizeof *fc->beta) == 0 &&
                   fc->deviance == f2->deviance &&
                   fc->family.theta == f2->family.theta,
               "%s: the compact fit the same, to the bit, on one and two "
               "threads", formula);
  }
cleanup:
  pm_gam_fit_free(fd);
  pm_gam_fit_free(fc);
  pm_gam_fit_free(f2);
  pm_model_matrix_free(&c);
  pm_model_matrix_free(&a);
  fitted_free(&f);
}

/* Cross-validation refits on the compact matrix's folds and predicts the
 * held-out rows as on the dense one. */
static void folds(const char *path)
{
  fitted f;
  pm_model_matrix c;
  pm_cv_result *rd = NULL, *rc = NULL;
  pm_gam_options o;
  pm_family fam;
  int *fold = NULL;
  size_t i;

  memset(&c, 0, sizeof c);
  if (!pm_test_ok(fitted_load(&f, path, formulas[0]) == PM_SUCCESS &&
                      pm_design_matrix_discrete(f.design, f.frame, 1, 1000,
                                                &c) == PM_SUCCESS,
                  "folds: matrices made"))
    goto cleanup;
  if (!(fold = malloc(f.m.n * sizeof *fold))) exit(99);
  for (i = 0; i < f.m.n; i++) fold[i] = (int)(i % 4);
  pm_family_from_name(&fam, "negbin");
  pm_gam_options_default(&o, &fam);
  if (pm_test_ok(pm_cv_run(&rd, f.design, &f.m, &o, fold, 4) == PM_SUCCESS &&
                     pm_cv_run(&rc, f.design, &c, &o, fold, 4) == PM_SUCCESS,
                 "folds: cross-validated, dense and compact"))
    pm_test_ok(rc->nfailed == 0 &&
                   pm_test_max_diff(rc->mu, rd->mu, f.m.n) <=
                       1e-6 * max_abs(rd->mu, f.m.n),
               "folds: the held-out predictions of the compact folds as the "
               "dense ones'");
cleanup:
  pm_cv_result_free(rd);
  pm_cv_result_free(rc);
  free(fold);
  pm_model_matrix_free(&c);
  fitted_free(&f);
}

static void bad_values(const char *path)
{
  fitted f;
  pm_model_matrix c;
  int status;

  memset(&c, 0, sizeof c);
  if (!pm_test_ok(fitted_load(&f, path, "y ~ area") == PM_SUCCESS,
                  "bad: loaded"))
    goto cleanup;
  status = pm_design_matrix_discrete(f.design, f.frame, 1, 1, &c);
  pm_test_ok(status == PM_EINPUT && strstr(pm_error_message(), "at least 2"),
             "one value per covariate refused: %s", pm_error_message());
cleanup:
  fitted_free(&f);
}

int main(void)
{
  char dir[] = "/tmp/pm-test-discrete-XXXXXX", lat[4096], cont[4096];
  size_t k;

  gsl_set_error_handler_off();
  if (!mkdtemp(dir)) return 99;
  snprintf(lat, sizeof lat, "%s/lattice.csv", dir);
  snprintf(cont, sizeof cont, "%s/continuous.csv", dir);
  write_table(lat, ROWS, 1);
  write_table(cont, 40000, 0);
  for (k = 0; k < sizeof formulas / sizeof *formulas; k++) {
    char name[32];
    snprintf(name, sizeof name, "formula %zu", k + 1);
    lattice(lat, formulas[k], name);
  }
  rounding(cont);
  continuous(cont, "y ~ s(oxy, bs='cr', k=10) + te(temp, depth, k=c(4,4)) + "
             "offset(log(volume))", 0);
  continuous(cont, "y ~ s(oxy, bs='cr', k=10) + s(temp, bs='cr', k=10) + "
             "s(depth, bs='cr', k=10) + offset(log(volume))", 1);
  folds(lat);
  bad_values(lat);
  unlink(lat);
  unlink(cont);
  rmdir(dir);
  return pm_test_done();
}
