/* maps.c: one model's mean map from a maps file (pm_ncmaps.h layout).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_nc.h"
#include "pm_error.h"
#include "pm_validation.h"
#include "validation_internal.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The number of values of a variable and its dimension ids (at most 4). */
static int var_shape(int ncid, const char *path, int varid, const char *name,
                     int *ndims, int *dimids, size_t *size)
{
  int d, status = PM_SUCCESS;
  size_t len;

  PM_NC_TRY(nc_inq_varndims(ncid, varid, ndims), name);
  if (*ndims < 1 || *ndims > 4)
    return pm_error(PM_EINPUT, "%s: '%s' has %d dimensions", path, name,
                    *ndims);
  PM_NC_TRY(nc_inq_vardimid(ncid, varid, dimids), name);
  for (*size = 1, d = 0; d < *ndims; d++) {
    PM_NC_TRY(nc_inq_dimlen(ncid, dimids[d], &len), name);
    *size *= len;
  }
cleanup:
  return status;
}

/* Variable `name` with `want` values (0: any) read into *v; *v stays NULL
 * when the variable is absent and `optional`. */
static int read_var(int ncid, const char *path, const char *name,
                    int optional, size_t want, double **v, size_t *n,
                    int *ndims, int *dimids)
{
  int varid, status = PM_SUCCESS;

  *v = NULL;
  if (nc_inq_varid(ncid, name, &varid) != NC_NOERR) {
    if (optional) return PM_SUCCESS;
    return pm_error(PM_EINPUT, "%s: no variable '%s'", path, name);
  }
  if ((status = var_shape(ncid, path, varid, name, ndims, dimids, n)))
    return status;
  if (want && *n != want)
    return pm_error(PM_EINPUT, "%s: '%s' has %zu values, expected %zu", path,
                    name, *n, want);
  if (!(*v = malloc(*n * sizeof **v))) return pm_error_nomem();
  PM_NC_TRY(nc_get_var_double(ncid, varid, *v), name);
cleanup:
  if (status) {
    free(*v);
    *v = NULL;
  }
  return status;
}

/* Cell bounds from cell centres when the file has none: half-way between
 * neighbours, half a spacing beyond the ends. */
static int bounds_from_centres(const double *c, size_t n, double **b)
{
  size_t i;

  if (!(*b = malloc(2 * n * sizeof **b))) return pm_error_nomem();
  for (i = 0; i < n; i++)
    pm_grid_cell_edges(c, n, i, &(*b)[2 * i], &(*b)[2 * i + 1]);
  return PM_SUCCESS;
}

/* One horizontal axis with its cell bounds. */
static int read_horizontal(int ncid, const char *path, const char *name,
                           size_t *n, int *dimid, double **bnds)
{
  char bname[64];
  double *centre = NULL;
  int nd, dims[4], status;
  size_t nb;

  *bnds = NULL;
  if ((status = read_var(ncid, path, name, 0, 0, &centre, n, &nd, dims)))
    return status;
  *dimid = dims[0];
  snprintf(bname, sizeof bname, "%s_bnds", name);
  if (nd != 1)
    status = pm_error(PM_EINPUT, "%s: '%s' is not a coordinate variable",
                      path, name);
  else if (!(status = read_var(ncid, path, bname, 1, 2 * *n, bnds, &nb, &nd,
                               dims)) &&
           !*bnds)
    status = bounds_from_centres(centre, *n, bnds);
  free(centre);
  return status;
}

/* The annual mean of [time][cells] values: the mean over the months of
 * each cell's valid values.  `fill` marks a masked value. */
static void annual_mean(double *v, size_t nt, size_t ncell, double fill)
{
  size_t c, k;

  for (c = 0; c < ncell; c++) {
    double sum = 0;
    size_t n = 0;
    for (k = 0; k < nt; k++) {
      double x = v[k * ncell + c];
      if (isfinite(x) && x != fill) {
        sum += x;
        n++;
      }
    }
    v[c] = n ? sum / n : NAN;
  }
}

/* <model>_<part> with its units and fill value; the last three dimensions
 * must be depth, lat and lon. */
static int read_mean(int ncid, const char *path, pm_validation_map *m,
                     const char *part, const int *axis_dims)
{
  char name[256];
  char units[256] = "";
  double *v = NULL, fill = NC_FILL_DOUBLE;
  int varid, nd, dims[4], status;
  size_t n, len = 0, ncell = m->nlon * m->nlat * m->ndepth;

  snprintf(name, sizeof name, "%s_%s", m->model, part);
  if ((status = read_var(ncid, path, name, 0, 0, &v, &n, &nd, dims)))
    return status;
  if (nd < 3 || dims[nd - 3] != axis_dims[2] || dims[nd - 2] != axis_dims[1] ||
      dims[nd - 1] != axis_dims[0] || n % ncell != 0) {
    free(v);
    return pm_error(PM_EINPUT,
                    "%s: '%s' is not laid out as ([time,] depth, lat, lon)",
                    path, name);
  }
  nc_inq_varid(ncid, name, &varid);
  nc_get_att_double(ncid, varid, "_FillValue", &fill);
  if (nc_inq_attlen(ncid, varid, "units", &len) == NC_NOERR &&
      len < sizeof units)
    nc_get_att_text(ncid, varid, "units", units);
  annual_mean(v, n / ncell, ncell, fill);
  m->mean = v;
  return pm_validation_strdup(units, &m->units);
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
  int ncid = -1, dims[3], nd, ddims[4], status;
  size_t nb;

  *out = NULL;
  if (!(m = calloc(1, sizeof *m))) return pm_error_nomem();
  if ((status = pm_validation_strdup(model, &m->model))) goto cleanup;
  PM_NC_TRY(nc_open(path, NC_NOWRITE, &ncid), "cannot open");
  if ((status = read_horizontal(ncid, path, "lon", &m->nlon, &dims[0],
                                &m->lon_bnds)) ||
      (status = read_horizontal(ncid, path, "lat", &m->nlat, &dims[1],
                                &m->lat_bnds)) ||
      (status = read_var(ncid, path, "depth", 0, 0, &m->depth, &m->ndepth,
                         &nd, ddims)))
    goto cleanup;
  dims[2] = ddims[0];
  if ((status = read_var(ncid, path, "depth_bnds", 1, 2 * m->ndepth,
                         &m->depth_bnds, &nb, &nd, ddims)) ||
      (status = read_mean(ncid, path, m, part, dims)))
    goto cleanup;
cleanup:
  if (ncid >= 0) nc_close(ncid);
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
