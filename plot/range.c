/* range.c: a robust default colour range: weighted percentiles of the
 * values drawn, so that a few outliers do not take the whole scale.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_plot.h"
#include "pm_error.h"
#include "pm_mapper.h"

#include <math.h>
#include <stdlib.h>

int pm_plot_range_percentiles(size_t n, const double *v, const double *w,
                              int log, double p, double *lo, double *hi)
{
  pm_weighted *s;
  double p2[2] = {p / 100, 1 - p / 100}, q[2];
  size_t i, m = 0;
  int status;

  if (!(p >= 0 && p < 50))
    return pm_error(PM_EUSAGE, "a percentile of %g for the colour range: "
                    "give one from 0 to 50", p);
  if (!(s = malloc((n ? n : 1) * sizeof *s))) return pm_error_nomem();
  for (i = 0; i < n; i++)
    if (isfinite(v[i]) && (!log || v[i] > 0) && (!w || w[i] > 0)) {
      s[m].v = v[i];
      s[m++].w = w ? w[i] : 1;
    }
  if (!m) {
    free(s);
    return pm_error(PM_EINPUT, "no %s value to draw",
                    log ? "positive" : "finite");
  }
  status = pm_weighted_quantiles(s, m, p2, 2, q);
  free(s);
  *lo = q[0];
  *hi = q[1];
  return status;
}
