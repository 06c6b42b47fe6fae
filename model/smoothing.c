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
 * Its row of the Hessian is taken by differencing that exact gradient.
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
   * parameter x */
  size_t nd;
  double *dwt; /* a row block's dw/dx at fixed eta */
  double *du;  /* du/dx per row */
  double *Hinv, *Sb, *db, *T, *bSb, *trHS, *extra, *K;
  double *det1, *det2, *rowbuf, *XD, *dw, *h;
  double *xrows; /* a row block of a compact model matrix, made dense */
  /* the exact REML Hessian: per row h_i, w'_i, w''_i and dw_i/drho_k
   * (k-major), P_k = X' diag(dw/drho_k) X, G_k = H^-1 dH/drho_k,
   * d2beta/drho_k drho_l, its product with a row block, and
   * sum_i d2w_i/drho_k drho_l h_i */
  double *hrow, *dwrow, *d2wrow, *wk, *P, *G, *B2, *XB2, *W2;
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
  w->P = malloc((M * p * p + 1) * sizeof(double));
  w->G = malloc((M * p * p + 1) * sizeof(double));
  w->B2 = malloc((M * M * p + 1) * sizeof(double));
  w->XB2 = malloc((PM_ROW_BLOCK * M * M + 1) * sizeof(double));
  w->W2 = malloc((M * M + 1) * sizeof(double));
  w->b = malloc((p + 1) * sizeof(double));
  if (param_joint) w->du = malloc((n + 1) * sizeof(double));
  if ((param_joint && !w->du) || !w->Toff || !w->Hinv || !w->K || !w->Sb ||
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

/* The exact Hessian from here on: its per-row arrays w', w'' and
 * dw/drho_k (n (M + 2) doubles, which the fixed-W Hessian of large tables
 * does without). */
static int use_exact_hessian(workspace *w, size_t n)
{
  if (!w->wk) w->wk = malloc((w->M * n + 1) * sizeof(double));
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
    for (i = 0; i < nb; i++)
      w->extra[M] += (w->dwt[i] + w->dw[i] * w->XD[i * nd + M]) * w->h[i];
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
  int status = pm_pirls_param_score(sm->pirls, w->du, w->rowbuf, ddev);

  if (status != PM_SUCCESS) return status;
  cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, 1.0, w->Hinv, (int)p,
              w->rowbuf, 1, 0.0, w->db + w->M * p, 1);
  return PM_SUCCESS;
}

static double log_2pi(void) { return log(2 * M_PI); }

/* d2beta/drho_k drho_l = -H^-1 ((P_l + lambda_l S_l) dbeta_k
 * + delta_kl lambda_k S_k beta + lambda_k S_k dbeta_l), from
 * differentiating H dbeta_k = -lambda_k S_k beta (Wood 2011, appendix A). */
static void second_beta(const pm_smoothing *sm, workspace *w,
                        const double *rho)
{
  size_t k, l, p = w->p, M = w->M;
  double *t = w->rowbuf;

  for (k = 0; k < M; k++)
    for (l = 0; l < M; l++) {
      const pm_design_penalty *pk = &sm->P->pen[k], *pl = &sm->P->pen[l];
      double lk = exp(rho[k]), *b2 = w->B2 + (k * M + l) * p;
      cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, 1.0, w->P + l * p * p,
                  (int)p, w->db + k * p, 1, 0.0, t, 1);
      if (k == l) cblas_daxpy((int)p, lk, w->Sb + k * p, 1, t, 1);
      cblas_dsymv(CblasRowMajor, CblasUpper, (int)pk->ncoef, lk, pk->S,
                  (int)pk->ncoef, w->db + l * p + pk->first, 1, 1.0,
                  t + pk->first, 1);
      cblas_dsymv(CblasRowMajor, CblasUpper, (int)pl->ncoef, exp(rho[l]),
                  pl->S, (int)pl->ncoef, w->db + k * p + pl->first, 1, 1.0,
                  t + pl->first, 1);
      cblas_dsymv(CblasRowMajor, CblasUpper, (int)p, -1.0, w->Hinv, (int)p,
                  t, 1, 0.0, b2, 1);
    }
}

/* W2_kl = sum_i d2w_i/drho_k drho_l h_i with d2w_i/drho_k drho_l =
 * w''_i (X dbeta_k)_i (X dbeta_l)_i + w'_i (X d2beta_kl)_i. */
static void second_weights(const pm_smoothing *sm, workspace *w)
{
  const pm_pirls *s = sm->pirls;
  size_t i0, i, k, l, p = w->p, M = w->M, M2 = M * M;

  memset(w->W2, 0, M2 * sizeof *w->W2);
  for (i0 = 0; i0 < s->n; i0 += PM_ROW_BLOCK) {
    size_t nb = s->n - i0 < PM_ROW_BLOCK ? s->n - i0 : PM_ROW_BLOCK;
    const double *Xb = pm_mm_rows(s->m, i0, nb, w->xrows);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)M,
                (int)p, 1.0, Xb, (int)p, w->db, (int)p, 0.0, w->XD, (int)M);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nb, (int)M2,
                (int)p, 1.0, Xb, (int)p, w->B2, (int)p, 0.0, w->XB2,
                (int)M2);
    for (i = 0; i < nb; i++) {
      double h = w->hrow[i0 + i], d1 = w->dwrow[i0 + i], d2 = w->d2wrow[i0 + i];
      for (k = 0; k < M; k++)
        for (l = 0; l < M; l++)
          w->W2[k * M + l] += (d2 * w->XD[i * M + k] * w->XD[i * M + l] +
                               d1 * w->XB2[i * M2 + k * M + l]) *
                              h;
    }
  }
}

/* G_k = H^-1 (P_k + lambda_k S_k), P_k = X' diag(dw/drho_k) X formed here
 * when form_P (else as it is: zero for the fixed-W Hessian). */
static int dH_products(const pm_smoothing *sm, workspace *w,
                       const double *rho, int form_P)
{
  const pm_pirls *s = sm->pirls;
  size_t k, i, j, p = w->p;
  int status;

  for (k = 0; k < w->M; k++) {
    const pm_design_penalty *pk = &sm->P->pen[k];
    double *Pk = w->P + k * p * p, lk = exp(rho[k]);
    if (form_P &&
        (status = pm_mm_xtwx(s->m, w->wk + k * s->n, w->rowbuf, Pk)) !=
            PM_SUCCESS)
      return status;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)p, (int)p,
                (int)p, 1.0, w->Hinv, (int)p, Pk, (int)p, 0.0,
                w->G + k * p * p, (int)p);
    /* + lambda_k H^-1[:, block] S_k = lambda_k T_k in the block columns */
    for (i = 0; i < p; i++)
      for (j = 0; j < pk->ncoef; j++)
        w->G[k * p * p + i * p + pk->first + j] +=
            lk * w->T[w->Toff[k] + i * pk->ncoef + j];
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
  memset(w->P, 0, w->M * w->p * w->p * sizeof *w->P);
  memset(w->W2, 0, w->M * w->M * sizeof *w->W2);
  dH_products(sm, w, rho, 0); /* without X'WX products it cannot fail */
}

/* The gradient and Hessian in rho of the REML criterion from its pieces
 * (Wood 2011, section 3 and appendix A):
 *   g_k = lambda_k b'S_k b/(2 phi) + (lambda_k tr(H^-1 S_k) + extra_k)/2
 *         - det1_k/2,
 *   H_kl = delta_kl (lambda_k b'S_k b/(2 phi) + lambda_k tr(H^-1 S_k)/2)
 *          + lambda_k b'S_k db_l/phi + (W2_kl - tr(G_k G_l))/2 - det2_kl/2. */
static void rho_derivatives(const pm_smoothing *sm, const workspace *w,
                            const double *rho, double phi, double *g,
                            double *H)
{
  size_t k, l, p = w->p, M = w->M, nr = sm->nrho;

  for (k = 0; k < M; k++) {
    double lk = exp(rho[k]);
    g[k] = lk * w->bSb[k] / (2 * phi) + (lk * w->trHS[k] + w->extra[k]) / 2 -
           w->det1[k] / 2;
    for (l = 0; l < M; l++)
      H[k * nr + l] =
          (k == l ? lk * w->bSb[k] / (2 * phi) + lk * w->trHS[k] / 2 : 0) +
          lk * cblas_ddot((int)p, w->Sb + k * p, 1, w->db + l * p, 1) / phi +
          (w->W2[k * M + l] -
           trace_product(w->G + k * p * p, w->G + l * p * p, p)) / 2 -
          w->det2[k * M + l] / 2;
  }
}

/* The saturated log-likelihood into w->ls: its value, derivatives in phi
 * and derivative in the family parameter x (the negative binomial's from
 * the table of counts, in log theta). */
static void saturated_ls(const pm_smoothing *sm, workspace *w, double phi)
{
  const pm_pirls *s = sm->pirls;
  double t[3];

  if (sm->param_joint && s->fam.kind == PM_FAMILY_NEGBIN) {
    pm_negbin_ls_table(&w->counts, s->fam.theta, t);
    w->ls[0] = t[0], w->ls[1] = w->ls[2] = 0, w->ls[3] = t[1];
  } else if (sm->param_joint)
    pm_tweedie_ls(s->y, s->n, phi, s->fam.p, w->ls, &w->ls[3]);
  else if (!w->ls_known) {
    pm_family_ls(&s->fam, s->y, s->n, phi, w->ls);
    w->ls[3] = 0;
  }
  w->ls_known = sm->scale_known && !sm->param_joint;
}

/* REML criterion at rho; with deriv its gradient, and with deriv > 1 its
 * Hessian too (in the rho of the smoothing parameters and log phi: the
 * family parameter's row is the caller's). */
static int reml(pm_smoothing *sm, workspace *w, const double *rho, int deriv,
                double *V, double *g, double *H)
{
  const pm_pirls *s = sm->pirls;
  size_t k, M = w->M, nr = sm->nrho;
  double phi = sm->scale_known ? 1.0 : exp(rho[M]), det, *ls = w->ls, ddev = 0;
  double Dp = s->dev + s->pen, Mp = (double)sm->P->null_dim;
  int status = pm_penalty_logdet(sm->P, rho, &det, w->det1, w->det2);

  if (status != PM_SUCCESS) return status;
  saturated_ls(sm, w, phi);
  *V = Dp / (2 * phi) - ls[0] + s->H.logdet / 2 - det / 2 -
       Mp / 2 * (log_2pi() + log(phi));
  sm->phi = phi;
  if (!deriv) return PM_SUCCESS;
  if (sm->param_joint && (status = param_direction(sm, w, &ddev)))
    return status;
  if ((M > 0 || sm->param_joint) &&
      (status = leverage_sums(sm, w, 1)) != PM_SUCCESS)
    return status;
  if (M > 0 && w->exact_hessian && deriv > 1) {
    if ((status = dH_products(sm, w, rho, 1)) != PM_SUCCESS) return status;
    second_beta(sm, w, rho);
    second_weights(sm, w);
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
    if (sm->method != PM_METHOD_REML || (sm->param_joint && !w->working))
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

int pm_smoothing_optimize(pm_smoothing *sm)
{
  workspace w;
  pm_pirls *s = sm->pirls;
  int status = work_alloc(&w, sm->P, s->p, s->n, sm->param_joint,
                          s->m->xd != NULL);
  int theta_joint = sm->param_joint && s->fam.kind == PM_FAMILY_NEGBIN;

  if (status != PM_SUCCESS) return status;
  if (theta_joint &&
      (status = pm_count_table_make(&w.counts, s->y, s->n)) != PM_SUCCESS) {
    work_free(&w);
    return status;
  }
  if (!sm->large) status = use_exact_hessian(&w, s->n);
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
