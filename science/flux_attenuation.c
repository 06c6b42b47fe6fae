/* flux_attenuation.c: the attenuation of particle flux with depth: Martin
 * curve (log-linear or nonlinear least squares), remineralisation length
 * scale, transfer efficiency, and remineralisation rate per layer.
 *
 * - Martin, Knauer, Karl & Broenkow (1987), Deep-Sea Res. 34:267, "VERTEX:
 *   carbon cycling in the northeast Pacific": F(z) = F_ref (z / z_ref)^-b
 *   (their z_ref = 100 m, b = 0.858 for the open-ocean composite).
 * - Exponential form F(z) = F_ref exp(-(z - z_ref) / z*) with the
 *   remineralisation length scale z* (Buesseler & Boyd 2009, Limnol.
 *   Oceanogr. 54:1210, who also define the transfer efficiency T100 =
 *   F(z_ref + 100 m) / F(z_ref)); from the Martin curve T100 =
 *   (1 + 100 / z_ref)^-b.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_flux.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_sort_double.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pm_flux_fit_check(double z_ref, double z_max)
{
  if (!isfinite(z_ref) || z_ref <= 0)
    return pm_error(PM_EINPUT, "reference depth %g m: it must be a positive "
                    "depth (m, positive down)", z_ref);
  if (!isfinite(z_max) || !(z_max > z_ref))
    return pm_error(PM_EINPUT, "maximum depth %g m: it must be deeper than the "
                    "reference depth %g m", z_max, z_ref);
  return PM_SUCCESS;
}

double pm_flux_teff_100(double z_ref, double b)
{
  return pow(1.0 + 100.0 / z_ref, -b);
}

/* Record the message, copy it into out->reason, and return `status`. */
__attribute__((format(printf, 3, 4))) static int
no_fit(pm_martin *out, int status, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  pm_verror(status, fmt, ap);
  va_end(ap);
  snprintf(out->reason, sizeof out->reason, "%s", pm_error_message());
  return status;
}

static void martin_init(pm_martin *out, double z_ref)
{
  out->z_ref = z_ref;
  out->F_ref = out->b = out->se_b = out->z_star = out->teff_100 = NAN;
  out->n = 0;
  out->reason[0] = '\0';
}

/* Least squares of F on F_ref (z / z_ref)^-b, p = (F_ref, b). */
typedef struct {
  const double *lz; /* ln(z / z_ref) */
  const double *F;
} curve;

static int curve_f(const gsl_vector *p, void *data, gsl_vector *f)
{
  const curve *c = data;
  double Fr = gsl_vector_get(p, 0), b = gsl_vector_get(p, 1);
  size_t i;
  for (i = 0; i < f->size; i++)
    gsl_vector_set(f, i, Fr * exp(-b * c->lz[i]) - c->F[i]);
  return GSL_SUCCESS;
}

static int curve_df(const gsl_vector *p, void *data, gsl_matrix *J)
{
  const curve *c = data;
  double Fr = gsl_vector_get(p, 0), b = gsl_vector_get(p, 1);
  size_t i;
  for (i = 0; i < J->size1; i++) {
    double e = exp(-b * c->lz[i]);
    gsl_matrix_set(J, i, 0, e);
    gsl_matrix_set(J, i, 1, -Fr * c->lz[i] * e);
  }
  return GSL_SUCCESS;
}

/* Refine (F_ref, b) by Levenberg-Marquardt from the log-linear start; the
 * SE of b is sqrt(s^2 [(J'J)^-1]_bb) with s^2 = RSS / (m - 2). */
static int nonlinear(const double *lz, const double *F, size_t m,
                     pm_martin *out)
{
  const gsl_multifit_nlinear_type *T = gsl_multifit_nlinear_trust;
  gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
  gsl_multifit_nlinear_fdf fdf;
  gsl_multifit_nlinear_workspace *w = NULL;
  gsl_matrix *cov = gsl_matrix_alloc(2, 2);
  double start[2] = {out->F_ref, out->b}, rss;
  gsl_vector_view x0 = gsl_vector_view_array(start, 2);
  curve c = {lz, F};
  int info, rc, status = PM_SUCCESS;

  fdf.f = curve_f;
  fdf.df = curve_df;
  fdf.fvv = NULL;
  fdf.n = m;
  fdf.p = 2;
  fdf.params = &c;
  if (!cov || !(w = gsl_multifit_nlinear_alloc(T, &par, m, 2))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  gsl_multifit_nlinear_init(&x0.vector, &fdf, w);
  rc = gsl_multifit_nlinear_driver(200, 1e-12, 1e-12, 1e-12, NULL, NULL,
                                   &info, w);
  if (rc != GSL_SUCCESS && rc != GSL_ENOPROG) {
    status = no_fit(out, PM_ENUMERIC, "the nonlinear Martin fit did not "
                    "converge (%s)", gsl_strerror(rc));
    goto cleanup;
  }
  gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, cov);
  gsl_blas_ddot(gsl_multifit_nlinear_residual(w),
                gsl_multifit_nlinear_residual(w), &rss);
  out->F_ref = gsl_vector_get(gsl_multifit_nlinear_position(w), 0);
  out->b = gsl_vector_get(gsl_multifit_nlinear_position(w), 1);
  out->se_b = sqrt(rss / (double)(m - 2) * gsl_matrix_get(cov, 1, 1));
cleanup:
  gsl_multifit_nlinear_free(w);
  gsl_matrix_free(cov);
  return status;
}

/* Log-linear Martin fit and the exponential z* fit on the selected
 * samples; lz = ln(z / z_ref), dz = z - z_ref, lF = ln F. */
static int loglinear(const double *lz, const double *dz, const double *lF,
                     size_t m, pm_martin *out)
{
  double c0, c1, cov00, cov01, cov11, sumsq, e0, e1, ecov[3], esumsq;
  if (gsl_fit_linear(lz, 1, lF, 1, m, &c0, &c1, &cov00, &cov01, &cov11,
                     &sumsq) ||
      gsl_fit_linear(dz, 1, lF, 1, m, &e0, &e1, &ecov[0], &ecov[1], &ecov[2],
                     &esumsq))
    return no_fit(out, PM_ENUMERIC, "the log-linear Martin fit failed");
  out->F_ref = exp(c0); /* ln F = ln F_ref - b ln(z / z_ref) */
  out->b = -c1;
  out->se_b = sqrt(cov11);
  out->z_star = e1 == 0 ? INFINITY : -1.0 / e1; /* ln F = c - dz / z* */
  return PM_SUCCESS;
}

int pm_flux_martin_fit(const double *z, const double *F, size_t n,
                       double z_ref, double z_max, pm_flux_fit_kind kind,
                       pm_martin *out)
{
  double *lz = NULL, *dz = NULL, *lF = NULL, *Fm = NULL, zmin = INFINITY,
         zmax = -INFINITY;
  size_t i, m = 0;
  int status;

  martin_init(out, z_ref);
  if ((status = pm_flux_fit_check(z_ref, z_max))) {
    snprintf(out->reason, sizeof out->reason, "%s", pm_error_message());
    return status;
  }
  lz = malloc(n * sizeof *lz + 1);
  dz = malloc(n * sizeof *dz + 1);
  lF = malloc(n * sizeof *lF + 1);
  Fm = malloc(n * sizeof *Fm + 1);
  if (!lz || !dz || !lF || !Fm) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 0; i < n; i++) {
    if (!(z[i] >= z_ref && z[i] <= z_max && F[i] > 0 && isfinite(F[i])))
      continue;
    lz[m] = log(z[i] / z_ref);
    dz[m] = z[i] - z_ref;
    lF[m] = log(F[i]);
    Fm[m++] = F[i];
    zmin = fmin(zmin, z[i]);
    zmax = fmax(zmax, z[i]);
  }
  out->n = m;
  if (m < 3) {
    status = no_fit(out, PM_EINPUT, "%zu samples with positive flux between "
                    "%g and %g m; a Martin fit needs at least 3", m, z_ref,
                    z_max);
    goto cleanup;
  }
  if (!(zmax > zmin)) {
    status = no_fit(out, PM_EINPUT, "the %zu samples between %g and %g m are "
                    "all at %g m: no depth range to fit", m, z_ref, z_max,
                    zmin);
    goto cleanup;
  }
  if ((status = loglinear(lz, dz, lF, m, out)) ||
      (kind == PM_FLUX_FIT_NONLINEAR && (status = nonlinear(lz, Fm, m, out))))
    goto cleanup;
  out->teff_100 = pm_flux_teff_100(z_ref, out->b);
cleanup:
  if (status) {
    out->F_ref = out->b = out->se_b = out->z_star = out->teff_100 = NAN;
  }
  free(lz);
  free(dz);
  free(lF);
  free(Fm);
  return status;
}

/* The selected depths of pm_flux_martin_fit without the flux condition:
 * x[k] = ln(z / z_ref) of the depths in [z_ref, z_max], idx[k] their
 * positions; returns their count. */
static size_t select_depths(const double *z, size_t n, double z_ref,
                            double z_max, double *x, size_t *idx)
{
  size_t i, m = 0;
  for (i = 0; i < n; i++)
    if (z[i] >= z_ref && z[i] <= z_max) {
      x[m] = log(z[i] / z_ref);
      idx[m++] = i;
    }
  return m;
}

/* 1 when draw d has a finite positive flux at every selected depth. */
static int draw_positive(const double *F, size_t D, size_t d,
                         const size_t *idx, size_t m)
{
  size_t k;
  for (k = 0; k < m; k++) {
    double v = F[idx[k] * D + d];
    if (!(v > 0 && isfinite(v))) return 0;
  }
  return 1;
}

/* Draw d by pm_flux_martin_fit (the nonlinear fit, or a draw whose
 * selected fluxes are not all positive); column holds n values. */
static int fit_one_draw(const double *z, const double *F, size_t n,
                        size_t D, size_t d, double z_ref, double z_max,
                        pm_flux_fit_kind kind, double *column, double *b)
{
  pm_martin fit;
  size_t i;
  int status;
  for (i = 0; i < n; i++) column[i] = F[i * D + d];
  status = pm_flux_martin_fit(z, column, n, z_ref, z_max, kind, &fit);
  *b = fit.b;
  return status == PM_EINPUT || status == PM_ENUMERIC ? PM_SUCCESS : status;
}

int pm_flux_martin_draws(const double *z, const double *F, size_t n,
                         size_t D, double z_ref, double z_max,
                         pm_flux_fit_kind kind, double *b)
{
  double *x = malloc((2 * n + 1) * sizeof *x), *column = x + n, xbar = 0,
         sxx = 0;
  size_t *idx = malloc((n + 1) * sizeof *idx), m = 0, k, d;
  int status = PM_SUCCESS;

  if (!x || !idx) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_flux_fit_check(z_ref, z_max))) goto cleanup;
  m = select_depths(z, n, z_ref, z_max, x, idx);
  for (k = 0; k < m; k++) xbar += x[k] / (double)m;
  for (k = 0; k < m; k++) sxx += (x[k] - xbar) * (x[k] - xbar);
  for (d = 0; d < D && !status; d++) {
    double sxy = 0;
    if (kind != PM_FLUX_FIT_LOG_LINEAR || m < 3 || !(sxx > 0) ||
        !draw_positive(F, D, d, idx, m)) {
      status = fit_one_draw(z, F, n, D, d, z_ref, z_max, kind, column, &b[d]);
      continue;
    }
    for (k = 0; k < m; k++) sxy += (x[k] - xbar) * log(F[idx[k] * D + d]);
    b[d] = -sxy / sxx; /* ln F = ln F_ref - b ln(z / z_ref) */
  }
cleanup:
  free(x);
  free(idx);
  return status;
}

int pm_flux_remineralisation_draws(const double *z, const double *F,
                                   size_t n, size_t D, double *rate)
{
  size_t k, d;
  if (n < 2)
    return pm_error(PM_EINPUT, "a remineralisation rate needs at least 2 "
                    "depths, got %zu", n);
  for (k = 0; k + 1 < n; k++)
    if (!(z[k + 1] > z[k]))
      return pm_error(PM_EINPUT, "depths %g and %g m (positions %zu and %zu) "
                      "are not increasing", z[k], z[k + 1], k + 1, k + 2);
  for (k = 0; k + 1 < n; k++)
    for (d = 0; d < D; d++) /* -dF/dz over the layer: lost per m3 and day */
      rate[k * D + d] =
          -(F[(k + 1) * D + d] - F[k * D + d]) / (z[k + 1] - z[k]);
  return PM_SUCCESS;
}

int pm_flux_remineralisation(const double *z, const double *F, size_t n,
                             double *rate, double *z_mid)
{
  size_t k;
  int status = pm_flux_remineralisation_draws(z, F, n, 1, rate);
  for (k = 0; !status && z_mid && k + 1 < n; k++)
    z_mid[k] = 0.5 * (z[k] + z[k + 1]);
  return status;
}

/* The samples of each profile: order[start[p] .. start[p + 1]) (a counting
 * sort, so that all profiles cost one pass over the samples). */
static int group_by_profile(const pm_obs *obs, size_t **start, size_t **order)
{
  size_t s, p;
  *start = calloc(obs->n_profiles + 2, sizeof **start);
  *order = malloc(obs->n_samples * sizeof **order + 1);
  if (!*start || !*order) return pm_error_nomem();
  for (s = 0; s < obs->n_samples; s++) (*start)[obs->profile[s] + 2]++;
  for (p = 2; p < obs->n_profiles + 2; p++) (*start)[p] += (*start)[p - 1];
  for (s = 0; s < obs->n_samples; s++)
    (*order)[(*start)[obs->profile[s] + 1]++] = s;
  return PM_SUCCESS;
}

/* The mid-depths z and fluxes F of the samples of profile p, in sample
 * order; returns their number. */
static size_t profile_samples(const pm_obs *obs, const double *flux,
                              const size_t *start, const size_t *order,
                              size_t p, double *z, double *F)
{
  size_t k, m = start[p + 1] - start[p];
  for (k = 0; k < m; k++) {
    size_t s = order[start[p] + k];
    z[k] = 0.5 * (obs->depth_top[s] + obs->depth_bottom[s]);
    F[k] = flux[s];
  }
  return m;
}

static int check_z_max(double z_max)
{
  if (!isfinite(z_max) || !(z_max > 0))
    return pm_error(PM_EINPUT, "maximum depth %g m: it must be a positive "
                    "depth (m, positive down)", z_max);
  return PM_SUCCESS;
}

int pm_flux_profile_fits_at(const pm_obs *obs, const double *flux,
                            const double *z_ref, double z_max,
                            pm_flux_fit_kind kind, pm_martin *fits)
{
  size_t *start = NULL, *order = NULL, p;
  double *z = NULL, *F = NULL;
  int status = PM_SUCCESS;

  if ((status = check_z_max(z_max))) return status;
  z = malloc(obs->n_samples * sizeof *z + 1);
  F = malloc(obs->n_samples * sizeof *F + 1);
  if (!z || !F) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = group_by_profile(obs, &start, &order))) goto cleanup;
  for (p = 0; p < obs->n_profiles; p++) {
    size_t m = profile_samples(obs, flux, start, order, p, z, F);
    status = pm_flux_martin_fit(z, F, m, z_ref[p], z_max, kind, &fits[p]);
    if (status == PM_EIO) goto cleanup;
    status = PM_SUCCESS; /* the reason stays in fits[p].reason */
  }
cleanup:
  free(start);
  free(order);
  free(z);
  free(F);
  return status;
}

int pm_flux_profile_fits(const pm_obs *obs, const double *flux, double z_ref,
                         double z_max, pm_flux_fit_kind kind,
                         pm_martin *fits)
{
  double *zr;
  size_t p;
  int status;

  if ((status = pm_flux_fit_check(z_ref, z_max))) return status;
  if (!(zr = malloc((obs->n_profiles + 1) * sizeof *zr)))
    return pm_error_nomem();
  for (p = 0; p < obs->n_profiles; p++) zr[p] = z_ref;
  status = pm_flux_profile_fits_at(obs, flux, zr, z_max, kind, fits);
  free(zr);
  return status;
}

/* Keep the m depths z in [z_min, z_max] with a finite flux, sorted by
 * depth, the fluxes of equal depths replaced by their mean; returns how
 * many distinct depths remain (at the front of z and F). */
static size_t distinct_depths(double *z, double *F, size_t m, double z_min,
                              double z_max)
{
  size_t i, k = 0, n = 0, same;
  for (i = 0; i < m; i++)
    if (z[i] >= z_min && z[i] <= z_max && isfinite(F[i])) {
      z[k] = z[i];
      F[k++] = F[i];
    }
  gsl_sort2(z, 1, F, 1, k);
  for (i = 0; i < k; i += same) {
    double sum = 0;
    for (same = 0; i + same < k && z[i + same] == z[i]; same++)
      sum += F[i + same];
    z[n] = z[i];
    F[n++] = sum / (double)same;
  }
  return n;
}

int pm_flux_profile_remineralisation(const pm_obs *obs, const double *flux,
                                     const double *z_min, double z_max,
                                     pm_flux_remin_row *rows, size_t *n_rows)
{
  size_t *start = NULL, *order = NULL, p, k, n = obs->n_samples + 1;
  double *z = NULL, *F, *rate, *mid; /* 4 arrays of n in one block */
  int status;

  *n_rows = 0;
  if ((status = check_z_max(z_max))) return status;
  if (!(z = malloc(4 * n * sizeof *z))) return pm_error_nomem();
  F = z + n;
  rate = F + n;
  mid = rate + n;
  if ((status = group_by_profile(obs, &start, &order))) goto cleanup;
  for (p = 0; p < obs->n_profiles; p++) {
    size_t m = profile_samples(obs, flux, start, order, p, z, F);
    if ((m = distinct_depths(z, F, m, z_min[p], z_max)) < 2) continue;
    pm_flux_remineralisation(z, F, m, rate, mid); /* cannot fail: m >= 2
                                                     increasing depths */
    for (k = 0; k + 1 < m; k++) {
      pm_flux_remin_row *r = &rows[(*n_rows)++];
      r->profile = p;
      r->z_top = z[k];
      r->z_bottom = z[k + 1];
      r->z_mid = mid[k];
      r->rate = rate[k];
    }
  }
cleanup:
  free(start);
  free(order);
  free(z);
  return status;
}
