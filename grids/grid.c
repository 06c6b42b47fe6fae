/* grid.c: a regular longitude-latitude grid with depth layers: checking its
 * spec, its axes and bounds, and finding the cell of a point.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "grid_internal.h"
#include "pm_error.h"
#include "pm_grid.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Cells of size `step` in [lo, hi]: their number, when it divides the range
 * within 1e-9 (relative), else 0. */
static size_t n_cells(double lo, double hi, double step)
{
  double n = round((hi - lo) / step);
  if (n < 1 || fabs(n * step - (hi - lo)) > 1e-9 * (hi - lo)) return 0;
  return (size_t)n;
}

static int check_axis(const char *name, double lo, double hi, double step,
                      double min, double max, const char *unit)
{
  if (!isfinite(lo) || !isfinite(hi) || lo < min || hi > max || lo >= hi)
    return pm_error(PM_EINPUT,
                    "grid: the %s range [%g, %g] is not an increasing range "
                    "inside [%g, %g] %s",
                    name, lo, hi, min, max, unit);
  if (!(step > 0) || !isfinite(step))
    return pm_error(PM_EINPUT, "grid: the %s cell size %g is not positive",
                    name, step);
  if (!n_cells(lo, hi, step))
    return pm_error(PM_EINPUT,
                    "grid: the %s cell size %g does not divide the range [%g, "
                    "%g] (%.6g cells); choose a cell size that divides it",
                    name, step, lo, hi, (hi - lo) / step);
  return PM_SUCCESS;
}

int pm_grid_check_spec(const pm_grid_spec *s)
{
  int status;
  size_t i;

  if ((status = check_axis("longitude", s->lon_min, s->lon_max, s->dlon, -180,
                           360, "degrees east")))
    return status;
  if (s->lon_max - s->lon_min > 360)
    return pm_error(PM_EINPUT,
                    "grid: the longitude range [%g, %g] spans more than 360 "
                    "degrees",
                    s->lon_min, s->lon_max);
  if ((status = check_axis("latitude", s->lat_min, s->lat_max, s->dlat, -90,
                           90, "degrees north")))
    return status;
  if (s->n_depth_edges < 2 || !s->depth_edges)
    return pm_error(PM_EINPUT,
                    "grid: %zu depth edges; give at least two (the top and "
                    "the bottom of one layer)",
                    s->n_depth_edges);
  for (i = 0; i < s->n_depth_edges; i++) {
    if (!isfinite(s->depth_edges[i]) || s->depth_edges[i] < 0)
      return pm_error(PM_EINPUT,
                      "grid: depth edge %zu is %g m; depths are positive down "
                      "from the surface",
                      i + 1, s->depth_edges[i]);
    if (i > 0 && !(s->depth_edges[i] > s->depth_edges[i - 1]))
      return pm_error(PM_EINPUT,
                      "grid: depth edge %zu (%g m) is not below edge %zu (%g "
                      "m); depth edges must increase",
                      i + 1, s->depth_edges[i], i, s->depth_edges[i - 1]);
  }
  if (s->time_axis != PM_TIME_NONE && s->time_axis != PM_TIME_MONTH &&
      s->time_axis != PM_TIME_SEASON && s->time_axis != PM_TIME_YEAR)
    return pm_error(PM_EINPUT, "grid: unknown time axis %d", (int)s->time_axis);
  return PM_SUCCESS;
}

void pm_grid_cell_edges(const double *c, size_t n, size_t i, double *lo,
                        double *hi)
{
  if (n < 2) {
    *lo = c[0] - 0.5;
    *hi = c[0] + 0.5;
    return;
  }
  *lo = i > 0 ? 0.5 * (c[i - 1] + c[i]) : c[0] - 0.5 * (c[1] - c[0]);
  *hi = i + 1 < n ? 0.5 * (c[i] + c[i + 1])
                  : c[n - 1] + 0.5 * (c[n - 1] - c[n - 2]);
}

void pm_grid_depth_layer(const double *z, size_t n, size_t k, double *top,
                         double *bottom)
{
  pm_grid_cell_edges(z, n, k, top, bottom);
  *top = n > 1 && k == 0 ? 0 : fmax(0, *top);
}

/* Centres and bounds of n cells of size `step` from `lo` to `hi`; an edge is
 * lo + i step (the last one exactly hi), so that neighbours share edges. */
static int regular_axis(double lo, double hi, double step, size_t n,
                        double **centre, double **bnds)
{
  size_t i;

  *centre = malloc(n * sizeof(double));
  *bnds = malloc(2 * n * sizeof(double));
  if (!*centre || !*bnds) return pm_error_nomem();
  for (i = 0; i < n; i++) {
    (*bnds)[2 * i] = lo + (double)i * step;
    (*bnds)[2 * i + 1] = i + 1 == n ? hi : lo + (double)(i + 1) * step;
    (*centre)[i] = 0.5 * ((*bnds)[2 * i] + (*bnds)[2 * i + 1]);
  }
  return PM_SUCCESS;
}

static int depth_axis(pm_grid *g, const pm_grid_spec *s)
{
  size_t i;

  g->ndepth = s->n_depth_edges - 1;
  g->depth = malloc(g->ndepth * sizeof(double));
  g->depth_bnds = malloc(2 * g->ndepth * sizeof(double));
  if (!g->depth || !g->depth_bnds) return pm_error_nomem();
  for (i = 0; i < g->ndepth; i++) {
    g->depth_bnds[2 * i] = s->depth_edges[i];
    g->depth_bnds[2 * i + 1] = s->depth_edges[i + 1];
    g->depth[i] = 0.5 * (s->depth_edges[i] + s->depth_edges[i + 1]);
  }
  return PM_SUCCESS;
}

int pm_grid_alloc(pm_grid **out, const pm_grid_spec *s, double time_min,
                  double time_max)
{
  pm_grid *g = NULL;
  int status;

  *out = NULL;
  if ((status = pm_grid_check_spec(s))) return status;
  if (!(g = calloc(1, sizeof *g))) return pm_error_nomem();
  g->nlon = n_cells(s->lon_min, s->lon_max, s->dlon);
  g->nlat = n_cells(s->lat_min, s->lat_max, s->dlat);
  g->lon_min = s->lon_min;
  g->dlon = s->dlon;
  g->dlat = s->dlat;
  g->lon_global = fabs(s->lon_max - s->lon_min - 360) <= 1e-9 * 360;
  g->time_axis = s->time_axis;
  if ((status = regular_axis(s->lon_min, s->lon_max, s->dlon, g->nlon, &g->lon,
                             &g->lon_bnds)) ||
      (status = regular_axis(s->lat_min, s->lat_max, s->dlat, g->nlat, &g->lat,
                             &g->lat_bnds)) ||
      (status = depth_axis(g, s)) ||
      (status = pm_grid_time_build(g, time_min, time_max)) ||
      (status = pm_grid_row_areas(g)))
    goto cleanup;
  if ((double)g->nlon * g->nlat * g->ndepth * g->ntime > 0x1p62) {
    status = pm_error(PM_EINPUT,
                      "grid: %zu x %zu x %zu x %zu cells are too many; use "
                      "larger cells or fewer layers",
                      g->nlon, g->nlat, g->ndepth, g->ntime);
    goto cleanup;
  }
  *out = g;
  g = NULL;
cleanup:
  pm_grid_free(g);
  return status;
}

void pm_grid_free(pm_grid *g)
{
  if (!g) return;
  free(g->lon);
  free(g->lat);
  free(g->depth);
  free(g->lon_bnds);
  free(g->lat_bnds);
  free(g->depth_bnds);
  free(g->time);
  free(g->time_bnds);
  free(g->area);
  free(g);
}

/* The cell of v on an axis of n cells with bounds `bnds` (the last edge
 * inclusive), starting from a guess that rounding may have put one off. */
static size_t find_cell(const double *bnds, size_t n, size_t guess, double v)
{
  size_t i = guess < n ? guess : n - 1;

  if (!(v >= bnds[0] && v <= bnds[2 * n - 1])) return SIZE_MAX;
  while (i > 0 && v < bnds[2 * i]) i--;
  while (i + 1 < n && v >= bnds[2 * i + 1]) i++;
  return i;
}

static size_t guess(double v, double lo, double step)
{
  double x = floor((v - lo) / step);
  return x > 0 ? (size_t)x : 0;
}

size_t pm_grid_lon_index(const pm_grid *g, double lon)
{
  double x;
  size_t i;

  if (!isfinite(lon)) return SIZE_MAX;
  x = fmod(lon - g->lon_min, 360.0); /* wrap into [lon_min, lon_min + 360) */
  if (x < 0) x += 360;
  i = find_cell(g->lon_bnds, g->nlon, guess(x, 0, g->dlon), g->lon_min + x);
  if (g->lon_global && i == SIZE_MAX) i = g->nlon - 1; /* rounding at the seam */
  return i;
}

size_t pm_grid_lat_index(const pm_grid *g, double lat)
{
  return find_cell(g->lat_bnds, g->nlat, guess(lat, g->lat_bnds[0], g->dlat),
                   lat);
}

size_t pm_grid_depth_index(const pm_grid *g, double depth)
{
  /* Layers are irregular: bisect the edges. */
  size_t lo = 0, hi = g->ndepth;

  if (!(depth >= g->depth_bnds[0] && depth <= g->depth_bnds[2 * g->ndepth - 1]))
    return SIZE_MAX;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (depth >= g->depth_bnds[2 * mid]) lo = mid; else hi = mid;
  }
  return lo;
}
