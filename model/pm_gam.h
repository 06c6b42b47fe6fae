/* pm_gam.h: fitting generalized linear and additive models.
 *
 * GLMs by iteratively reweighted least squares (McCullagh & Nelder 1989);
 * GAMs by penalized IRLS with the smoothing parameters chosen by REML
 * (the Laplace-approximate restricted likelihood of Wood 2011, JRSSB
 * 73:3-36) or by GCV/UBRE (Wood 2008, JRSSB 70:495-518).  Negative binomial
 * theta is estimated by maximum likelihood for a GLM (as MASS::glm.nb) and
 * with the smoothing parameters for a GAM (as mgcv's nb()); the Tweedie
 * power likewise (mgcv's tw()).  Results follow mgcv's gamObject: Vp is the
 * Bayesian posterior covariance, Ve the frequentist one, edf the effective
 * degrees of freedom per coefficient.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_GAM_H
#define PM_GAM_H

#include <stddef.h>

#include "pm_design.h"
#include "pm_family.h"

typedef enum { PM_METHOD_REML, PM_METHOD_GCV } pm_gam_method;

typedef struct {
  pm_family family;     /* theta and p used when fixed */
  int estimate_theta;   /* negative binomial: 1 estimate, 0 fixed */
  int estimate_p;       /* Tweedie: 1 estimate within (1,2), 0 fixed */
  pm_gam_method method; /* GCV means UBRE when the scale is known */
  int max_iter;         /* IRLS iterations (default 200) */
  /* REML starts with the performance iteration, and leaves the O(1/n)
   * terms in dW/drho out of the Newton Hessian, from this many rows on
   * (default 100000; 0: never) */
  size_t performance_rows;
  double tol;           /* convergence tolerance (default 1e-8) */
  /* 1: the Poisson and negative binomial counts are expected counts and
   * may be fractional (pm_family_check_y); default 0: whole numbers, so
   * that a concentration given as a count is refused */
  int expected_counts;
} pm_gam_options;

void pm_gam_options_default(pm_gam_options *o, const pm_family *fam);

/* Per term: parametric terms get a Wald test per coefficient (z or t);
 * smooths get Wood's (2013) test. */
typedef struct {
  double edf, edf1;        /* smooths: effective degrees of freedom */
  double ref_df, stat, p_value;
} pm_gam_term_summary;

typedef struct {
  size_t n, p, npenalties, nblocks;
  pm_family family;        /* with theta / p as estimated */
  pm_gam_method method;
  int is_gam;              /* 0 when the design has no penalty (a GLM) */
  double *beta;            /* p */
  double *Vp, *Ve;         /* p x p */
  double *edf;             /* p: per coefficient */
  double *edf1;            /* p: mgcv's alternative EDF per coefficient */
  double *sp;              /* npenalties smoothing parameters */
  double *eta, *mu;        /* n fitted values (offset included in eta) */
  double *R;               /* p x p upper triangle: sqrt(W) X = Q R */
  double deviance, null_deviance, scale, criterion, aic, loglik;
  double edf_total, residual_df;
  double theta_se;         /* negative binomial GLM: se of theta */
  int scale_estimated;
  int converged, iterations;
  pm_gam_term_summary *terms; /* nblocks, in design block order */
} pm_gam_fit;

/* Every response of `m` must suit the family (o->expected_counts: counts
 * may be fractional); an error names the file and line of the first that
 * does not (its data row while m has no frame).  pm_gam_fit_model checks
 * it first. */
int pm_gam_check_response(const pm_model_matrix *m, const pm_gam_options *o);

/* Fit the model to the model matrix `m` of design `d`.  Errors in plain
 * words: a response the family cannot take (naming the row), rank
 * deficiency (naming the terms), no convergence (saying what to try). */
int pm_gam_fit_model(pm_gam_fit **fit, const pm_design *d,
                     const pm_model_matrix *m, const pm_gam_options *o);
void pm_gam_fit_free(pm_gam_fit *fit);

/* Prediction for a model matrix: eta (link scale, offset included; a NULL
 * offset is none), its standard error from Vp (offset has none; NULL: not
 * computed) and mu = g^-1(eta) (NULL: not computed). */
int pm_gam_predict(const pm_gam_fit *fit, const pm_model_matrix *m,
                   double *eta, double *se_eta, double *mu);

#endif
