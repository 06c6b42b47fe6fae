/* smoothing_hessian.c: the exact Hessian of the REML criterion.
 *
 * Over the smoothing parameters as Wood (2011, JRSSB 73:3-36, appendix A)
 * derives it, with the second derivatives of beta and of the weights; the
 * family parameter x (log theta, the Tweedie power) is one more direction
 * of the same sums, with the weights' own dependence on x
 * (pm_pirls_row_dparam2: dw/dx, d2w/dx deta, d2w/dx2) and its source in
 * the score equations, H dbeta/dx = X' du/dx.  Large tables use the
 * fixed-W Hessian instead, without the terms in dW/drho (O(1/n) of the
 * rest there).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "smoothing_internal.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

/* d2beta/drho_k drho_l = -H^-1 ((P_l + lambda_l S_l) dbeta_k
 * + delta_kl lambda_k S_k beta + lambda_k S_k dbeta_l), from
 * differentiating H dbeta_k = -lambda_k S_k beta (Wood 2011, appendix A). */
static void rho_rho_beta(const pm_smoothing *sm, pm_sm_work *w,
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
static void x_beta(const pm_smoothing *sm, pm_sm_work *w, const double *rho,
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
static void second_beta(const pm_smoothing *sm, pm_sm_work *w,
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
static void second_weights(const pm_smoothing *sm, pm_sm_work *w)
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
    for (i = 0; i < nb; i++) {
      double h = w->hrow[i0 + i], d1 = w->dwrow[i0 + i], d2 = w->d2wrow[i0 + i];
      const double *e = w->XD + i * nh;
      const double *o = nh > M ? w->dx2 + (i0 + i) * PM_DX2_N : NULL;
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

/* Every row's second derivatives in x (pm_pirls_row_dparam2, once per
 * Hessian: second_weights reads them too), and the sums over the rows
 * that the x row of the Hessian needs: d2D/dx2, X' d2u/dx2 and
 * X' diag(w_x) X (du serves as the scratch of a row's values). */
static int x_second(const pm_smoothing *sm, pm_sm_work *w, double x)
{
  const pm_pirls *s = sm->pirls;
  size_t i;
  int status;

  pm_pirls_row_dparam2(s, x, 0, s->n, w->dx2);
  w->dxx = 0;
  for (i = 0; i < s->n; i++) {
    w->dxx += w->dx2[i * PM_DX2_N + PM_DX2_DEV];
    w->du[i] = w->dx2[i * PM_DX2_N + PM_DX2_U];
  }
  if ((status = pm_mm_xtv(s->m, w->du, w->xuxx)) != PM_SUCCESS) return status;
  for (i = 0; i < s->n; i++) w->du[i] = w->dx2[i * PM_DX2_N + PM_DX2_WX];
  return pm_mm_xtwx(s->m, w->du, w->rowbuf, w->Pwx);
}

/* G_a = H^-1 (P_a + lambda_a S_a) (no S for x), P_a = X' diag(dw/da) X
 * formed here when form_P (else as it is: zero for the fixed-W Hessian). */
static int dH_products(const pm_smoothing *sm, pm_sm_work *w,
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
void pm_sm_fixed_weight_terms(const pm_smoothing *sm, pm_sm_work *w,
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
static double deviance_hessian(const pm_sm_work *w, const double *rho,
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
void pm_sm_rho_derivatives(const pm_smoothing *sm, const pm_sm_work *w,
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

/* The exact Hessian's pieces: over the smoothing parameters, and x too
 * when it is estimated. */
int pm_sm_exact_terms(pm_smoothing *sm, pm_sm_work *w, const double *rho)
{
  double x = sm->param_joint ? rho[sm->nrho - 1] : 0;
  int status;

  if (sm->param_joint) {
    w->nh = w->nd;
    if ((status = x_second(sm, w, x)) != PM_SUCCESS) return status;
  }
  if ((status = dH_products(sm, w, rho, 1)) != PM_SUCCESS) return status;
  second_beta(sm, w, rho);
  second_weights(sm, w);
  return PM_SUCCESS;
}
