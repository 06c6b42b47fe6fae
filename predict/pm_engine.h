/* pm_engine.h: the model-engine interface: one way to fit a model and
 * write its file, cross-validate it, read it back, make the members of its
 * uncertainty and predict its linear predictor for new rows, whatever the
 * engine.
 *
 * An engine is a type table in the manner of GSL's gsl_interp_type: a
 * `const pm_engine_type` of functions, one per engine, found by the name a
 * model file or a scenario gives ("gam").  The uncertainty of a prediction
 * is a set of D members, each a linear predictor for every row: for the
 * GAM, posterior draws of the coefficients (Wood 2017, Generalized
 * Additive Models, 2nd ed., section 6.10) or the refits of a cluster
 * bootstrap; for an ensemble of trees, its members.  The maps, totals and
 * intervals of predict/ are computed from the members alone, so that they
 * mean the same for every engine.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_ENGINE_H
#define PM_ENGINE_H

#include <stddef.h>
#include <stdio.h>

#include "pm_cv.h"
#include "pm_family.h"
#include "pm_frame.h"
#include "pm_model_file.h"
#include "pm_partial.h"

typedef struct pm_engine pm_engine;

/* A grid of boosted trees' settings to tune (the scenario's `tune`
 * group; Drago et al. 2022, Front. Mar. Sci. 9:894372, searched eta x
 * max_depth x min_child_weight): the values tried of each, at most
 * PM_ENGINE_TUNE_MAX; n[j] 0: the boost setting's value alone. */
#define PM_ENGINE_TUNE_MAX 16
enum { PM_TUNE_ETA, PM_TUNE_MAX_DEPTH, PM_TUNE_MIN_CHILD_WEIGHT, PM_TUNE_N };
typedef struct {
  size_t n[PM_TUNE_N];
  double v[PM_TUNE_N][PM_ENGINE_TUNE_MAX];
} pm_engine_tune;

/* The settings of boosted trees (engine "xgboost"; Chen & Guestrin 2016,
 * KDD '16:785-794), as the scenario's `boost`, `ensemble` and `tune`
 * groups give them, or of random forests (engine "random_forest"; Breiman
 * 2001, Mach. Learn. 45:5-32) grown by XGBoost as one round of `forest`
 * parallel trees, as its `forest` and `ensemble` groups give them. */
typedef struct {
  double eta;              /* learning rate; default 0.1 */
  int max_depth;           /* default 4 */
  double min_child_weight; /* default 1 */
  double subsample;        /* rows per tree, (0, 1]; default 0.5 */
  double colsample;        /* covariates per tree, (0, 1]; default 1 */
  size_t rounds;           /* trees per booster; default 300 */
  int nthread;             /* XGBoost's threads; default 1 */
  int tree_method;         /* index in pm_engine_tree_methods; 0: auto */
  size_t forest;           /* random forest: its trees (XGBoost's
                              num_parallel_tree), the covariates drawn at
                              each split; 0 for boosting */
  size_t folds, repeats;   /* the ensemble: default 5 and 20 */
  size_t early_stopping;   /* rounds without a better held-out deviance
                              after which a booster stops, kept at its
                              best round; default 0: off */
  pm_engine_tune tune;     /* default: no grid */
} pm_engine_boost;

/* XGBoost's tree methods, NULL-terminated (Chen & Guestrin 2016: exact
 * greedy, section 3.1; approx, the weighted quantile sketch, section 3.3;
 * hist, the same with bins made once, fastest on large data). */
extern const char *const pm_engine_tree_methods[];

/* The defaults above. */
void pm_engine_boost_default(pm_engine_boost *b);
/* The defaults of a random forest: 500 trees, one round at eta 1, each
 * tree on 63.2% of the rows, a third of the covariates at each split and
 * leaves of at least 5 rows (randomForest's regression defaults; Liaw &
 * Wiener 2002, R News 2(3):18-22), depth at most 16. */
void pm_engine_forest_default(pm_engine_boost *b);
/* Whether boosted trees fit the family (poisson, tweedie, gamma, gaussian,
 * binomial). */
int pm_engine_xgboost_fits(const pm_family *fam);
/* Whether a random forest fits the family: gaussian only, the one family
 * whose single Newton step from the base margin is the leaf's mean
 * residual (a forest has one round; Chen & Guestrin 2016, eq. 5). */
int pm_engine_forest_fits(const pm_family *fam);

/* Rows that belong together, resampled together by a cluster bootstrap
 * and held out together by cross-validation: those that share a value of
 * the frame column `column` (a profile), or with `column` NULL those in one
 * spatial block of `block_deg` degrees of the columns lat and lon. */
typedef struct {
  const char *column;
  double block_deg;
} pm_engine_groups;

/* What to fit.  The formula is written as for R's mgcv (the response, the
 * covariates and an offset of the sampled volume for every engine; the
 * smooths for the GAM). */
typedef struct {
  const char *formula;
  const char *knots;     /* user knots "VAR=a,b,...;..." or NULL */
  pm_family family;      /* theta and p: the fixed or starting values */
  int estimate_theta;    /* negative binomial: estimate theta */
  int estimate_p;        /* Tweedie: estimate the power */
  pm_gam_method method;  /* REML or GCV for smoothing parameters */
  pm_discrete discrete;  /* GAM: discretised covariates or not */
  int expected_counts;   /* GAM: the counts are expected counts, which may
                            be fractional (pm_gam_options); boosted trees
                            take any label their objective takes */
  /* engine "xgboost": the boosters' settings, and the groups of the rows
   * and the seed of the folds of its ensemble */
  pm_engine_boost boost;
  pm_engine_groups groups;
  unsigned long seed;
} pm_engine_spec;

/* A fit's summary.  `rows` belongs to the engine. */
typedef struct {
  size_t n;              /* rows fitted */
  size_t dropped;        /* rows left out for a missing value */
  const size_t *rows;    /* n: their indices in the frame (NULL after
                            pm_engine_fit_release) */
  double deviance, null_deviance;
  int converged;
  int per_volume;        /* the formula has an offset: the response is per
                            sampled volume */
} pm_engine_fit_info;

/* The prediction of the rows of a frame that have every covariate.  The
 * arrays belong to the engine and hold until its next prediction. */
typedef struct {
  size_t n;              /* rows predicted */
  const size_t *rows;    /* their indices in the frame */
  const double *eta;     /* n: the linear predictor, offset included */
  const double *se_eta;  /* n: its standard error, or NULL when the engine
                            has none (members only) */
  size_t D;              /* members (0 before pm_engine_members) */
  const double *draws;   /* n x D, row-major: the linear predictor of each
                            member, offset included; NULL when D is 0 */
} pm_engine_prediction;

typedef struct {
  const char *name; /* "gam" */
  /* Take the spec (parse the formula) into e's state, ready to fit. */
  int (*setup)(pm_engine *e, const pm_engine_spec *spec);
  /* The frame columns the model reads, the response first. */
  int (*columns)(const pm_engine *e, const char *const **names, size_t *n);
  /* Fit the rows of `frame` that have every column the model reads. */
  int (*fit)(pm_engine *e, const pm_frame *frame, pm_engine_fit_info *info);
  /* Refit B resamples of the groups; the refits become the members. */
  int (*bootstrap)(pm_engine *e, const pm_engine_groups *g, size_t B,
                   unsigned long seed, size_t *nfailed);
  /* Write the fit (with its refits) to the model file `path`. */
  int (*write)(const pm_engine *e, const char *path,
               const pm_model_provenance *prov);
  /* k-fold cross-validation of the fit, blocked by groups. */
  int (*cross_validate)(const pm_engine *e, const pm_engine_groups *g,
                        size_t k, unsigned long seed, pm_cv_result **cv);
  /* Read the fitted model of file `path` into e's state. */
  int (*read)(pm_engine *e, const char *path);
  /* Make the members: up to `ndraws` with `seed` when the engine draws
   * them, else the model's own; describe them in `text` ("posterior
   * simulation, 200 draws"). */
  int (*members)(pm_engine *e, size_t ndraws, unsigned long seed,
                 char *text, size_t size);
  /* Predict the rows of `frame` (pm_engine_prediction). */
  int (*predict)(pm_engine *e, const pm_frame *frame, int with_se,
                 pm_engine_prediction *out);
  /* The partial effect of each term, for partial-effect plots. */
  int (*partial)(const pm_engine *e, pm_partial **p);
  void (*free_state)(pm_engine *e);
  /* As fit, but free *frame (set to NULL) as soon as the engine has taken
   * what it keeps of the table, before the fit's own work; NULL: fit, the
   * engine keeping the table until it is freed. */
  int (*fit_release)(pm_engine *e, pm_frame **frame,
                     pm_engine_fit_info *info);
} pm_engine_type;

/* The engines, by name; NULL when there is none of that name. */
const pm_engine_type *pm_engine_find(const char *name);
extern const pm_engine_type pm_engine_gam, pm_engine_xgboost,
    pm_engine_random_forest;

/* A known truth as an engine (predict/engine_expr.c): the concentration
 * (m-3) given by `truth`, an expression of the covariates and built-ins in
 * the formula syntax, with the log link and the sampled volume as offset
 * (eta = log(truth) + log(volume_m3)) and `family` for the draws made from
 * it.  Its members are the truth itself.  It is not fitted, written or
 * read: those calls are errors.  A truth that is not positive where it is
 * predicted is an error naming the row. */
int pm_engine_expression_alloc(pm_engine **e, const char *truth,
                               const pm_family *family);
/* An engine of `type` set up to fit `spec`; a bad formula is an error
 * quoting it. */
int pm_engine_alloc(pm_engine **e, const pm_engine_type *type,
                    const pm_engine_spec *spec);
/* The frame columns the engine's model reads (set up to fit, or read from
 * its file), the response first; they belong to the engine. */
int pm_engine_columns(const pm_engine *e, const char *const **names,
                      size_t *n);
/* Fit the frame; it must outlive the engine.  A fit that does not
 * converge is reported in info->converged, not as an error. */
int pm_engine_fit(pm_engine *e, const pm_frame *frame,
                  pm_engine_fit_info *info);
/* pm_engine_fit for a caller that needs the table no more: *frame is freed
 * (and set to NULL) as soon as the engine has what it keeps of it, so that
 * a large table and the fit's own memory are not held together (a GAM
 * frees it once its model matrix is made).  The fit can then be written,
 * not bootstrapped or cross-validated, which read the table's rows. */
int pm_engine_fit_release(pm_engine *e, pm_frame **frame,
                          pm_engine_fit_info *info);
/* A cluster bootstrap of the fit: B refits of resampled groups (a failed
 * refit replaced and counted in *nfailed), written with the model as its
 * members. */
int pm_engine_bootstrap(pm_engine *e, const pm_engine_groups *g, size_t B,
                        unsigned long seed, size_t *nfailed);
/* Write the fitted model to `path` (atomically), with the range of each
 * covariate over the fitted rows (the extrapolation flags of prediction)
 * and a sample of them (the rugs of partial-effect plots, the rows of
 * partial dependence). */
int pm_engine_write(const pm_engine *e, const char *path,
                    const pm_model_provenance *prov);
/* Blocked k-fold cross-validation of the fit (pm_cv_run): the groups are
 * dealt to the folds by pm_cv_folds with `seed`. */
int pm_engine_cross_validate(const pm_engine *e, const pm_engine_groups *g,
                             size_t k, unsigned long seed, pm_cv_result **cv);

/* Read the model file `path` with the engine that wrote it. */
int pm_engine_read(pm_engine **e, const char *path);
/* The engine's members (see pm_engine_type.members). */
int pm_engine_members(pm_engine *e, size_t ndraws, unsigned long seed,
                      char *text, size_t size);
int pm_engine_predict(pm_engine *e, const pm_frame *frame, int with_se,
                      pm_engine_prediction *out);
/* The family, with the link between the linear predictor and the mean
 * (pm_family_mean: the inverse link, or the zero-inflated Poisson's
 * expected count) and the parameters as fitted. */
const pm_family *pm_engine_family(const pm_engine *e);
/* The members made by pm_engine_members (0 before) and their seed. */
size_t pm_engine_nmembers(const pm_engine *e);
unsigned long pm_engine_seed(const pm_engine *e);
/* The partial effect of each of the model's terms (pm_partial.h) over
 * its fitted range, for partial-effect plots; for boosted trees the
 * partial dependence on each feature, with the band of its members (from
 * the model file's sampled rows; predict/engine_xgb_partial.c).  Its names
 * belong to the engine: free it first. */
int pm_engine_partial(const pm_engine *e, pm_partial **p);
/* The model's formula text. */
const char *pm_engine_formula(const pm_engine *e);
/* The weight of covariate `column` in the model's area of applicability
 * (pm_aoa.h): for trees the mean total gain of its feature (the mean gain
 * of the features when it enters through an expression), for the GAM 1
 * for every covariate, mgcv's fit having no importance measure that its
 * smooths share (the equal weights Meyer & Pebesma 2021 use for a model
 * without one). */
double pm_engine_importance(const pm_engine *e, const char *column);
/* What a model read from its file tells of its fit. */
typedef struct {
  pm_family family;    /* with theta or the power as estimated */
  size_t n;            /* rows fitted */
  double deviance, null_deviance;
} pm_engine_summary;
const pm_engine_summary *pm_engine_summary_of(const pm_engine *e);
/* Of a model read from its file: the range of each numeric covariate over
 * the fitted rows (n 0 when the file has none). */
const pm_model_ranges *pm_engine_ranges(const pm_engine *e);
const pm_engine_type *pm_engine_type_of(const pm_engine *e);
/* The GAM of a "gam" engine (its formula, design, fit and file's extras);
 * NULL for another engine. */
const pm_model *pm_engine_gam_model(const pm_engine *e);
/* A "gam" engine over a model the caller keeps (a fit made in memory); it
 * must outlive the engine. */
int pm_engine_gam_borrow(pm_engine **e, const pm_model *model);
/* Print what a boosted-trees model read from its file holds: its formula,
 * family, settings, members and their rounds, the tuning grid with its
 * chosen point, cross-validation scores and the gain of each feature; an
 * error for another engine. */
int pm_engine_xgb_print(const pm_engine *e, FILE *out);
void pm_engine_free(pm_engine *e);

#endif
