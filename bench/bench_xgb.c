/* bench_xgb.c: the boosted-trees ensemble of Drago et al. (2022) fitted by
 * plankmap against Debian's `xgboost` program on the same rows and
 * settings, and its prediction of a 1-degree global grid.
 *
 * ROWS simulated rows (Poisson counts of five covariates, volumes of 0.5
 * to 10 m3, profiles of 10 rows) are fitted by plankmap's engine as an
 * ensemble of MEMBERS boosters: 5 folds x MEMBERS/5 repeats, each booster
 * ROUNDS rounds at eta 0.1, max_depth 4, subsample 0.5 (Drago et al.),
 * its held-out and all-row margins included, as `plankmap run` fits it.
 * The program then trains MEMBERS boosters with the same settings, each
 * on the training part of a fold (the five training parts saved as
 * XGBoost binary matrices beforehand, so that it parses no text; it reads
 * no base margin, which costs nothing to boost).  Both use every core
 * (nthread).  Prediction: the mean and members of the ensemble for the
 * 64 800 cells of a 1-degree grid at 10 depths.
 * Both sides grow trees with the same XGBoost tree method.
 * Usage: bench_xgb [ROWS [MEMBERS [ROUNDS [TREE_METHOD]]]] (default 100000
 * 100 300 auto).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cv.h"
#include "pm_engine.h"
#include "pm_error.h"
#include "pm_frame.h"

#include "bench_util.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <xgboost/c_api.h>

#define NCOV 5
#define NCOL (NCOV + 3)
#define FOLDS 5
#define NGRID (360 * 180 * 10)

static const char *const names[NCOL] = {"count", "temp", "sal", "oxy",
                                        "logdepth", "chl", "volume_m3",
                                        "profile"};
static const char formula[] = "count ~ temp + sal + oxy + logdepth + chl + "
                              "offset(log(volume_m3))";

/* The log concentration (m-3) of the simulated ocean. */
static double truth(const double *x)
{
  return 0.5 + 0.08 * x[0] + sin(x[1] - 34) - 0.004 * (x[2] - 200) -
         0.3 * (x[3] - 4) + 0.5 * log1p(x[4]);
}

/* Covariates of row i: a place's temperature, salinity, oxygen, log depth
 * and chlorophyll. */
static void covariates(gsl_rng *r, double *x)
{
  double lat = 180 * gsl_rng_uniform(r) - 90, depth = 5 + 1995 * gsl_rng_uniform(r);
  x[0] = 2 + 26 * cos(lat * M_PI / 180) * exp(-depth / 600);
  x[1] = 34.5 + 1.2 * cos(lat * M_PI / 90) * exp(-depth / 1000);
  x[2] = 260 - 150 * exp(-pow((depth - 500) / 300, 2));
  x[3] = log(depth);
  x[4] = 2 * gsl_rng_uniform(r) * exp(-depth / 100);
}

/* Columns col[0..NCOL) of n rows, simulated. */
static int simulate(size_t n, double **col, pm_frame **f)
{
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  double x[NCOV];
  size_t i, j;

  if (!r) return pm_error_nomem();
  for (i = 0; i < n; i++) {
    covariates(r, x);
    for (j = 0; j < NCOV; j++) col[j + 1][i] = x[j];
    col[6][i] = 0.5 * exp(log(20) * gsl_rng_uniform(r));
    col[0][i] = gsl_ran_poisson(r, exp(truth(x)) * col[6][i]);
    col[7][i] = (double)(i / 10);
  }
  gsl_rng_free(r);
  return pm_frame_from_columns(f, "bench", names, (const double *const *)col,
                               NCOL, n);
}

/* The tree method of both sides: an index in pm_engine_tree_methods. */
static int tree_method;

static void boost_settings(pm_engine_boost *b, size_t members, size_t rounds,
                           int nthread)
{
  pm_engine_boost_default(b);
  b->rounds = rounds;
  b->folds = FOLDS;
  b->repeats = members / FOLDS;
  b->nthread = nthread;
  b->tree_method = tree_method;
}

/* plankmap's ensemble: wall seconds of the fit into *sec. */
static int fit_plankmap(const pm_frame *f, size_t members, size_t rounds,
                        int nthread, pm_engine **e, double *sec)
{
  pm_engine_spec spec;
  pm_engine_fit_info info;
  double t0;

  memset(&spec, 0, sizeof spec);
  spec.formula = formula;
  pm_family_from_name(&spec.family, "poisson");
  boost_settings(&spec.boost, members, rounds, nthread);
  spec.groups.column = "profile";
  spec.seed = 1;
  t0 = bench_now();
  if (pm_engine_alloc(e, &pm_engine_xgboost, &spec) ||
      pm_engine_fit(*e, f, &info))
    return 1;
  *sec = bench_now() - t0;
  return 0;
}

/* The training part of each of the 5 folds (the first repetition's folds,
 * dealt as the engine deals them) saved as a binary matrix dir/fK.buffer. */
static int save_folds(const char *dir, double **col, size_t n)
{
  int *group = malloc(n * sizeof *group), *fold = malloc(n * sizeof *fold);
  float *x = malloc(n * NCOV * sizeof *x), *y = malloc(n * sizeof *y);
  size_t i, j, k, m;
  int status = 1;

  if (!group || !fold || !x || !y) goto done;
  for (i = 0; i < n; i++) group[i] = (int)col[7][i];
  if (pm_cv_folds(group, n, FOLDS, 1, fold)) goto done;
  for (k = 0; k < FOLDS; k++) {
    DMatrixHandle d;
    char path[1024];
    for (i = m = 0; i < n; i++) {
      if (fold[i] == (int)k) continue;
      for (j = 0; j < NCOV; j++) x[m * NCOV + j] = (float)col[j + 1][i];
      y[m++] = (float)col[0][i];
    }
    snprintf(path, sizeof path, "%s/f%zu.buffer", dir, k);
    if (XGDMatrixCreateFromMat(x, m, NCOV, NAN, &d)) goto done;
    status = XGDMatrixSetFloatInfo(d, "label", y, m) ||
             XGDMatrixSaveBinary(d, path, 1);
    XGDMatrixFree(d);
    if (status) goto done;
  }
  status = 0;
done:
  free(group);
  free(fold);
  free(x);
  free(y);
  return status;
}

/* The program: `members` trainings, member m on fold m mod 5; wall
 * seconds into *sec. */
static int fit_program(const char *dir, size_t members, size_t rounds,
                       int nthread, double *sec)
{
  char cmd[2048];
  double t0 = bench_now();
  size_t m;

  for (m = 0; m < members; m++) {
    snprintf(cmd, sizeof cmd,
             "cd %s && xgboost /dev/null task=train data=f%zu.buffer "
             "objective=count:poisson eta=0.1 max_depth=4 min_child_weight=1 "
             "subsample=0.5 num_round=%zu seed=%zu nthread=%d "
             "tree_method=%s model_out=m.model silent=1 >log 2>&1",
             dir, m % FOLDS, rounds, m + 1, nthread,
             pm_engine_tree_methods[tree_method]);
    if (system(cmd) != 0) return 1;
  }
  *sec = bench_now() - t0;
  return 0;
}

/* The ensemble's prediction of the grid's cells: cells per second. */
static int predict_grid(pm_engine *e, double *rate)
{
  double *col[NCOV + 1], x[NCOV], t0;
  const char *gnames[NCOV + 1] = {"temp", "sal", "oxy", "logdepth", "chl",
                                  "volume_m3"};
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  pm_frame *g = NULL;
  pm_engine_prediction p;
  char text[256];
  size_t i, j;
  int status = 1;

  for (j = 0; j <= NCOV; j++) col[j] = malloc(NGRID * sizeof **col);
  for (j = 0; j <= NCOV; j++)
    if (!col[j]) goto done;
  for (i = 0; i < NGRID; i++) {
    covariates(r, x);
    for (j = 0; j < NCOV; j++) col[j][i] = x[j];
    col[NCOV][i] = 1;
  }
  if (pm_frame_from_columns(&g, "grid", gnames, (const double *const *)col,
                            NCOV + 1, NGRID) ||
      pm_engine_members(e, 0, 0, text, sizeof text))
    goto done;
  t0 = bench_now();
  if (pm_engine_predict(e, g, 0, &p)) goto done;
  *rate = (double)p.n / (bench_now() - t0);
  status = 0;
done:
  for (j = 0; j <= NCOV; j++) free(col[j]);
  pm_frame_free(g);
  gsl_rng_free(r);
  return status;
}

int main(int argc, char **argv)
{
  size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
  size_t members = argc > 2 ? strtoul(argv[2], NULL, 10) : 100;
  size_t rounds = argc > 3 ? strtoul(argv[3], NULL, 10) : 300;
  int nthread = (int)sysconf(_SC_NPROCESSORS_ONLN), status = 1;
  double *col[NCOL], tp = 0, tx = 0, rate = 0;
  char dir[] = "/tmp/plankmap-bench-xgb.XXXXXX", cmd[128];
  pm_frame *f = NULL;
  pm_engine *e = NULL;
  size_t j;

  while (argc > 4 && pm_engine_tree_methods[tree_method] &&
         strcmp(pm_engine_tree_methods[tree_method], argv[4]))
    tree_method++;
  if (members < FOLDS || members % FOLDS || n < 100 ||
      !pm_engine_tree_methods[tree_method] || !mkdtemp(dir)) {
    fprintf(stderr, "usage: bench_xgb [ROWS >= 100 [MEMBERS, a multiple of "
            "5 [ROUNDS [auto|exact|approx|hist]]]]\n");
    return 2;
  }
  for (j = 0; j < NCOL; j++) col[j] = malloc(n * sizeof **col);
  for (j = 0; j < NCOL; j++)
    if (!col[j]) goto done;
  printf("bench_xgb: %zu rows, %zu members (%d folds x %zu repeats), %zu "
         "rounds, %d threads, tree_method %s\n", n, members, FOLDS,
         members / FOLDS, rounds, nthread, pm_engine_tree_methods[tree_method]);
  if (simulate(n, col, &f) || save_folds(dir, col, n) ||
      fit_plankmap(f, members, rounds, nthread, &e, &tp) ||
      predict_grid(e, &rate) ||
      fit_program(dir, members, rounds, nthread, &tx)) {
    fprintf(stderr, "bench_xgb: %s\n", pm_error_message());
    goto done;
  }
  printf("  fit, plankmap (ensemble, held-out and fitted margins): %8.2f s\n"
         "  fit, xgboost program (%zu trainings)                 : %8.2f s\n"
         "  ratio program / plankmap                             : %8.2f\n"
         "  prediction, %zu members, 1-degree grid x 10 depths   : %8.0f "
         "cells/s\n", tp, members, tx, tx / tp, members, rate);
  status = 0;
done:
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "bench_xgb: could not remove %s\n", dir);
  for (j = 0; j < NCOL; j++) free(col[j]);
  pm_engine_free(e);
  pm_frame_free(f);
  return status;
}
