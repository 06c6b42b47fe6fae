/* test_xgb_oracle.c: the boosted-trees engine's calls of XGBoost against
 * Debian's `xgboost` command-line program trained on the same data with
 * the same settings, deterministic ones (subsample 1, colsample 1,
 * tree_method exact, one thread): the margins of new rows agree to 1e-6.
 * A random forest's (subsample and colsample at each split below 1, many
 * parallel trees, lambda 0) agree too, the program seeded alike.
 *
 * XGBoost 1.7's program reads no base margin (no `.base_margin` file
 * beside the data), so the offset here is constant: a base margin of log 2
 * under the log link is base_score 2 of the program, 0.5 under the
 * identity base_score 0.5, 0 under the logit base_score 0.5 (all exact in
 * single precision).  A test
 * skipped (TAP SKIP) when the program is missing.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "engine_xgb_internal.h"
#include "pm_error.h"
#include "pm_test.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define NTRAIN 400
#define NTEST 100
#define P 3

typedef struct {
  double x[(NTRAIN + NTEST) * P], y[NTRAIN + NTEST];
} data;

/* A response of family `kind` at the linear predictor eta. */
static double response(gsl_rng *r, pm_family_kind kind, double eta)
{
  switch (kind) {
  case PM_FAMILY_GAMMA: return exp(eta) * gsl_ran_gamma(r, 2, 0.5);
  case PM_FAMILY_GAUSSIAN: return eta + gsl_ran_gaussian(r, 0.3);
  case PM_FAMILY_BINOMIAL: return gsl_rng_uniform(r) < 1 / (1 + exp(2 - eta));
  default: return gsl_ran_poisson(r, exp(eta));
  }
}

/* Features and response rounded to single precision, so that the program
 * reads what the C API is given. */
static void simulate(data *d, pm_family_kind kind)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  size_t i, j;

  gsl_rng_set(r, 11);
  for (i = 0; i < NTRAIN + NTEST; i++) {
    double eta;
    for (j = 0; j < P; j++) d->x[i * P + j] = (float)gsl_rng_uniform(r);
    eta = 1 + sin(6 * d->x[i * P]) + d->x[i * P + 1] * d->x[i * P + 2];
    d->y[i] = (float)response(r, kind, eta);
  }
  gsl_rng_free(r);
}

/* Rows [from, to) as LIBSVM text. */
static int write_libsvm(const char *path, const data *d, size_t from,
                        size_t to)
{
  FILE *f = fopen(path, "w");
  size_t i, j;

  if (!f) return 1;
  for (i = from; i < to; i++) {
    fprintf(f, "%.9g", d->y[i]);
    for (j = 0; j < P; j++) fprintf(f, " %zu:%.9g", j, d->x[i * P + j]);
    fputc('\n', f);
  }
  return fclose(f) != 0;
}

/* The program's margins of the test rows, trained with the settings `o`. */
static int program_margins(const char *dir, const char *objective,
                           double base_score, const pm_engine_boost *o,
                           double *margin)
{
  char cmd[2048];
  FILE *f;
  size_t i;

  snprintf(cmd, sizeof cmd,
           "cd %s && xgboost /dev/null task=train data=train.txt "
           "objective=%s eta=%g max_depth=%d min_child_weight=%g "
           "subsample=%.17g colsample_%s=%.17g num_parallel_tree=%zu "
           "lambda=%d num_round=%zu seed=3 nthread=1 "
           "tree_method=exact base_score=%g tweedie_variance_power=1.5 "
           "model_out=m.model silent=1 >log 2>&1 && "
           "xgboost /dev/null task=pred model_in=m.model test:data=test.txt "
           "pred_margin=1 name_pred=pred.txt >>log 2>&1",
           dir, objective, o->eta, o->max_depth, o->min_child_weight,
           o->subsample, o->forest ? "bynode" : "bytree", o->colsample,
           o->forest ? o->forest : 1, o->forest ? 0 : 1, o->rounds,
           base_score);
  if (system(cmd) != 0) return 1;
  snprintf(cmd, sizeof cmd, "%s/pred.txt", dir);
  if (!(f = fopen(cmd, "r"))) return 1;
  for (i = 0; i < NTEST; i++)
    if (fscanf(f, "%lf", &margin[i]) != 1) break;
  fclose(f);
  return i != NTEST;
}

/* The engine's margins of the test rows: a booster trained through
 * pm_xgb_train with the offset as base margin. */
static int api_margins(const data *d, const pm_family *fam, double offset,
                       const pm_engine_boost *o, double *margin)
{
  double off[NTRAIN];
  DMatrixHandle train = NULL, test = NULL;
  BoosterHandle b = NULL;
  size_t i;
  int status;

  for (i = 0; i < NTRAIN; i++) off[i] = offset;
  if (!(status = pm_xgb_matrix(&train, d->x, NTRAIN, P, d->y, off)) &&
      !(status = pm_xgb_matrix(&test, d->x + NTRAIN * P, NTEST, P, NULL,
                               off)) &&
      !(status = pm_xgb_train(&b, train, fam, o, 3)))
    status = pm_xgb_margin(b, test, NTEST, margin);
  if (b) XGBoosterFree(b);
  if (train) XGDMatrixFree(train);
  if (test) XGDMatrixFree(test);
  return status;
}

static void compare(const char *dir, const char *family, double offset,
                    double base_score, int forest)
{
  static data d;
  pm_family fam;
  pm_engine_boost o;
  double a[NTEST], p[NTEST], diff = 0;
  char path[1024];
  size_t i;
  int status;

  pm_family_from_name(&fam, family);
  if (forest) {
    pm_engine_forest_default(&o);
    o.forest = 50;
    o.max_depth = 6;
    o.colsample = 0.5;
  } else {
    pm_engine_boost_default(&o);
    o.subsample = 1;
    o.rounds = 50;
    o.max_depth = 3;
  }
  o.tree_method = 1; /* exact */
  simulate(&d, fam.kind);
  snprintf(path, sizeof path, "%s/train.txt", dir);
  status = write_libsvm(path, &d, 0, NTRAIN);
  snprintf(path, sizeof path, "%s/test.txt", dir);
  status = status || write_libsvm(path, &d, NTRAIN, NTRAIN + NTEST);
  if (!pm_test_ok(!status && !program_margins(dir, pm_xgb_objective(&fam),
                                              base_score, &o, p),
                  "%s: the xgboost program trained and predicted", family))
    return;
  status = api_margins(&d, &fam, offset, &o, a);
  for (i = 0; !status && i < NTEST; i++) diff = fmax(diff, fabs(a[i] - p[i]));
  printf("# %s%s: largest difference of the margins %.3g\n", family,
         forest ? " forest" : "", diff);
  pm_test_ok(!status && diff < 1e-6,
             "%s%s: the engine's margins are the program's (max diff %.3g)",
             family, forest ? " forest" : "", diff);
}

int main(void)
{
  char dir[] = "/tmp/plankmap-xgb-oracle.XXXXXX", cmd[128];

  if (system("command -v xgboost >/dev/null 2>&1") != 0) {
    pm_test_ok(1, "# SKIP the xgboost program is not installed (Debian "
               "package xgboost)");
    return pm_test_done();
  }
  if (!mkdtemp(dir)) {
    printf("Bail out! cannot make a temporary folder\n");
    return 1;
  }
  compare(dir, "poisson", log(2.0), 2.0, 0);
  compare(dir, "tweedie", log(2.0), 2.0, 0);
  compare(dir, "gamma", log(2.0), 2.0, 0);
  compare(dir, "gaussian", 0.5, 0.5, 0);
  compare(dir, "binomial", 0.0, 0.5, 0);
  compare(dir, "gaussian", 0.5, 0.5, 1);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) printf("# could not remove %s\n", dir);
  return pm_test_done();
}
