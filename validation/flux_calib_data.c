/* flux_calib_data.c: the pairs of a flux calibration reduced to what its
 * fits need, the predicted flux of a pair, the interpolation of A and b
 * between depth nodes, and the statistics before and after calibration.
 *
 * A pair's predicted flux is the Guidi et al. (2008) estimator of
 * science/flux_estimate.c, F = sum_i n_i A d_i^b dd_i = 1e-3 A S(b) with
 * S(b) = sum_i c_i d_i^b, c_i the class concentration (# m-3, n_i dd_i =
 * c_i per litre times 1e3) and d_i its mid-point ESD (mm); in log10,
 * log10 A + g(b) with g(b) = log10(1e-3 S(b)) and
 * g'(b) = sum_i c_i d_i^b ln d_i / (S(b) ln 10).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "flux_calib_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>

/* Cubic metres per litre: A is per particle L-1 (science/flux_estimate.c). */
#define PM_CALIB_M3_PER_L 1e-3

/* Pair k added to c when its trap flux is positive and it has particles in
 * the window (its terms the classes inside the window with particles). */
static int pair_terms(const pm_flux_calib_pairs *p, const pm_flux_estimator *e,
                      size_t k, unsigned char *inside, pm_calib_data *c)
{
  pm_spectrum s = {p->n_classes, p->lower_mm, p->upper_mm,
                   p->conc_m3 + k * p->n_classes};
  size_t i, n_inside, at = c->first[c->n];
  int status = pm_flux_window_select(&s, e->min_mm, e->max_mm, inside,
                                     &n_inside);
  if (status) return pm_error_prefix(status, "pair %zu", k + 1);
  for (i = 0; i < p->n_classes; i++)
    if (inside[i] && s.conc_m3[i] > 0) {
      /* d_i: the class mid-point, as pm_flux_estimate takes it */
      c->d[at] = 0.5 * (s.lower_mm[i] + s.upper_mm[i]);
      c->w[at++] = s.conc_m3[i];
    }
  if (at == c->first[c->n] || !(p->flux[k] > 0) || !isfinite(p->flux[k]))
    return PM_SUCCESS; /* no particle in the window, or no trap flux */
  c->y[c->n] = log10(p->flux[k]);
  c->depth[c->n++] = p->depth[k];
  c->first[c->n] = at;
  return PM_SUCCESS;
}

int pm_calib_data_build(const pm_flux_calib_pairs *p,
                        const pm_flux_estimator *e, pm_calib_data *c)
{
  size_t k, m = p->n * p->n_classes + 1;
  unsigned char *inside = malloc(p->n_classes + 1);
  int status = PM_SUCCESS;

  c->n = 0;
  c->y = malloc((p->n + 1) * sizeof *c->y);
  c->depth = malloc((p->n + 1) * sizeof *c->depth);
  c->first = calloc(p->n + 2, sizeof *c->first);
  c->d = malloc(m * sizeof *c->d);
  c->w = malloc(m * sizeof *c->w);
  if (!inside || !c->y || !c->depth || !c->first || !c->d || !c->w)
    status = pm_error_nomem();
  for (k = 0; k < p->n && !status; k++)
    status = pair_terms(p, e, k, inside, c);
  free(inside);
  return status;
}

void pm_calib_data_free(pm_calib_data *c)
{
  free(c->y);
  free(c->depth);
  free(c->first);
  free(c->d);
  free(c->w);
}

double pm_calib_g(const pm_calib_data *c, size_t k, double b, double *dg)
{
  double s = 0, s1 = 0;
  size_t i;

  for (i = c->first[k]; i < c->first[k + 1]; i++) {
    double t = c->w[i] * pow(c->d[i], b);
    s += t;
    s1 += t * log(c->d[i]);
  }
  if (dg) *dg = s1 / (s * M_LN10);
  return log10(PM_CALIB_M3_PER_L * s);
}

int pm_calib_stats(const pm_calib_data *c, const pm_flux_estimator *e,
                    size_t n_offered, pm_flux_calib *out)
{
  size_t k;
  double *pred = malloc(2 * (c->n + 1) * sizeof *pred), *obs;

  out->before.n_points = out->after.n_points = n_offered;
  out->before.n_matched = out->after.n_matched = c->n;
  out->before.n_used = out->after.n_used = 0;
  out->before.bias = out->before.rmse = out->before.r = NAN;
  out->after.bias = out->after.rmse = out->after.r = NAN;
  if (!pred) return pm_error_nomem();
  obs = pred + c->n + 1;
  for (k = 0; k < c->n; k++) {
    obs[k] = pow(10, c->y[k]);
    pred[k] = e->A * pow(10, pm_calib_g(c, k, e->b, NULL));
  }
  pm_validation_log_stats(pred, obs, c->n, &out->before);
  for (k = 0; k < c->n; k++) {
    double A, b;
    pm_flux_calib_at(out, c->depth[k], &A, &b);
    pred[k] = A * pow(10, pm_calib_g(c, k, b, NULL));
  }
  pm_validation_log_stats(pred, obs, c->n, &out->after);
  free(pred);
  return PM_SUCCESS;
}

/* Linear interpolation in ln z between the nodes, constant beyond them
 * (Clements et al. 2023 let the parameters vary with depth). */
void pm_calib_weight(const double *node, size_t K, double z, size_t *k,
                     double *t)
{
  *k = 0;
  *t = 0;
  if (K == 1 || !(z > node[0])) return;
  if (z >= node[K - 1]) {
    *k = K - 1;
    return;
  }
  while (z >= node[*k + 1]) ++*k;
  *t = log(z / node[*k]) / log(node[*k + 1] / node[*k]);
}

void pm_flux_calib_at(const pm_flux_calib *c, double z, double *A, double *b)
{
  size_t k, k1;
  double t;

  pm_calib_weight(c->node, c->n_nodes, z, &k, &t);
  k1 = t > 0 ? k + 1 : k;
  *A = pow(10, (1 - t) * log10(c->A[k]) + t * log10(c->A[k1]));
  *b = (1 - t) * c->b[k] + t * c->b[k1];
}
