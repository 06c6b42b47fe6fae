/* smooth_internal.h: the one-dimensional margins shared by the smooth bases.
 *
 * A margin is one covariate's basis before any identifiability constraint:
 * its knots (or factor levels), its penalty and, inside a tensor product,
 * the reparametrization mgcv applies to it.  Each basis file sets a margin
 * up from data (placing knots) or from stored knots, and evaluates one row.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SMOOTH_INTERNAL_H
#define PM_SMOOTH_INTERNAL_H

#include <stddef.h>

#include "pm_formula.h"
#include "pm_frame.h"

#define PM_TE_MAX_MARGINS 8

typedef struct {
  pm_basis_kind bs;
  const char *label; /* the term's label, for messages */
  const char *var;   /* the covariate's name */
  size_t dim;        /* columns of the margin basis */
  size_t null_dim;   /* dimension of the penalty's null space */
  size_t nknots;
  double *knots;     /* cr, cc: the knots; ps: the B-spline knots */
  double *F;         /* cr: nk x nk, B^{-1}D with zero end rows; cc: BD */
  double *S;         /* dim x dim penalty, before any scaling */
  int order;         /* ps: B-spline order (4: cubic) */
  int diff_order;    /* ps: order of the difference penalty */
  size_t nlevels;    /* re on a text column: levels of the column, else 0 */
  double *levmap;    /* re: coefficient index per level, -1 if unused */
  double *xp;        /* tensor margins: dim x dim reparametrization or NULL */
} pm_margin;

void pm_margin_clear(pm_margin *mg);

/* Set a margin up on the data: place knots (or read the user's), then build.
 * `k` and `m` are the term's settings for this margin. */
int pm_margin_setup(pm_margin *mg, const pm_column *c, const size_t *rows,
                    size_t n, int k, int m, const double *uknots,
                    size_t nuknots);
/* Build the penalty (and cr/cc's F) from the knots already in `mg`. */
int pm_margin_build(pm_margin *mg);

/* The margin basis at row `row` of `c` into out[0..dim), without the
 * tensor reparametrization. */
int pm_margin_row(const pm_margin *mg, const pm_column *c, size_t row,
                  double *out);

/* Per basis. */
int pm_cr_knots(pm_margin *mg, const double *x, const size_t *rows, size_t n,
                int k, const double *uknots, size_t nuknots);
int pm_cr_build(pm_margin *mg);
void pm_cr_row(const pm_margin *mg, double x, double *out);
/* The rows of x[rows[i]] (NULL rows: x[i]), i < n, into out (n x dim); no
 * value may be NaN. */
void pm_cr_rows(const pm_margin *mg, const double *x, const size_t *rows,
                size_t n, double *out);
int pm_cc_knots(pm_margin *mg, const double *x, const size_t *rows, size_t n,
                int k, const double *uknots, size_t nuknots);
int pm_cc_build(pm_margin *mg);
void pm_cc_row(const pm_margin *mg, double x, double *out);
int pm_ps_knots(pm_margin *mg, const double *x, const size_t *rows, size_t n,
                int k, int m, const double *uknots, size_t nuknots);
int pm_ps_build(pm_margin *mg);
int pm_ps_row(const pm_margin *mg, double x, double *out);
int pm_re_setup(pm_margin *mg, const pm_column *c, const size_t *rows,
                size_t n);
int pm_re_build(pm_margin *mg);
int pm_re_row(const pm_margin *mg, const pm_column *c, size_t row,
              double *out);

/* Sorted distinct values of x over the rows (NULL rows: 0..n-1), in a new
 * array; *nu its length.  An error names the term for a missing value, or
 * when there are fewer than `k` distinct values (k = 0: no minimum). */
int pm_margin_unique(const pm_margin *mg, const double *x, const size_t *rows,
                     size_t n, int k, double **u, size_t *nu);

/* Tensor products (basis_te.c). */
/* The reparametrization of a margin that has none of its own (ps), as mgcv's
 * te(np = TRUE): coefficients become values at dim even points. */
int pm_te_reparam(pm_margin *mg, double xmin, double xmax);
/* Scale each margin's penalty by its largest eigenvalue, then form the
 * penalties I x ... x S_i x ... x I (each K x K, K = product of dims). */
int pm_te_penalties(const pm_margin *mg, size_t nm, double **S);
/* Row-wise Kronecker product of the margin rows (each already
 * reparametrized); work holds the largest margin dim. */
void pm_te_row(const pm_margin *mg, size_t nm, const double *const *mrows,
               double *out);

#endif
