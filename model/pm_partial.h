/* pm_partial.h: the partial effect of each term of a fitted model, with its
 * standard error, over a grid of the term's covariates.
 *
 * The effect of term j at covariate values x is its contribution to the
 * linear predictor, f_j(x) = X_j(x) beta_j, with the standard error
 * sqrt(diag(X_j Vp_jj X_j')) from the Bayesian posterior covariance Vp
 * (Wood 2017, Generalized Additive Models, 2nd ed., section 7.2; mgcv's
 * plot.gam documentation: the intervals it draws with seWithMean = FALSE,
 * and predict.gam(type = "terms", se.fit = TRUE)).  Effects are not
 * centred: a smooth is centred by its sum-to-zero constraint, a parametric
 * term is X_j beta_j as in predict.gam.  An ensemble of boosted trees
 * fills the same structure with its partial dependence on each feature
 * (predict/engine_xgb_partial.c: LINE terms, `lo` and `hi` its members'
 * band, `se` their standard deviation, `block` the feature's index).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_PARTIAL_H
#define PM_PARTIAL_H

#include <stddef.h>

#include "pm_frame.h"
#include "pm_model_file.h"

typedef enum {
  PM_PARTIAL_LINE,    /* one covariate: s(), a numeric term */
  PM_PARTIAL_SURFACE, /* two covariates: te(x, z), s(x, z) */
  PM_PARTIAL_LEVELS   /* a factor or s(f, bs='re') of a factor: one value per level */
} pm_partial_kind;

#define PM_PARTIAL_LINE_POINTS 100   /* as plot.gam's n = 100 */
#define PM_PARTIAL_SURFACE_POINTS 50 /* as plot.gam's n2 = 40, a little finer */
/* the most fitted rows a model file keeps for the rugs */
#define PM_PARTIAL_RUG_MAX 2000

typedef struct {
  char *label;          /* R's label: "s(temp)", "te(temp,logdepth)", "oxy" */
  pm_partial_kind kind;
  size_t block;         /* the design block */
  double edf;           /* smooths: the term's EDF; else its coefficients */
  const char *xname, *yname; /* the covariates (yname: SURFACE only) */
  size_t nx, ny;        /* LINE, LEVELS: nx points (ny 1); SURFACE nx x ny */
  double *x, *y;        /* covariate values (LEVELS: 0 .. nx-1) */
  char **levels;        /* LEVELS: the level names, nx */
  double *fit, *se;     /* nx * ny; SURFACE: value (x[i], y[j]) at i * ny + j */
  double *lo, *hi;      /* nx * ny: the band of an ensemble's effect, the
                         * 2.5% and 97.5% quantiles of its members' curves
                         * (boosted trees); NULL: fit -+ 1.96 se (GAMs) */
  int sphere;           /* SURFACE of a spline on the sphere (bs='sos'): x
                         * latitude over -90..90, y longitude over
                         * -180..180, the whole globe */
  size_t nrug;          /* fitted rows' covariates, 0 when the model has none */
  double *rug_x, *rug_y; /* rug_y: SURFACE only */
} pm_partial_term;

typedef struct {
  size_t nterms;
  pm_partial_term *terms; /* in design block order, the intercept left out */
} pm_partial;

/* The partial effects of every term of `m` but the intercept and numeric
 * terms of several columns: LINE terms over PM_PARTIAL_LINE_POINTS values
 * evenly spaced over the fitted range, SURFACE terms on a
 * PM_PARTIAL_SURFACE_POINTS square grid.  The ranges come from the model
 * file; a model file without them is an error saying to refit. */
int pm_partial_alloc(pm_partial **p, const pm_model *m);
void pm_partial_free(pm_partial *p);

/* n values evenly spaced over the fitted range of covariate `name` in
 * `r` (*x, n of them), and its values in r's sampled rows (*rug, *nrug);
 * a covariate without a range is an error saying to refit. */
int pm_partial_axis(const pm_model_ranges *r, const char *name, size_t n,
                    double **x, double **rug, size_t *nrug);

/* The index of the term labelled `label`; an error listing the labels when
 * there is none. */
int pm_partial_find(const pm_partial *p, const char *label, size_t *index);

/* The effect and its standard error of design block `block` at n points:
 * x[v][i] is covariate v of the block's term at point i (a factor: the
 * level index). */
int pm_partial_eval(const pm_model *m, size_t block, const double *const *x,
                    size_t n, double *fit, double *se);

/* The one column a numeric term's expression reads ("temp" for
 * I(temp^2)); an error naming the term when it reads several.  The name
 * belongs to the term. */
int pm_partial_numeric_column(const pm_term *t, const char **column);

/* The values of the columns names[0..ncov) at no more than `max` rows of
 * `frame`, evenly spaced (every row when there are fewer): *sample is
 * (*nsample) x ncov, row-major, NAN for a missing value or a text column. */
int pm_partial_sample_rows(const pm_frame *frame, const char *const *names,
                           size_t ncov, size_t max, double **sample,
                           size_t *nsample);

#endif
