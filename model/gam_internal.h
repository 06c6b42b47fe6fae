/* gam_internal.h: the pieces of the GLM/GAM fit shared by its files.
 *
 * Matrices are row-major.  The fit works on rho = log(lambda), one per
 * penalty, and for families with an unknown scale on log(phi) as one more
 * coordinate (Wood 2011, JRSSB 73:3-36, section 3).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_GAM_INTERNAL_H
#define PM_GAM_INTERNAL_H

#include <stddef.h>

#include "pm_design.h"
#include "pm_family.h"
#include "pm_gam.h"

/* Rows per block when passing over the model matrix: scratch of 16384 x p
 * doubles (128 KiB per column) bounds the memory of a pass however many
 * rows there are, while each block is large enough for BLAS to run at
 * speed. */
#define PM_ROW_BLOCK 16384

/* X'WX for row-major X (n x p) and weights w: the full symmetric p x p
 * matrix into A, by dsyrk over row blocks of sqrt(w) X, in row chunks on
 * the threads of pm_threads.h (block: scratch of PM_ROW_BLOCK x p); the
 * same for any number of threads.  PM_ENOMEM without memory. */
int pm_xtwx(const double *X, size_t n, size_t p, const double *w,
             double *block, double *A);

/* The products of a model matrix, dense or compact (model/matrix_ops.c).
 * Rows i0 to i0 + nb: X's own, or gathered into buf (nb x p). */
const double *pm_mm_rows(const pm_model_matrix *m, size_t i0, size_t nb,
                         double *buf);
/* out = X'v (p values). */
int pm_mm_xtv(const pm_model_matrix *m, const double *v, double *out);
/* X'WX into A (block: scratch of PM_ROW_BLOCK x p for a dense X). */
int pm_mm_xtwx(const pm_model_matrix *m, const double *w, double *block,
               double *A);
/* h_i = x_i' V x_i for every row (V symmetric, p x p, full). */
int pm_mm_quad_diag(const pm_model_matrix *m, const double *V, double *h);
/* X beta in two steps: pm_mm_xb_prepare puts the compact form's values of
 * beta into v (pm_mm_coef_size(m) doubles; none for a dense X), then
 * pm_mm_xb gives rows i0 to i1 into eta, on any thread. */
size_t pm_mm_coef_size(const pm_model_matrix *m);
void pm_mm_xb_prepare(const pm_model_matrix *m, const double *beta,
                      double *v);
void pm_mm_xb(const pm_model_matrix *m, const double *beta, const double *v,
              size_t i0, size_t i1, double *eta);

/* A symmetric positive definite matrix factored after equilibration:
 * A = D^-1 R'R D^-1 with D = diag(A)^-1/2 and R upper triangular. */
typedef struct {
  size_t p;
  double *R, *d;
  double logdet;
} pm_chol;

int pm_chol_alloc(pm_chol *c, size_t p);
void pm_chol_free(pm_chol *c);
/* Factor A (not changed); PM_ENUMERIC when it is not positive definite. */
int pm_chol_factor(pm_chol *c, const double *A);
/* x <- A^-1 x for one vector. */
void pm_chol_solve(const pm_chol *c, double *x);
/* The full inverse into Ainv (p x p). */
int pm_chol_inverse(const pm_chol *c, double *Ainv);
/* Rows of X times R^-1 D... so that row i of the result has squared norm
 * x_i' A^-1 x_i: block (nb x p) is overwritten. */
void pm_chol_whiten_rows(const pm_chol *c, double *block, size_t nb);

/* Penalties: the sum S_lambda = sum_k lambda_k S_k and log|S_lambda|_+ with
 * its derivatives with respect to rho (Wood 2011, appendix B). */
typedef struct {
  size_t p, M, nblocks;
  const pm_design_penalty *pen;
  size_t *block_of;    /* M: penalty -> penalty group (one per smooth) */
  size_t *group_first, *group_ncoef, *group_rank, *group_npen;
  double *group_const; /* log|S_k|_+ of single-penalty groups */
  size_t null_dim;     /* Mp: unpenalized coefficients */
} pm_penalty;

int pm_penalty_alloc(pm_penalty *P, const pm_design *d);
void pm_penalty_free(pm_penalty *P);
/* S_lambda (p x p) for lambda = exp(rho). */
void pm_penalty_sum(const pm_penalty *P, const double *rho, double *S);
/* log|S_lambda|_+ and its gradient (M) and Hessian (M x M). */
int pm_penalty_logdet(const pm_penalty *P, const double *rho, double *det,
                      double *det1, double *det2);

/* Penalized IRLS state at fixed smoothing parameters. */
typedef struct {
  const pm_model_matrix *m;
  const double *y, *offset;
  size_t n, p;
  pm_family fam;
  int newton;          /* full Newton weights (non-canonical link) */
  int glm_stop;        /* stop as R's glm.fit does (relative deviance change
                          below tol), so that a GLM reproduces R's iterate */
  double dev_prev;     /* deviance at the previous iterate */
  int max_iter;
  double tol;
  double *beta, *eta, *mu, *w, *u; /* u: d loglik / d eta per row */
  double *A;           /* X'WX at beta */
  double *S;           /* S_lambda */
  pm_chol H;           /* X'WX + S_lambda */
  double dev, pen;     /* deviance and beta' S_lambda beta */
  int started, iterations, converged;
  double *block, *step, *grad, *beta_old;
  double *xbv;         /* the compact model matrix's values of beta */
} pm_pirls;

int pm_pirls_alloc(pm_pirls *s, const pm_model_matrix *m, const pm_family *fam,
                   int newton, int max_iter, double tol);
void pm_pirls_free(pm_pirls *s);
/* The IRLS weights at the family's starting means and X'WX (into A). */
int pm_pirls_start_weights(pm_pirls *s);
/* The first coefficients: weighted least squares at the starting means. */
int pm_pirls_start(pm_pirls *s);
/* The working linear model at the current beta: A = X'WX (into s->A),
 * b = X'Wz and c = z'Wz, z the working response (Wood 2017, 6.1.1). */
int pm_pirls_working_model(pm_pirls *s, double *b, double *c);
/* Iterate to convergence from the current beta (the family's starting means
 * the first time).  s->S must hold S_lambda. */
int pm_pirls_run(pm_pirls *s);
/* Switch to the Fisher weights 1/(V g'^2) at the current beta: w, A =
 * X'WX and H = X'WX + S refactored.  mgcv's extended families (nb(),
 * tw(), ziP()) fit with the full Newton weights but report Vp, the EDF and
 * the smooth tests at the expected ones (Wood, Pya & Saefken 2016, JASA
 * 111:1548-1563, section 3: the Fisher weights of the expected Hessian
 * E(d2D/deta2)/2, which mgcv 1.8-41's gam.fit4 uses for Vp). */
int pm_pirls_fisher(pm_pirls *s);
/* Per row: eta, mu, IRLS weight w, score u and dw/deta (NULL to skip). */
void pm_pirls_row_weights(const pm_pirls *s, size_t i0, size_t nb,
                          double *dw);

/* The family parameter x of pm_family_dparam (pirls.c, full Newton
 * weights): at the current mu, du/dx per row into du (n), X' du into xdu
 * (p) and the derivative of the deviance into *ddev; ... */
int pm_pirls_param_score(const pm_pirls *s, double *du, double *xdu,
                         double *ddev);
/* ... dw/dx at fixed eta per row ... */
void pm_pirls_row_dw_dparam(const pm_pirls *s, size_t i0, size_t nb,
                            double *dwt);
/* ... per row, at parameter value x, the second derivatives the exact REML
 * Hessian needs: out (nb x PM_DX2_N) holds w_x = dw/dx (at fixed eta),
 * d2w/dx deta, d2w/dx2, d2u/dx2 and the unit deviance's d2/dx2 ... */
enum { PM_DX2_WX, PM_DX2_WETA, PM_DX2_W, PM_DX2_U, PM_DX2_DEV, PM_DX2_N };
void pm_pirls_row_dparam2(const pm_pirls *s, double x, size_t i0, size_t nb,
                          double *out);
/* ... and the negative binomial's theta set to its maximum likelihood
 * estimate at the means of the current beta (an error when the counts are
 * not overdispersed). */
int pm_pirls_theta_ml(pm_pirls *s);

/* d2w/deta2 per row, by differencing dw/deta. */
void pm_pirls_row_d2w(const pm_pirls *s, size_t i0, size_t nb, double *d2w);

/* log theta of the negative binomial is estimated within [-7, 12], theta
 * from 9e-4 to 1.6e5: at the upper bound the extra-Poisson variance
 * mu^2/theta is 6e-6 mu^2, next to nothing; at the lower bound it exceeds
 * 1000 mu^2. */
#define PM_LOG_THETA_MIN (-7.0)
#define PM_LOG_THETA_MAX 12.0
/* The Tweedie power is estimated within mgcv's tw() bounds a = 1.01,
 * b = 1.99. */
#define PM_TWEEDIE_P_MIN 1.01
#define PM_TWEEDIE_P_MAX 1.99

/* Smoothing parameter selection: minimise the REML or GCV/UBRE criterion
 * over rho (and log phi, or log theta), nested around PIRLS. */
typedef struct {
  pm_pirls *pirls;
  const pm_penalty *P;
  pm_gam_method method;
  int large;            /* performance iteration first, fixed-W Hessian */
  int scale_known;
  int extended;         /* theta or p estimated too (mgcv's extended
                           families nb() and tw(): the scale reported is
                           then the REML estimate, not Fletcher's) */
  int param_joint;      /* REML with the family parameter of
                           pm_family_dparam (the negative binomial's log
                           theta, the Tweedie power) as coordinate
                           nrho - 1 */
  size_t nrho;          /* M, plus 1 for log phi when the scale is unknown,
                           plus 1 for the family parameter */
  double *rho;          /* nrho */
  double score, phi;
  int iterations, converged;
} pm_smoothing;

/* Minimise from sm->rho, or from mgcv-like starting values when the PIRLS
 * state has not started; the PIRLS state is left at the optimum. */
int pm_smoothing_optimize(pm_smoothing *sm);

/* The REML criterion, its gradient and Hessian at sm->rho after fitting
 * there, as the Newton iteration sees them (with the fixed-W Hessian on
 * large tables, where the family parameter's row is left zero). */
int pm_smoothing_derivatives(pm_smoothing *sm, double *V, double *g,
                             double *H);
/* The same for a model set up as pm_gam_fit_model sets it up, at rho:
 * log lambda per penalty, then log phi when the scale is unknown, then
 * the family parameter (log theta or the Tweedie power) when estimated;
 * nrho must be their number.  For tests of the derivatives. */
int pm_gam_reml_derivatives(const pm_design *d, const pm_model_matrix *m,
                            const pm_gam_options *o, const double *rho,
                            size_t nrho, double *V, double *g, double *H);

/* The zero-inflated Poisson's theta (pirls->fam.zip) estimated with the
 * smoothing parameters: the fit is left at the joint optimum. */
int pm_zip_theta_search(pm_smoothing *sm);

/* The design's columns must be identifiable: X'X plus the penalties of
 * full rank; otherwise an error naming the terms of the dependent columns. */
int pm_gam_check_rank(const pm_design *d, const pm_model_matrix *m);

/* The fit object from the converged state: coefficients, Vp, Ve, EDF,
 * deviances, scale, AIC and the per-term summaries.  sm is NULL for a GLM.
 * The fit takes over s's eta and mu (s keeps NULL), so that a large
 * table's last per-row vectors are not copied. */
int pm_gam_results(pm_gam_fit **fit, const pm_design *d,
                   const pm_model_matrix *m, pm_pirls *s,
                   const pm_smoothing *sm, double theta_se);

#endif
