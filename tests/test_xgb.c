/* test_xgb.c: tests of the boosted-trees engine (predict/engine_xgb*.c):
 * recovery of a known concentration surface from Poisson counts of
 * unequal sampled volumes, where pseudo-counts without an offset are
 * biased; the ensemble's members and cross-validation; the model file read
 * back; and the formulas and families it refuses.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_engine.h"
#include "pm_error.h"
#include "pm_test.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

#define NPROFILES 200
#define NDEPTHS 10
#define N (NPROFILES * NDEPTHS)
#define NGRID 50

/* The true concentration (ind m-3) at temperature t (0 to 30 degrees C). */
static double truth(double t) { return exp(-1 + 1.5 * sin(t / 5)); }

typedef struct {
  double count[N], pseudo[N], temp[N], salt[N], volume[N], profile[N];
  pm_frame *frame;
} sim;

/* Counts of volumes log-uniform between 0.5 and 10 m3: pseudo-counts,
 * count / volume rounded, are biased where concentrations are low and
 * volumes large (round(0.3) is 0). */
static int simulate(sim *d)
{
  static const char *const names[] = {"count", "pseudo", "temp", "salt",
                                      "volume_m3", "profile"};
  const double *cols[6];
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  size_t i;

  gsl_rng_set(r, 42);
  for (i = 0; i < N; i++) {
    d->profile[i] = (double)(i / NDEPTHS);
    d->temp[i] = gsl_rng_uniform(r) * 30;
    d->salt[i] = 33 + 4 * gsl_rng_uniform(r);
    d->volume[i] = 0.5 * exp(log(20) * gsl_rng_uniform(r));
    d->count[i] = gsl_ran_poisson(r, truth(d->temp[i]) * d->volume[i]);
    d->pseudo[i] = round(d->count[i] / d->volume[i]);
  }
  gsl_rng_free(r);
  cols[0] = d->count, cols[1] = d->pseudo, cols[2] = d->temp;
  cols[3] = d->salt, cols[4] = d->volume, cols[5] = d->profile;
  return pm_frame_from_columns(&d->frame, "simulated", names, cols, 6, N);
}

static void spec_of(pm_engine_spec *s, const char *formula)
{
  memset(s, 0, sizeof *s);
  s->formula = formula;
  pm_family_from_name(&s->family, "poisson");
  pm_engine_boost_default(&s->boost);
  s->boost.folds = 5;
  s->boost.repeats = 2;
  s->boost.rounds = 150;
  s->boost.max_depth = 3;
  s->groups.column = "profile";
  s->seed = 7;
}

/* A grid of temperatures at salinity 35 and 1 m3. */
static int grid_frame(pm_frame **f, double *t)
{
  static const char *const names[] = {"temp", "salt", "volume_m3"};
  double salt[NGRID], vol[NGRID];
  const double *cols[3] = {t, salt, vol};
  size_t i;

  for (i = 0; i < NGRID; i++) {
    t[i] = 1 + 28 * (double)i / (NGRID - 1);
    salt[i] = 35;
    vol[i] = 1;
  }
  return pm_frame_from_columns(f, "grid", names, cols, 3, NGRID);
}

/* The mean and largest |log(predicted / true)| over the grid. */
static int recovery(pm_engine *e, double err[2])
{
  double t[NGRID];
  pm_frame *g = NULL;
  pm_engine_prediction p;
  size_t i;
  int status;

  err[0] = err[1] = 0;
  if ((status = grid_frame(&g, t)) ||
      (status = pm_engine_predict(e, g, 0, &p)))
    goto cleanup;
  for (i = 0; i < p.n; i++) {
    double d = fabs(p.eta[i] - log(truth(t[p.rows[i]])));
    err[0] += d / (double)p.n;
    err[1] = fmax(err[1], d);
  }
cleanup:
  pm_frame_free(g);
  return status;
}

static int fit(pm_engine **e, const sim *d, const char *formula,
               pm_cv_result **cv)
{
  pm_engine_spec s;
  pm_engine_fit_info info;
  pm_engine_groups g = {"profile", 0};
  int status;

  spec_of(&s, formula);
  *e = NULL;
  if ((status = pm_engine_alloc(e, &pm_engine_xgboost, &s)) ||
      (status = pm_engine_fit(*e, d->frame, &info)))
    return status;
  return pm_engine_cross_validate(*e, &g, 5, 7, cv);
}

static void test_recovery(const sim *d)
{
  pm_engine *off = NULL, *pseudo = NULL;
  pm_cv_result *cv = NULL, *cv2 = NULL;
  double e1[2], e2[2];
  char text[128];

  pm_test_ok(!fit(&off, d, "count ~ temp + salt + offset(log(volume_m3))",
                  &cv) && !recovery(off, e1),
             "offset model fitted and predicted");
  pm_test_ok(!fit(&pseudo, d, "pseudo ~ temp + salt", &cv2) &&
                 !recovery(pseudo, e2),
             "pseudo-count model fitted and predicted");
  printf("# offset: mean |log ratio| %.4f, max %.4f; pseudo-counts: mean "
         "%.4f, max %.4f\n", e1[0], e1[1], e2[0], e2[1]);
  /* Sampling error bounds what any model recovers: where the truth is
   * lowest (0.08 m-3), a window of 1 degree C holds about 67 samples of
   * 3.2 m3 on average, about 17 individuals, a standard error of 1 /
   * sqrt(17) = 0.24 in log; at the highest (1.65 m-3), 350 individuals and
   * 0.05.  Their mean over the grid is near 0.1: the tolerances are 1.5
   * times that, and twice the lowest one's for the largest error. */
  pm_test_ok(e1[0] < 0.15 && e1[1] < 0.5,
             "the offset model recovers the concentration (mean |log "
             "ratio| %.3f < 0.15, max %.3f < 0.5)", e1[0], e1[1]);
  pm_test_ok(e2[0] > 2 * e1[0], "pseudo-counts are biased (%.3f > 2 x %.3f)",
             e2[0], e1[0]);
  pm_test_ok(cv && cv->k == 5 && cv->n == N && cv->deviance_explained > 0.3,
             "cross-validation of the ensemble's folds: %zu rows, deviance "
             "explained %.3f", cv ? cv->n : 0,
             cv ? cv->deviance_explained : NAN);
  pm_test_ok(!pm_engine_members(off, 0, 0, text, sizeof text) &&
                 pm_engine_nmembers(off) == 10,
             "members: %s", text);
  pm_cv_result_free(cv);
  pm_cv_result_free(cv2);
  pm_engine_free(off);
  pm_engine_free(pseudo);
}

/* Members and mean the same from the file as in memory. */
static void test_file(const sim *d)
{
  pm_engine *e = NULL, *back = NULL;
  pm_cv_result *cv = NULL;
  pm_engine_prediction p, q;
  pm_model_provenance prov = {NULL, "test", NULL};
  const char *path = "test_xgb.nc";
  double *eta = malloc(N * sizeof *eta), *E = malloc(N * 10 * sizeof *E);
  double diff = 0;
  char text[128];
  size_t i, D = 10;
  int status;

  status = fit(&e, d, "count ~ temp + salt + offset(log(volume_m3))", &cv);
  if (!status) status = pm_engine_members(e, 0, 0, text, sizeof text);
  if (!status) status = pm_engine_predict(e, d->frame, 0, &p);
  if (!status) {
    memcpy(eta, p.eta, N * sizeof *eta);
    memcpy(E, p.draws, N * D * sizeof *E);
    status = pm_engine_write(e, path, &prov);
  }
  if (!status) status = pm_engine_read(&back, path);
  if (!status) status = pm_engine_members(back, 0, 0, text, sizeof text);
  if (!status) status = pm_engine_predict(back, d->frame, 0, &q);
  pm_test_ok(!status, "written, read back and predicted: %s",
             status ? pm_error_message() : "");
  for (i = 0; !status && i < N * D; i++) {
    diff = fmax(diff, fabs(q.draws[i] - E[i]));
    if (i < N) diff = fmax(diff, fabs(q.eta[i] - eta[i]));
  }
  pm_test_ok(!status && q.D == D && diff == 0,
             "the file's members predict as the fitted ones (max diff %g)",
             diff);
  pm_test_ok(back && !strcmp(pm_engine_type_of(back)->name, "xgboost") &&
                 pm_engine_summary_of(back)->n == N &&
                 pm_engine_ranges(back)->n == 2,
             "engine, rows and covariate ranges read back");
  unlink(path);
  free(eta);
  free(E);
  pm_cv_result_free(cv);
  pm_engine_free(e);
  pm_engine_free(back);
}

static void test_refused(void)
{
  pm_engine_spec s;
  pm_engine *e = NULL;
  int status;

  spec_of(&s, "count ~ s(temp) + offset(log(volume_m3))");
  status = pm_engine_alloc(&e, &pm_engine_xgboost, &s);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "engine \"gam\"",
                "a smooth term asks for engine gam");
  spec_of(&s, "count ~ temp");
  pm_family_from_name(&s.family, "negbin");
  status = pm_engine_alloc(&e, &pm_engine_xgboost, &s);
  pm_test_error(status, PM_EINPUT, pm_error_message(), "family 'negbin'",
                "negbin is refused");
}

int main(void)
{
  static sim d;

  if (simulate(&d)) {
    printf("Bail out! %s\n", pm_error_message());
    return 1;
  }
  test_recovery(&d);
  test_file(&d);
  test_refused();
  pm_frame_free(d.frame);
  return pm_test_done();
}
