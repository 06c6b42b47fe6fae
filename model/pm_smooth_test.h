/* pm_smooth_test.h: tests that a smooth term is zero, and sums of
 * chi-squared variables.
 *
 * The test of Wood (2013, Biometrika 100:221-228, "On p-values for smooth
 * components of an extended generalized additive model") as mgcv's
 * summary.gam computes it: a Wald-type statistic with a rank-r
 * pseudo-inverse of the term's covariance, where r is the term's
 * alternative effective degrees of freedom, and its p-value from a weighted
 * sum of chi-squared variables (or F when the scale is estimated).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SMOOTH_TEST_H
#define PM_SMOOTH_TEST_H

#include <stddef.h>

typedef struct {
  double stat;    /* the test statistic (Chi.sq, or F when res_df > 0) */
  double ref_df;  /* the reference degrees of freedom (the rank used) */
  double p_value;
} pm_smooth_test_result;

/* Test beta[0..q) = 0 for one smooth.  R is the nr x q block of the
 * model's triangular factor R (sqrt(W) X = QR, row-major, leading dimension
 * ldr) restricted to the term's columns, V its q x q block of the Bayesian
 * covariance Vp, rank the term's alternative EDF (mgcv's edf1, capped at q),
 * res_df the residual degrees of freedom when the scale is estimated and
 * <= 0 when it is known. */
int pm_smooth_test(const double *beta, const double *V, const double *R,
                   size_t nr, size_t ldr, size_t q, double rank,
                   double res_df, pm_smooth_test_result *res);

/* P(sum_i lambda_i X_i > x) for independent X_i ~ chi-squared(df_i)
 * (lambda may be negative), by the algorithm of Davies (1980, Applied
 * Statistics 29:323-333, AS 155) to absolute accuracy 1e-10 or better. */
int pm_chisq_sum_upper(double x, const double *lambda, const int *df,
                       size_t n, double *p);

/* As pm_chisq_sum_upper, to absolute accuracy acc with at most lim
 * integration terms (mgcv's summary.gam uses acc = 2e-5, lim = 1e5).  Where
 * the method cannot reach acc within lim terms, the result is the
 * approximation of Liu, Tang and Zhang (2009, Computational Statistics and
 * Data Analysis 53:853-856), as in mgcv's psum.chisq. */
int pm_chisq_sum_upper_tol(double x, const double *lambda, const int *df,
                           size_t n, double acc, long lim, double *p);

#endif
