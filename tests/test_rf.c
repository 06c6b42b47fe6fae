/* test_rf.c: tests of the random-forest engine (engine "random_forest",
 * predict/engine_xgb*.c with pm_engine_forest_default): leaves are their
 * rows' mean residual (no L2 penalty), so that one deep tree on every row
 * interpolates its responses; parallel trees are averaged, not summed;
 * a forest recovers a known curve from noisy responses; its model file is
 * read back as a random forest that predicts as the fitted one; and the
 * families it refuses.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"
#include "pm_test.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#define NPROFILES 200
#define NDEPTHS 10
#define N (NPROFILES * NDEPTHS)
#define NGRID 50
#define SIGMA 0.3

/* The true mean at temperature t (0 to 30 degrees C). */
static double truth(double t) { return 2 * sin(t / 5); }

typedef struct {
  double y[N], temp[N], salt[N], profile[N];
  pm_frame *frame;
} sim;

/* Gaussian responses about the truth, salinity a covariate without
 * effect. */
static int simulate(sim *d)
{
  static const char *const names[] = {"y", "temp", "salt", "profile"};
  const double *cols[4] = {d->y, d->temp, d->salt, d->profile};
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  size_t i;

  gsl_rng_set(r, 5);
  for (i = 0; i < N; i++) {
    d->profile[i] = (double)(i / NDEPTHS);
    d->temp[i] = (float)(gsl_rng_uniform(r) * 30);
    d->salt[i] = (float)(33 + 4 * gsl_rng_uniform(r));
    d->y[i] = (float)(truth(d->temp[i]) + gsl_ran_gaussian(r, SIGMA));
  }
  gsl_rng_free(r);
  return pm_frame_from_columns(&d->frame, "simulated", names, cols, 4, N);
}

static void spec_of(pm_engine_spec *s)
{
  memset(s, 0, sizeof *s);
  s->formula = "y ~ temp + salt";
  pm_family_from_name(&s->family, "gaussian");
  pm_engine_forest_default(&s->boost);
  s->boost.forest = 100;
  s->boost.folds = 5;
  s->boost.repeats = 1;
  s->groups.column = "profile";
  s->seed = 3;
}

/* The margins of the first n rows of d under a forest of `trees` trees
 * on them all (subsample and colsample 1), of depth n with leaves of one
 * row (a greedy tree may split off one row at a time): the temperature
 * alone, its values distinct. */
static int deep_forest(const sim *d, size_t n, size_t trees, double *margin)
{
  pm_family fam;
  pm_engine_boost o;
  double *zero = calloc(n, sizeof *zero);
  DMatrixHandle m = NULL;
  BoosterHandle b = NULL;
  int status;

  pm_family_from_name(&fam, "gaussian");
  pm_engine_forest_default(&o);
  o.forest = trees;
  o.subsample = o.colsample = 1;
  o.min_child_weight = 1;
  o.max_depth = (int)n;
  o.tree_method = 1; /* exact */
  if (!zero) return pm_error_nomem();
  if (!(status = pm_xgb_matrix(&m, d->temp, n, 1, d->y, zero)) &&
      !(status = pm_xgb_train(&b, m, &fam, &o, 1)))
    status = pm_xgb_margin(b, m, n, margin);
  if (b) XGBoosterFree(b);
  if (m) XGDMatrixFree(m);
  free(zero);
  return status;
}

/* A leaf of one row is that row's response: w = -G / (H + lambda) (Chen
 * & Guestrin 2016, eq. 5) with G = -y, H = 1 under squared error from a
 * zero margin, so w = y only with lambda 0.  Ten identical trees average
 * to one: XGBoost divides the learning rate by num_parallel_tree. */
static void test_leaves(const sim *d)
{
  enum { M = 40 };
  double one[M], ten[M], dy = 0, dt = 0;
  size_t i;
  int status;

  status = deep_forest(d, M, 1, one);
  if (!status) status = deep_forest(d, M, 10, ten);
  for (i = 0; !status && i < M; i++) {
    dy = fmax(dy, fabs(one[i] - d->y[i]));
    dt = fmax(dt, fabs(ten[i] - one[i]));
  }
  pm_test_ok(!status && dy < 1e-5,
             "one deep tree interpolates its rows: leaves are mean residuals "
             "(max |margin - y| %.3g)", dy);
  pm_test_ok(!status && dt < 1e-5,
             "ten identical trees predict as one: the forest averages (max "
             "diff %.3g)", dt);
}

/* The mean and largest |predicted - true| over a grid of temperatures at
 * salinity 35. */
static int recovery(pm_engine *e, double err[2])
{
  static const char *const names[] = {"temp", "salt"};
  double t[NGRID], salt[NGRID];
  const double *cols[2] = {t, salt};
  pm_frame *g = NULL;
  pm_engine_prediction p;
  size_t i;
  int status;

  for (i = 0; i < NGRID; i++) {
    t[i] = 2 + 26 * (double)i / (NGRID - 1);
    salt[i] = 35;
  }
  err[0] = err[1] = 0;
  if ((status = pm_frame_from_columns(&g, "grid", names, cols, 2, NGRID)) ||
      (status = pm_engine_predict(e, g, 0, &p)))
    goto cleanup;
  for (i = 0; i < p.n; i++) {
    double dd = fabs(p.eta[i] - truth(t[p.rows[i]]));
    err[0] += dd / (double)p.n;
    err[1] = fmax(err[1], dd);
  }
cleanup:
  pm_frame_free(g);
  return status;
}

/* Recovery, and the same members from the model file as in memory. */
static void test_forest(const sim *d)
{
  pm_engine_spec s;
  pm_engine_fit_info info;
  pm_engine *e = NULL, *back = NULL;
  pm_engine_prediction p;
  pm_model_provenance prov = {NULL, "test", NULL};
  const char *path = "test_rf.nc";
  double err[2], *E = malloc(N * 5 * sizeof *E), diff = 0;
  char text[128];
  size_t i;
  int status;

  spec_of(&s);
  status = pm_engine_alloc(&e, &pm_engine_random_forest, &s);
  if (!status) status = pm_engine_fit(e, d->frame, &info);
  if (!status) status = recovery(e, err);
  pm_test_ok(!status, "a forest fitted and predicted: %s",
             status ? pm_error_message() : "");
  /* The noise's standard deviation is 0.3; a leaf of at least 5 rows
   * averages it to 0.13 at most, and the trees' averaging further; the
   * truth changes by 0.4 per degree at most, the samples 67 per degree. */
  pm_test_ok(!status && err[0] < 0.1 && err[1] < 0.35,
             "the forest recovers the curve (mean |error| %.3f < 0.1, max "
             "%.3f < 0.35)", err[0], err[1]);
  if (!status) status = pm_engine_members(e, 0, 0, text, sizeof text);
  if (!status) status = pm_engine_predict(e, d->frame, 0, &p);
  if (!status) memcpy(E, p.draws, N * 5 * sizeof *E);
  if (!status) status = pm_engine_write(e, path, &prov);
  if (!status) status = pm_engine_read(&back, path);
  if (!status) status = pm_engine_members(back, 0, 0, text, sizeof text);
  if (!status) status = pm_engine_predict(back, d->frame, 0, &p);
  for (i = 0; !status && i < N * 5; i++) diff = fmax(diff, fabs(p.draws[i] - E[i]));
  pm_test_ok(!status && p.D == 5 && diff == 0 &&
                 pm_engine_type_of(back) == &pm_engine_random_forest,
             "read back as a random forest whose members predict as the "
             "fitted ones (%s; max diff %g)", text, diff);
  unlink(path);
  free(E);
  pm_engine_free(e);
  pm_engine_free(back);
}

static void test_refused(void)
{
  pm_engine_spec s;
  pm_engine *e = NULL;
  int status;

  spec_of(&s);
  pm_family_from_name(&s.family, "poisson");
  status = pm_engine_alloc(&e, &pm_engine_random_forest, &s);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "family gaussian",
                "a forest of counts is refused");
  spec_of(&s);
  s.boost.forest = 0;
  status = pm_engine_alloc(&e, &pm_engine_random_forest, &s);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "at least one tree",
                "a forest of no tree is refused");
}

int main(void)
{
  static sim d;

  if (simulate(&d)) {
    printf("Bail out! %s\n", pm_error_message());
    return 1;
  }
  test_leaves(&d);
  test_forest(&d);
  test_refused();
  pm_frame_free(d.frame);
  return pm_test_done();
}
