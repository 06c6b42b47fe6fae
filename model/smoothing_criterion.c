/* smoothing_criterion.c: the criteria the smoothing parameters minimise,
 * with their exact gradients.
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
 * Gradients are exact, including the dependence of W on rho through beta
 * (Wood 2011, section 3.2: dbeta/drho_k = -lambda_k H^-1 S_k beta and
 * dw_i/drho_k = dw_i/deta_i x_i' dbeta/drho_k).  A family parameter x,
 * the negative binomial's log theta or the Tweedie power p, is one more
 * coordinate, as mgcv's extended families have it (Wood, Pya & Saefken
 * 2016, JASA 111:1548-1563, section 3): at the PIRLS optimum the
 * penalized deviance is stationary in beta, so
 *   dV/dx = (dD/dx)/(2 phi) - dls/dx + tr(H^-1 X' diag(dw/dx) X)/2,
 * with dw_i = (dw_i/dx)|eta + w'_i x_i' dbeta and dbeta/dx = H^-1 X' du/dx,
 * from differentiating the penalized score equations X'u - S beta = 0.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "smoothing_internal.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void pm_sm_work_free(pm_sm_work *w)
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

static int work_alloc(pm_sm_work *w, const pm_penalty *P, size_t p, size_t n,
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
  }
  if ((param_joint && (!w->du || !w->xux || !w->xuxx || !w->Pwx)) ||
      !w->Toff || !w->Hinv || !w->K || !w->Sb ||
      !w->db || !w->T ||
      !w->bSb || !w->trHS || !w->extra || !w->det1 || !w->det2 ||
      !w->rowbuf || (xd && !w->xrows) || !w->XD || !w->dw || !w->h ||
      !w->hrow || !w->P || !w->G || !w->B2 || !w->XB2 ||
      !w->W2 || !w->b || !w->dwt) {
    pm_sm_work_free(w);
    return pm_error_nomem();
  }
  return PM_SUCCESS;
}

/* The exact Hessian from here on: its per-row arrays w', w'' and dw/da
 * (n (nd + 2) doubles, which the fixed-W Hessian of large tables does
 * without), and with a family parameter (du allocated) the rows of
 * pm_pirls_row_dparam2 (n PM_DX2_N). */
int pm_sm_use_exact_hessian(pm_sm_work *w, size_t n)
{
  if (!w->wk) w->wk = malloc((w->nd * n + 1) * sizeof(double));
  if (!w->dwrow) w->dwrow = malloc((n + 1) * sizeof(double));
  if (!w->d2wrow) w->d2wrow = malloc((n + 1) * sizeof(double));
  if (w->du && !w->dx2) w->dx2 = malloc((n * PM_DX2_N + 1) * sizeof(double));
  if (!w->wk || !w->dwrow || !w->d2wrow || (w->du && !w->dx2))
    return pm_error_nomem();
  w->exact_hessian = 1;
  return PM_SUCCESS;
}

/* S_k beta, beta' S_k beta, dbeta/drho_k, tr(H^-1 S_k) and
 * T_k = H^-1[:, block k] S_k for every penalty. */
static void penalty_terms(const pm_smoothing *sm, pm_sm_work *w,
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
static double trace_pair(const pm_smoothing *sm, const pm_sm_work *w, size_t k,
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
static void row_pass(const pm_smoothing *sm, pm_sm_work *w, int reml)
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
static int leverage_pass(const pm_smoothing *sm, pm_sm_work *w, int reml)
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
static int leverage_sums(const pm_smoothing *sm, pm_sm_work *w, int reml)
{
  if (!w->exact_hessian) return leverage_pass(sm, w, reml);
  row_pass(sm, w, reml);
  return PM_SUCCESS;
}

/* dbeta/dx = H^-1 X' du/dx into db's last direction, and the derivative
 * of the deviance into *ddev. */
static int param_direction(const pm_smoothing *sm, pm_sm_work *w,
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

/* The saturated log-likelihood into w->ls: its value, derivatives in phi
 * and derivative in the family parameter x (the negative binomial's from
 * the table of counts, in log theta). */
static void saturated_ls(const pm_smoothing *sm, pm_sm_work *w, double phi,
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

/* REML criterion at rho; with deriv its gradient, and with deriv > 1 its
 * Hessian too (the family parameter's row only with the exact Hessian:
 * else the caller's). */
static int reml(pm_smoothing *sm, pm_sm_work *w, const double *rho, int deriv,
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
  if (w->exact_hessian && deriv > 1 && (M > 0 || sm->param_joint)) {
    if ((status = pm_sm_exact_terms(sm, w, rho)) != PM_SUCCESS) return status;
  } else if (M > 0)
    pm_sm_fixed_weight_terms(sm, w, rho);
  pm_sm_rho_derivatives(sm, w, rho, phi, g, H);
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
static int gcv(pm_smoothing *sm, pm_sm_work *w, const double *rho, int deriv,
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
static int working_reml(pm_smoothing *sm, pm_sm_work *w, const double *rho,
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
  if (M > 0) pm_sm_fixed_weight_terms(sm, w, rho);
  pm_sm_rho_derivatives(sm, w, rho, 1.0, g, H);
  return PM_SUCCESS;
}

/* The criterion (with gradient and, for REML, Hessian when deriv) at the
 * current PIRLS state, which must be the fit at rho. */
int pm_sm_criterion(pm_smoothing *sm, pm_sm_work *w, const double *rho,
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
int pm_sm_evaluate(pm_smoothing *sm, pm_sm_work *w, const double *rho,
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
  return pm_sm_criterion(sm, w, rho, deriv, V, g, H);
}

/* The pm_sm_work of sm: the table of counts when theta is estimated, and
 * the exact Hessian's arrays unless the table is large. */
int pm_sm_work_begin(const pm_smoothing *sm, pm_sm_work *w)
{
  const pm_pirls *s = sm->pirls;
  int status = work_alloc(w, sm->P, s->p, s->n, sm->param_joint,
                          s->m->xd != NULL);

  if (status != PM_SUCCESS) return status;
  if (sm->param_joint && s->fam.kind == PM_FAMILY_NEGBIN)
    status = pm_count_table_make(&w->counts, s->y, s->n);
  if (status == PM_SUCCESS && !sm->large) status = pm_sm_use_exact_hessian(w, s->n);
  if (status != PM_SUCCESS) pm_sm_work_free(w);
  return status;
}
