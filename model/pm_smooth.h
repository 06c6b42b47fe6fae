/* pm_smooth.h: smooth terms as mgcv builds them: basis, penalties and the
 * sum-to-zero identifiability constraint.
 *
 * A smooth is set up once on the fitting data (knots placed, constraint
 * computed, penalties scaled) and then evaluates its design block on any
 * data, the fitting rows or new rows for prediction.  Matrices are dense,
 * row-major.  The bases reproduce mgcv 1.8 (Wood 2017, Generalized Additive
 * Models, 2nd ed., sections 5.3-5.6):
 *   cr  cubic regression spline, knots at quantiles of the unique values;
 *   ps  P-spline: B-splines on evenly spaced knots, difference penalty;
 *   cc  cyclic cubic regression spline;
 *   re  random effect: one column per factor level (or the covariate),
 *       identity penalty, no constraint;
 *   te  tensor product of marginal bases, one penalty per margin;
 *   tp  thin-plate regression spline (Wood 2003; section 5.5.1) of one or
 *       several covariates, mgcv's default;
 *   ts, cs  tp and cr with shrinkage: the penalty's null space penalized
 *       too (Marra & Wood 2011, CSDA 55:2372-2387);
 *   sos spline on the sphere of latitude and longitude in degrees
 *       (Wendelberger 1981; Wahba 1981, SIAM J. Sci. Stat. Comput. 2:5-16;
 *       section 5.6.3).
 * After the constraint the block has ncoef columns; each penalty is scaled
 * as mgcv's smoothCon(scale.penalty = TRUE) does, so that smoothing
 * parameters are comparable with mgcv's.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SMOOTH_H
#define PM_SMOOTH_H

#include <stddef.h>

#include "pm_formula.h"
#include "pm_frame.h"

typedef struct pm_smooth pm_smooth;

/* Set up smooth term `t` (PM_TERM_SMOOTH or PM_TERM_TENSOR) on the fitting
 * data: cols[i] is the column of covariate i of the term (t->vars[i]: the
 * margins of te(), the covariates of s()), rows[0..n) the rows used (NULL:
 * all rows of the columns, n of them).  Errors name the term: too few unique
 * values for k, a text column where a number is needed, k too small. */
int pm_smooth_alloc(pm_smooth **s, const pm_term *t,
                    const pm_column *const *cols, const size_t *rows,
                    size_t n);
/* The same without the sum-to-zero constraint, as mgcv sets up a smooth
 * with a numeric by= variable that is not constant. */
int pm_smooth_alloc_uncentred(pm_smooth **s, const pm_term *t,
                              const pm_column *const *cols,
                              const size_t *rows, size_t n);
void pm_smooth_free(pm_smooth *s);

const char *pm_smooth_label(const pm_smooth *s); /* "s(temp)" */
size_t pm_smooth_ncoef(const pm_smooth *s);      /* columns of the block */
size_t pm_smooth_npenalties(const pm_smooth *s); /* 1, or margins for te */
/* Penalty j: ncoef x ncoef, symmetric, row-major; owned by `s`. */
const double *pm_smooth_penalty(const pm_smooth *s, size_t j);
/* Rank of the sum of the penalties (ncoef minus the null space dimension). */
size_t pm_smooth_penalty_rank(const pm_smooth *s);

/* Write the design block of rows[0..n) (NULL: rows 0..n-1) into X, row i at
 * X + i*ldx, columns 0..ncoef-1.  Prediction data use the same call; a
 * factor level of `cols` is an index into the levels the smooth was set up
 * with (the caller maps names to indices).  cr and cc extrapolate as mgcv
 * does; a value outside a ps basis's knot range is an error naming the
 * covariate and the value. */
int pm_smooth_design(const pm_smooth *s, const pm_column *const *cols,
                     const size_t *rows, size_t n, double *X, size_t ldx);

/* The numbers that define a set-up smooth (knots per margin, constraint,
 * penalty scales ...) as named arrays, for the model file, and the inverse:
 * a smooth rebuilt from the term and those arrays designs the same block
 * (a smooth of a term with a by= and no stored constraint has none). */
size_t pm_smooth_narrays(const pm_smooth *s);
void pm_smooth_array(const pm_smooth *s, size_t i, const char **name,
                     const double **values, size_t *len);
int pm_smooth_restore(pm_smooth **s, const pm_term *t,
                      const char *const *names,
                      const double *const *values, const size_t *lens,
                      size_t narrays);

#endif
