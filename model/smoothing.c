/* smoothing.c: choosing the smoothing parameters.
 *
 * The criterion of smoothing_criterion.c (REML, or GCV/UBRE) is minimised
 * by Newton's method on rho = log(lambda) (and log phi, and a family
 * parameter x estimated with them), nested around PIRLS.  The REML
 * Hessian is exact (smoothing_hessian.c), so that the Newton path, and
 * with mgcv's stopping rule the point where it stops on a flat criterion,
 * are mgcv's; the GCV/UBRE Hessian, and on large tables x's row of the
 * fixed-W Hessian, are taken by differencing the exact gradient.  Steps
 * are bounded and halved until the criterion decreases.  On large tables
 * a performance iteration (Gu 1992) brings the Newton iteration near the
 * optimum first.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "smoothing_internal.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Newton iterations at most: mgcv's newton() loop runs at most 200. */
#define PM_NEWTON_MAX_ITER 200
/* Convergence tolerance of the Newton iteration: gam.control()'s
 * newton$conv.tol (see mgcv_converged). */
#define PM_NEWTON_TOL 1e-6
/* The gradient test allows this multiple of the tolerance: newton() counts
 * a component unconverged above 5 conv.tol times the score scale. */
#define PM_NEWTON_GRAD_FACTOR 5
/* Step halvings before a step counts as failed: gam.control()'s
 * newton$maxHalf. */
#define PM_NEWTON_MAX_HALVINGS 30
/* Longest Newton step in any rho (a factor e^5 ~ 150 in lambda):
 * gam.control()'s newton$maxNstep. */
#define PM_NEWTON_MAX_STEP 5.0
/* Eigenvalue magnitudes of the Hessian below this fraction of the largest
 * are raised to it (plus a floor that keeps a zero Hessian invertible), so
 * that a nearly singular direction gets a long but finite step, which the
 * step bound then limits; mgcv's newton() uses DBL_EPSILON^0.7 there. */
#define PM_NEWTON_EIGEN_FLOOR 1e-7
#define PM_NEWTON_EIGEN_MIN 1e-300
/* A trial point whose score exceeds the current one by no more than this
 * relative amount counts as no increase: at the optimum the step is then
 * taken and convergence judged, instead of halving on rounding noise. */
#define PM_NEWTON_RISE_TOL 1e-12
/* log lambda is kept within [-30, 30], lambda from 1e-13 to 1e13: for
 * penalties and X'WX of ordinary scale a parameter at a bound has, to
 * within rounding, reached no smoothing or infinite smoothing, and its
 * gradient beyond the bound is ignored (free_gradient). */
#define PM_RHO_MAX 30.0
#define PM_RHO_MIN (-30.0)
/* The step in rho (or the family parameter) of the forward differences
 * for the GCV/UBRE Hessian (or the REML Hessian's family parameter row):
 * large enough that the differences stand well above the noise the inner
 * PIRLS tolerance leaves in the gradient, small against the O(1) scale on
 * which the criterion curves in rho. */
#define PM_HESSIAN_DIFF_STEP 1e-4

/* As mgcv's initial.sp: penalty diagonal entries up to this fraction of
 * the largest |S| entry penalise nothing (about .Machine$double.eps^0.8 =
 * 3.0e-13, initial.sp's threshold) ... */
#define PM_INITIAL_SP_THRESH 3e-13
/* ... and the smoothing parameters are moved by powers of 10 until the
 * penalized columns are on average this fraction data, X'WX / (X'WX + S). */
#define PM_INITIAL_SP_FACTOR 10.0
#define PM_INITIAL_SP_RATIO 0.4

/* The performance iteration stops after 30 working models or when no rho
 * moved by more than 0.01: it only brings the exact Newton near its
 * optimum, which then finishes the work. */
#define PM_PERFORMANCE_MAX_ITER 30
#define PM_PERFORMANCE_TOL 1e-2
/* The working model's optimum is solved to this absolute gradient: on a
 * large table |V| is large and the relative rule would stop after one
 * step. */
#define PM_WORKING_GRAD_TOL 1e-3
/* log phi starts from the mean deviance, floored here for a perfect fit. */
#define PM_LOG_PHI_START_MIN 1e-10

/* Starting smoothing parameters as mgcv's initial.sp: each lambda_k puts
 * its penalty on the scale of X'WX at the starting weights; ldss gathers
 * the diagonal of the sum of the penalties so scaled. */
static void scale_to_data(const pm_smoothing *sm, double *rho, double *ldss)
{
  const pm_penalty *P = sm->P;
  const double *A = sm->pirls->A;
  size_t k, i, p = P->p;

  for (k = 0; k < P->M; k++) {
    const pm_design_penalty *pk = &P->pen[k];
    double sxx = 0, ss = 0, smax = 0;
    size_t used = 0;
    for (i = 0; i < pk->ncoef * pk->ncoef; i++) smax = fmax(smax, fabs(pk->S[i]));
    for (i = 0; i < pk->ncoef; i++) {
      double sii = pk->S[i * pk->ncoef + i];
      if (fabs(sii) <= smax * PM_INITIAL_SP_THRESH) continue;
      sxx += A[(pk->first + i) * p + pk->first + i];
      ss += sii;
      used++;
    }
    rho[k] = used && ss > 0 && sxx > 0 ? log(sxx / ss) : 0;
    for (i = 0; i < pk->ncoef; i++)
      ldss[pk->first + i] += exp(rho[k]) * pk->S[i * pk->ncoef + i];
  }
}

/* Then all are moved by powers of 10 until the penalized columns are on
 * average PM_INITIAL_SP_RATIO data. */
static void shift_to_ratio(const pm_smoothing *sm, double *rho, double *ldss)
{
  const double *A = sm->pirls->A;
  size_t k, i, p = sm->P->p;
  double ratio;
  int dir;

  for (dir = 1; dir >= -1; dir -= 2) {
    for (;;) {
      size_t used = 0;
      ratio = 0;
      for (i = 0; i < p; i++)
        if (ldss[i] > 0 && A[i * p + i] > 0) {
          ratio += A[i * p + i] / (A[i * p + i] + ldss[i]);
          used++;
        }
      if (!used || (dir > 0 ? ratio / used <= PM_INITIAL_SP_RATIO
                            : ratio / used >= PM_INITIAL_SP_RATIO))
        break;
      for (k = 0; k < sm->P->M; k++) rho[k] += dir * log(PM_INITIAL_SP_FACTOR);
      for (i = 0; i < p; i++)
        ldss[i] *= dir > 0 ? PM_INITIAL_SP_FACTOR : 1 / PM_INITIAL_SP_FACTOR;
    }
  }
}

/* The starting rho of mgcv's initial.sp; an error only without memory. */
static int initial_rho(const pm_smoothing *sm, double *rho)
{
  double *ldss = calloc(sm->P->p + 1, sizeof *ldss);

  if (!ldss) return pm_error_nomem();
  scale_to_data(sm, rho, ldss);
  shift_to_ratio(sm, rho, ldss);
  free(ldss);
  return PM_SUCCESS;
}

/* A Newton step on the eigenvalues' absolute values (a descent direction
 * even where the Hessian is indefinite), bounded in length. */
static int newton_step(const double *H, const double *g, size_t nr,
                       double *step)
{
  double *U = malloc(nr * nr * sizeof *U), *ev = malloc(nr * sizeof *ev);
  double emax = 0, len = 0;
  size_t i, j;
  int status = U && ev ? PM_SUCCESS : pm_error_nomem();

  if (status == PM_SUCCESS) {
    memcpy(U, H, nr * nr * sizeof *U);
    if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)nr, U,
                      (lapack_int)nr, ev) != 0)
      status = pm_error(PM_ENUMERIC, "smoothing parameter Hessian failed");
  }
  for (i = 0; status == PM_SUCCESS && i < nr; i++) emax = fmax(emax, fabs(ev[i]));
  for (i = 0; status == PM_SUCCESS && i < nr; i++) step[i] = 0;
  for (j = 0; status == PM_SUCCESS && j < nr; j++) {
    double ug = 0, e = fmax(fabs(ev[j]), PM_NEWTON_EIGEN_FLOOR * emax +
                                             PM_NEWTON_EIGEN_MIN);
    for (i = 0; i < nr; i++) ug += U[i * nr + j] * g[i];
    for (i = 0; i < nr; i++) step[i] -= U[i * nr + j] * ug / e;
  }
  for (i = 0; status == PM_SUCCESS && i < nr; i++) len = fmax(len, fabs(step[i]));
  for (i = 0; status == PM_SUCCESS && len > PM_NEWTON_MAX_STEP && i < nr; i++)
    step[i] *= PM_NEWTON_MAX_STEP / len;
  free(U);
  free(ev);
  return status;
}

/* Columns first.. of the Hessian by forward differences of the exact
 * gradient (all of them for GCV/UBRE, the family parameter's for REML),
 * then made
 * symmetric: averaged where both halves were differenced, copied from the
 * differenced column where the other half is exact. */
static int difference_hessian(pm_smoothing *sm, pm_sm_work *w, double *rho,
                              const double *g, double *H, size_t first)
{
  size_t k, l, nr = sm->nrho;
  double V, *gk = malloc(nr * sizeof *gk), eps = PM_HESSIAN_DIFF_STEP;
  double *Hk = malloc(nr * nr * sizeof *Hk);
  int status = gk && Hk ? PM_SUCCESS : pm_error_nomem();

  for (l = first; status == PM_SUCCESS && l < nr; l++) {
    rho[l] += eps;
    status = pm_sm_evaluate(sm, w, rho, 1, &V, gk, Hk);
    rho[l] -= eps;
    for (k = 0; status == PM_SUCCESS && k < nr; k++)
      H[k * nr + l] = (gk[k] - g[k]) / eps;
  }
  for (l = first; status == PM_SUCCESS && l < nr; l++)
    for (k = 0; k < l; k++)
      H[l * nr + k] = H[k * nr + l] =
          k < first ? H[k * nr + l] : (H[k * nr + l] + H[l * nr + k]) / 2;
  free(gk);
  free(Hk);
  return status;
}

/* The bounds of coordinate k: a smoothing parameter's, log theta's, the
 * Tweedie power's, or none (log phi). */
static int coordinate_bounds(const pm_smoothing *sm, size_t k, double *lo,
                             double *hi)
{
  if (k < sm->P->M) {
    *lo = PM_RHO_MIN, *hi = PM_RHO_MAX;
    return 1;
  }
  if (sm->param_joint && k == sm->nrho - 1) {
    int nb = sm->pirls->fam.kind == PM_FAMILY_NEGBIN;
    *lo = nb ? PM_LOG_THETA_MIN : PM_TWEEDIE_P_MIN;
    *hi = nb ? PM_LOG_THETA_MAX : PM_TWEEDIE_P_MAX;
    return 1;
  }
  return 0;
}

/* Gradient components that push a coordinate past its bound do not count:
 * lambda is then effectively infinite (or zero), theta as good as
 * infinite (or zero), the Tweedie power at mgcv's bound. */
static double free_gradient(const pm_smoothing *sm, const double *rho,
                            double *g)
{
  size_t k;
  double gmax = 0, lo, hi;

  for (k = 0; k < sm->nrho; k++) {
    if (coordinate_bounds(sm, k, &lo, &hi) &&
        ((rho[k] >= hi && g[k] < 0) || (rho[k] <= lo && g[k] > 0)))
      g[k] = 0;
    gmax = fmax(gmax, fabs(g[k]));
  }
  return gmax;
}

/* The step cut back to the bounds of each coordinate. */
static void step_within_bounds(const pm_smoothing *sm, const double *rho,
                               double *step)
{
  size_t k;
  double lo, hi;

  for (k = 0; k < sm->nrho; k++)
    if (coordinate_bounds(sm, k, &lo, &hi))
      step[k] = fmin(hi, fmax(lo, rho[k] + step[k])) - rho[k];
}

static void bounded_trial(const pm_smoothing *sm, const double *rho,
                          const double *step, double *trial)
{
  size_t k;
  double lo, hi;

  for (k = 0; k < sm->nrho; k++) {
    trial[k] = rho[k] + step[k];
    if (coordinate_bounds(sm, k, &lo, &hi))
      trial[k] = fmin(hi, fmax(lo, trial[k]));
  }
}

/* Halve the step until the criterion decreases; 1 when a step was taken. */
static int line_search(pm_smoothing *sm, pm_sm_work *w, double *rho,
                       double *step, double *trial, double *V)
{
  int h;
  size_t k;

  for (h = 0; h < PM_NEWTON_MAX_HALVINGS; h++) {
    double Vt;
    bounded_trial(sm, rho, step, trial);
    /* a change at the rounding level of the score counts as no increase:
     * at the optimum the step is then taken and convergence judged */
    if (pm_sm_evaluate(sm, w, trial, 0, &Vt, NULL, NULL) == PM_SUCCESS &&
        Vt <= *V + PM_NEWTON_RISE_TOL * fabs(*V)) {
      memcpy(rho, trial, sm->nrho * sizeof *rho);
      *V = Vt;
      return 1;
    }
    for (k = 0; k < sm->nrho; k++) step[k] /= 2;
  }
  return 0;
}

/* mgcv's stopping rule (newton(), gam.control()$newton$conv.tol = 1e-6):
 * every gradient component below 5 conv.tol and the last change of the
 * score below conv.tol, both relative to |score| (+ the scale).  Stopping
 * where mgcv stops matters on a flat criterion, where a smoothing parameter
 * heads for infinity and the effective degrees of freedom still creep. */
static int mgcv_converged(const pm_smoothing *sm, const pm_sm_work *w,
                          const double *rho, double *g, double V,
                          double V_old)
{
  double scale = sm->method == PM_METHOD_REML
                     ? fabs(log(sm->phi)) + fabs(V)
                     : sm->phi + fabs(V);

  if (w->working) return free_gradient(sm, rho, g) <= PM_WORKING_GRAD_TOL;
  return free_gradient(sm, rho, g) <=
             PM_NEWTON_GRAD_FACTOR * PM_NEWTON_TOL * scale &&
         fabs(V_old - V) <= PM_NEWTON_TOL * scale;
}

static int newton(pm_smoothing *sm, pm_sm_work *w, double *rho)
{
  size_t nr = sm->nrho;
  double V = INFINITY, V_old, decrement, *g = calloc(nr, sizeof *g);
  double *H = calloc(nr * nr, sizeof *H);
  double *step = calloc(nr, sizeof *step), *trial = calloc(nr, sizeof *trial);
  int status = g && H && step && trial ? PM_SUCCESS : pm_error_nomem();

  if (status == PM_SUCCESS) status = pm_sm_evaluate(sm, w, rho, 2, &V, g, H);
  for (sm->iterations = 0;
       status == PM_SUCCESS && sm->iterations < PM_NEWTON_MAX_ITER;
       sm->iterations++) {
    if (free_gradient(sm, rho, g) == 0) {
      sm->converged = 1;
      break;
    }
    if (sm->method != PM_METHOD_REML ||
        (sm->param_joint && !w->working && !w->exact_hessian))
      status = difference_hessian(sm, w, rho, g, H,
                                  sm->method == PM_METHOD_REML ? nr - 1 : 0);
    if (status != PM_SUCCESS) break;
    /* a coordinate held at a bound takes no part in the step (differencing
     * the Hessian may have evaluated its gradient anew), and the decrement
     * counts the step as the bounds let it be taken */
    free_gradient(sm, rho, g);
    if ((status = newton_step(H, g, nr, step)) != PM_SUCCESS) break;
    step_within_bounds(sm, rho, step);
    V_old = V;
    decrement = -cblas_ddot((int)nr, g, 1, step, 1);
    if (!line_search(sm, w, rho, step, trial, &V)) {
      /* no decrease along a descent direction: the optimum to rounding,
       * also where the step promised less than the criterion resolves
       * (each evaluation carries the PIRLS tolerance relative to |V|) */
      status = pm_sm_evaluate(sm, w, rho, 2, &V, g, H);
      sm->converged = status == PM_SUCCESS &&
                      (mgcv_converged(sm, w, rho, g, V, V) ||
                       decrement <= sm->pirls->tol * fabs(V));
      break;
    }
    status = pm_sm_criterion(sm, w, rho, 2, &V, g, H);
    if (status == PM_SUCCESS && mgcv_converged(sm, w, rho, g, V, V_old)) {
      sm->converged = 1;
      break;
    }
  }
  sm->score = V;
  free(g);
  free(H);
  free(step);
  free(trial);
  return status;
}

/* log theta from the maximum likelihood theta at the means of the current
 * beta, within its bounds; kept where the counts there do not look
 * overdispersed (the joint Newton then moves it): a numerical failure of
 * the estimate is no error, a lack of memory is. */
static int theta_from_means(pm_smoothing *sm, double *rho)
{
  pm_pirls *s = sm->pirls;
  int status = pm_pirls_theta_ml(s);

  if (status != PM_SUCCESS && status != PM_ENUMERIC) return status;
  if (status != PM_SUCCESS) {
    pm_error_clear();
    s->fam.theta = exp(rho[sm->nrho - 1]);
    return PM_SUCCESS;
  }
  rho[sm->nrho - 1] =
      fmin(PM_LOG_THETA_MAX, fmax(PM_LOG_THETA_MIN, log(s->fam.theta)));
  s->fam.theta = exp(rho[sm->nrho - 1]);
  return PM_SUCCESS;
}

/* Performance iteration (Gu 1992; Wood 2017, section 6.3.2; what mgcv's
 * bam does): the smoothing parameters of each IRLS step's working linear
 * model, one pass over the rows per step.  On large tables it brings the
 * exact Newton close to the optimum in a few cheap passes.  A negative
 * binomial theta is set to its maximum likelihood value at each step's
 * means, which the joint Newton then moves to the REML optimum. */
static int performance_iteration(pm_smoothing *sm, pm_sm_work *w, double *rho)
{
  pm_pirls *s = sm->pirls;
  double *old = malloc(sm->nrho * sizeof *old), change = INFINITY;
  int status = old ? PM_SUCCESS : pm_error_nomem(), it;
  size_t k, nr = sm->nrho;

  pm_penalty_sum(sm->P, rho, s->S);
  if (status == PM_SUCCESS) status = pm_pirls_start(s);
  /* the working model's Newton moves the smoothing parameters only */
  if (sm->param_joint) sm->nrho--;
  for (it = 0; status == PM_SUCCESS && it < PM_PERFORMANCE_MAX_ITER &&
               change > PM_PERFORMANCE_TOL;
       it++) {
    memcpy(old, rho, nr * sizeof *old);
    if (sm->param_joint) {
      sm->nrho++;
      status = theta_from_means(sm, rho);
      sm->nrho--;
    }
    if (status != PM_SUCCESS ||
        (status = pm_pirls_working_model(s, w->b, &w->c)) != PM_SUCCESS)
      break;
    w->working = 1;
    status = newton(sm, w, rho);
    w->working = 0;
    for (change = 0, k = 0; k < nr; k++)
      change = fmax(change, fabs(rho[k] - old[k]));
  }
  sm->nrho = nr;
  free(old);
  return status;
}

int pm_smoothing_optimize(pm_smoothing *sm)
{
  pm_sm_work w;
  pm_pirls *s = sm->pirls;
  int status = pm_sm_work_begin(sm, &w);
  int theta_joint = sm->param_joint && s->fam.kind == PM_FAMILY_NEGBIN;

  if (status != PM_SUCCESS) return status;
  sm->converged = 0;
  if (status == PM_SUCCESS && !s->started) {
    status = pm_pirls_start_weights(s);
    if (status == PM_SUCCESS) status = initial_rho(sm, sm->rho);
    if (status == PM_SUCCESS && sm->scale_known &&
        sm->method == PM_METHOD_REML && sm->large)
      status = performance_iteration(sm, &w, sm->rho);
    else if (status == PM_SUCCESS && theta_joint) {
      /* log theta starts from the fit at the starting smoothing
       * parameters and theta */
      pm_penalty_sum(sm->P, sm->rho, s->S);
      s->fam.theta = exp(sm->rho[sm->nrho - 1]);
      status = pm_pirls_run(s);
      if (status == PM_SUCCESS) status = theta_from_means(sm, sm->rho);
    }
    if (status == PM_SUCCESS && !sm->scale_known) {
      /* log phi starts from the mean deviance (at the starting Tweedie
       * power, when it is estimated) */
      pm_penalty_sum(sm->P, sm->rho, s->S);
      if (sm->param_joint)
        pm_family_set_param(&s->fam, sm->rho[sm->nrho - 1]);
      status = pm_pirls_run(s);
      sm->rho[sm->P->M] =
          log(fmax(s->dev / (double)s->n, PM_LOG_PHI_START_MIN));
    }
  }
  if (status == PM_SUCCESS) status = newton(sm, &w, sm->rho);
  if (status == PM_SUCCESS && !sm->converged && !w.exact_hessian) {
    /* the fixed-W Hessian did not lead to the optimum: on from where it
     * stopped with the exact one */
    status = pm_sm_use_exact_hessian(&w, s->n);
    if (status == PM_SUCCESS) status = newton(sm, &w, sm->rho);
  }
  pm_sm_work_free(&w);
  return status;
}

int pm_smoothing_derivatives(pm_smoothing *sm, double *V, double *g,
                             double *H)
{
  pm_sm_work w;
  pm_pirls *s = sm->pirls;
  int status = pm_sm_work_begin(sm, &w);

  if (status != PM_SUCCESS) return status;
  if (!s->started) status = pm_pirls_start_weights(s);
  memset(H, 0, sm->nrho * sm->nrho * sizeof *H);
  if (status == PM_SUCCESS) status = pm_sm_evaluate(sm, &w, sm->rho, 2, V, g, H);
  pm_sm_work_free(&w);
  return status;
}
