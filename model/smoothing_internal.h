/* smoothing_internal.h: the smoothing parameter selection's criterion
 * (smoothing_criterion.c) and its exact REML Hessian
 * (smoothing_hessian.c), which the Newton iteration of smoothing.c
 * minimises.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SMOOTHING_INTERNAL_H
#define PM_SMOOTHING_INTERNAL_H

#include "count_table.h"
#include "gam_internal.h"

/* The work of one selection: the pieces of the criterion's derivatives. */
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
  /* ... and for x: X' du/dx, X' d2u/dx2, X' diag(dw/dx|eta) X, the rows
   * of pm_pirls_row_dparam2, the deviance's dD/dx and d2D/dx2, and
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
} pm_sm_work;

/* The work of sm: the table of counts when theta is estimated, and the
 * exact Hessian's arrays unless the table is large; PM_ENOMEM without
 * memory. */
int pm_sm_work_begin(const pm_smoothing *sm, pm_sm_work *w);
void pm_sm_work_free(pm_sm_work *w);
/* The exact Hessian from here on (its per-row arrays allocated). */
int pm_sm_use_exact_hessian(pm_sm_work *w, size_t n);

/* The criterion (with gradient and, for REML, Hessian when deriv) at the
 * current PIRLS state, which must be the fit at rho ... */
int pm_sm_criterion(pm_smoothing *sm, pm_sm_work *w, const double *rho,
                    int deriv, double *V, double *g, double *H);
/* ... and the fit at rho by PIRLS, then the criterion. */
int pm_sm_evaluate(pm_smoothing *sm, pm_sm_work *w, const double *rho,
                   int deriv, double *V, double *g, double *H);

/* The exact REML Hessian's pieces over the smoothing parameters, and x
 * too when it is estimated (sets w->nh); PM_ENOMEM without memory. */
int pm_sm_exact_terms(pm_smoothing *sm, pm_sm_work *w, const double *rho);
/* The fixed-W Hessian's pieces: dH/drho_k = lambda_k S_k alone. */
void pm_sm_fixed_weight_terms(const pm_smoothing *sm, pm_sm_work *w,
                              const double *rho);
/* The gradient in rho and the Hessian over the w->nh directions from the
 * pieces. */
void pm_sm_rho_derivatives(const pm_smoothing *sm, const pm_sm_work *w,
                           const double *rho, double phi, double *g,
                           double *H);

#endif
