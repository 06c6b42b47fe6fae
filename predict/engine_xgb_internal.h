/* engine_xgb_internal.h: the state of the boosted-trees engine, shared by
 * its calls of XGBoost (engine_xgb_call.c), its fitting (engine_xgb_fit.c),
 * early stopping (engine_xgb_stop.c) and tuning (engine_xgb_tune.c), its
 * model file (engine_xgb_file.c), its prediction (engine_xgb.c) and its
 * partial dependence (engine_xgb_partial.c).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_ENGINE_XGB_INTERNAL_H
#define PM_ENGINE_XGB_INTERNAL_H

#include "engine_internal.h"
#include "pm_formula.h"

#include <xgboost/c_api.h>

/* The fitted rows: their features, offset, response and folds. */
typedef struct {
  double *x, *off, *y;
  size_t n;
  int *group, *fold; /* fold: n x repeats */
  double *mu, *mu0;  /* n: the held-out means of the model and of the null
                        model, summed over the repeats, then their means */
  double *margin;    /* n: one fold's held-out margins */
  double *trained;   /* n: one fold's margins of its training rows */
  double *fitted;    /* n: sums of every member's mean */
} xgb_rows;

/* The tuning grid as searched: each point's eta, max_depth,
 * min_child_weight, mean held-out deviance per row and mean rounds kept
 * (point, n x XGB_GRID_COLS, row-major), and the point chosen. */
enum { XGB_GRID_COLS = 5 };
/* The grid's columns' variables in the model file (engine_xgb_tune.c). */
extern const char *const pm_xgb_grid_vars[XGB_GRID_COLS];
typedef struct {
  size_t n, chosen;
  double *point;
} xgb_grid;

/* A booster's held-out rows, for early stopping: their matrix, responses
 * and a buffer of n margins. */
typedef struct {
  DMatrixHandle m;
  const double *y;
  size_t n;
  double *margin;
} xgb_heldout;

typedef struct {
  pm_formula *formula;
  pm_family family;
  pm_engine_boost boost;
  pm_engine_groups groups;
  unsigned long seed;
  size_t nfeatures;      /* the formula's numeric terms */
  const pm_expr **features;
  char **feature_names;  /* their labels */
  const pm_expr *offset; /* NULL: none */
  /* the ensemble: folds x repeats boosters */
  size_t nmembers;
  BoosterHandle *members;
  double *intercept;     /* each member's base margin less the offset */
  double *rounds;        /* each member's trees kept */
  xgb_grid grid;         /* n 0: not tuned */
  double *gain;          /* nfeatures: mean total gain over the members */
  pm_cv_result *cv;      /* of the fit */
  double cv_scores[4];   /* read: its deviance explained, RMSE of log1p,
                            Spearman and rows */
  /* the fitted rows and their covariates' ranges (written with the model) */
  const pm_frame *frame;
  xgb_rows d;
  size_t n, *rows;
  double deviance, null_deviance;
  /* of a model read from its file */
  char *file_formula;
  size_t ngain;
  char **gain_names;     /* the features' labels in the file */
  size_t nranges;
  char **range_names;
  double *range_min, *range_max;
  size_t nsample;        /* the sampled fitted rows (0: the file has none) */
  double *range_sample;  /* nsample x nranges, row-major */
  /* the last prediction */
  size_t *pred_rows;
  double *eta, *E;
} xgb_state;

/* XGBoost's last error as plankmap's, after what was being done. */
int pm_xgb_fail(const char *what);
#define PM_XGB_TRY(call, what)                                                 \
  do {                                                                         \
    if ((call) != 0) {                                                         \
      status = pm_xgb_fail(what);                                              \
      goto cleanup;                                                            \
    }                                                                          \
  } while (0)

/* The objective of a family ("count:poisson"); NULL when boosted trees do
 * not fit it. */
const char *pm_xgb_objective(const pm_family *fam);
/* A DMatrix of the n rows of features x (n x nfeatures, row-major, NAN
 * missing), with `margin` as its base margin (the offset) and `label` as
 * its labels, each when not NULL. */
int pm_xgb_matrix(DMatrixHandle *m, const double *x, size_t n,
                  size_t nfeatures, const double *label,
                  const double *margin);
/* A booster of the settings, seeded, ready to train on `train`. */
int pm_xgb_booster(BoosterHandle *b, DMatrixHandle train,
                   const pm_family *fam, const pm_engine_boost *o,
                   unsigned long seed);
/* A booster trained on `train` for the settings' rounds, seeded. */
int pm_xgb_train(BoosterHandle *b, DMatrixHandle train, const pm_family *fam,
                 const pm_engine_boost *o, unsigned long seed);
/* As pm_xgb_train, stopped early by the rule of engine_xgb_stop.c on the
 * held-out rows h when o->early_stopping > 0; *kept: its trees. */
int pm_xgb_train_stopped(BoosterHandle *b, DMatrixHandle train,
                         const xgb_heldout *h, const pm_family *fam,
                         const pm_engine_boost *o, unsigned long seed,
                         size_t *kept);
/* The deviance of the n responses y at the margins: the sum of the unit
 * deviances of their means (Wood 2017 section 3.1.7). */
double pm_xgb_deviance(const pm_family *fam, const double *y,
                       const double *margin, size_t n);
/* The booster of one fold: its intercept (base margin less the offset),
 * its trees kept, its held-out rows and their deviance. */
typedef struct {
  BoosterHandle b;
  double b0, dev;
  size_t kept, ntest;
} xgb_fold;
/* The intercept b of the null model g(mu) = offset + b fitted by maximum
 * likelihood to the rows not in fold f (f < 0: every row)
 * (engine_xgb_fold.c). */
double pm_xgb_null_intercept(const pm_family *fam, const double *y,
                             const double *off, const int *fold, int f,
                             size_t n);
/* The booster of fold f of repetition r (the ensemble's folds) with the
 * settings o, seeded, and its margins of the held-out rows, in order, into
 * d->margin; with `trained` also those of its training rows, in order (from
 * XGBoost's prediction cache of its training matrix, without traversing
 * the trees again) (engine_xgb_fold.c). */
int pm_xgb_fit_fold(const xgb_state *s, xgb_rows *d, size_t r, int f,
                    const pm_engine_boost *o, unsigned long seed,
                    double *trained, xgb_fold *out);
/* Search the tuning grid of s->boost.tune (nothing without one) on the
 * folds of the first repetition, recording it in s->grid, and set the
 * boost settings to the chosen point. */
int pm_xgb_tune(xgb_state *s, xgb_rows *d);
/* The margin (the linear predictor, base margin included) of the n rows of
 * m under booster b into out[0..n). */
int pm_xgb_margin(BoosterHandle b, DMatrixHandle m, size_t n, double *out);
/* The total gain of each feature "f0".."f<n-1>" added into gain[0..n). */
int pm_xgb_add_gain(BoosterHandle b, size_t n, double *gain);

/* The features and offset of the rows of `frame` that have every one:
 * *x n x nfeatures, *offset n (zeros without an offset term) when offset
 * is not NULL (NULL: the offset is not read), *y n when y is not NULL,
 * *rows their frame indices. */
int pm_xgb_rows(const xgb_state *s, const pm_frame *frame, double **x,
                double **offset, double **y, size_t **rows, size_t *n);
void pm_xgb_rows_free(xgb_rows *d);
/* Parse the formula into the state's features and offset. */
int pm_xgb_terms(xgb_state *s, const char *formula);

int pm_engine_xgb_setup(pm_engine *e, const pm_engine_spec *spec);
int pm_engine_xgb_columns(const pm_engine *e, const char *const **names,
                          size_t *n);
int pm_engine_xgb_fit(pm_engine *e, const pm_frame *frame,
                      pm_engine_fit_info *info);
int pm_engine_xgb_bootstrap(pm_engine *e, const pm_engine_groups *g,
                            size_t B, unsigned long seed, size_t *nfailed);
int pm_engine_xgb_cross_validate(const pm_engine *e,
                                 const pm_engine_groups *g, size_t k,
                                 unsigned long seed, pm_cv_result **cv);
int pm_engine_xgb_write(const pm_engine *e, const char *path,
                        const pm_model_provenance *prov);
int pm_engine_xgb_read(pm_engine *e, const char *path);
/* The importance of a covariate (pm_engine_importance). */
double pm_engine_xgb_importance(const pm_engine *e, const char *column);
int pm_engine_xgb_partial(const pm_engine *e, pm_partial **p);

#endif
