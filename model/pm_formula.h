/* pm_formula.h: model formulas in mgcv's syntax.
 *
 *   count ~ temp + I(temp^2) + log(x) + factor(instrument)
 *         + s(temp, bs='cr', k=10) + te(temp, logdepth, bs='cr', k=c(6,6))
 *         + offset(log(volume_m3))
 *
 * The parser turns the text into a response expression and a list of terms,
 * each with R's label ("I(temp^2)", "s(temp)", "te(temp,logdepth)").
 * Expressions are arithmetic over the data's columns: numbers, names,
 * + - * / ^, unary minus, parentheses and the functions log, log10, log1p,
 * exp, sqrt, abs and I().  `- 1` or `+ 0` removes the intercept.  As in
 * mgcv, `s(x)` alone means the thin-plate regression spline s(x, bs='tp',
 * k=10) and s(x, z) the isotropic one of both, k=30 (bs='tp' or 'ts' for
 * several covariates; te() for a tensor product, whose margins default to
 * bs='cr'); s(lat, lon, bs='sos') is the spline on the sphere of latitude
 * and longitude in degrees, k=50 and m=0 by default.  by=x in s() or te()
 * makes a varying-coefficient smooth of a numeric column x, or one smooth
 * per level of a text column or of by=factor(x).  An unknown function, a
 * malformed term or an unsupported argument is an error that quotes the
 * term.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FORMULA_H
#define PM_FORMULA_H

#include <stddef.h>

#include "pm_frame.h"

/* An arithmetic expression over a table's columns. */
typedef struct pm_expr pm_expr;

typedef enum {
  PM_TERM_NUMERIC, /* a numeric expression: one column */
  PM_TERM_FACTOR,  /* factor(x): treatment contrasts, first level dropped */
  PM_TERM_SMOOTH,  /* s(x, ...): one basis of one covariate or, for tp and
                    * ts, of several (isotropic); sos: of latitude and
                    * longitude */
  PM_TERM_TENSOR,  /* te(x, z, ...): tensor product, one penalty per margin */
  PM_TERM_OFFSET   /* offset(expr): coefficient fixed at 1 */
} pm_term_kind;

typedef enum {
  PM_BASIS_CR, /* cubic regression spline, knots at quantiles */
  PM_BASIS_PS, /* P-spline (Eilers & Marx 1996), even knots */
  PM_BASIS_CC, /* cyclic cubic regression spline */
  PM_BASIS_RE, /* random effect: identity penalty */
  PM_BASIS_TP, /* thin-plate regression spline (Wood 2003), any dimension */
  PM_BASIS_TS, /* tp with shrinkage: the null space is penalized too */
  PM_BASIS_CS, /* cr with shrinkage */
  PM_BASIS_SOS /* spline on the sphere (Wendelberger 1981, Wahba 1981) of
                * latitude and longitude in degrees */
} pm_basis_kind;

#define PM_SMOOTH_DEFAULT_K 10

typedef struct {
  pm_term_kind kind;
  char *label;       /* R's label of the term */
  pm_expr *expr;     /* NUMERIC and OFFSET: the value */
  size_t nvars;      /* FACTOR 1, SMOOTH >= 1, TENSOR >= 2, else 0 */
  char **vars;       /* FACTOR, SMOOTH, TENSOR: covariate (column) names */
  pm_basis_kind *bs; /* SMOOTH, TENSOR: basis per margin */
  int *k;            /* SMOOTH, TENSOR: basis dimension per margin */
  int *m;            /* penalty order per margin (ps: difference order, 2;
                      * sos: the kernel, 0..4) */
  /* User knots per margin (mgcv's `knots=list(x=...)`), NULL when none. */
  double **knots;
  size_t *nknots;
  /* SMOOTH tp, ts, sos: most knots taken from the data, mgcv's
   * xt=list(max.knots=N); 0: mgcv's 2000. */
  int max_knots;
  /* SMOOTH, TENSOR: mgcv's by= column, NULL when none.  A numeric column
   * multiplies the smooth row by row (a varying coefficient, no sum-to-zero
   * constraint unless it is constant); a text column, or by=factor(x)
   * (by_factor 1), gives one smooth per level, zero on the other levels'
   * rows.  The label then ends in ":by" ("s(logdepth):oxy"). */
  char *by;
  int by_factor;
} pm_term;

typedef struct {
  char *text;        /* the formula as given */
  char *response_label;
  pm_expr *response;
  int intercept;     /* 1 unless removed with - 1 or + 0 */
  size_t nterms;
  pm_term *terms;    /* in formula order */
} pm_formula;

/* Parse R expression syntax (with ~) into a tree; errors quote `text`. */
int pm_expr_parse(pm_expr **e, const char *text);
void pm_expr_free(pm_expr *e);

/* Parse `text`.  Errors quote the offending term and say what is allowed. */
int pm_formula_parse(pm_formula **f, const char *text);
void pm_formula_free(pm_formula *f);

/* Set user knots for covariate `var` of every smooth that uses it, as
 * mgcv's gam(knots = list(var = c(...))) does (for cc: the two ends of the
 * cycle; for tp of several covariates: knot i is the point of the i-th
 * values of every covariate's knots, all of the same length).  An error
 * when no smooth of the formula uses `var`. */
int pm_formula_set_knots(pm_formula *f, const char *var, const double *knots,
                         size_t n);

/* The distinct column names the formula reads (response first), in order of
 * first use; the array and strings belong to `f`. */
int pm_formula_columns(const pm_formula *f, const char *const **names,
                       size_t *n);

/* Evaluate `e` on every row of `frame` into out[0..nrows); NAN where an
 * input is missing.  An error names the column when it is text. */
int pm_expr_eval(const pm_expr *e, const pm_frame *frame, double *out);
/* The same on rows[0..n) of `frame` (NULL: rows 0..n-1) into out[0..n).  A
 * value that becomes infinite or undefined (log of 0, division by 0) is an
 * error naming the term and the file line. */
int pm_expr_eval_rows(const pm_expr *e, const pm_frame *frame,
                      const size_t *rows, size_t n, double *out);

#endif
