/* scale.c: values to colours, and the ticks of a scale's axis.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_plot.h"

#include <math.h>

int pm_plot_scale_rgb(const pm_plot_scale *s, double v, unsigned *rgb)
{
  double lo = s->min, hi = s->max;

  if (!isfinite(v) || (s->log && v <= 0)) return 0;
  if (s->log) {
    v = log10(v);
    lo = log10(lo);
    hi = log10(hi);
  }
  *rgb = pm_plot_cmap_rgb(s->cmap, (v - lo) / (hi - lo));
  return 1;
}

/* Multiples of step in [lo, hi] (a small tolerance keeps the ends). */
static size_t multiples(double lo, double hi, double step, double *t,
                        size_t max)
{
  double eps = 1e-9 * step, k;
  size_t n = 0;

  for (k = ceil((lo - eps) / step); k * step <= hi + eps && n < max; k++)
    t[n++] = k * step == 0 ? 0 : k * step;
  return n;
}

/* The smallest step of 1, 2 or 5 x 10^k that gives at most `max` ticks. */
static double nice_step(double lo, double hi, size_t max)
{
  static const double m[] = {1, 2, 5};
  double p = pow(10, floor(log10((hi - lo) / (double)max)));
  int i;

  for (;; p *= 10)
    for (i = 0; i < 3; i++)
      if (floor(hi / (m[i] * p)) - ceil(lo / (m[i] * p)) + 1 <= (double)max)
        return m[i] * p;
}

void pm_plot_scale_ticks(const pm_plot_scale *s, double *ticks, size_t max,
                         size_t *n)
{
  double lo = s->min, hi = s->max;

  *n = 0;
  if (max == 0 || !(hi > lo)) return;
  if (s->log) {
    double e, elo = ceil(log10(lo) - 1e-9), ehi = floor(log10(hi) + 1e-9);
    double step = ceil((ehi - elo + 1) / (double)max);
    if (ehi - elo >= 1) { /* two powers of ten or more */
      for (e = elo; e <= ehi && *n < max; e += step) ticks[(*n)++] = pow(10, e);
      return;
    }
  }
  *n = multiples(lo, hi, nice_step(lo, hi, max), ticks, max);
}
