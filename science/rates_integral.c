/* rates_integral.c: column integrals of rates and global totals.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_rates.h"

#include <math.h>

/* Days in a Julian year, the mean length of the calendar year over its leap
 * cycle (the year of annual totals such as Pg C yr-1). */
#define DAYS_PER_YEAR 365.25
/* 1 Pg = 1e15 g = 1e18 mg. */
#define PG_PER_MG 1e-18

int pm_rates_column(const double *values, const double *thickness, size_t n,
                    double *column)
{
  double sum = 0;
  size_t i;
  for (i = 0; i < n; i++) {
    if (!isfinite(thickness[i]) || thickness[i] < 0)
      return pm_error(PM_EINPUT, "layer %zu: thickness %g m; it must be >= 0",
                      i + 1, thickness[i]);
    if (!isfinite(values[i]))
      return pm_error(PM_EINPUT, "layer %zu: value %g is not a finite number",
                      i + 1, values[i]);
    sum += values[i] * thickness[i];
  }
  *column = sum;
  return PM_SUCCESS;
}

int pm_rates_pg_per_year(double mgC_m2_d, double area_m2, double *pg_yr)
{
  if (!isfinite(mgC_m2_d))
    return pm_error(PM_EINPUT, "rate %g mg C m-2 d-1 is not a finite number",
                    mgC_m2_d);
  if (!isfinite(area_m2) || area_m2 < 0)
    return pm_error(PM_EINPUT, "area %g m2; it must be >= 0", area_m2);
  *pg_yr = mgC_m2_d * area_m2 * DAYS_PER_YEAR * PG_PER_MG;
  return PM_SUCCESS;
}
