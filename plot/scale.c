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

#define EPS 1e-9 /* relative tolerance that keeps a range's own ends */
#define FEWEST 4    /* a bar's ticks: at least four where the range allows */

/* m x 10^e, exact for the round m and e of ticks (10^-e is exact where
 * 10^e is not). */
static double round_value(double m, double e)
{
  return e < 0 ? m / pow(10, -e) : m * pow(10, e);
}

/* The number of multiples of m x 10^e in [lo, hi]. */
static double count_multiples(double lo, double hi, double m, double e)
{
  double step = round_value(m, e);
  return floor(hi / step + EPS) - ceil(lo / step - EPS) + 1;
}

/* The multiples of m x 10^e in [lo, hi], at most `max`. */
static size_t multiples(double lo, double hi, double m, double e, double *t,
                        size_t max)
{
  double step = round_value(m, e), k = ceil(lo / step - EPS);
  size_t n = 0;

  for (; n < max && k <= floor(hi / step + EPS); k++)
    t[n++] = k == 0 ? 0 : e < 0 ? k * m / pow(10, -e) : k * m * pow(10, e);
  return n;
}

/* Linear ticks: the smallest step of 1, 2 or 5 x 10^e that gives at most
 * `max` ticks; where 5 x 10^e leaves fewer than four and 2 x 10^e more
 * than `max`, 2.5 x 10^e (the step between them of Wilkinson's "nice"
 * sequence, as matplotlib's MaxNLocator steps 1, 2, 2.5, 5, 10). */
static size_t linear_ticks(double lo, double hi, double *t, size_t max)
{
  static const double m[] = {1, 2, 5};
  double e = floor(log10((hi - lo) / (double)max)) - 1;
  int i;

  for (;; e++)
    for (i = 0; i < 3; i++) {
      double c = count_multiples(lo, hi, m[i], e);
      if (c > (double)max) continue;
      if (c < FEWEST && m[i] == 5 &&
          count_multiples(lo, hi, 2.5, e) <= (double)max)
        return multiples(lo, hi, 2.5, e, t, max);
      return multiples(lo, hi, m[i], e, t, max);
    }
}

/* The values m x 10^e in [lo, hi] for the nm mantissas m of `set` and
 * every decade e, at most `max`; the number there are. */
static size_t mantissa_ticks(double lo, double hi, const double *set,
                             size_t nm, double *t, size_t max)
{
  double e, v;
  size_t n = 0, i;

  for (e = floor(log10(lo)) - 1; e <= floor(log10(hi)) + 1; e++)
    for (i = 0; i < nm; i++) {
      v = round_value(set[i], e);
      if (v < lo * (1 - EPS) || v > hi * (1 + EPS)) continue;
      if (n < max) t[n] = v;
      n++;
    }
  return n;
}

/* Log ticks: every d-th power of ten (d the smallest giving at most
 * `max`) over two decades or more, where that gives four; else 1, 2, 5
 * in each decade, or (two decades or more) 1 and 5; else linear. */
static size_t log_ticks(double lo, double hi, double *t, size_t max)
{
  static const double m[] = {1, 2, 5}, onefive[] = {1, 5};
  double elo = ceil(log10(lo) - EPS), ehi = floor(log10(hi) + EPS), d, e;
  int wide = log10(hi / lo) >= 2 - EPS;
  size_t n = 0;

  if (wide && ehi - elo + 1 >= FEWEST) {
    d = ceil((ehi - elo + 1) / (double)max);
    for (e = d * ceil(elo / d); e <= ehi && n < max; e += d)
      t[n++] = round_value(1, e);
    return n;
  }
  if ((n = mantissa_ticks(lo, hi, m, 3, t, max)) >= FEWEST && n <= max)
    return n;
  if (wide && (n = mantissa_ticks(lo, hi, onefive, 2, t, max)) <= max) return n;
  if (wide) return mantissa_ticks(lo, hi, m, 1, t, max);
  return linear_ticks(lo, hi, t, max);
}

void pm_plot_scale_ticks(const pm_plot_scale *s, double *ticks, size_t max,
                         size_t *n)
{
  *n = 0;
  if (max == 0 || !(s->max > s->min) || (s->log && !(s->min > 0))) return;
  *n = s->log ? log_ticks(s->min, s->max, ticks, max)
              : linear_ticks(s->min, s->max, ticks, max);
}
