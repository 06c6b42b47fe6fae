/* gam_fit.c: fitting a GLM or GAM: the order of the steps.
 *
 * A design without penalties is a GLM fitted by IRLS with Fisher weights
 * (R's glm.fit); negative binomial theta then alternates with the IRLS fit
 * as MASS::glm.nb does.  With penalties the smoothing parameters are chosen
 * by smoothing.c around penalized IRLS.  A negative binomial log theta or
 * a Tweedie power is one more coordinate of smoothing.c's REML Newton
 * iteration, as in mgcv's nb() and tw() (Wood, Pya & Saefken 2016,
 * section 3).  Under GCV/UBRE it is found by minimising the optimised
 * criterion over it (Brent's method); the two parameters of the
 * zero-inflated Poisson likewise (zip_theta.c).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"
#include "pm_error.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Defaults of pm_gam_options.  IRLS iterations: gam.control()'s maxit. */
#define PM_GAM_MAX_ITER 200
/* The PIRLS tolerance: R's glm.control()'s epsilon, and the inner
 * tolerance mgcv's newton() imposes on gam.fit3 (its conv.tol / 100). */
#define PM_GAM_TOL 1e-8
/* Rows from which REML starts with the performance iteration and drops the
 * O(1/n) dW/drho terms of the Hessian: there those terms change the Newton
 * path negligibly, and computing them costs M + 1 passes over the rows. */
#define PM_GAM_PERFORMANCE_ROWS 100000

/* A negative binomial GLM alternates theta and the IRLS fit at most this
 * often (MASS::glm.nb allows glm.control()'s maxit = 25, but its stopping
 * rule is looser than the one below). */
#define PM_GLM_NB_MAX_ALTERNATIONS 100
/* ... and stops when theta has settled to this relative change ... */
#define PM_GLM_NB_THETA_TOL 1e-11
/* ... and the deviance to this one: both far tighter than the estimates
 * need, so that the fit is the fixed point of the alternation, not a point
 * on the way to it. */
#define PM_GLM_NB_DEV_TOL 1e-13

/* The bracket of the search for theta or p grows by this factor per step:
 * about the golden ratio 1.618 of the classic downhill bracketing
 * (Numerical Recipes' mnbrak), rounded down. */
#define PM_SEARCH_GROW 1.6
/* Brent's method: at most this many iterations, and a bracket this narrow
 * (absolute, in log theta or p) ends it; 1e-7 is well below what the
 * criterion, flat near its minimum, can resolve. */
#define PM_SEARCH_MAX_ITER 100
#define PM_SEARCH_TOL 1e-7

/* The search in log theta (GCV/UBRE) starts with a step of 0.1. */
#define PM_LOG_THETA_STEP 0.1
/* The search for the Tweedie power (GCV/UBRE) starts from
 * PM_TWEEDIE_P_START with a step of 0.05. */
#define PM_TWEEDIE_P_STEP 0.05

void pm_gam_options_default(pm_gam_options *o, const pm_family *fam)
{
  memset(o, 0, sizeof *o);
  o->family = *fam;
  o->estimate_theta = fam->kind == PM_FAMILY_NEGBIN ||
                      fam->kind == PM_FAMILY_ZIP;
  o->estimate_p = fam->kind == PM_FAMILY_TWEEDIE;
  o->method = PM_METHOD_REML;
  o->max_iter = PM_GAM_MAX_ITER;
  o->performance_rows = PM_GAM_PERFORMANCE_ROWS;
  o->tol = PM_GAM_TOL;
}

/* A zero-inflated Poisson needs counts above 1: with only zeros and ones
 * the presence and the truncated Poisson cannot be told apart (mgcv's
 * ziP() refuses such data too). */
static int check_zip_counts(const pm_model_matrix *m)
{
  size_t i;

  for (i = 0; i < m->n; i++)
    if (m->y[i] > 1) return PM_SUCCESS;
  return pm_error(PM_EINPUT, "the zero-inflated Poisson (ziP) needs counts "
                  "above 1, and every response is 0 or 1; use the binomial "
                  "family for presence/absence");
}

int pm_gam_check_response(const pm_model_matrix *m, const pm_gam_options *o)
{
  const pm_family *fam = &o->family;
  size_t i;

  for (i = 0; i < m->n; i++) {
    const char *why = pm_family_check_y(fam, m->y[i], o->expected_counts);
    if (!why) continue;
    if (m->frame && m->rows)
      return pm_error(PM_EINPUT,
                      "%s:%zu: the response is %.17g: %s; choose another "
                      "family or correct the data",
                      pm_frame_path(m->frame),
                      pm_frame_line(m->frame, m->rows[i]), m->y[i], why);
    return pm_error(PM_EINPUT,
                    "response of data row %zu is %.17g: %s; choose another "
                    "family or correct the data",
                    i + 1, m->y[i], why);
  }
  return fam->kind == PM_FAMILY_ZIP ? check_zip_counts(m) : PM_SUCCESS;
}

/* ---- GLM ---------------------------------------------------------------- */

static int glm_negbin(pm_pirls *s, double *theta_se)
{
  double theta, dev_old = INFINITY;
  int status, it;

  /* a Poisson fit, then theta and the fit in turn (MASS::glm.nb) */
  s->fam.kind = PM_FAMILY_POISSON;
  if ((status = pm_pirls_run(s)) != PM_SUCCESS) return status;
  s->fam.kind = PM_FAMILY_NEGBIN;
  s->fam.theta = INFINITY;
  for (it = 0; it < PM_GLM_NB_MAX_ALTERNATIONS; it++) {
    status = pm_negbin_theta_ml(s->y, s->mu, s->n, &theta, theta_se);
    if (status != PM_SUCCESS) return status;
    if (fabs(theta - s->fam.theta) <= PM_GLM_NB_THETA_TOL * theta &&
        fabs(s->dev - dev_old) <= PM_GLM_NB_DEV_TOL * s->dev)
      break;
    s->fam.theta = theta;
    dev_old = s->dev;
    if ((status = pm_pirls_run(s)) != PM_SUCCESS) return status;
  }
  return PM_SUCCESS;
}

/* ---- one-dimensional search for theta or p ------------------------------ */

typedef struct {
  pm_smoothing *sm;
  int is_theta; /* 1: x = log theta; 0: x = Tweedie p */
  int status;
} family_search;

static double optimized_score(double x, void *arg)
{
  family_search *fs = arg;
  pm_pirls *s = fs->sm->pirls;

  if (fs->status != PM_SUCCESS) return GSL_NAN;
  if (fs->is_theta)
    s->fam.theta = exp(x);
  else
    s->fam.p = x;
  fs->status = pm_smoothing_optimize(fs->sm);
  return fs->status == PM_SUCCESS ? fs->sm->score : GSL_NAN;
}

/* Walk downhill from x0 until the score rises, then Brent's method. */
static int search_family_parameter(family_search *fs, double x0, double lo,
                                   double hi, double step)
{
  double a = x0, fa = optimized_score(a, fs), b = fmin(hi, x0 + step), fb, c,
         fc;
  gsl_min_fminimizer *mz = NULL;
  gsl_function F = {optimized_score, fs};
  int it;

  fb = optimized_score(b, fs);
  if (fb > fa) { /* go the other way */
    double t = a, ft = fa;
    a = b, fa = fb, b = t, fb = ft;
    step = -step;
  }
  for (;;) {
    c = fmin(hi, fmax(lo, b + PM_SEARCH_GROW * (b - a)));
    fc = optimized_score(c, fs);
    if (fs->status != PM_SUCCESS) return fs->status;
    if (fc >= fb || c == lo || c == hi) break;
    a = b, fa = fb, b = c, fb = fc;
  }
  if (fc < fb) { /* the optimum is at the bound */
    optimized_score(c, fs);
    return fs->status;
  }
  mz = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
  if (!mz) return pm_error_nomem();
  if (gsl_min_fminimizer_set_with_values(mz, &F, b, fb, fmin(a, c),
                                         a < c ? fa : fc, fmax(a, c),
                                         a < c ? fc : fa) != GSL_SUCCESS) {
    gsl_min_fminimizer_free(mz);
    return pm_error(PM_ENUMERIC, "family parameter search failed to start");
  }
  for (it = 0; it < PM_SEARCH_MAX_ITER && fs->status == PM_SUCCESS; it++) {
    gsl_min_fminimizer_iterate(mz);
    if (gsl_min_test_interval(gsl_min_fminimizer_x_lower(mz),
                              gsl_min_fminimizer_x_upper(mz), PM_SEARCH_TOL,
                              0) == GSL_SUCCESS)
      break;
  }
  b = gsl_min_fminimizer_x_minimum(mz);
  gsl_min_fminimizer_free(mz);
  if (fs->status == PM_SUCCESS) optimized_score(b, fs);
  return fs->status;
}

/* Whether the family's parameter (a negative binomial theta or Tweedie
 * power to estimate) joins the REML Newton iteration: then as coordinate
 * nrho - 1, at its start. */
static int join_family_parameter(pm_smoothing *sm, const pm_gam_options *o)
{
  pm_family_kind kind = sm->pirls->fam.kind;

  sm->extended = (kind == PM_FAMILY_NEGBIN && o->estimate_theta) ||
                 (kind == PM_FAMILY_TWEEDIE && o->estimate_p) ||
                 kind == PM_FAMILY_ZIP;
  if (!sm->extended || kind == PM_FAMILY_ZIP || sm->method != PM_METHOD_REML)
    return 0;
  sm->param_joint = 1;
  sm->rho[sm->nrho++] = kind == PM_FAMILY_NEGBIN ? log(PM_NEGBIN_THETA_START)
                                                 : PM_TWEEDIE_P_START;
  return 1;
}

static int gam_smoothing(pm_smoothing *sm, const pm_gam_options *o)
{
  family_search fs = {sm, 1, PM_SUCCESS};
  pm_pirls *s = sm->pirls;
  int status;

  if (s->fam.kind == PM_FAMILY_ZIP && o->estimate_theta) {
    sm->extended = 1;
    return pm_zip_theta_search(sm);
  }
  if (join_family_parameter(sm, o)) return pm_smoothing_optimize(sm);
  if (s->fam.kind == PM_FAMILY_NEGBIN && o->estimate_theta) {
    double theta0, se;
    s->fam.theta = PM_NEGBIN_THETA_START;
    if ((status = pm_smoothing_optimize(sm)) != PM_SUCCESS) return status;
    if (pm_negbin_theta_ml(s->y, s->mu, s->n, &theta0, &se) != PM_SUCCESS)
      theta0 = PM_NEGBIN_THETA_START;
    return search_family_parameter(&fs, log(theta0), PM_LOG_THETA_MIN,
                                   PM_LOG_THETA_MAX, PM_LOG_THETA_STEP);
  }
  if (s->fam.kind == PM_FAMILY_TWEEDIE && o->estimate_p) {
    fs.is_theta = 0;
    return search_family_parameter(&fs, PM_TWEEDIE_P_START, PM_TWEEDIE_P_MIN,
                                   PM_TWEEDIE_P_MAX, PM_TWEEDIE_P_STEP);
  }
  return pm_smoothing_optimize(sm);
}

/* ---- driver --------------------------------------------------------------- */

/* The state of a fit: penalized IRLS, the penalties and the smoothing
 * parameter selection, whose pointers lead into the same struct. */
typedef struct {
  pm_pirls s;
  pm_penalty P;
  pm_smoothing sm;
  int smoothing; /* smoothing parameters, or a family parameter, chosen */
} fit_state;

static void state_free(fit_state *f)
{
  free(f->sm.rho);
  pm_penalty_free(&f->P);
  pm_pirls_free(&f->s);
}

static int state_alloc(fit_state *f, const pm_design *d,
                       const pm_model_matrix *m, const pm_gam_options *o)
{
  int status;

  memset(f, 0, sizeof *f);
  /* a Tweedie power and the zero-inflated Poisson's theta are estimated
   * by REML as mgcv's tw() and ziP() do, with or without smooths */
  f->smoothing = d->npenalties > 0 || o->family.kind == PM_FAMILY_ZIP ||
                 (o->family.kind == PM_FAMILY_TWEEDIE && o->estimate_p);
  if ((status = pm_pirls_alloc(&f->s, m, &o->family,
                               f->smoothing &&
                                   !pm_family_canonical(&o->family),
                               o->max_iter, o->tol)) != PM_SUCCESS)
    return status;
  f->s.glm_stop = !f->smoothing;
  if ((status = pm_penalty_alloc(&f->P, d)) != PM_SUCCESS) {
    pm_pirls_free(&f->s);
    return status;
  }
  f->sm.pirls = &f->s;
  f->sm.P = &f->P;
  f->sm.method = o->method;
  f->sm.large = o->performance_rows > 0 && m->n >= o->performance_rows;
  f->sm.scale_known = pm_family_scale_known(&o->family);
  f->sm.nrho = f->P.M + (f->sm.scale_known ? 0 : 1);
  if (!(f->sm.rho = calloc(f->sm.nrho + 1, sizeof *f->sm.rho))) {
    state_free(f);
    return pm_error_nomem();
  }
  return PM_SUCCESS;
}

int pm_gam_fit_model(pm_gam_fit **fit, const pm_design *d,
                     const pm_model_matrix *m, const pm_gam_options *o)
{
  fit_state f;
  int status;
  double theta_se = 0;

  *fit = NULL;
  if ((status = pm_gam_check_response(m, o)) != PM_SUCCESS) return status;
  if ((status = pm_gam_check_rank(d, m)) != PM_SUCCESS) return status;
  if ((status = state_alloc(&f, d, m, o)) != PM_SUCCESS) return status;
  if (f.smoothing)
    status = gam_smoothing(&f.sm, o);
  else if (o->family.kind == PM_FAMILY_NEGBIN && o->estimate_theta)
    status = glm_negbin(&f.s, &theta_se);
  else
    status = pm_pirls_run(&f.s);
  if (status == PM_SUCCESS && !f.s.converged)
    status = pm_error(PM_ENUMERIC,
                      "the fit did not converge in %d iterations; try a "
                      "simpler model (smaller k, fewer terms), or check the "
                      "response for extreme values",
                      o->max_iter);
  if (status == PM_SUCCESS && f.smoothing && f.sm.extended)
    status = pm_pirls_fisher(&f.s);
  if (status == PM_SUCCESS)
    status = pm_gam_results(fit, d, m, &f.s, f.smoothing ? &f.sm : NULL,
                            theta_se);
  if (status == PM_SUCCESS) (*fit)->is_gam = d->npenalties > 0;
  state_free(&f);
  return status;
}

int pm_gam_reml_derivatives(const pm_design *d, const pm_model_matrix *m,
                            const pm_gam_options *o, const double *rho,
                            size_t nrho, double *V, double *g, double *H)
{
  fit_state f;
  int status = state_alloc(&f, d, m, o);

  if (status != PM_SUCCESS) return status;
  join_family_parameter(&f.sm, o);
  if (!f.smoothing || o->method != PM_METHOD_REML || nrho != f.sm.nrho)
    status = pm_error(PM_EINPUT, "the REML criterion of this model has %zu "
                      "coordinates, not %zu", f.smoothing ? f.sm.nrho : 0,
                      nrho);
  else {
    memcpy(f.sm.rho, rho, nrho * sizeof *rho);
    status = pm_smoothing_derivatives(&f.sm, V, g, H);
  }
  state_free(&f);
  return status;
}
