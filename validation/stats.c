/* stats.c: point observations against a map, in log10.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_validation.h"

#include <math.h>
#include <stdlib.h>

/* Fluxes span orders of magnitude and their errors are multiplicative, so
 * they are compared in log10; r is Pearson's product-moment correlation. */
void pm_validation_log_stats(const double *pred, const double *obs, size_t n,
                             pm_validation_stats *s)
{
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, sdd = 0, m;
  size_t i, k = 0;

  for (i = 0; i < n; i++) {
    double x, y;
    if (!(pred[i] > 0) || !(obs[i] > 0)) continue;
    x = log10(pred[i]);
    y = log10(obs[i]);
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
    sdd += (x - y) * (x - y);
    k++;
  }
  s->n_used = k;
  s->bias = k ? (sx - sy) / k : NAN;
  s->rmse = k ? sqrt(sdd / k) : NAN;
  s->r = NAN;
  if (k < 2) return;
  m = (sxx - sx * sx / k) * (syy - sy * sy / k);
  if (m > 0) s->r = (sxy - sx * sy / k) / sqrt(m);
}

int pm_validation_match_traps(const pm_traps *t, const pm_validation_map *m,
                              pm_validation_stats *s)
{
  double *pred = malloc((t->n ? t->n : 1) * sizeof *pred);
  double *obs = malloc((t->n ? t->n : 1) * sizeof *obs);
  size_t i, k = 0;

  if (!pred || !obs) {
    free(pred);
    free(obs);
    return pm_error_nomem();
  }
  for (i = 0; i < t->n; i++) {
    const pm_trap *r = &t->rows[i];
    double p = pm_validation_map_at(m, r->lon, r->lat, r->depth);
    if (isnan(p)) continue; /* land, masked or off the grid */
    pred[k] = p;
    obs[k++] = r->flux;
  }
  s->n_points = t->n;
  s->n_matched = k;
  pm_validation_log_stats(pred, obs, k, s);
  free(pred);
  free(obs);
  return PM_SUCCESS;
}
