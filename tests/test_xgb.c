/* test_xgb.c: tests of the boosted-trees engine (predict/engine_xgb*.c):
 * recovery of a known concentration surface from Poisson counts of
 * unequal sampled volumes, where pseudo-counts without an offset are
 * biased; the ensemble's members and cross-validation; the model file read
 * back; the tuning grid against each point's cross-validation fitted
 * apart; early stopping on a response of pure noise, and its absence
 * bitwise the same as a stopping rule that never stops; and the formulas
 * and families it refuses.
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
#include <string.h>
#include <unistd.h>

#define NPROFILES 200
#define NDEPTHS 10
#define N (NPROFILES * NDEPTHS)
#define NGRID 50

/* The true concentration (ind m-3) at temperature t (0 to 30 degrees C). */
static double truth(double t) { return exp(-1 + 1.5 * sin(t / 5)); }

typedef struct {
  double count[N], pseudo[N], noise[N], temp[N], salt[N], volume[N],
      profile[N];
  pm_frame *frame;
} sim;

/* Counts of volumes log-uniform between 0.5 and 10 m3: pseudo-counts,
 * count / volume rounded, are biased where concentrations are low and
 * volumes large (round(0.3) is 0). */
static int simulate(sim *d)
{
  static const char *const names[] = {"count", "pseudo", "noise", "temp",
                                      "salt", "volume_m3", "profile"};
  const double *cols[7];
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
  for (i = 0; i < N; i++) /* 2 m-3 everywhere: nothing to learn */
    d->noise[i] = gsl_ran_poisson(r, 2 * d->volume[i]);
  gsl_rng_free(r);
  cols[0] = d->count, cols[1] = d->pseudo, cols[2] = d->noise;
  cols[3] = d->temp, cols[4] = d->salt, cols[5] = d->volume;
  cols[6] = d->profile;
  return pm_frame_from_columns(&d->frame, "simulated", names, cols, 7, N);
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

/* Each of XGBoost's tree methods is passed to it (an unknown one would be
 * refused by XGBoost), written to the model file and printed back; hist
 * fits as well as the default on these data. */
static void test_tree_methods(const sim *d)
{
  const char *path = "test_xgb_method.nc";
  pm_model_provenance prov = {NULL, "test", NULL};
  double dev[4] = {NAN, NAN, NAN, NAN};
  int m;

  for (m = 0; pm_engine_tree_methods[m]; m++) {
    pm_engine_spec s;
    pm_engine_fit_info info;
    pm_engine *e = NULL, *back = NULL;
    char text[4096] = "", want[64];
    FILE *f = tmpfile();
    int status;

    spec_of(&s, "count ~ temp + salt + offset(log(volume_m3))");
    s.boost.repeats = 1;
    s.boost.tree_method = m;
    if (!(status = pm_engine_alloc(&e, &pm_engine_xgboost, &s)) &&
        !(status = pm_engine_fit(e, d->frame, &info)) &&
        !(status = pm_engine_write(e, path, &prov)) &&
        !(status = pm_engine_read(&back, path)) && f &&
        !(status = pm_engine_xgb_print(back, f))) {
      dev[m] = info.deviance / info.null_deviance;
      rewind(f);
      text[fread(text, 1, sizeof text - 1, f)] = '\0';
    }
    snprintf(want, sizeof want, "tree_method %s,", pm_engine_tree_methods[m]);
    pm_test_ok(!status && strstr(text, want),
               "tree_method %s: fitted, written and printed back (%s)",
               pm_engine_tree_methods[m], status ? pm_error_message() : "");
    if (f) fclose(f);
    pm_engine_free(e);
    pm_engine_free(back);
    unlink(path);
  }
  pm_test_ok(dev[3] < 1.05 * dev[0] && dev[3] < 0.9,
             "hist explains the deviance as the default does (residual "
             "share %g against %g)", dev[3], dev[0]);
}

/* The n values of variable `name` of the NetCDF file at path. */
static int nc_values(const char *path, const char *name, double *v)
{
  int ncid, var, rc = nc_open(path, NC_NOWRITE, &ncid);
  if (rc) return rc;
  if (!(rc = nc_inq_varid(ncid, name, &var)))
    rc = nc_get_var_double(ncid, var, v);
  nc_close(ncid);
  return rc;
}

/* The mean held-out deviance per row of the ensemble of one repetition
 * fitted with the settings of point p of the grid, its folds the first
 * repetition's of the tuned fit. */
static double cv_deviance(const sim *d, const double *p)
{
  pm_engine_spec s;
  pm_engine_fit_info info;
  pm_engine_groups g = {"profile", 0};
  pm_engine *e = NULL;
  pm_cv_result *cv = NULL;
  pm_family fam;
  double dev = NAN;
  size_t i;

  spec_of(&s, "count ~ temp + salt + offset(log(volume_m3))");
  s.boost.repeats = 1;
  s.boost.eta = p[0];
  s.boost.max_depth = (int)p[1];
  s.boost.min_child_weight = p[2];
  pm_family_from_name(&fam, "poisson");
  if (!pm_engine_alloc(&e, &pm_engine_xgboost, &s) &&
      !pm_engine_fit(e, d->frame, &info) &&
      !pm_engine_cross_validate(e, &g, 5, 7, &cv) && cv->n == N)
    for (i = 0, dev = 0; i < N; i++)
      dev += pm_family_deviance(&fam, d->count[i], cv->mu[i]) / N;
  pm_cv_result_free(cv);
  pm_engine_free(e);
  return dev;
}

/* A grid of eta {0.001, 0.1} x max_depth {1, 3}: the deviance of each point
 * is that of its settings' ensemble of one repetition fitted apart, the
 * least is chosen and fitted, and the point of eta 0.001 and depth 1,
 * which leaves the mean near the null model's in 150 rounds, is not. */
static void test_tune(const sim *d)
{
  pm_engine_spec s;
  pm_engine_fit_info info;
  pm_engine *e = NULL;
  pm_model_provenance prov = {NULL, "test", NULL};
  const char *path = "test_xgb_tune.nc";
  double eta[4], depth[4], mcw[4], dev[4], rounds[4], chosen = -1, fit[2];
  double apart, worst = 0;
  size_t k, best = 0;
  int status, ncid;

  spec_of(&s, "count ~ temp + salt + offset(log(volume_m3))");
  s.boost.tune.n[PM_TUNE_ETA] = 2;
  s.boost.tune.v[PM_TUNE_ETA][0] = 0.001;
  s.boost.tune.v[PM_TUNE_ETA][1] = 0.1;
  s.boost.tune.n[PM_TUNE_MAX_DEPTH] = 2;
  s.boost.tune.v[PM_TUNE_MAX_DEPTH][0] = 1;
  s.boost.tune.v[PM_TUNE_MAX_DEPTH][1] = 3;
  if (!(status = pm_engine_alloc(&e, &pm_engine_xgboost, &s)) &&
      !(status = pm_engine_fit(e, d->frame, &info)))
    status = pm_engine_write(e, path, &prov);
  if (!status)
    status = nc_values(path, "tune_eta", eta) ||
             nc_values(path, "tune_max_depth", depth) ||
             nc_values(path, "tune_min_child_weight", mcw) ||
             nc_values(path, "tune_deviance", dev) ||
             nc_values(path, "tune_rounds", rounds) ||
             nc_open(path, NC_NOWRITE, &ncid);
  if (!status) {
    status = nc_get_att_double(ncid, NC_GLOBAL, "tune_chosen", &chosen) ||
             nc_get_att_double(ncid, NC_GLOBAL, "eta", &fit[0]) ||
             nc_get_att_double(ncid, NC_GLOBAL, "max_depth", &fit[1]);
    nc_close(ncid);
  }
  pm_test_ok(!status, "a tuned model fitted and written: %s",
             status ? pm_error_message() : "");
  for (k = 0; !status && k < 4; k++) {
    double p[3] = {eta[k], depth[k], mcw[k]};
    apart = cv_deviance(d, p);
    worst = fmax(worst, fabs(apart / dev[k] - 1));
    printf("# eta %g, max_depth %g: deviance %.6f per row (apart %.6f), "
           "%g rounds\n", eta[k], depth[k], dev[k], apart, rounds[k]);
    if (dev[k] < dev[best]) best = k;
  }
  pm_test_ok(!status && eta[0] == 0.001 && depth[1] == 3 && eta[3] == 0.1 &&
                 mcw[2] == 1 && rounds[0] == 150,
             "the grid: eta x max_depth, min_child_weight the boost value, "
             "every round kept without early stopping");
  pm_test_ok(!status && worst < 1e-12,
             "each point's deviance is that of its one-repetition ensemble "
             "fitted apart (largest relative difference %g)", worst);
  pm_test_ok(!status && chosen == (double)best && best != 0,
             "the point of least deviance is chosen (%g), not eta 0.001 "
             "with depth 1", chosen);
  pm_test_ok(!status && fit[0] == eta[best] && fit[1] == depth[best],
             "the ensemble is fitted with the chosen point (eta %g, "
             "max_depth %g)", fit[0], fit[1]);
  unlink(path);
  pm_engine_free(e);
}

/* The prediction of the rows of d by a model of the noise, with
 * early_stopping `stop` and `rounds`, written to `path` when not NULL; the eta and
 * members of that prediction, and those of the file read back, into eta,
 * E, eta2 and E2. */
static int noise_fit(const sim *d, size_t stop, size_t rounds,
                     const char *path,
                     double *eta, double *E, double *eta2, double *E2)
{
  pm_engine_spec s;
  pm_engine_fit_info info;
  pm_engine *e = NULL, *back = NULL;
  pm_model_provenance prov = {NULL, "test", NULL};
  pm_engine_prediction p;
  char text[128];
  int status;

  spec_of(&s, "noise ~ temp + salt + offset(log(volume_m3))");
  s.boost.eta = 0.3;
  s.boost.max_depth = 6;
  s.boost.early_stopping = stop;
  s.boost.rounds = rounds;
  if ((status = pm_engine_alloc(&e, &pm_engine_xgboost, &s)) ||
      (status = pm_engine_fit(e, d->frame, &info)) ||
      (status = pm_engine_members(e, 0, 0, text, sizeof text)) ||
      (status = pm_engine_predict(e, d->frame, 0, &p)))
    goto cleanup;
  memcpy(eta, p.eta, N * sizeof *eta);
  memcpy(E, p.draws, N * 10 * sizeof *E);
  if (!path) goto cleanup;
  if ((status = pm_engine_write(e, path, &prov)) ||
      (status = pm_engine_read(&back, path)) ||
      (status = pm_engine_members(back, 0, 0, text, sizeof text)) ||
      (status = pm_engine_predict(back, d->frame, 0, &p)))
    goto cleanup;
  memcpy(eta2, p.eta, N * sizeof *eta2);
  memcpy(E2, p.draws, N * 10 * sizeof *E2);
cleanup:
  pm_engine_free(e);
  pm_engine_free(back);
  return status;
}

/* Deep trees of a response of pure noise overfit from the first rounds:
 * early stopping after 5 keeps few trees, the file predicts as the fit,
 * and a member cut to its best round predicts bitwise as the member
 * boosted for that many rounds without early stopping (the evaluation
 * leaves the boosting as it is). */
static void test_early_stopping(const sim *d)
{
  const char *path = "test_xgb_stop.nc";
  double *v = malloc(N * 11 * 3 * sizeof *v), *eta[3], *E[3];
  double rounds[10], lo = 1e9, hi = 0, de = NAN, dE = NAN, d0 = 0;
  size_t i, k, same = 0;
  int status, st2 = 1;

  if (!v) return;
  for (k = 0; k < 3; k++) {
    eta[k] = v + k * N * 11;
    E[k] = eta[k] + N;
  }
  status = noise_fit(d, 5, 150, path, eta[0], E[0], eta[1], E[1]);
  if (!status) status = nc_values(path, "member_rounds", rounds);
  for (i = 0; !status && i < 10; i++) {
    lo = fmin(lo, rounds[i]);
    hi = fmax(hi, rounds[i]);
  }
  if (!status) {
    de = pm_test_max_diff(eta[0], eta[1], N);
    dE = pm_test_max_diff(E[0], E[1], N * 10);
    st2 = noise_fit(d, 0, (size_t)rounds[0], NULL, eta[2], E[2], NULL, NULL);
  }
  printf("# pure noise, early_stopping 5: trees kept %g to %g of 150\n", lo,
         hi);
  pm_test_ok(!status && lo >= 1 && hi < 30,
             "early stopping keeps few trees of pure noise (%g to %g of "
             "150)", lo, hi);
  pm_test_ok(!status && de <= 1e-12 && dE <= 1e-12,
             "the file's stopped members predict as the fitted ones (max "
             "diff %g, members %g)", de, dE);
  for (k = 0; !st2 && k < 10; k++) {
    if (rounds[k] != rounds[0]) continue;
    same++;
    for (i = 0; i < N; i++)
      d0 = fmax(d0, fabs(E[0][i * 10 + k] - E[2][i * 10 + k]));
  }
  pm_test_ok(!st2 && same >= 1 && d0 == 0,
             "%zu members stopped at %g rounds predict bitwise as those "
             "boosted %g rounds with early_stopping 0 (max diff %g)", same,
             rounds[0], rounds[0], d0);
  unlink(path);
  free(v);
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
  test_tree_methods(&d);
  test_tune(&d);
  test_early_stopping(&d);
  test_refused();
  pm_frame_free(d.frame);
  return pm_test_done();
}
