/* gridtime.c: the time axis of a grid: one step, calendar years, or a monthly
 * or seasonal climatology (CF 1.11 section 7.4).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "grid_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DAY 86400.0

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar; the
 * month may lie outside 1..12 (month 0 is December of the year before).
 * H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil. */
static double days_from_civil(long y, long m, long d)
{
  long era, yoe, doy, doe, mp;

  y += (m - 1 >= 0 ? (m - 1) / 12 : -((12 - m) / 12));
  m = ((m - 1) % 12 + 12) % 12 + 1;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  mp = (m + 9) % 12;
  doy = (153 * mp + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (double)(era * 146097 + doe - 719468);
}

/* Year and month (1..12) of a time; the inverse of days_from_civil (same
 * source, civil_from_days). */
static void civil_from_time(double t, long *year, int *month)
{
  long z = (long)floor(t / DAY) + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  int m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (m <= 2);
  *month = m;
}

/* Start (s) of month `m` (any integer, 1 = January) of year `y`. */
static double month_start(long y, long m) { return days_from_civil(y, m, 1) * DAY; }

/* The season year of a time: a December counts in the next year's DJF. */
static long season_year(double t)
{
  long y;
  int m;
  civil_from_time(t, &y, &m);
  return y + (m == 12);
}

/* Step k spans months [m0, m0 + len) of the first year for its time value,
 * and up to the same months of the last year for its bounds. */
static void set_step(pm_grid *g, size_t k, long m0, long len)
{
  double start = month_start(g->year_first, m0);
  g->time[k] = 0.5 * (start + month_start(g->year_first, m0 + len));
  g->time_bnds[2 * k] = start;
  g->time_bnds[2 * k + 1] = month_start(g->year_last, m0 + len);
}

static void build_steps(pm_grid *g, double time_min, double time_max)
{
  size_t k;

  switch (g->time_axis) {
  case PM_TIME_NONE:
    g->time[0] = 0.5 * (time_min + time_max);
    g->time_bnds[0] = time_min;
    g->time_bnds[1] = time_max;
    break;
  case PM_TIME_YEAR:
    for (k = 0; k < g->ntime; k++) {
      double a = month_start(g->year_first + (long)k, 1);
      double b = month_start(g->year_first + (long)k + 1, 1);
      g->time[k] = 0.5 * (a + b);
      g->time_bnds[2 * k] = a;
      g->time_bnds[2 * k + 1] = b;
    }
    break;
  case PM_TIME_MONTH:
    for (k = 0; k < 12; k++) set_step(g, k, (long)k + 1, 1);
    break;
  case PM_TIME_SEASON: /* DJF starts in December (month 0) */
    for (k = 0; k < 4; k++) set_step(g, k, 3 * (long)k, 3);
    break;
  }
}

int pm_grid_time_build(pm_grid *g, double time_min, double time_max)
{
  long y0, y1;
  int m;

  if (!isfinite(time_min) || !isfinite(time_max) || time_min > time_max)
    return pm_error(PM_EINPUT,
                    "grid: the time range of the observations [%g, %g] s is "
                    "empty or not finite; there must be at least one sample "
                    "with a date",
                    time_min, time_max);
  civil_from_time(time_min, &y0, &m);
  civil_from_time(time_max, &y1, &m);
  if (g->time_axis == PM_TIME_SEASON) {
    y0 = season_year(time_min);
    y1 = season_year(time_max);
  }
  g->year_first = (int)y0;
  g->year_last = (int)y1;
  switch (g->time_axis) {
  case PM_TIME_NONE: g->ntime = 1; break;
  case PM_TIME_MONTH: g->ntime = 12; break;
  case PM_TIME_SEASON: g->ntime = 4; break;
  case PM_TIME_YEAR: g->ntime = (size_t)(y1 - y0 + 1); break;
  default:
    return pm_error(PM_EINPUT, "grid: unknown time axis %d", (int)g->time_axis);
  }
  g->time = malloc(g->ntime * sizeof(double));
  g->time_bnds = malloc(2 * g->ntime * sizeof(double));
  if (!g->time || !g->time_bnds) return pm_error_nomem();
  build_steps(g, time_min, time_max);
  return PM_SUCCESS;
}

size_t pm_grid_time_index(const pm_grid *g, double time)
{
  long y;
  int m;

  if (!isfinite(time)) return SIZE_MAX;
  civil_from_time(time, &y, &m);
  switch (g->time_axis) {
  case PM_TIME_NONE: return 0;
  case PM_TIME_MONTH: return (size_t)(m - 1);
  case PM_TIME_SEASON: return (size_t)(m % 12 / 3); /* Dec, Jan, Feb -> 0 */
  case PM_TIME_YEAR:
    if (y < g->year_first || y > g->year_last) return SIZE_MAX;
    return (size_t)(y - g->year_first);
  }
  return SIZE_MAX;
}

const char *pm_grid_time_label(const pm_grid *g, size_t k, char buf[16])
{
  static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};
  static const char *const seasons[4] = {"DJF", "MAM", "JJA", "SON"};

  switch (g->time_axis) {
  case PM_TIME_MONTH: return k < 12 ? months[k] : "?";
  case PM_TIME_SEASON: return k < 4 ? seasons[k] : "?";
  case PM_TIME_YEAR:
    snprintf(buf, 16, "%ld", (long)g->year_first + (long)k);
    return buf;
  case PM_TIME_NONE: break;
  }
  return "all";
}
