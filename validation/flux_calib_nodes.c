/* flux_calib_nodes.c: the calibration of the Guidi et al. (2008) flux
 * estimator with A and b varying with depth, as Clements et al. (2023,
 * Global Biogeochem. Cycles 37:e2022GB007633) let the estimator's
 * parameters vary: log10 A_k and b_k at depth nodes z_k, a pair at depth z
 * taking log10 A(z) = sum_k w_k(z) log10 A_k and b(z) = sum_k w_k(z) b_k,
 * w_k the weights of linear interpolation in ln z (constant beyond the end
 * nodes).  The residuals are those of the single fit (flux_calib.c),
 * r = log10 A(z) + g(b(z)) - log10 F_trap, with Jacobian dr/dlog10 A_k =
 * w_k and dr/db_k = w_k g'(b(z)); they are minimised jointly with GSL's
 * trust-region nonlinear least squares (Levenberg-Marquardt steps), started
 * from the single fit at every node.  Standard errors: s^2 (J'J)^-1, s^2 =
 * RSS / (n - 2K) (Bates & Watts 1988, chapter 2).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "flux_calib_internal.h"
#include "pm_error.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>

/* Tolerances of the driver (relative step, gradient) and its iterations. */
#define PM_CALIB_XTOL 1e-12
#define PM_CALIB_GTOL 1e-12
#define PM_CALIB_NL_MAX_ITER 500
/* A parameter whose column of J is below this (relative, in the pivoted
 * QR of J) is not determined by the pairs. */
#define PM_CALIB_RANK_TOL 1e-10

typedef struct {
  const pm_calib_data *c;
  const double *node;
  size_t K;
} nodes_ctx;

/* Pair k's weights: nodes k0 and k0 + 1 (when t > 0) with 1 - t and t. */
static double pair_b(const nodes_ctx *x, const gsl_vector *th, size_t k,
                     size_t *k0, double *t, double *a)
{
  size_t k1;

  pm_calib_weight(x->node, x->K, x->c->depth[k], k0, t);
  k1 = *t > 0 ? *k0 + 1 : *k0;
  *a = (1 - *t) * gsl_vector_get(th, *k0) + *t * gsl_vector_get(th, k1);
  return (1 - *t) * gsl_vector_get(th, x->K + *k0) +
         *t * gsl_vector_get(th, x->K + k1);
}

static int residuals(const gsl_vector *th, void *arg, gsl_vector *f)
{
  const nodes_ctx *x = arg;
  size_t k, k0;
  double t, a;

  for (k = 0; k < x->c->n; k++) {
    double b = pair_b(x, th, k, &k0, &t, &a);
    gsl_vector_set(f, k, a + pm_calib_g(x->c, k, b, NULL) - x->c->y[k]);
  }
  return GSL_SUCCESS;
}

static int jacobian(const gsl_vector *th, void *arg, gsl_matrix *J)
{
  const nodes_ctx *x = arg;
  size_t k, k0;
  double t, a, dg;

  gsl_matrix_set_zero(J);
  for (k = 0; k < x->c->n; k++) {
    double b = pair_b(x, th, k, &k0, &t, &a);
    pm_calib_g(x->c, k, b, &dg);
    gsl_matrix_set(J, k, k0, 1 - t);
    gsl_matrix_set(J, k, x->K + k0, (1 - t) * dg);
    if (t > 0) {
      gsl_matrix_set(J, k, k0 + 1, t);
      gsl_matrix_set(J, k, x->K + k0 + 1, t * dg);
    }
  }
  return GSL_SUCCESS;
}

static int gsl_failed(int gs, const char *call)
{
  return pm_error(PM_ENUMERIC, "flux calibration at depth nodes: %s: %s",
                  call, gsl_strerror(gs));
}

/* The estimates and their standard errors from the solver's state. */
static int store(gsl_multifit_nlinear_workspace *w, const nodes_ctx *x,
                 gsl_matrix *cov, pm_flux_calib *out)
{
  const gsl_vector *th = gsl_multifit_nlinear_position(w);
  size_t K = x->K, j, n = x->c->n;
  double rss, s2;
  int gs;

  if ((gs = gsl_blas_ddot(gsl_multifit_nlinear_residual(w),
                          gsl_multifit_nlinear_residual(w), &rss)))
    return gsl_failed(gs, "gsl_blas_ddot");
  if ((gs = gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w),
                                       PM_CALIB_RANK_TOL, cov)))
    return gsl_failed(gs, "gsl_multifit_nlinear_covar");
  s2 = rss / (double)(n - 2 * K);
  out->sigma = sqrt(s2);
  for (j = 0; j < K; j++) {
    double va = gsl_matrix_get(cov, j, j), vb = gsl_matrix_get(cov, K + j, K + j);
    if (!(va > 0) || !(vb > 0))
      return pm_error(PM_EINPUT, "flux calibration: the parameters at the "
                      "depth node %g m are not determined by the %zu pairs "
                      "(too few traps at depths near it)", x->node[j], n);
    out->node[j] = x->node[j];
    out->A[j] = pow(10, gsl_vector_get(th, j));
    out->b[j] = gsl_vector_get(th, K + j);
    out->se_log10_A[j] = sqrt(s2 * va);
    out->se_A[j] = out->A[j] * M_LN10 * out->se_log10_A[j];
    out->se_b[j] = sqrt(s2 * vb);
  }
  out->n_nodes = K;
  out->n_params = 2 * K;
  return PM_SUCCESS;
}

int pm_calib_fit_nodes(const pm_calib_data *c, const double *nodes,
                       size_t n_nodes, pm_flux_calib *out)
{
  nodes_ctx x = {c, nodes, n_nodes};
  gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
  gsl_multifit_nlinear_fdf fdf;
  gsl_multifit_nlinear_workspace *w = NULL;
  gsl_vector *th = gsl_vector_alloc(2 * n_nodes);
  gsl_matrix *cov = gsl_matrix_alloc(2 * n_nodes, 2 * n_nodes);
  size_t j;
  int status = PM_SUCCESS, gs, info;

  fdf.f = residuals;
  fdf.df = jacobian;
  fdf.fvv = NULL;
  fdf.n = c->n;
  fdf.p = 2 * n_nodes;
  fdf.params = &x;
  if (!th || !cov ||
      !(w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par,
                                       c->n, 2 * n_nodes))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (j = 0; j < n_nodes; j++) { /* start: the single fit at every node */
    gsl_vector_set(th, j, log10(out->A[0]));
    gsl_vector_set(th, n_nodes + j, out->b[0]);
  }
  if ((gs = gsl_multifit_nlinear_init(th, &fdf, w))) {
    status = gsl_failed(gs, "gsl_multifit_nlinear_init");
    goto cleanup;
  }
  if ((gs = gsl_multifit_nlinear_driver(PM_CALIB_NL_MAX_ITER, PM_CALIB_XTOL,
                                        PM_CALIB_GTOL, 0.0, NULL, NULL,
                                        &info, w))) {
    status = gsl_failed(gs, "gsl_multifit_nlinear_driver");
    goto cleanup;
  }
  status = store(w, &x, cov, out);
cleanup:
  gsl_multifit_nlinear_free(w);
  gsl_vector_free(th);
  gsl_matrix_free(cov);
  return status;
}
