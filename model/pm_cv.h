/* pm_cv.h: k-fold cross-validation of a fitted model, blocked by group.
 *
 * Rows that belong together (one profile, one spatial block) are held out
 * together, so that the score measures prediction at new profiles or places
 * rather than between neighbouring depths of a profile already seen
 * (Roberts et al. 2017, Ecography 40:913-929).  Whole groups are dealt to k
 * folds after a seeded shuffle; each fold is predicted by the model refitted
 * on the other folds, with the same formula, family, method and options.
 * The refits keep the full data's design: the smooths' knots and
 * constraints are those set up on all rows.  The bases depend on the
 * covariates only, so no response of a held-out row reaches its refit.
 *
 * Groups, folds and predictions are indexed by model matrix row (m->rows
 * maps them to frame rows).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_CV_H
#define PM_CV_H

#include <stddef.h>

#include "pm_design.h"
#include "pm_gam.h"

/* The group of each row of `m` from the frame column `name` (which must
 * have been read into m->frame): a text column by its level, a numeric
 * column (a profile number) by its distinct values.  Groups are numbered
 * 0..*ngroups-1.  A missing value is an error naming the file line. */
int pm_cv_groups_column(const pm_model_matrix *m, const char *name, int *group,
                        size_t *ngroups);

/* The group of each row of `m` as its spatial block: cells of `size`
 * degrees in latitude and longitude (longitude taken modulo 360, so that
 * -180 and 180 share a block) from the frame columns `lat` and `lon`. */
int pm_cv_groups_blocks(const pm_model_matrix *m, const char *lat,
                        const char *lon, double size, int *group,
                        size_t *ngroups);

/* Deal the distinct groups of group[0..n) (non-negative labels) to folds
 * 0..k-1: the fold labels j mod k of the groups in increasing label order
 * are shuffled by gsl_ran_shuffle with a mt19937 generator seeded with
 * `seed`, so that the folds' numbers of groups differ by at most one.
 * fold[i] is the fold of row i.  Fewer groups than folds is an error. */
int pm_cv_folds(const int *group, size_t n, size_t k, unsigned long seed,
                int *fold);

/* Cross-validation results.  The metrics are over the rows of the folds
 * whose refit succeeded; they are NAN when no fold succeeded. */
typedef struct {
  size_t k;
  size_t n;       /* held-out rows in the metrics */
  size_t nfailed; /* folds whose refit failed */
  /* 1 - sum d(y, mu_cv) / sum d(y, mu_null): mu_null from the intercept
   * (with the offset) fitted on the same training rows */
  double deviance_explained;
  double rmse_log1p; /* RMSE of log(1 + y / exp(offset)) */
  double spearman;   /* observed against predicted concentration */
  double *mu;        /* m->n held-out predictions; NAN in failed folds */
  size_t *fold_n;    /* k: rows held out in each fold */
  double *fold_deviance_explained; /* k: on the fold's rows; NAN if failed */
  char **fold_error;               /* k: NULL, or why the fold's refit failed */
} pm_cv_result;

/* Cross-validate the model of design `d` on its model matrix `m` (with the
 * response) with the folds fold[0..m->n) in 0..k-1 and the fitting options
 * `o`.  A fold whose refit fails or does not converge is recorded in
 * fold_error and left out of the metrics; the call still succeeds.  A fold
 * with no rows is an error. */
int pm_cv_run(pm_cv_result **res, const pm_design *d, const pm_model_matrix *m,
              const pm_gam_options *o, const int *fold, size_t k);
void pm_cv_result_free(pm_cv_result *res);

/* The scores of held-out predictions made by another engine's refits:
 * mu[i] the held-out mean of row i, mu0[i] that of the intercept-only
 * model (with the offset) fitted on the same training rows, fold[i] in
 * 0..k-1 its fold, y[i] its response and offset[i] its offset, under the
 * family `fam`: the metrics of pm_cv_run. */
int pm_cv_score(pm_cv_result **res, const pm_family *fam, const double *y,
                const double *offset, size_t n, const int *fold, size_t k,
                const double *mu, const double *mu0);

/* Spearman's (1904, Am. J. Psychol. 15:72-101) rank correlation of
 * x[0..n) and y[0..n): Pearson's correlation of the ranks, ties sharing
 * their average rank.  NAN when n < 2 or either variable is constant. */
int pm_cv_spearman(const double *x, const double *y, size_t n, double *rho);

#endif
