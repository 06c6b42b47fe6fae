/* maps.c: one model's mean map from a maps file (pm_ncmaps.h layout), read
 * slice by slice with the slice reader of fields/ (pm_slice.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_slice.h"
#include "pm_validation.h"
#include "validation_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The dimensions of a map: ([time,] depth, lat, lon).  The depth is the
 * third last dimension, told by its place when its coordinate does not say
 * what it is (units of m alone). */
static int check_layout(const pm_slice_var *v, const char *path,
                        const char *name)
{
  size_t nd;
  const pm_slice_dim *dim = pm_slice_dims(v, &nd);
  pm_slice_axis z = nd >= 3 ? dim[nd - 3].axis : PM_SLICE_TIME;

  if (nd < 3 || nd > 4 || dim[nd - 1].axis != PM_SLICE_LON ||
      dim[nd - 2].axis != PM_SLICE_LAT || !dim[nd - 3].has_coord ||
      (z != PM_SLICE_DEPTH && z != PM_SLICE_OTHER))
    return pm_error(PM_EINPUT,
                    "%s: '%s' is not laid out as ([time,] depth, lat, lon)",
                    path, name);
  return PM_SUCCESS;
}

/* The cell bounds (2 per cell) of dimension d, and their number. */
static int read_bounds(const pm_slice_var *v, size_t d, size_t *n,
                       double **bnds)
{
  pm_slice_coord c;
  int status = pm_slice_coord_read(v, d, &c);

  if (status) return status;
  *n = c.n;
  *bnds = c.bnds;
  c.bnds = NULL;
  pm_slice_coord_free(&c);
  return PM_SUCCESS;
}

/* The depths of dimension d, with their layer bounds only when the file
 * has them (else a depth is looked up by the nearest one). */
static int read_depth(const pm_slice_var *v, size_t d, pm_validation_map *m)
{
  pm_slice_coord c;
  int status = pm_slice_coord_read(v, d, &c);

  if (status) return status;
  m->ndepth = c.n;
  m->depth = c.centre;
  c.centre = NULL;
  if (c.from_file) {
    m->depth_bnds = c.bnds;
    c.bnds = NULL;
  }
  pm_slice_coord_free(&c);
  return PM_SUCCESS;
}

/* The annual mean of each cell of layer k: the mean over the time steps
 * of its valid values.  slice, count: one per cell. */
static int layer_mean(const pm_slice_var *v, size_t k, pm_validation_map *m,
                      double *slice, size_t *count)
{
  size_t nd, ncell = m->nlat * m->nlon, at[4] = {0, 0, 0, 0}, nt, t, i;
  const pm_slice_dim *dim = pm_slice_dims(v, &nd);
  double *sum = m->mean + k * ncell;
  int status;

  nt = nd == 4 ? dim[0].len : 1;
  memset(count, 0, ncell * sizeof *count);
  for (i = 0; i < ncell; i++) sum[i] = 0;
  at[nd - 3] = k;
  for (t = 0; t < nt; t++) {
    if (nd == 4) at[0] = t;
    if ((status = pm_slice_read(v, nd - 1, nd - 2, at, slice))) return status;
    for (i = 0; i < ncell; i++)
      if (isfinite(slice[i])) {
        sum[i] += slice[i];
        count[i]++;
      }
  }
  for (i = 0; i < ncell; i++) sum[i] = count[i] ? sum[i] / count[i] : NAN;
  return PM_SUCCESS;
}

int pm_validation_map_read(pm_validation_map **m, const char *path,
                           const char *model)
{
  return pm_validation_map_read_part(m, path, model, "mean");
}

int pm_validation_map_read_part(pm_validation_map **out, const char *path,
                                const char *model, const char *part)
{
  pm_validation_map *m;
  pm_slice_var *v = NULL;
  double *slice = NULL;
  size_t *count = NULL, nd, k;
  char name[256];
  int status;

  *out = NULL;
  if (!(m = calloc(1, sizeof *m))) return pm_error_nomem();
  snprintf(name, sizeof name, "%s_%s", model, part);
  if ((status = pm_validation_strdup(model, &m->model)) ||
      (status = pm_slice_open(&v, path, name)) ||
      (status = check_layout(v, path, name)))
    goto cleanup;
  pm_slice_dims(v, &nd);
  if ((status = read_bounds(v, nd - 1, &m->nlon, &m->lon_bnds)) ||
      (status = read_bounds(v, nd - 2, &m->nlat, &m->lat_bnds)) ||
      (status = read_depth(v, nd - 3, m)) ||
      (status = pm_validation_strdup(pm_slice_units(v), &m->units)))
    goto cleanup;
  m->mean = malloc(m->ndepth * m->nlat * m->nlon * sizeof *m->mean);
  slice = malloc(m->nlat * m->nlon * sizeof *slice);
  count = malloc(m->nlat * m->nlon * sizeof *count);
  if (!m->mean || !slice || !count) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (k = 0; k < m->ndepth && !status; k++)
    status = layer_mean(v, k, m, slice, count);
cleanup:
  free(slice);
  free(count);
  pm_slice_close(v);
  if (status)
    pm_validation_map_free(m);
  else
    *out = m;
  return status;
}

void pm_validation_map_free(pm_validation_map *m)
{
  if (!m) return;
  free(m->model);
  free(m->units);
  free(m->lon_bnds);
  free(m->lat_bnds);
  free(m->depth);
  free(m->depth_bnds);
  free(m->mean);
  free(m);
}

/* The cell whose bounds hold x, or SIZE_MAX. */
static size_t find_cell(const double *bnds, size_t n, double x)
{
  size_t i;

  for (i = 0; i < n; i++) {
    double a = fmin(bnds[2 * i], bnds[2 * i + 1]);
    double b = fmax(bnds[2 * i], bnds[2 * i + 1]);
    if (x >= a && x < b) return i;
  }
  return SIZE_MAX;
}

static size_t find_depth(const pm_validation_map *m, double depth)
{
  size_t k, best = 0;

  if (m->depth_bnds && (k = find_cell(m->depth_bnds, m->ndepth, depth)) !=
                           SIZE_MAX)
    return k;
  for (k = 1; k < m->ndepth; k++)
    if (fabs(m->depth[k] - depth) < fabs(m->depth[best] - depth)) best = k;
  return best;
}

int pm_validation_map_cell(const pm_validation_map *m, double lon,
                           double lat, size_t *i, size_t *j)
{
  static const double shifts[3] = {0, 360, -360};
  size_t s;

  *i = SIZE_MAX;
  for (s = 0; s < 3 && *i == SIZE_MAX; s++)
    *i = find_cell(m->lon_bnds, m->nlon, lon + shifts[s]);
  *j = find_cell(m->lat_bnds, m->nlat, lat);
  return *i != SIZE_MAX && *j != SIZE_MAX;
}

double pm_validation_map_at(const pm_validation_map *m, double lon,
                            double lat, double depth)
{
  size_t i, j, k;

  if (!pm_validation_map_cell(m, lon, lat, &i, &j)) return NAN;
  k = find_depth(m, depth);
  return m->mean[(k * m->nlat + j) * m->nlon + i];
}
