/* quantile_weighted.c: quantiles of values with weights (cell areas).
 *
 * Q(p) is the smallest value whose cumulative weight reaches p of the total
 * weight: the weighted form of the inverse of the empirical distribution
 * function (Hyndman & Fan 1996, Am. Stat. 50:361-365, definition 1; R's
 * quantile type 1 when every weight is 1).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_mapper.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>

static int by_value(const void *a, const void *b)
{
  double x = ((const pm_weighted *)a)->v, y = ((const pm_weighted *)b)->v;
  return (x > y) - (x < y);
}

int pm_weighted_quantiles(pm_weighted *x, size_t n, const double *p,
                          size_t np, double *q)
{
  double total = 0, cum;
  size_t i, k;

  for (i = 0; i < n; i++) {
    if (!isfinite(x[i].v) || !(x[i].w >= 0) || !isfinite(x[i].w))
      return pm_error(PM_EINPUT, "weighted quantile: entry %zu has value %g "
                      "and weight %g; values must be finite and weights "
                      "finite and not negative", i, x[i].v, x[i].w);
    total += x[i].w;
  }
  qsort(x, n, sizeof *x, by_value);
  for (k = 0; k < np; k++) {
    if (!(p[k] >= 0 && p[k] <= 1))
      return pm_error(PM_EUSAGE, "weighted quantile: probability %g is not "
                      "between 0 and 1", p[k]);
    q[k] = NAN;
    for (i = 0, cum = 0; i < n && isnan(q[k]); i++)
      if ((cum += x[i].w) >= p[k] * total && x[i].w > 0) q[k] = x[i].v;
  }
  return PM_SUCCESS;
}
