/* recovery_maps.c: one model's baseline map beside the truth map it was
 * fitted to recover, cell by cell: the volume-weighted RMSE of log10 of
 * their ratio and the share of the truth inside the map's 95% interval.
 * The maps are read with the map reader of validation/ (pm_validation.h),
 * the cell areas with the slice reader of fields/ (pm_slice.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_slice.h"
#include "pm_validation.h"
#include "recovery.h"

#include <math.h>
#include <stdlib.h>

/* 1 when the n cell bounds (2 each) of a and b agree. */
static int same_bounds(const double *a, const double *b, size_t n)
{
  size_t i;

  for (i = 0; i < 2 * n; i++)
    if (fabs(a[i] - b[i]) > 1e-9 * fmax(1, fabs(a[i]))) return 0;
  return 1;
}

/* The truth map must lie on the grid of the run's maps. */
static int same_grid(const pm_validation_map *m, const pm_validation_map *t,
                     const char *maps, const char *truth_map)
{
  int same = m->nlon == t->nlon && m->nlat == t->nlat &&
             m->ndepth == t->ndepth;

  same = same && same_bounds(m->lon_bnds, t->lon_bnds, m->nlon) &&
         same_bounds(m->lat_bnds, t->lat_bnds, m->nlat) &&
         (!m->depth_bnds) == (!t->depth_bnds) &&
         (!m->depth_bnds || same_bounds(m->depth_bnds, t->depth_bnds,
                                        m->ndepth));
  if (same) return PM_SUCCESS;
  return pm_error(PM_EINPUT,
                  "%s: the truth map has %zu x %zu cells and %zu layers; it "
                  "must lie on the grid of %s (%zu x %zu cells and %zu "
                  "layers, with the same cell bounds)",
                  truth_map, t->nlon, t->nlat, t->ndepth, maps, m->nlon,
                  m->nlat, m->ndepth);
}

/* The cell areas (m2) of the maps file, [lat][lon]. */
static int read_area(const char *maps, const pm_validation_map *m,
                     double *area)
{
  pm_slice_var *v = NULL;
  const pm_slice_dim *dim;
  size_t nd, at[2] = {0, 0};
  int x, y, status = pm_slice_open(&v, maps, "area");

  if (status) return status;
  dim = pm_slice_dims(v, &nd);
  x = pm_slice_find(v, PM_SLICE_LON);
  y = pm_slice_find(v, PM_SLICE_LAT);
  if (nd != 2 || x < 0 || y < 0 || dim[x].len != m->nlon ||
      dim[y].len != m->nlat)
    status = pm_error(PM_EINPUT, "%s: 'area' is not (lat, lon) on the grid "
                      "of the maps (%zu x %zu cells)", maps, m->nlon, m->nlat);
  else
    status = pm_slice_read(v, (size_t)x, (size_t)y, at, area);
  pm_slice_close(v);
  return status;
}

/* The volume (m3) of every cell [depth][lat][lon]: its area times the
 * thickness of its layer. */
static int cell_volumes(const char *maps, const pm_validation_map *m,
                        double **vol)
{
  size_t ncell = m->nlat * m->nlon, k, i;
  int status;

  *vol = NULL;
  if (!m->depth_bnds)
    return pm_error(PM_EINPUT, "%s: '%s_mean' has no layer bounds "
                    "(depth_bnds): the volume of its cells is unknown",
                    maps, m->model);
  if (!(*vol = malloc(m->ndepth * ncell * sizeof **vol)))
    return pm_error_nomem();
  if ((status = read_area(maps, m, *vol))) return status;
  for (k = m->ndepth; k-- > 0;)
    for (i = 0; i < ncell; i++)
      (*vol)[k * ncell + i] =
          (*vol)[i] * fabs(m->depth_bnds[2 * k + 1] - m->depth_bnds[2 * k]);
  return PM_SUCCESS;
}

/* Concentrations span orders of magnitude and their errors are
 * multiplicative, so the map is compared with the truth in log10: the
 * root mean square of log10(map / truth), the log10 of the reliability
 * index of Leggett and Williams (1981) (Stow et al. 2009, J. Mar. Syst.
 * 76:4-15, eq. 3), with each cell weighted by its volume so that it
 * measures the ocean rather than the grid; and the empirical coverage of
 * the 95% intervals (Gneiting and Raftery 2007, JASA 102:359-378,
 * section 6.2), the share of the cells whose truth lies inside. */
static void compare(const double *mean, const double *lower,
                    const double *upper, const double *truth,
                    const double *vol, size_t n,
                    pm_pipeline_recovery_model *r)
{
  double sw = 0, sdd = 0, win = 0;
  size_t i, k = 0, in = 0;

  for (i = 0; i < n; i++) {
    double p = mean[i], t = truth[i], w = vol[i], d;
    if (!(p > 0 && isfinite(p) && t > 0 && isfinite(t) && w > 0 &&
          isfinite(w)))
      continue;
    d = log10(p / t);
    sw += w;
    sdd += w * d * d;
    k++;
    if (lower[i] <= t && t <= upper[i]) {
      win += w;
      in++;
    }
  }
  r->cells = k;
  r->log10_rmse = k ? sqrt(sdd / sw) : NAN;
  r->coverage = k ? win / sw : NAN;
  r->coverage_cells = k ? (double)in / (double)k : NAN;
}

int pm_pipeline_recovery_maps(const char *maps, const char *truth_map,
                              pm_pipeline_recovery_model *r)
{
  pm_validation_map *mean = NULL, *lower = NULL, *upper = NULL,
                    *truth = NULL;
  double *vol = NULL;
  int status;

  if (!(status = pm_validation_map_read(&mean, maps, r->model)) &&
      !(status = pm_validation_map_read_part(&lower, maps, r->model,
                                             "lower")) &&
      !(status = pm_validation_map_read_part(&upper, maps, r->model,
                                             "upper")) &&
      !(status = pm_validation_map_read(&truth, truth_map, "truth")) &&
      !(status = same_grid(mean, truth, maps, truth_map)) &&
      !(status = cell_volumes(maps, mean, &vol)))
    compare(mean->mean, lower->mean, upper->mean, truth->mean, vol,
            mean->ndepth * mean->nlat * mean->nlon, r);
  free(vol);
  pm_validation_map_free(mean);
  pm_validation_map_free(lower);
  pm_validation_map_free(upper);
  pm_validation_map_free(truth);
  return status;
}
