/* map_flags.c: cells whose covariates lie outside the range seen in fitting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_mapper.h"
#include "pm_error.h"

#include <math.h>

int pm_map_ranges(const pm_frame *frame, const char *const *names,
                  size_t ncov, double *lo, double *hi)
{
  size_t j, i, n = pm_frame_nrows(frame);
  const pm_column *c;
  int status;

  for (j = 0; j < ncov; j++) {
    if ((status = pm_frame_column(frame, names[j], &c))) return status;
    if (!c->x)
      return pm_error(PM_EINPUT, "%s: column '%s' holds text; a range is "
                      "taken of numeric covariates only", pm_frame_path(frame),
                      names[j]);
    lo[j] = INFINITY;
    hi[j] = -INFINITY;
    for (i = 0; i < n; i++) {
      if (isnan(c->x[i])) continue;
      lo[j] = fmin(lo[j], c->x[i]);
      hi[j] = fmax(hi[j], c->x[i]);
    }
    if (lo[j] > hi[j])
      return pm_error(PM_EINPUT, "%s: column '%s' has no value; its range "
                      "is undefined", pm_frame_path(frame), names[j]);
  }
  return PM_SUCCESS;
}

int pm_map_extrapolation(const double *const *x, size_t ncov,
                         const double *lo, const double *hi, size_t n,
                         unsigned char *flag)
{
  size_t i, j;

  for (j = 0; j < ncov; j++)
    if (!(lo[j] <= hi[j]))
      return pm_error(PM_EINPUT, "the fitting range of covariate %zu is [%g, "
                      "%g]; the lower end must not exceed the upper", j, lo[j],
                      hi[j]);
  for (i = 0; i < n; i++) {
    flag[i] = 0;
    for (j = 0; j < ncov; j++)
      if (x[j][i] < lo[j] || x[j][i] > hi[j]) flag[i] = 1;
  }
  return PM_SUCCESS;
}
