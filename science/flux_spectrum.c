/* flux_spectrum.c: number and biovolume spectra, the size window, and the
 * power-law slope of a sample's size classes.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "flux_internal.h"
#include "pm_error.h"
#include "pm_flux.h"

#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>

int pm_spectrum_check(const pm_spectrum *s)
{
  size_t i;
  for (i = 0; i < s->n; i++) {
    double lo = s->lower_mm[i], up = s->upper_mm[i], c = s->conc_m3[i];
    if (!isfinite(lo) || lo < 0 || !(up > lo))
      return pm_error(PM_EINPUT,
                      "size class %zu: bounds %g-%g mm; a class needs "
                      "0 <= lower < upper (upper may be infinite)",
                      i + 1, lo, up);
    if (!isfinite(c) || c < 0)
      return pm_error(PM_EINPUT,
                      "size class %zu (%g-%g mm): concentration %g m-3; it "
                      "must be finite and not negative",
                      i + 1, lo, up, c);
  }
  return PM_SUCCESS;
}

int pm_spectrum_number(const pm_spectrum *s, double *n_m3_mm)
{
  size_t i;
  int status = pm_spectrum_check(s);
  if (status) return status;
  for (i = 0; i < s->n; i++)
    n_m3_mm[i] = isinf(s->upper_mm[i])
                     ? NAN
                     : s->conc_m3[i] / (s->upper_mm[i] - s->lower_mm[i]);
  return PM_SUCCESS;
}

int pm_spectrum_biovolume(const pm_spectrum *s, double *mm3_m3)
{
  size_t i;
  int status = pm_spectrum_check(s);
  if (status) return status;
  for (i = 0; i < s->n; i++) {
    double d = pm_flux_mid(s->lower_mm[i], s->upper_mm[i]);
    /* volume of a sphere of diameter d: pi/6 d^3 */
    mm3_m3[i] = isinf(d) ? NAN : s->conc_m3[i] * M_PI / 6.0 * d * d * d;
  }
  return PM_SUCCESS;
}

/* A window 0 <= min < max. */
static int window_check(double min_mm, double max_mm)
{
  if (!isfinite(min_mm) || min_mm < 0 || !(max_mm > min_mm))
    return pm_error(PM_EINPUT,
                    "size window %g-%g mm: it needs 0 <= minimum < maximum",
                    min_mm, max_mm);
  return PM_SUCCESS;
}

int pm_flux_window_select(const pm_spectrum *s, double min_mm, double max_mm,
                          unsigned char *inside, size_t *n_inside)
{
  size_t i;
  int status;
  if ((status = window_check(min_mm, max_mm)) ||
      (status = pm_spectrum_check(s)))
    return status;
  *n_inside = 0;
  for (i = 0; i < s->n; i++) {
    inside[i] = (unsigned char)pm_flux_inside(s->lower_mm[i], s->upper_mm[i],
                                              min_mm, max_mm);
    *n_inside += inside[i];
  }
  return PM_SUCCESS;
}

int pm_spectrum_slope(const pm_spectrum *s, double min_mm, double max_mm,
                      pm_slope *out)
{
  double *x = NULL, *y = NULL, *n = NULL, cov00, cov01, cov11, sumsq;
  unsigned char *inside = NULL;
  size_t i, m = 0, n_inside;
  int status;

  out->slope = out->intercept = out->se_slope = out->se_intercept = NAN;
  out->n = 0;
  x = malloc(s->n * sizeof *x + 1);
  y = malloc(s->n * sizeof *y + 1);
  n = malloc(s->n * sizeof *n + 1);
  inside = malloc(s->n + 1);
  if (!x || !y || !n || !inside) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_flux_window_select(s, min_mm, max_mm, inside, &n_inside)) ||
      (status = pm_spectrum_number(s, n)))
    goto cleanup;
  for (i = 0; i < s->n; i++)
    if (inside[i] && n[i] > 0) {
      x[m] = log(pm_flux_mid(s->lower_mm[i], s->upper_mm[i]));
      y[m++] = log(n[i]);
    }
  out->n = m;
  if (m < 3) {
    status = pm_error(PM_EINPUT,
                      "size window %g-%g mm: %zu size classes with particles "
                      "(of %zu inside it); a slope needs at least 3",
                      min_mm, max_mm, m, n_inside);
    goto cleanup;
  }
  /* OLS of ln n on ln d; gsl_fit_linear scales the covariance by the
   * residual variance RSS / (m - 2). */
  if (gsl_fit_linear(x, 1, y, 1, m, &out->intercept, &out->slope, &cov00,
                     &cov01, &cov11, &sumsq)) {
    status = pm_error(PM_ENUMERIC, "size window %g-%g mm: the slope fit "
                      "failed", min_mm, max_mm);
    goto cleanup;
  }
  out->se_intercept = sqrt(cov00);
  out->se_slope = sqrt(cov11);
cleanup:
  free(x);
  free(y);
  free(n);
  free(inside);
  return status;
}

/* The size classes of `obs` (those with size bounds), as index list. */
static size_t size_classes(const pm_obs *obs, size_t *idx)
{
  size_t c, n = 0;
  for (c = 0; c < obs->n_classes; c++)
    if (!isnan(obs->classes[c].size_min_mm)) idx[n++] = c;
  return n;
}

int pm_spectrum_samples_slope(const pm_obs *obs, double min_mm, double max_mm,
                              pm_slope *out)
{
  size_t *idx = malloc(obs->n_classes * sizeof *idx + 1), nc, s, i;
  double *lo = malloc(obs->n_classes * sizeof *lo + 1);
  double *hi = malloc(obs->n_classes * sizeof *hi + 1);
  double *conc = malloc(obs->n_classes * sizeof *conc + 1);
  int status = PM_SUCCESS;

  if (!idx || !lo || !hi || !conc) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = window_check(min_mm, max_mm))) goto cleanup;
  nc = size_classes(obs, idx);
  for (i = 0; i < nc; i++) {
    lo[i] = obs->classes[idx[i]].size_min_mm;
    hi[i] = obs->classes[idx[i]].size_max_mm;
  }
  for (s = 0; s < obs->n_samples && !status; s++) {
    pm_spectrum sp = {nc, lo, hi, conc};
    for (i = 0; i < nc; i++)
      conc[i] = obs->count[idx[i]][s] / obs->volume_m3[s];
    status = pm_spectrum_slope(&sp, min_mm, max_mm, &out[s]);
    if (status == PM_EINPUT) status = PM_SUCCESS; /* too few: NAN, n kept */
  }
cleanup:
  free(idx);
  free(lo);
  free(hi);
  free(conc);
  return status;
}

int pm_spectrum_samples_log_biovolume(const pm_obs *obs, double min_mm,
                                      double max_mm, double *out)
{
  size_t c, s;
  int status = window_check(min_mm, max_mm);

  if (status) return status;
  for (s = 0; s < obs->n_samples; s++) out[s] = 0;
  /* class by class: count[c] is contiguous over the samples */
  for (c = 0; c < obs->n_classes; c++) {
    const pm_obs_class *k = &obs->classes[c];
    double d = pm_flux_mid(k->size_min_mm, k->size_max_mm);
    /* a class without size bounds (a taxon) has NAN bounds: left out */
    if (isnan(k->size_min_mm) ||
        !pm_flux_inside(k->size_min_mm, k->size_max_mm, min_mm, max_mm))
      continue;
    for (s = 0; s < obs->n_samples; s++) /* pi/6 d^3 per particle */
      out[s] += obs->count[c][s] / obs->volume_m3[s] * M_PI / 6.0 * d * d * d;
  }
  for (s = 0; s < obs->n_samples; s++)
    out[s] = out[s] > 0 ? log(out[s]) : NAN;
  return PM_SUCCESS;
}
