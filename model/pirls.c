/* pirls.c: penalized iteratively reweighted least squares at fixed
 * smoothing parameters (Wood 2017, section 6.1.1; Wood 2011, section 3.1).
 *
 * The iteration is Newton's method on the penalized deviance
 * D(beta) + beta' S beta, written in increment form,
 *   (X'WX + S) delta = X'u - S beta,  u_i = (y_i - mu_i) / (V_i g'_i),
 * so that the fixed point solves the penalized score equations exactly
 * whatever the rounding in X'WX.  With a canonical link W holds the Fisher
 * weights 1/(V g'^2); otherwise the full Newton weights alpha/(V g'^2),
 * alpha = 1 + (y - mu)(V'/V + g''/g') (Wood 2011, section 3.1), as mgcv
 * uses them for REML.  The zero-inflated Poisson has no variance function:
 * its weights are -d2l/deta2 (Newton) or its expectation (Fisher) and its
 * score dl/deta (Wood, Pya & Saefken 2016, section 3).  A step that raises
 * the penalized deviance is halved.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "gam_internal.h"
#include "pm_alloc.h"
#include "pm_error.h"
#include "pm_threads.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A step may raise the penalized deviance by this much relative to the
 * last one and still count as no increase: rounding in the deviance sum,
 * not divergence.  (mgcv's gam.fit3 uses the looser
 * 10 (0.1 + |Dp|) sqrt(DBL_EPSILON) for the same purpose.) */
#define PM_PIRLS_RISE_TOL 1e-12
/* Step halvings before giving up on a step: after 40 the step is 2^-40 ~
 * 1e-12 of the Newton step, below any change the deviance can resolve
 * (mgcv's gam.fit3 stops after 100, R's glm.fit after maxit). */
#define PM_PIRLS_MAX_HALVINGS 40
/* The deviance offset of the relative convergence test
 * |D - D_old| / (|D| + 0.1) < epsilon: R's glm.fit (and mgcv's gam.fit3
 * for its divergence threshold), so that a deviance near 0 still stops. */
#define PM_PIRLS_DEV_OFFSET 0.1
/* Converged at once when the Newton decrement (about twice the fall in Dp
 * the next step would bring) is below this fraction of the tolerance times
 * |Dp| + 0.1: with the default tolerance 1e-8 a fall of 1e-14 of Dp, at
 * the rounding level of the deviance sum. */
#define PM_PIRLS_DECREMENT_FRACTION 1e-6
/* Otherwise converged when the decrement is below the tolerance and the
 * last step lowered Dp by no more than this relative amount, some 45
 * DBL_EPSILON: the iteration then stops at the rounding floor instead of
 * cycling there. */
#define PM_PIRLS_STALL_TOL 1e-14
/* The step, relative to 1 + |eta|, of the central difference for
 * d2w/deta2: its truncation error is then of order 1e-8 relative, and the
 * rounding in the differenced dw/deta, amplified by 1/step, about 1e-12. */
#define PM_PIRLS_D2W_STEP 1e-4

int pm_pirls_alloc(pm_pirls *s, const pm_model_matrix *m, const pm_family *fam,
                   int newton, int max_iter, double tol)
{
  size_t n = m->n, p = m->p;

  memset(s, 0, sizeof *s);
  s->m = m;
  s->y = m->y;
  s->offset = m->offset;
  s->n = n;
  s->p = p;
  s->fam = *fam;
  s->newton = newton;
  s->max_iter = max_iter;
  s->tol = tol;
  s->beta = calloc(p + 1, sizeof(double));
  s->beta_old = calloc(p + 1, sizeof(double));
  s->step = calloc(p + 1, sizeof(double));
  s->grad = calloc(p + 1, sizeof(double));
  s->eta = pm_rows_calloc(n + 1, sizeof(double));
  s->mu = pm_rows_calloc(n + 1, sizeof(double));
  s->w = pm_rows_calloc(n + 1, sizeof(double));
  s->u = pm_rows_calloc(n + 1, sizeof(double));
  s->A = malloc((p * p + 1) * sizeof(double));
  s->S = calloc(p * p + 1, sizeof(double));
  /* row blocks for X'WX, and room for one p x p matrix */
  s->block = malloc(((PM_ROW_BLOCK > p ? PM_ROW_BLOCK : p) * p + 1) *
                    sizeof(double));
  s->xbv = malloc((pm_mm_coef_size(m) + 1) * sizeof(double));
  if (!s->beta || !s->beta_old || !s->step || !s->grad || !s->eta ||
      !s->mu || !s->w || !s->u || !s->A || !s->S || !s->block || !s->xbv ||
      pm_chol_alloc(&s->H, p) != PM_SUCCESS) {
    pm_pirls_free(s);
    return pm_error_nomem();
  }
  return PM_SUCCESS;
}

void pm_pirls_free(pm_pirls *s)
{
  free(s->beta);
  free(s->beta_old);
  free(s->step);
  free(s->grad);
  free(s->eta);
  free(s->mu);
  free(s->w);
  free(s->u);
  free(s->A);
  free(s->S);
  free(s->block);
  free(s->xbv);
  pm_chol_free(&s->H);
  memset(s, 0, sizeof *s);
}

/* Weight, score and dw/deta of one row at mean mu (Fisher or Newton). */
static void row_weight(const pm_family *fam, int newton, double y, double mu,
                       double *w, double *u, double *dw)
{
  double g[3], v[3], wf, a = 1, ga, va;

  if (fam->kind == PM_FAMILY_ZIP) { /* mu is the linear predictor */
    double d[4];
    pm_zip_derivs(fam, y, mu, d);
    *w = newton ? d[1] : d[3];
    *u = d[0];
    if (dw) *dw = d[2];
    return;
  }
  pm_link_derivs(fam->link, mu, g);
  pm_family_variance(fam, mu, v);
  wf = 1 / (v[0] * g[0] * g[0]);
  va = v[1] / v[0];
  ga = g[1] / g[0];
  if (newton) a = 1 + (y - mu) * (va + ga);
  *w = a * wf;
  *u = (y - mu) / (v[0] * g[0]);
  if (dw) {
    double da = 0;
    if (newton)
      da = -(va + ga) + (y - mu) * (v[2] / v[0] - va * va + g[2] / g[0] -
                                    ga * ga);
    *dw = wf * (da - a * (va + 2 * ga)) / g[0];
  }
}

void pm_pirls_row_weights(const pm_pirls *s, size_t i0, size_t nb, double *dw)
{
  long i;

#pragma omp parallel for schedule(static)
  for (i = (long)i0; i < (long)(i0 + nb); i++)
    row_weight(&s->fam, s->newton, s->y[i], s->mu[i], &s->w[i], &s->u[i],
               dw ? &dw[(size_t)i - i0] : NULL);
}

void pm_pirls_row_d2w(const pm_pirls *s, size_t i0, size_t nb, double *d2w)
{
  size_t i;

  /* central difference of the exact dw/deta: the second derivative of the
   * Newton weights needs link and variance derivatives one order higher
   * than the families provide */
  for (i = i0; i < i0 + nb; i++) {
    double eta = s->eta[i], h = PM_PIRLS_D2W_STEP * (1 + fabs(eta));
    double w, u, dp, dm;
    row_weight(&s->fam, s->newton, s->y[i], pm_link_mu(s->fam.link, eta + h),
               &w, &u, &dp);
    row_weight(&s->fam, s->newton, s->y[i], pm_link_mu(s->fam.link, eta - h),
               &w, &u, &dm);
    d2w[i - i0] = (dp - dm) / (2 * h);
  }
}

int pm_pirls_param_score(const pm_pirls *s, double *du, double *xdu,
                         double *ddev)
{
  double d[3];
  size_t i;

  *ddev = 0;
  for (i = 0; i < s->n; i++) {
    pm_family_dparam(&s->fam, s->y[i], s->mu[i], d);
    *ddev += d[0];
    du[i] = d[1];
  }
  return pm_mm_xtv(s->m, du, xdu);
}

void pm_pirls_row_dw_dparam(const pm_pirls *s, size_t i0, size_t nb,
                            double *dwt)
{
  double d[3];
  size_t i;

  for (i = 0; i < nb; i++) {
    pm_family_dparam(&s->fam, s->y[i0 + i], s->mu[i0 + i], d);
    dwt[i] = d[2];
  }
}

/* pm_family_dparam's derivatives at parameter value x + dx and mean mu,
 * into d. */
static void dparam_at(const pm_family *fam, double x, double dx, double y,
                      double mu, double d[3])
{
  pm_family f = *fam;
  pm_family_set_param(&f, x + dx);
  pm_family_dparam(&f, y, mu, d);
}

void pm_pirls_row_dparam2(const pm_pirls *s, double x, size_t i0, size_t nb,
                          double *out)
{
  double hx = PM_PIRLS_D2W_STEP * (1 + fabs(x));
  long i;

  /* central differences of the exact first derivatives, as for d2w/deta2:
   * in x for D_xx, u_xx and w_xx, in eta for d(w_x)/deta */
#pragma omp parallel for schedule(static)
  for (i = (long)i0; i < (long)(i0 + nb); i++) {
    double eta = s->eta[i], he = PM_PIRLS_D2W_STEP * (1 + fabs(eta));
    double p[3], m[3], *o = out + ((size_t)i - i0) * PM_DX2_N;
    dparam_at(&s->fam, x, hx, s->y[i], s->mu[i], p);
    dparam_at(&s->fam, x, -hx, s->y[i], s->mu[i], m);
    o[PM_DX2_DEV] = (p[0] - m[0]) / (2 * hx);
    o[PM_DX2_U] = (p[1] - m[1]) / (2 * hx);
    o[PM_DX2_W] = (p[2] - m[2]) / (2 * hx);
    dparam_at(&s->fam, x, 0, s->y[i], pm_link_mu(s->fam.link, eta + he), p);
    dparam_at(&s->fam, x, 0, s->y[i], pm_link_mu(s->fam.link, eta - he), m);
    o[PM_DX2_WETA] = (p[2] - m[2]) / (2 * he);
    dparam_at(&s->fam, x, 0, s->y[i], s->mu[i], p);
    o[PM_DX2_WX] = p[2];
  }
}

/* eta and mu of rows i0 to i1 at s->beta, and their deviance when asked
 * (else 0). */
static double predict_chunk(pm_pirls *s, size_t i0, size_t i1,
                            int with_deviance)
{
  size_t i;
  double dev = 0;

  pm_mm_xb(s->m, s->beta, s->xbv, i0, i1, s->eta + i0);
  for (i = i0; i < i1; i++) {
    s->eta[i] += s->offset[i];
    s->mu[i] = pm_link_mu(s->fam.link, s->eta[i]);
  }
  for (i = i0; with_deviance && i < i1; i++)
    dev += pm_family_deviance(&s->fam, s->y[i], s->mu[i]);
  return dev;
}

/* eta and mu at s->beta, and the deviance when asked (else 0): by the row
 * chunks of pm_threads.h, their deviances added in chunk order. */
static double predict_rows(pm_pirls *s, int with_deviance)
{
  size_t nc = pm_threads_chunks(s->n);
  double part[PM_THREADS_MAX_CHUNKS], dev = 0;
  long c;

  pm_mm_xb_prepare(s->m, s->beta, s->xbv);
#pragma omp parallel for schedule(dynamic, 1)
  for (c = 0; c < (long)nc; c++)
    part[c] = predict_chunk(s, pm_threads_chunk_start(s->n, nc, (size_t)c),
                            pm_threads_chunk_start(s->n, nc, (size_t)c + 1),
                            with_deviance);
  for (c = 0; c < (long)nc; c++) dev += part[c];
  return dev;
}

static double quad_form(const double *S, const double *b, double *tmp,
                        size_t p)
{
  cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, 1.0, S, (int)p, b, 1, 0.0,
              tmp, 1);
  return cblas_ddot((int)p, b, 1, tmp, 1);
}

int pm_pirls_theta_ml(pm_pirls *s)
{
  double theta, se;
  int status;

  predict_rows(s, 0);
  status = pm_negbin_theta_ml(s->y, s->mu, s->n, &theta, &se);
  if (status == PM_SUCCESS) s->fam.theta = theta;
  return status;
}

int pm_pirls_working_model(pm_pirls *s, double *b, double *c)
{
  size_t p = s->p, i;
  int status;

  s->dev = predict_rows(s, 0); /* the performance iteration needs no deviance */
  pm_pirls_row_weights(s, 0, s->n, NULL);
  if ((status = pm_mm_xtwx(s->m, s->w, s->block, s->A)) != PM_SUCCESS ||
      (status = pm_mm_xtv(s->m, s->u, s->step)) != PM_SUCCESS)
    return status;
  /* X'Wz = X'W X beta + X'u */
  cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, 1.0, s->A, (int)p, s->beta,
              1, 0.0, b, 1);
  cblas_daxpy((int)p, 1.0, s->step, 1, b, 1);
  /* z'Wz with z_i = (eta_i - offset_i) + u_i / w_i */
  for (*c = 0, i = 0; i < s->n; i++) {
    double z = s->eta[i] - s->offset[i] + s->u[i] / s->w[i];
    *c += s->w[i] * z * z;
  }
  return PM_SUCCESS;
}

/* X'WX + S factored; PM_ENUMERIC names no terms: the caller knows them. */
static int factor_hessian(pm_pirls *s)
{
  size_t k, p = s->p;
  double *Hs = s->block;
  int status;

  for (k = 0; k < p * p; k++) Hs[k] = s->A[k] + s->S[k];
  status = pm_chol_factor(&s->H, Hs);
  return status;
}

int pm_pirls_start_weights(pm_pirls *s)
{
  size_t i;

  s->dev_prev = 0;
  for (i = 0; i < s->n; i++) {
    double g[3], v[3], mu = pm_family_mustart(&s->fam, s->y[i]);
    double eta = pm_link_eta(s->fam.link, mu);
    s->dev_prev += pm_family_deviance(&s->fam, s->y[i], mu);
    if (s->fam.kind == PM_FAMILY_ZIP) {
      /* the Fisher weight and working response at the starting gamma */
      double d[4];
      pm_zip_derivs(&s->fam, s->y[i], eta, d);
      s->w[i] = d[3];
      s->u[i] = s->w[i] * (eta - s->offset[i]) + d[0];
      continue;
    }
    pm_link_derivs(s->fam.link, mu, g);
    pm_family_variance(&s->fam, mu, v);
    s->w[i] = 1 / (v[0] * g[0] * g[0]);
    s->u[i] = s->w[i] * (eta - s->offset[i] + (s->y[i] - mu) * g[0]);
  }
  return pm_mm_xtwx(s->m, s->w, s->block, s->A);
}

/* Starting coefficients: one weighted least squares fit to the working
 * response at the family's starting means (R's glm.fit, first iteration);
 * u holds W z. */
int pm_pirls_start(pm_pirls *s)
{
  int status;

  if ((status = pm_pirls_start_weights(s)) != PM_SUCCESS ||
      (status = factor_hessian(s)) != PM_SUCCESS ||
      (status = pm_mm_xtv(s->m, s->u, s->beta)) != PM_SUCCESS)
    return status;
  pm_chol_solve(&s->H, s->beta);
  s->started = 1;
  return PM_SUCCESS;
}

int pm_pirls_fisher(pm_pirls *s)
{
  int status;

  s->newton = 0;
  pm_pirls_row_weights(s, 0, s->n, NULL);
  if ((status = pm_mm_xtwx(s->m, s->w, s->block, s->A)) != PM_SUCCESS)
    return status;
  return factor_hessian(s);
}

int pm_pirls_run(pm_pirls *s)
{
  size_t p = s->p;
  double Dp = 0, Dp_old = INFINITY, decrement = INFINITY;
  int status = PM_SUCCESS, halvings = 0, stalled = 0;

  if (!s->started && (status = pm_pirls_start(s)) != PM_SUCCESS)
    return status;
  s->converged = 0;
  for (s->iterations = 0; s->iterations < s->max_iter; s->iterations++) {
    s->dev = predict_rows(s, 1);
    s->pen = quad_form(s->S, s->beta, s->step, p);
    Dp = s->dev + s->pen;
    if (!isfinite(Dp) || Dp > Dp_old + PM_PIRLS_RISE_TOL * fabs(Dp_old)) {
      if (++halvings > PM_PIRLS_MAX_HALVINGS) {
        if (!(decrement <= s->tol * (fabs(Dp_old) + PM_PIRLS_DEV_OFFSET)))
          break;
        /* no step helps at the rounding floor: stop at the last iterate */
        memcpy(s->beta, s->beta_old, p * sizeof *s->beta);
        Dp_old = INFINITY;
        stalled = 1;
        continue;
      }
      /* step halving (R's glm.fit, mgcv's gam.fit3) */
      cblas_daxpy((int)p, 1.0, s->beta_old, 1, s->beta, 1);
      cblas_dscal((int)p, 0.5, s->beta, 1);
      continue;
    }
    halvings = 0;
    if (s->glm_stop) {
      /* R's glm.fit: stop on the relative change of the deviance, keeping
       * the weights of the last iteration */
      if (fabs(Dp - s->dev_prev) < s->tol * (fabs(Dp) + PM_PIRLS_DEV_OFFSET)) {
        s->converged = 1;
        break;
      }
      s->dev_prev = Dp;
    }
    pm_pirls_row_weights(s, 0, s->n, NULL);
    if ((status = pm_mm_xtwx(s->m, s->w, s->block, s->A)) != PM_SUCCESS ||
        (status = factor_hessian(s)) != PM_SUCCESS ||
        (status = pm_mm_xtv(s->m, s->u, s->grad)) != PM_SUCCESS)
      return status;
    /* grad = X'u - S beta */
    cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, -1.0, s->S, (int)p,
                s->beta, 1, 1.0, s->grad, 1);
    memcpy(s->step, s->grad, p * sizeof *s->step);
    pm_chol_solve(&s->H, s->step);
    decrement = cblas_ddot((int)p, s->grad, 1, s->step, 1);
    /* Newton decrement negligible, or at the rounding floor of the
     * gradient: the penalized deviance no longer moves */
    if (stalled || (!s->glm_stop &&
        (decrement <= s->tol * PM_PIRLS_DECREMENT_FRACTION *
                           (fabs(Dp) + PM_PIRLS_DEV_OFFSET) ||
         (decrement <= s->tol * (fabs(Dp) + PM_PIRLS_DEV_OFFSET) &&
          Dp_old - Dp <= PM_PIRLS_STALL_TOL * fabs(Dp))))) {
      s->converged = 1;
      break;
    }
    memcpy(s->beta_old, s->beta, p * sizeof *s->beta);
    Dp_old = Dp;
    cblas_daxpy((int)p, 1.0, s->step, 1, s->beta, 1);
  }
  return status;
}
