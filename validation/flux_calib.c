/* flux_calib.c: the calibration of the Guidi et al. (2008) flux estimator
 * against trap fluxes with one A and b.
 *
 * Model (Guidi et al. 2008, the estimator of science/flux_estimate.c):
 * log10 F_pred = log10 A + g(b) (flux_calib_data.c).  As Guidi et al.
 * (2008) fitted A and b to trap fluxes, the fit minimises the squared
 * log10 residuals r_k = log10 A + g_k(b) - y_k, y_k = log10 F_trap,k.  For a fixed b the
 * best log10 A is the mean of y_k - g_k(b) (the normal equation of log10 A),
 * so the fit is a one-dimensional search of the profile residual sum of
 * squares over b, bracketed on a grid over [PM_FLUX_CALIB_B_MIN,
 * PM_FLUX_CALIB_B_MAX] and refined with Brent's method (GSL).
 *
 * Standard errors: the linear approximation of nonlinear least squares
 * (Bates & Watts 1988, Nonlinear Regression Analysis and Its Applications,
 * Wiley, chapter 2; their derivative matrix V is J here): Cov(theta) =
 * s^2 (J'J)^-1, J the Jacobian of the residuals at the estimate, rows
 * (1, g_k'(b)) for theta = (log10 A, b), and s^2 = RSS / (n - 2).
 * se(A) = A ln(10) se(log10 A) (the delta method).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "flux_calib_internal.h"
#include "pm_error.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <math.h>
#include <stdlib.h>

/* Points of the grid that brackets the minimum over b (steps of 0.05). */
#define PM_CALIB_GRID 101
/* Brent's search stops when b is known to within this (absolute); GSL's
 * Brent steps no less than sqrt(DBL_EPSILON) |b| (about 6e-8 at b = 4). */
#define PM_CALIB_B_TOL 2e-7
#define PM_CALIB_MAX_ITER 200

/* The best log10 A at b: the mean of y_k - g_k(b). */
static double best_log10_A(const pm_calib_data *c, double b)
{
  double mean = 0;
  size_t k;

  for (k = 0; k < c->n; k++) mean += c->y[k] - pm_calib_g(c, k, b, NULL);
  return mean / (double)c->n;
}

/* The profile: the residual sum of squares at b with log10 A at its
 * best. */
static double profile_rss(double b, void *arg)
{
  const pm_calib_data *c = arg;
  double a = best_log10_A(c, b), rss = 0;
  size_t k;

  for (k = 0; k < c->n; k++) {
    double r = a + pm_calib_g(c, k, b, NULL) - c->y[k];
    rss += r * r;
  }
  return rss;
}

/* The grid point of least profile RSS, which must be inside the bracket. */
static int bracket(const pm_calib_data *c, double *lo, double *mid,
                   double *hi, double f[3])
{
  double step = (PM_FLUX_CALIB_B_MAX - PM_FLUX_CALIB_B_MIN) /
                (PM_CALIB_GRID - 1), best = INFINITY;
  size_t j, at = 0;

  for (j = 0; j < PM_CALIB_GRID; j++) {
    double v = profile_rss(PM_FLUX_CALIB_B_MIN + j * step, (void *)c);
    if (v < best) best = v, at = j;
  }
  if (!isfinite(best) || at == 0 || at == PM_CALIB_GRID - 1)
    return pm_error(PM_EINPUT,
                    "flux calibration: the best exponent b is at %g, the "
                    "edge of the search range %g-%g (or the residuals are "
                    "not finite); the %zu pairs do not determine b",
                    PM_FLUX_CALIB_B_MIN + at * step, PM_FLUX_CALIB_B_MIN,
                    PM_FLUX_CALIB_B_MAX, c->n);
  *mid = PM_FLUX_CALIB_B_MIN + at * step;
  *lo = *mid - step;
  *hi = *mid + step;
  f[0] = profile_rss(*lo, (void *)c);
  f[1] = best;
  f[2] = profile_rss(*hi, (void *)c);
  return PM_SUCCESS;
}

static int gsl_failed(int gs, const char *call)
{
  return pm_error(PM_ENUMERIC, "flux calibration: %s: %s", call,
                  gsl_strerror(gs));
}

/* Brent's minimisation of the profile RSS over b. */
static int minimise_b(const pm_calib_data *c, double *b)
{
  gsl_min_fminimizer *mz = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
  gsl_function F = {profile_rss, (void *)c};
  double lo = 0, mid = 0, hi = 0, f[3] = {0, 0, 0};
  int status, gs, it;

  if (!mz) return pm_error_nomem();
  if ((status = bracket(c, &lo, &mid, &hi, f))) goto cleanup;
  if ((gs = gsl_min_fminimizer_set_with_values(mz, &F, mid, f[1], lo, f[0],
                                               hi, f[2]))) {
    status = gsl_failed(gs, "gsl_min_fminimizer_set_with_values");
    goto cleanup;
  }
  gs = GSL_CONTINUE;
  for (it = 0; it < PM_CALIB_MAX_ITER && gs == GSL_CONTINUE; it++) {
    if ((gs = gsl_min_fminimizer_iterate(mz))) break;
    gs = gsl_min_test_interval(gsl_min_fminimizer_x_lower(mz),
                               gsl_min_fminimizer_x_upper(mz),
                               PM_CALIB_B_TOL, 0.0);
  }
  if (gs != GSL_SUCCESS) {
    status = gsl_failed(gs == GSL_CONTINUE ? GSL_EMAXITER : gs,
                        "gsl_min_fminimizer_iterate");
    goto cleanup;
  }
  *b = gsl_min_fminimizer_x_minimum(mz);
cleanup:
  gsl_min_fminimizer_free(mz);
  return status;
}

/* Bates & Watts 1988, chapter 2: Cov = s^2 (J'J)^-1, J'J the 2 x 2
 * matrix of sums of the rows (1, g_k'(b)), inverted in closed form. */
static int single_se(const pm_calib_data *c, pm_flux_calib *out)
{
  double s1 = 0, s2 = 0, rss = 0, a = log10(out->A[0]), det, s2hat;
  size_t k;

  for (k = 0; k < c->n; k++) {
    double dg, r = a + pm_calib_g(c, k, out->b[0], &dg) - c->y[k];
    s1 += dg;
    s2 += dg * dg;
    rss += r * r;
  }
  det = (double)c->n * s2 - s1 * s1;
  if (!(det > 0))
    return pm_error(PM_ENUMERIC, "flux calibration: the %zu pairs have the "
                    "same size spectrum shape; A and b cannot be told apart",
                    c->n);
  s2hat = rss / (double)(c->n - 2);
  out->sigma = sqrt(s2hat);
  out->se_log10_A[0] = sqrt(s2hat * s2 / det);
  out->se_b[0] = sqrt(s2hat * (double)c->n / det);
  out->se_A[0] = out->A[0] * M_LN10 * out->se_log10_A[0];
  return PM_SUCCESS;
}

static int fit_single(const pm_calib_data *c, pm_flux_calib *out)
{
  int status;

  out->n_nodes = 1;
  out->n_params = 2;
  out->node[0] = NAN;
  if ((status = minimise_b(c, &out->b[0]))) return status;
  out->A[0] = pow(10, best_log10_A(c, out->b[0]));
  return single_se(c, out);
}

static int check_nodes(const double *nodes, size_t n_nodes)
{
  size_t k;

  if (n_nodes > PM_FLUX_CALIB_MAX_NODES)
    return pm_error(PM_EINPUT, "flux calibration: %zu depth nodes; at most "
                    "%d", n_nodes, PM_FLUX_CALIB_MAX_NODES);
  for (k = 0; k < n_nodes; k++)
    if (!isfinite(nodes[k]) || !(nodes[k] > 0) ||
        (k && !(nodes[k] > nodes[k - 1])))
      return pm_error(PM_EINPUT, "flux calibration: depth node %zu (%g m) "
                      "is not a positive depth below the one before", k + 1,
                      nodes[k]);
  return PM_SUCCESS;
}

int pm_flux_calibrate(const pm_flux_calib_pairs *p,
                      const pm_flux_estimator *e, const double *nodes,
                      size_t n_nodes, pm_flux_calib *out)
{
  pm_calib_data c = {0};
  size_t n_params = nodes && n_nodes ? 2 * n_nodes : 2;
  int status;

  if ((status = pm_flux_estimator_check(e)) ||
      (status = check_nodes(nodes, nodes ? n_nodes : 0)))
    return status;
  if (e->kind != PM_FLUX_GUIDI)
    return pm_error(PM_EINPUT, "flux calibration: only the Guidi et al. "
                    "2008 estimator (A, b) is calibrated");
  if ((status = pm_calib_data_build(p, e, &c))) goto cleanup;
  if (c.n <= n_params) {
    status = pm_error(PM_EINPUT, "flux calibration: %zu of the %zu matched "
                      "traps have a positive flux and particles in the size "
                      "window %g-%g mm; %zu parameters need at least %zu",
                      c.n, p->n, e->min_mm, e->max_mm, n_params,
                      n_params + 1);
    goto cleanup;
  }
  if ((status = fit_single(&c, out))) goto cleanup;
  if (nodes && n_nodes &&
      (status = pm_calib_fit_nodes(&c, nodes, n_nodes, out)))
    goto cleanup;
  status = pm_calib_stats(&c, e, p->n, out);
cleanup:
  pm_calib_data_free(&c);
  return status;
}
