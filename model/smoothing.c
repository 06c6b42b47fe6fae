/* smoothing.c: choosing the smoothing parameters.
 *
 * REML: the Laplace approximate restricted likelihood of Wood (2011, JRSSB
 * 73:3-36, eq. 4 and section 3; the form mgcv's gam.fit3 evaluates),
 *   V(rho) = Dp/(2 phi) - ls(phi) + log|X'WX + S|/2 - log|S|+/2
 *            - Mp/2 log(2 pi phi),
 * with Dp the penalized deviance at the PIRLS optimum, ls the saturated
 * log-likelihood and Mp the dimension of the penalty null space.  UBRE
 * (known scale) D/n + 2 tau/n - 1 and GCV n D/(n - tau)^2 with tau the
 * effective degrees of freedom (Wood 2008, JRSSB 70:495-518).
 *
 * The criterion is minimised by Newton's method on rho = log(lambda) (and
 * log phi), nested around PIRLS.  Gradients are exact, including the
 * dependence of W on rho through beta (Wood 2011, section 3.2:
 * dbeta/drho_k = -lambda_k H^-1 S_k beta and dw_i/drho_k =
 * dw_i/deta_i x_i' dbeta/drho_k), and so is the REML Hessian (appendix A
 * there), so that the Newton path, and with mgcv's stopping rule the point
 * where it stops on a flat criterion, are mgcv's; the GCV/UBRE Hessian is
 * taken by differencing the exact gradient.  Steps are
 * bounded and halved until the criterion decreases.
 *
 * A family parameter x, the negative binomial's log theta or the Tweedie
 * power p, is one more coordinate of the same Newton iteration, as mgcv's
 * extended families have it (Wood, Pya & Saefken 2016, JASA 111:1548-1563,
 * section 3).  Its gradient is exact: at the PIRLS optimum the penalized
 * deviance is stationary in beta, so
 *   dV/dx = (dD/dx)/(2 phi) - dls/dx + tr(H^-1 X' diag(dw/dx) X)/2,
 * with dw_i = (dw_i/dx)|eta + w'_i x_i' dbeta and dbeta/dx = H^-1 X' du/dx,
 * from differentiating the penalized score equations X'u - S beta = 0.
 * Its row of the Hessian is exact too: x is one more direction of the
 * second derivatives of beta and of the weights, with w's own dependence
 * on x (pm_pirls_row_dparam2); on large tables, whose Hessian leaves out
 * the terms in dW/drho, it is taken by differencing the exact gradient.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "count_table.h"
#include "gam_internal.h"
#include "pm_error.h"

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

typedef struct {
  size_t p, M;
  /* directions of dbeta: the M smoothing parameters, and the family
   * parameter x; those of the Hessian's computed part (M, or nd when the
   * exact Hessian includes x) */
  size_t nd, nh;
  double *dwt; /* a row block's dw/dx at fixed eta */
  double *du;  /* du/dx per row */
  double *Hinv, *Sb, *db, *T, *bSb, *trHS, *extra, *K;
  double *det1, *det2, *rowbuf, *XD, *dw, *h;
  double *xrows; /* a row block of a compact model matrix, made dense */
  /* the exact REML Hessian, over the nd directions a (rho_k, then x):
   * per row h_i, w'_i, w''_i and dw_i/da (a-major), P_a = X' diag(dw/da)
   * X, G_a = H^-1 dH/da, d2beta/da db, its product with a row block, and
   * sum_i d2w_i/da db h_i */
  double *hrow, *dwrow, *d2wrow, *wk, *P, *G, *B2, *XB2, *W2;
  /* ... and for x: X' du/dx, X' d2u/dx2, X' diag(dw/dx|eta) X, a row
   * block of pm_pirls_row_dparam2, the deviance's dD/dx and d2D/dx2, and
   * the saturated log-likelihood's d2ls/dx2 and d2ls/dx dphi */
  double *xux, *xuxx, *Pwx, *dx2, dxx, lsxx, lsxphi;
  /* performance iteration: the working model's X'Wz, and whether the
   * criterion is the working model's (no PIRLS) */
  double *b, c;
  int working;
  /* the Hessian's terms in dW/drho: left out on large tables, where they
   * are O(1/n) of the rest and cost M + 1 passes over the rows */
  int exact_hessian;
  /* the saturated log-likelihood, its derivatives in phi and in x; kept
   * when it does not change (known scale, no x) */
  double ls[4];
  int ls_known;
  pm_count_table counts; /* theta estimated: the counts, once per fit */
  size_t *Toff;
} workspace;

static void work_free(workspace *w)
{
  free(w->Hinv);
  free(w->Sb);
  free(w->db);
  free(w->T);
  free(w->bSb);
  free(w->trHS);
  free(w->extra);
  free(w->K);
  free(w->det1);
  free(w->det2);
  free(w->rowbuf);
  free(w->xrows);
  free(w->XD);
  free(w->dw);
  free(w->h);
  free(w->hrow);
  free(w->dwrow);
  free(w->d2wrow);
  free(w->wk);
  free(w->P);
  free(w->G);
  free(w->B2);
  free(w->XB2);
  free(w->W2);
  free(w->b);
  free(w->Toff);
  free(w->dwt);
  free(w->du);
  free(w->xux);
  free(w->xuxx);
  free(w->Pwx);
  free(w->dx2);
  pm_count_table_free(&w->counts);
}

static int work_alloc(workspace *w, const pm_penalty *P, size_t p, size_t n,
                      int param_joint, int xd)
{
  size_t M = P->M, k, tsize = 0, nd = M + (param_joint ? 1 : 0);

  memset(w, 0, sizeof *w);
  w->p = p;
  w->M = M;
  w->nd = nd;
  w->Toff = calloc(M + 1, sizeof *w->Toff);
  for (k = 0; w->Toff && k < M; k++) {
    w->Toff[k] = tsize;
    tsize += p * P->pen[k].ncoef;
  }
  w->Hinv = malloc(p * p * sizeof(double));
  w->K = malloc(p * p * sizeof(double));
  w->Sb = calloc(M * p + 1, sizeof(double));
  w->db = calloc(nd * p + 1, sizeof(double));
  w->T = malloc((tsize + 1) * sizeof(double));
  w->bSb = calloc(M + 1, sizeof(double));
  w->trHS = calloc(M + 1, sizeof(double));
  w->extra = calloc(nd + 1, sizeof(double));
  w->det1 = calloc(M + 1, sizeof(double));
  w->det2 = calloc(M * M + 1, sizeof(double));
  w->rowbuf = malloc((PM_ROW_BLOCK > p ? PM_ROW_BLOCK : p) * p *
                     sizeof(double));
  if (xd)
    w->xrows = malloc(PM_ROW_BLOCK * p * sizeof(double));
  w->XD = malloc((PM_ROW_BLOCK * nd + 1) * sizeof(double));
  w->dwt = malloc(PM_ROW_BLOCK * sizeof(double));
  w->dw = malloc(PM_ROW_BLOCK * sizeof(double));
  w->h = malloc(PM_ROW_BLOCK * sizeof(double));
  w->hrow = malloc((n + 1) * sizeof(double));
  w->P = malloc((nd * p * p + 1) * sizeof(double));
  w->G = malloc((nd * p * p + 1) * sizeof(double));
  w->B2 = malloc((nd * nd * p + 1) * sizeof(double));
  w->XB2 = malloc((PM_ROW_BLOCK * nd * nd + 1) * sizeof(double));
  w->W2 = malloc((nd * nd + 1) * sizeof(double));
  w->b = malloc((p + 1) * sizeof(double));
  if (param_joint) {
    w->du = malloc((n + 1) * sizeof(double));
    w->xux = malloc(p * sizeof(double));
    w->xuxx = malloc(p * sizeof(double));
    w->Pwx = malloc(p * p * sizeof(double));
    w->dx2 = malloc(PM_ROW_BLOCK * PM_DX2_N * sizeof(double));
  }
  if ((param_joint &&
       (!w->du || !w->xux || !w->xuxx || !w->Pwx || !w->dx2)) ||
      !w->Toff || !w->Hinv || !w->K || !w->Sb ||
      !w->db || !w->T ||
      !w->bSb || !w->trHS || !w->extra || !w->det1 || !w->det2 ||
      !w->rowbuf || (xd && !w->xrows) || !w->XD || !w->dw || !w->h ||
      !w->hrow || !w->P || !w->G || !w->B2 || !w->XB2 ||
      !w->W2 || !w->b || !w->dwt) {
    work_free(w);
    return pm_error_nomem();
  }
  return PM_SUCCESS;
}

/* The exact Hessian from here on: its per-row arrays w', w'' and dw/da
 * (n (nd + 2) doubles, which the fixed-W Hessian of large tables does
 * without). */
static int use_exact_hessian(workspace *w, size_t n)
{
  if (!w->wk) w->wk = malloc((w->nd * n + 1) * sizeof(double));
  if (!w->dwrow) w->dwrow = malloc((n + 1) * sizeof(double));
  if (!w->d2wrow) w->d2wrow = malloc((n + 1) * sizeof(double));
  if (!w->wk || !w->dwrow || !w->d2wrow) return pm_error_nomem();
  w->exact_hessian = 1;
  return PM_SUCCESS;
}

/* S_k beta, beta' S_k beta, dbeta/drho_k, tr(H^-1 S_k) and
 * T_k = H^-1[:, block k] S_k for every penalty. */
static void penalty_terms(const pm_smoothing *sm, workspace *w,
                          const double *rho)
{
  const pm_penalty *P = sm->P;
  const double *beta = sm->pirls->beta;
  size_t k, i, p = w->p;

  for (k = 0; k < w->M; k++) {
    const pm_design_penalty *pk = &P->pen[k];
    size_t q = pk->ncoef, f = pk->first;
    double lambda = exp(rho[k]), *Sb = w->Sb + k * p, *T = w->T + w->Toff[k];
    memset(Sb, 0, p * sizeof *Sb);
    cblas_dsymv(CblasRowMajor, CblasUpper, (int)q, 1.0, pk->S, (int)q,
                beta + f, 1, 0.0, Sb + f, 1);
    w->bSb[k] = cblas_ddot((int)q, beta + f, 1, Sb + f, 1);
    cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, -lambda, w->Hinv, (int)p,
                Sb, 1, 0.0, w->db + k * p, 1);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)q,
                (int)q, 1.0, w->Hinv + f, (int)p, pk->S, (int)q, 0.0, T,
                (int)q);
    w->trHS[k] = 0;
    for (i = 0; i < q; i++) w->trHS[k] += T[(f + i) * q + i];
  }
}

/* tr(H^-1 S_k H^-1 S_l) from the T matrices. */
static double trace_pair(const pm_smoothing *sm, const workspace *w, size_t k,
                         size_t l)
{
  const pm_design_penalty *pk = &sm->P->pen[k], *pl = &sm->P->pen[l];
  const double *Tk = w->T + w->Toff[k], *Tl = w->T + w->Toff[l];
  size_t a, b;
  double t = 0;

  for (a = 0; a < pk->ncoef; a++)
    for (b = 0; b < pl->ncoef; b++)
      t += Tk[(pl->first + b) * pk->ncoef + a] *
           Tl[(pk->first + a) * pl->ncoef + b];
  return t;
}

/* One pass over the rows: extra_k = sum_i dw_i/drho_k * r_i, where r_i is
 * the leverage x_i' H^-1 x_i (REML) or x_i' K x_i with K = H^-1 S H^-1
 * (GCV/UBRE); and with a family parameter x, extra_M = sum_i dw_i/dx
 * r_i. */
static void row_pass(const pm_smoothing *sm, workspace *w, int reml)
{
  const pm_pirls *s = sm->pirls;
  size_t i0, i, k, p = w->p, M = w->M, nd = w->nd;

  memset(w->extra, 0, nd * sizeof *w->extra);
  for (i0 = 0; i0 < s->n; i0 += PM_ROW_BLOCK) {
    size_t nb = s->n - i0 < PM_ROW_BLOCK ? s->n - i0 : PM_ROW_BLOCK;
    const double *Xb = pm_mm_rows(s->m, i0, nb, w->xrows);
    pm_pirls_row_weights(s, i0, nb, w->dw);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)nd,
                (int)p, 1.0, Xb, (int)p, w->db, (int)p, 0.0, w->XD, (int)nd);
    if (reml) {
      memcpy(w->rowbuf, Xb, nb * p * sizeof *Xb);
      pm_chol_whiten_rows(&s->H, w->rowbuf, nb);
      for (i = 0; i < nb; i++)
        w->h[i] = cblas_ddot((int)p, w->rowbuf + i * p, 1, w->rowbuf + i * p, 1);
      if (w->exact_hessian) {
        memcpy(w->hrow + i0, w->h, nb * sizeof *w->h);
        memcpy(w->dwrow + i0, w->dw, nb * sizeof *w->dw);
        pm_pirls_row_d2w(s, i0, nb, w->d2wrow + i0);
        for (i = 0; i < nb; i++)
          for (k = 0; k < M; k++)
            w->wk[k * s->n + i0 + i] = w->dw[i] * w->XD[i * nd + k];
      }
    } else {
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nb, (int)p,
                  (int)p, 1.0, Xb, (int)p, w->K, (int)p, 0.0, w->rowbuf,
                  (int)p);
      for (i = 0; i < nb; i++)
        w->h[i] = cblas_ddot((int)p, w->rowbuf + i * p, 1, Xb + i * p, 1);
    }
    for (i = 0; i < nb; i++)
      for (k = 0; k < M; k++) w->extra[k] += w->dw[i] * w->XD[i * nd + k] * w->h[i];
    if (nd == M) continue;
    pm_pirls_row_dw_dparam(s, i0, nb, w->dwt);
    for (i = 0; i < nb; i++) {
      double c = w->dwt[i] + w->dw[i] * w->XD[i * nd + M];
      w->extra[M] += c * w->h[i];
      if (reml && w->exact_hessian) w->wk[M * s->n + i0 + i] = c;
    }
  }
}

/* The same sums without the rows' products with dbeta, for the fixed-W
 * Hessian: with dw_i/drho_k = w'_i (X dbeta_k)_i,
 *   extra_k = sum_i w'_i r_i (X dbeta_k)_i = dbeta_k' X'(w' r),
 * one product X'(w' r) for every direction; r_i from pm_mm_quad_diag,
 * which a compact model matrix forms from its tables. */
static int leverage_pass(const pm_smoothing *sm, workspace *w, int reml)
{
  const pm_pirls *s = sm->pirls;
  double *r = w->hrow, *xr = w->rowbuf, dx = 0;
  size_t i0, i, k, p = w->p, M = w->M;
  int status = pm_mm_quad_diag(s->m, reml ? w->Hinv : w->K, r);

  if (status != PM_SUCCESS) return status;
  /* r becomes w' r block by block, and extra_M gathers dw/dx r */
  for (i0 = 0; i0 < s->n; i0 += PM_ROW_BLOCK) {
    size_t nb = s->n - i0 < PM_ROW_BLOCK ? s->n - i0 : PM_ROW_BLOCK;
    pm_pirls_row_weights(s, i0, nb, w->dw);
    if (w->nd > M) {
      pm_pirls_row_dw_dparam(s, i0, nb, w->dwt);
      dx += cblas_ddot((int)nb, w->dwt, 1, r + i0, 1);
    }
    for (i = 0; i < nb; i++) r[i0 + i] *= w->dw[i];
  }
  if ((status = pm_mm_xtv(s->m, r, xr)) != PM_SUCCESS) return status;
  for (k = 0; k < w->nd; k++)
    w->extra[k] = (k == M ? dx : 0) +
                  cblas_ddot((int)p, w->db + k * p, 1, xr, 1);
  return PM_SUCCESS;
}

/* The sums of row_pass, by whichever pass the Hessian needs. */
static int leverage_sums(const pm_smoothing *sm, workspace *w, int reml)
{
  if (!w->exact_hessian) return leverage_pass(sm, w, reml);
  row_pass(sm, w, reml);
  return PM_SUCCESS;
}

/* dbeta/dx = H^-1 X' du/dx into db's last direction, and the derivative
 * of the deviance into *ddev. */
static int param_direction(const pm_smoothing *sm, workspace *w,
                           double *ddev)
{
  size_t p = w->p;
  int status = pm_pirls_param_score(sm->pirls, w->du, w->xux, ddev);

  if (status != PM_SUCCESS) return status;
  cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, 1.0, w->Hinv, (int)p,
              w->xux, 1, 0.0, w->db + w->M * p, 1);
  return PM_SUCCESS;
}

static double log_2pi(void) { return log(2 * M_PI); }

/* d2beta/drho_k drho_l = -H^-1 ((P_l + lambda_l S_l) dbeta_k
 * + delta_kl lambda_k S_k beta + lambda_k S_k dbeta_l), from
 * differentiating H dbeta_k = -lambda_k S_k beta (Wood 2011, appendix A). */
static void rho_rho_beta(const pm_smoothing *sm, workspace *w,
                         const double *rho, size_t k, size_t l, double *b2)
{
  const pm_design_penalty *pk = &sm->P->pen[k], *pl = &sm->P->pen[l];
  size_t p = w->p;
  double lk = exp(rho[k]), *t = w->rowbuf;

  cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, 1.0, w->P + l * p * p,
              (int)p, w->db + k * p, 1, 0.0, t, 1);
  if (k == l) cblas_daxpy((int)p, lk, w->Sb + k * p, 1, t, 1);
  cblas_dsymv(CblasRowMajor, CblasUpper, (int)pk->ncoef, lk, pk->S,
              (int)pk->ncoef, w->db + l * p + pk->first, 1, 1.0,
              t + pk->first, 1);
  cblas_dsymv(CblasRowMajor, CblasUpper, (int)pl->ncoef, exp(rho[l]), pl->S,
              (int)pl->ncoef, w->db + k * p + pl->first, 1, 1.0,
              t + pl->first, 1);
  cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, -1.0, w->Hinv, (int)p, t, 1,
              0.0, b2, 1);
}

/* d2beta/dx da = H^-1 (delta_ax X' d2u/dx2 - X' diag(w_x) X dbeta_a
 * - (dH/da) dbeta_x), from differentiating H dbeta_x = X' du/dx in the
 * direction a (du_i/deta_i = -w_i, so d(du_i/dx)/deta_i = -w_x,i). */
static void x_beta(const pm_smoothing *sm, workspace *w, const double *rho,
                   size_t a, double *b2)
{
  size_t p = w->p, M = w->M;
  const double *bx = w->db + M * p;
  double *t = w->rowbuf;

  cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, -1.0, w->Pwx, (int)p,
              w->db + a * p, 1, 0.0, t, 1);
  cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, -1.0, w->P + a * p * p,
              (int)p, bx, 1, 1.0, t, 1);
  if (a < M) {
    const pm_design_penalty *pa = &sm->P->pen[a];
    cblas_dsymv(CblasRowMajor, CblasUpper, (int)pa->ncoef, -exp(rho[a]),
                pa->S, (int)pa->ncoef, bx + pa->first, 1, 1.0, t + pa->first,
                1);
  } else
    cblas_daxpy((int)p, 1.0, w->xuxx, 1, t, 1);
  cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, 1.0, w->Hinv, (int)p, t, 1,
              0.0, b2, 1);
}

/* d2beta/da db for the nh directions of the Hessian. */
static void second_beta(const pm_smoothing *sm, workspace *w,
                        const double *rho)
{
  size_t a, b, p = w->p, M = w->M, nh = w->nh;

  for (a = 0; a < nh; a++)
    for (b = 0; b < nh; b++) {
      double *b2 = w->B2 + (a * nh + b) * p;
      if (a < M && b < M)
        rho_rho_beta(sm, w, rho, a, b, b2);
      else
        x_beta(sm, w, rho, a < M ? a : b, b2);
    }
}

/* W2_ab = sum_i d2w_i/da db h_i with d2w_i/da db =
 * w''_i (X dbeta_a)_i (X dbeta_b)_i + w'_i (X d2beta_ab)_i, plus with x
 * the terms of w's own dependence on it: w_x,eta (X dbeta_b)_i for a = x
 * (and so on) and w_xx for a = b = x. */
static void second_weights(const pm_smoothing *sm, workspace *w, double x)
{
  const pm_pirls *s = sm->pirls;
  size_t i0, i, a, b, p = w->p, M = w->M, nh = w->nh, nh2 = nh * nh;

  memset(w->W2, 0, nh2 * sizeof *w->W2);
  for (i0 = 0; i0 < s->n; i0 += PM_ROW_BLOCK) {
    size_t nb = s->n - i0 < PM_ROW_BLOCK ? s->n - i0 : PM_ROW_BLOCK;
    const double *Xb = pm_mm_rows(s->m, i0, nb, w->xrows);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)nh,
                (int)p, 1.0, Xb, (int)p, w->db, (int)p, 0.0, w->XD, (int)nh);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)nh2,
                (int)p, 1.0, Xb, (int)p, w->B2, (int)p, 0.0, w->XB2,
                (int)nh2);
    if (nh > M) pm_pirls_row_dparam2(s, x, i0, nb, w->dx2);
    for (i = 0; i < nb; i++) {
      double h = w->hrow[i0 + i], d1 = w->dwrow[i0 + i], d2 = w->d2wrow[i0 + i];
      const double *e = w->XD + i * nh, *o = w->dx2 + i * PM_DX2_N;
      for (a = 0; a < nh; a++)
        for (b = 0; b < nh; b++) {
          double v = d2 * e[a] * e[b] + d1 * w->XB2[i * nh2 + a * nh + b];
          if (a == M) v += o[PM_DX2_WETA] * e[b];
          if (b == M) v += o[PM_DX2_WETA] * e[a];
          if (a == M && b == M) v += o[PM_DX2_W];
          w->W2[a * nh + b] += v * h;
        }
    }
  }
}

/* The sums over the rows that the x row of the Hessian needs: d2D/dx2,
 * X' d2u/dx2 and X' diag(w_x) X (du serves as the scratch of a row's
 * values). */
static int x_second(const pm_smoothing *sm, workspace *w, double x)
{
  const pm_pirls *s = sm->pirls;
  size_t i0, i;
  int status;

  w->dxx = 0;
  for (i0 = 0; i0 < s->n; i0 += PM_ROW_BLOCK) {
    size_t nb = s->n - i0 < PM_ROW_BLOCK ? s->n - i0 : PM_ROW_BLOCK;
    pm_pirls_row_dparam2(s, x, i0, nb, w->dx2);
    for (i = 0; i < nb; i++) {
      w->dxx += w->dx2[i * PM_DX2_N + PM_DX2_DEV];
      w->du[i0 + i] = w->dx2[i * PM_DX2_N + PM_DX2_U];
    }
  }
  if ((status = pm_mm_xtv(s->m, w->du, w->xuxx)) != PM_SUCCESS) return status;
  pm_pirls_row_dw_dparam(s, 0, s->n, w->du);
  return pm_mm_xtwx(s->m, w->du, w->rowbuf, w->Pwx);
}

/* G_a = H^-1 (P_a + lambda_a S_a) (no S for x), P_a = X' diag(dw/da) X
 * formed here when form_P (else as it is: zero for the fixed-W Hessian). */
static int dH_products(const pm_smoothing *sm, workspace *w,
                       const double *rho, int form_P)
{
  const pm_pirls *s = sm->pirls;
  size_t k, i, j, p = w->p;
  int status;

  for (k = 0; k < w->nh; k++) {
    double *Pk = w->P + k * p * p;
    if (form_P &&
        (status = pm_mm_xtwx(s->m, w->wk + k * s->n, w->rowbuf, Pk)) !=
            PM_SUCCESS)
      return status;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p,
                (int)p, 1.0, w->Hinv, (int)p, Pk, (int)p, 0.0,
                w->G + k * p * p, (int)p);
    if (k >= w->M) continue;
    /* + lambda_k H^-1[:, block] S_k = lambda_k T_k in the block columns */
    for (i = 0; i < p; i++)
      for (j = 0; j < sm->P->pen[k].ncoef; j++)
        w->G[k * p * p + i * p + sm->P->pen[k].first + j] +=
            exp(rho[k]) * w->T[w->Toff[k] + i * sm->P->pen[k].ncoef + j];
  }
  return PM_SUCCESS;
}

static double trace_product(const double *A, const double *B, size_t p)
{
  size_t a, b;
  double t = 0;

  for (a = 0; a < p; a++)
    for (b = 0; b < p; b++) t += A[a * p + b] * B[b * p + a];
  return t;
}

/* dH/drho_k = lambda_k S_k alone (W held fixed): no X'WX terms. */
static void fixed_weight_terms(const pm_smoothing *sm, workspace *w,
                               const double *rho)
{
  w->nh = w->M;
  memset(w->P, 0, w->M * w->p * w->p * sizeof *w->P);
  memset(w->W2, 0, w->M * w->M * sizeof *w->W2);
  dH_products(sm, w, rho, 0); /* without X'WX products it cannot fail */
}

/* The penalized deviance's part of the Hessian entry of directions a, b:
 * lambda_a b'S_a db_b/phi for a smoothing parameter a (and by symmetry
 * for b), and for a = b = x the derivative of dD/dx/(2 phi) along beta(x),
 * (d2D/dx2 - 2 (X' du/dx)' dbeta_x)/(2 phi) (dD_i/deta_i = -2 u_i). */
static double deviance_hessian(const workspace *w, const double *rho,
                               double phi, size_t a, size_t b)
{
  size_t p = w->p, M = w->M;

  if (b < M && a >= M) a = b, b = M;
  if (a < M)
    return exp(rho[a]) *
           cblas_ddot((int)p, w->Sb + a * p, 1, w->db + b * p, 1) / phi;
  return (w->dxx - 2 * cblas_ddot((int)p, w->xux, 1, w->db + M * p, 1)) /
         (2 * phi);
}

/* The gradient in rho and the Hessian over the nh directions of the REML
 * criterion from its pieces (Wood 2011, section 3 and appendix A):
 *   g_k = lambda_k b'S_k b/(2 phi) + (lambda_k tr(H^-1 S_k) + extra_k)/2
 *         - det1_k/2,
 *   H_ab = delta_ab (lambda_a b'S_a b/(2 phi) + lambda_a tr(H^-1 S_a)/2)
 *          + deviance_hessian + (W2_ab - tr(G_a G_b))/2 - det2_ab/2,
 * the terms in S and det2 for smoothing parameters only, and -d2ls/dx2
 * for a = b = x (the coordinate nrho - 1). */
static void rho_derivatives(const pm_smoothing *sm, const workspace *w,
                            const double *rho, double phi, double *g,
                            double *H)
{
  size_t a, b, p = w->p, M = w->M, nh = w->nh, nr = sm->nrho;

  for (a = 0; a < M; a++) {
    double la = exp(rho[a]);
    g[a] = la * w->bSb[a] / (2 * phi) + (la * w->trHS[a] + w->extra[a]) / 2 -
           w->det1[a] / 2;
  }
  for (a = 0; a < nh; a++)
    for (b = 0; b < nh; b++) {
      double v = deviance_hessian(w, rho, phi, a, b) +
                 (w->W2[a * nh + b] -
                  trace_product(w->G + a * p * p, w->G + b * p * p, p)) / 2;
      if (a == b && a < M)
        v += exp(rho[a]) * (w->bSb[a] / (2 * phi) + w->trHS[a] / 2);
      if (a < M && b < M) v -= w->det2[a * M + b] / 2;
      if (a == M && b == M) v -= w->lsxx;
      H[(a < M ? a : nr - 1) * nr + (b < M ? b : nr - 1)] = v;
    }
}

/* The saturated log-likelihood into w->ls: its value, derivatives in phi
 * and derivative in the family parameter x (the negative binomial's from
 * the table of counts, in log theta). */
static void saturated_ls(const pm_smoothing *sm, workspace *w, double phi,
                         int deriv)
{
  const pm_pirls *s = sm->pirls;
  double t[3];

  if (sm->param_joint && s->fam.kind == PM_FAMILY_NEGBIN) {
    pm_negbin_ls_table(&w->counts, s->fam.theta, t);
    w->ls[0] = t[0], w->ls[1] = w->ls[2] = 0;
    w->ls[3] = t[1], w->lsxx = t[2], w->lsxphi = 0;
  } else if (sm->param_joint) { /* the series' derivatives in p: deriv */
    pm_tweedie_ls(s->y, s->n, phi, s->fam.p, w->ls, deriv ? t : NULL);
    if (deriv) w->ls[3] = t[0], w->lsxx = t[1], w->lsxphi = t[2];
  } else if (!w->ls_known) {
    pm_family_ls(&s->fam, s->y, s->n, phi, w->ls);
    w->ls[3] = 0;
  }
  w->ls_known = sm->scale_known && !sm->param_joint;
}

/* The exact Hessian's pieces: over the smoothing parameters, and x too
 * when it is estimated. */
static int exact_terms(pm_smoothing *sm, workspace *w, const double *rho)
{
  double x = sm->param_joint ? rho[sm->nrho - 1] : 0;
  int status;

  if (sm->param_joint) {
    w->nh = w->nd;
    if ((status = x_second(sm, w, x)) != PM_SUCCESS) return status;
  }
  if ((status = dH_products(sm, w, rho, 1)) != PM_SUCCESS) return status;
  second_beta(sm, w, rho);
  second_weights(sm, w, x);
  return PM_SUCCESS;
}

/* REML criterion at rho; with deriv its gradient, and with deriv > 1 its
 * Hessian too (the family parameter's row only with the exact Hessian:
 * else the caller's). */
static int reml(pm_smoothing *sm, workspace *w, const double *rho, int deriv,
                double *V, double *g, double *H)
{
  const pm_pirls *s = sm->pirls;
  size_t k, M = w->M, nr = sm->nrho;
  double phi = sm->scale_known ? 1.0 : exp(rho[M]), det, *ls = w->ls, ddev = 0;
  double Dp = s->dev + s->pen, Mp = (double)sm->P->null_dim;
  int status = pm_penalty_logdet(sm->P, rho, &det, w->det1, w->det2);

  if (status != PM_SUCCESS) return status;
  saturated_ls(sm, w, phi, deriv);
  *V = Dp / (2 * phi) - ls[0] + s->H.logdet / 2 - det / 2 -
       Mp / 2 * (log_2pi() + log(phi));
  sm->phi = phi;
  if (!deriv) return PM_SUCCESS;
  if (sm->param_joint && (status = param_direction(sm, w, &ddev)))
    return status;
  if ((M > 0 || sm->param_joint) &&
      (status = leverage_sums(sm, w, 1)) != PM_SUCCESS)
    return status;
  w->nh = M;
  if (w->exact_hessian && deriv > 1) {
    if ((status = exact_terms(sm, w, rho)) != PM_SUCCESS) return status;
  } else if (M > 0)
    fixed_weight_terms(sm, w, rho);
  rho_derivatives(sm, w, rho, phi, g, H);
  if (sm->param_joint)
    g[nr - 1] = ddev / (2 * phi) - ls[3] + w->extra[M] / 2;
  if (!sm->scale_known) {
    g[M] = -Dp / (2 * phi) - ls[1] * phi - Mp / 2;
    H[M * nr + M] = Dp / (2 * phi) - ls[2] * phi * phi - ls[1] * phi;
    for (k = 0; k < M; k++)
      H[k * nr + M] = H[M * nr + k] = -exp(rho[k]) * w->bSb[k] / (2 * phi);
    /* d/dx of g_phi: dDp/dx = dD/dx at the PIRLS optimum */
    if (w->nh > M)
      H[M * nr + nr - 1] = H[(nr - 1) * nr + M] =
          -ddev / (2 * phi) - w->lsxphi * phi;
  }
  return PM_SUCCESS;
}

/* GCV/UBRE criterion and its exact gradient at rho. */
static int gcv(pm_smoothing *sm, workspace *w, const double *rho, int deriv,
               double *V, double *g)
{
  const pm_pirls *s = sm->pirls;
  size_t k, p = w->p, M = w->M;
  double n = (double)s->n, tau = 0, D = s->dev;
  double *SH = w->rowbuf; /* p x p scratch: S H^-1 */
  int status;

  for (k = 0; k < p * p; k++) tau += w->Hinv[k] * s->A[k];
  if (sm->scale_known) {
    *V = D / n + 2 * tau / n - 1;
    sm->phi = 1;
  } else {
    *V = n * D / ((n - tau) * (n - tau));
    sm->phi = D / (n - tau);
  }
  if (!deriv) return PM_SUCCESS;
  cblas_dsymm(CblasRowMajor, CblasLeft, CblasUpper, (int)p, (int)p, 1.0,
              s->S, (int)p, w->Hinv, (int)p, 0.0, SH, (int)p);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p,
              (int)p, 1.0, w->Hinv, (int)p, SH, (int)p, 0.0, w->K, (int)p);
  if ((status = leverage_sums(sm, w, 0)) != PM_SUCCESS) return status;
  for (k = 0; k < M; k++) {
    double lk = exp(rho[k]), dD, dtau, trHSHS = 0;
    size_t l;
    double *SbTot = w->rowbuf; /* S_lambda beta */
    cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, 1.0, s->S, (int)p,
                s->beta, 1, 0.0, SbTot, 1);
    dD = -2 * cblas_ddot((int)p, SbTot, 1, w->db + k * p, 1);
    for (l = 0; l < M; l++) trHSHS += exp(rho[l]) * trace_pair(sm, w, k, l);
    dtau = -lk * (w->trHS[k] - trHSHS) + w->extra[k];
    g[k] = sm->scale_known ? dD / n + 2 * dtau / n
                           : n * dD / ((n - tau) * (n - tau)) +
                                 2 * n * D * dtau / pow(n - tau, 3);
  }
  return PM_SUCCESS;
}

/* The REML criterion of the working linear model (A = X'WX, b = X'Wz and
 * c = z'Wz held fixed): beta = (A + S)^-1 b and
 * V = (c - 2 beta'b + beta'(A + S) beta)/2 + log|A + S|/2 - log|S|+/2
 *   = (c - b'beta)/2 + ..., with its exact gradient and Hessian; all p x p
 * work.  (c keeps V on the scale of the deviance, which the relative
 * stopping rule needs.) */
static int working_reml(pm_smoothing *sm, workspace *w, const double *rho,
                        int deriv, double *V, double *g, double *H)
{
  pm_pirls *s = sm->pirls;
  size_t i, p = w->p, M = w->M;
  double det, *Hs = s->block;
  int status;

  pm_penalty_sum(sm->P, rho, s->S);
  for (i = 0; i < p * p; i++) Hs[i] = s->A[i] + s->S[i];
  if ((status = pm_chol_factor(&s->H, Hs)) != PM_SUCCESS ||
      (status = pm_chol_inverse(&s->H, w->Hinv)) != PM_SUCCESS ||
      (status = pm_penalty_logdet(sm->P, rho, &det, w->det1, w->det2)) !=
          PM_SUCCESS)
    return status;
  memcpy(s->beta, w->b, p * sizeof *s->beta);
  pm_chol_solve(&s->H, s->beta);
  *V = (w->c - cblas_ddot((int)p, s->beta, 1, w->b, 1) + s->H.logdet - det) /
       2;
  if (!deriv) return PM_SUCCESS;
  penalty_terms(sm, w, rho);
  memset(w->extra, 0, M * sizeof *w->extra);
  w->nh = M;
  if (M > 0) fixed_weight_terms(sm, w, rho);
  rho_derivatives(sm, w, rho, 1.0, g, H);
  return PM_SUCCESS;
}

/* The criterion (with gradient and, for REML, Hessian when deriv) at the
 * current PIRLS state, which must be the fit at rho. */
static int criterion(pm_smoothing *sm, workspace *w, const double *rho,
                     int deriv, double *V, double *g, double *H)
{
  int status;

  if (w->working) return working_reml(sm, w, rho, deriv, V, g, H);
  if ((status = pm_chol_inverse(&sm->pirls->H, w->Hinv)) != PM_SUCCESS)
    return status;
  if (deriv) penalty_terms(sm, w, rho);
  if (sm->method == PM_METHOD_REML) return reml(sm, w, rho, deriv, V, g, H);
  return gcv(sm, w, rho, deriv, V, g);
}

/* Fit at rho by PIRLS, then the criterion. */
static int evaluate(pm_smoothing *sm, workspace *w, const double *rho,
                    int deriv, double *V, double *g, double *H)
{
  pm_pirls *s = sm->pirls;
  int status;

  if (w->working) return working_reml(sm, w, rho, deriv, V, g, H);
  pm_penalty_sum(sm->P, rho, s->S);
  if (sm->param_joint) pm_family_set_param(&s->fam, rho[sm->nrho - 1]);
  if ((status = pm_pirls_run(s)) != PM_SUCCESS) return status;
  if (!s->converged)
    return pm_error(PM_ENUMERIC,
                    "penalized IRLS did not converge; try a smaller basis "
                    "dimension k, fewer terms, or check the response for "
                    "extreme values");
  return criterion(sm, w, rho, deriv, V, g, H);
}

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
static int difference_hessian(pm_smoothing *sm, workspace *w, double *rho,
                              const double *g, double *H, size_t first)
{
  size_t k, l, nr = sm->nrho;
  double V, *gk = malloc(nr * sizeof *gk), eps = PM_HESSIAN_DIFF_STEP;
  double *Hk = malloc(nr * nr * sizeof *Hk);
  int status = gk && Hk ? PM_SUCCESS : pm_error_nomem();

  for (l = first; status == PM_SUCCESS && l < nr; l++) {
    rho[l] += eps;
    status = evaluate(sm, w, rho, 1, &V, gk, Hk);
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
static int line_search(pm_smoothing *sm, workspace *w, double *rho,
                       double *step, double *trial, double *V)
{
  int h;
  size_t k;

  for (h = 0; h < PM_NEWTON_MAX_HALVINGS; h++) {
    double Vt;
    bounded_trial(sm, rho, step, trial);
    /* a change at the rounding level of the score counts as no increase:
     * at the optimum the step is then taken and convergence judged */
    if (evaluate(sm, w, trial, 0, &Vt, NULL, NULL) == PM_SUCCESS &&
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
static int mgcv_converged(const pm_smoothing *sm, const workspace *w,
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

static int newton(pm_smoothing *sm, workspace *w, double *rho)
{
  size_t nr = sm->nrho;
  double V = INFINITY, V_old, decrement, *g = calloc(nr, sizeof *g);
  double *H = calloc(nr * nr, sizeof *H);
  double *step = calloc(nr, sizeof *step), *trial = calloc(nr, sizeof *trial);
  int status = g && H && step && trial ? PM_SUCCESS : pm_error_nomem();

  if (status == PM_SUCCESS) status = evaluate(sm, w, rho, 2, &V, g, H);
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
      status = evaluate(sm, w, rho, 2, &V, g, H);
      sm->converged = status == PM_SUCCESS &&
                      (mgcv_converged(sm, w, rho, g, V, V) ||
                       decrement <= sm->pirls->tol * fabs(V));
      break;
    }
    status = criterion(sm, w, rho, 2, &V, g, H);
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
static int performance_iteration(pm_smoothing *sm, workspace *w, double *rho)
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

/* The workspace of sm: the table of counts when theta is estimated, and
 * the exact Hessian's arrays unless the table is large. */
static int work_begin(const pm_smoothing *sm, workspace *w)
{
  const pm_pirls *s = sm->pirls;
  int status = work_alloc(w, sm->P, s->p, s->n, sm->param_joint,
                          s->m->xd != NULL);

  if (status != PM_SUCCESS) return status;
  if (sm->param_joint && s->fam.kind == PM_FAMILY_NEGBIN)
    status = pm_count_table_make(&w->counts, s->y, s->n);
  if (status == PM_SUCCESS && !sm->large) status = use_exact_hessian(w, s->n);
  if (status != PM_SUCCESS) work_free(w);
  return status;
}

int pm_smoothing_optimize(pm_smoothing *sm)
{
  workspace w;
  pm_pirls *s = sm->pirls;
  int status = work_begin(sm, &w);
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
    status = use_exact_hessian(&w, s->n);
    if (status == PM_SUCCESS) status = newton(sm, &w, sm->rho);
  }
  work_free(&w);
  return status;
}

int pm_smoothing_derivatives(pm_smoothing *sm, double *V, double *g,
                             double *H)
{
  workspace w;
  pm_pirls *s = sm->pirls;
  int status = work_begin(sm, &w);

  if (status != PM_SUCCESS) return status;
  if (!s->started) status = pm_pirls_start_weights(s);
  memset(H, 0, sm->nrho * sm->nrho * sizeof *H);
  if (status == PM_SUCCESS) status = evaluate(sm, &w, sm->rho, 2, V, g, H);
  work_free(&w);
  return status;
}
