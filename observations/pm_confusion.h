/* pm_confusion.h: counts of objects whose class an automated classifier
 * predicted, corrected for misclassification with the classifier's
 * confusion matrix.
 *
 * The confusion matrix is a TSV file (gzip allowed): header `true` then the
 * predicted classes' names, one row per true class, the counts of the
 * classifier's test set.  Its rows give the conditional rates
 * R[i][j] = P(predicted j | true i).  Its class names pass through the
 * scenario's class filter as the observations' do (pm_filter_class), so
 * that merged classes are merged in the matrix too; the true classes the
 * filter leaves out become one row, whose objects are removed from the
 * counts.
 *
 * The correction is the maximum-likelihood estimate of the true counts of a
 * stratum (all samples of one source, pooled), by the EM algorithm of Shepp
 * and Vardi (1982, IEEE Trans. Med. Imaging 1:113-122, eq. 2.13; for
 * classifiers Saerens et al. 2002, Neural Comput. 14:21-41; for plankton
 * Solow et al. 2001, Mar. Ecol. Prog. Ser. 216:309-311): non-negative
 * without clipping, so that a rare class's total is not inflated.  Each
 * sample's predicted objects are then reassigned in expectation,
 * E[true i | predicted j] = pi_i R_ij / sum_k pi_k R_kj, which keeps every
 * count non-negative and the sums over the samples equal to the stratum's
 * estimate.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_CONFUSION_H
#define PM_CONFUSION_H

#include <stddef.h>

#include "pm_filter.h"
#include "pm_obs.h"

/* The method, as the outputs name it. */
#define PM_CONFUSION_METHOD                                                   \
  "maximum-likelihood adjusted count (EM of Shepp and Vardi 1982; Solow et "  \
  "al. 2001), pooled per source, objects reassigned in expectation"

/* A confusion matrix as read. */
typedef struct {
  char *path;
  size_t n_true, n_pred;
  char **true_names;  /* row classes */
  char **pred_names;  /* column classes */
  double *counts;     /* n_true x n_pred, row-major, test-set counts */
  size_t *line;       /* the file's line of each row */
} pm_confusion;

/* Read a confusion matrix; errors name the file, line and column: a
 * count that is not a non-negative number, a row of zeros, a class given
 * twice. */
int pm_confusion_read(pm_confusion **cm, const char *path);
void pm_confusion_free(pm_confusion *cm);

/* The correction's totals per observation class, over every source
 * corrected: the objects predicted as the class and their expected true
 * count. n is the number of classes they cover (<= obs->n_classes). */
typedef struct {
  size_t n;
  double *naive;     /* objects predicted as class c, before correction */
  double *corrected; /* the same objects' expected true count in class c */
  /* Draws of the confusion matrices (pm_confusion_em_draws): ndraws, set by
   * the caller before the first correction (0: none), and draws[c * ndraws
   * + d], the expected true count of class c under draw d.  Every source
   * draws with the same seed, so that sources sharing one matrix share its
   * draws. */
  size_t ndraws;
  double *draws;
} pm_confusion_summary;

/* The draws of the confusion matrices and the seed of their generator. */
#define PM_CONFUSION_DRAWS 200
#define PM_CONFUSION_SEED 1

void pm_confusion_summary_free(pm_confusion_summary *s);
/* Cover classes 0 .. n - 1 (new ones at zero); `s` NULL: nothing. */
int pm_confusion_summary_grow(pm_confusion_summary *s, size_t n);
/* Of class c, whose count in `obs` is corrected: the share of its objects,
 * as counted before the correction, that were only predicted, and the
 * ratio of its corrected total to that naive total (1 and 0 for a class
 * without predicted object; NAN ratio when its naive total is 0). */
void pm_confusion_summary_class(const pm_confusion_summary *s,
                                const pm_obs *obs, size_t c, double *share,
                                double *ratio);
/* Per class of `obs`: total[c], its total count as corrected, and
 * draws[c * s->ndraws + d], that total with its predicted objects counted
 * as draw d of the confusion matrices has them (a class without predicted
 * objects: its total under every draw). */
void pm_confusion_summary_totals(const pm_confusion_summary *s,
                                 const pm_obs *obs, double *total,
                                 double *draws);
/* The corrected total of classes c[0 .. n - 1] summed, and its 95%
 * interval from the uncertainty of the confusion matrices alone (their
 * draws); NAN bounds without draws. */
int pm_confusion_summary_interval(const pm_confusion_summary *s,
                                  const pm_obs *obs, const size_t *c,
                                  size_t n, double *total, double *lower,
                                  double *upper);

/* Correct the counts of samples [s0, s1) of `obs` (one source) with `cm`,
 * whose class names pass through `f` (NULL: kept as they are).  With
 * `all_predicted` every object of the source was only predicted; else
 * those of obs->predicted were, and the others (validated) are counted as
 * they are.  Size classes (finite size_min_mm) are not classifier outputs
 * and are left as they are.  Errors: a class with predicted objects that
 * is not a predicted class of the matrix, classes the matrix cannot tell
 * apart (naming them).  Adds to `sum` (may be NULL). */
int pm_confusion_correct(const pm_confusion *cm, const pm_filter *f,
                         pm_obs *obs, size_t s0, size_t s1, int all_predicted,
                         pm_confusion_summary *sum);

/* The maximum-likelihood true counts lambda (n_true) of pooled predicted
 * counts y (n_pred) under rates R (n_true x n_pred, each row's sum in
 * (0, 1]: objects predicted outside the columns are not counted),
 * starting from `start` (n_true counts; NULL: equal counts).  Returns
 * PM_ENUMERIC when it does not converge. */
int pm_confusion_em(const double *R, size_t n_true, size_t n_pred,
                    const double *y, const double *start, double *lambda);

/* The same for `ndraws` draws of the rates from the Dirichlet posterior
 * of each row of test-set counts C (nt x np, the kept predicted classes;
 * total[k] counts row k's objects predicted as any class), with GSL's
 * MT19937 seeded with `seed`, each EM started near `point` (the estimate
 * of the matrix itself, nt counts; NULL: equal counts), which changes its
 * speed, not its maximum: lambda is ndraws x nt. */
int pm_confusion_em_draws(const double *C, const double *total, size_t nt,
                          size_t np, const double *y, const double *point,
                          size_t ndraws, unsigned long seed, double *lambda);

#endif
