/* field.c: open a covariate field from a CF NetCDF file: find its axes, read
 * and unpack its values into [time][depth][lat][lon] order.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "field_internal.h"
#include "pm_nc.h"
#include "pm_error.h"

#include <math.h>
#include <netcdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DIMS 8

/* Where each dimension of the variable goes: its role, and the offset into
 * the field's data of each of its indices (SIZE_MAX for a dropped index). */
typedef struct {
  int ndims;
  size_t len[MAX_DIMS];
  char name[MAX_DIMS][NC_MAX_NAME + 1];
  int cv[MAX_DIMS]; /* coordinate variable, -1 when none */
  pm_field_role role[MAX_DIMS];
  double to_m[MAX_DIMS];
  double *coord[MAX_DIMS]; /* raw coordinate values */
  int flip[MAX_DIMS];      /* stored in decreasing order */
  size_t *off[MAX_DIMS];
} layout;

static void layout_free(layout *L)
{
  for (int d = 0; d < L->ndims; d++) {
    free(L->coord[d]);
    free(L->off[d]);
  }
}

void pm_field_free(pm_field *f)
{
  if (!f) return;
  free(f->path);
  free(f->variable);
  free(f->units);
  free(f->lon.v);
  free(f->lat.v);
  free(f->depth.v);
  free(f->month);
  free(f->data);
  free(f);
}

/* Values of a 1-D coordinate variable, as doubles. */
static int read_coord(int ncid, int cv, size_t n, const char *path,
                      double **out)
{
  int status = PM_SUCCESS;
  if (!(*out = malloc(n * sizeof **out))) return pm_error_nomem();
  PM_NC_TRY(nc_get_var_double(ncid, cv, *out), "reading a coordinate");
cleanup:
  return status;
}

/* Look at each dimension of the variable: its coordinate variable (same
 * name, one dimension) and what it is. */
static int classify_dims(int ncid, int varid, const char *path,
                         const char *variable, layout *L)
{
  int dims[NC_MAX_VAR_DIMS], status = PM_SUCCESS, cvdims, d, e;
  char *dname, where[2 * NC_MAX_NAME + 4096];

  PM_NC_TRY(nc_inq_varndims(ncid, varid, &L->ndims), "reading the variable");
  if (L->ndims > MAX_DIMS) {
    L->ndims = 0;
    return pm_error(PM_EINPUT, "%s: variable '%s' has more than %d dimensions",
                    path, variable, MAX_DIMS);
  }
  PM_NC_TRY(nc_inq_vardimid(ncid, varid, dims), "reading the variable");
  for (d = 0; d < L->ndims; d++) {
    dname = L->name[d];
    PM_NC_TRY(nc_inq_dim(ncid, dims[d], dname, &L->len[d]),
              "reading a dimension");
    L->cv[d] = -1;
    if (nc_inq_varid(ncid, dname, &L->cv[d]) != NC_NOERR ||
        nc_inq_varndims(ncid, L->cv[d], &cvdims) != NC_NOERR || cvdims != 1)
      L->cv[d] = -1;
    snprintf(where, sizeof where, "%s: variable '%s', axis '%s'", path,
             variable, dname);
    if ((status = pm_field_axis_role(ncid, L->cv[d], where, &L->role[d],
                                     &L->to_m[d])))
      goto cleanup;
    for (e = 0; e < d; e++)
      if (L->role[d] != PM_AXIS_OTHER && L->role[e] == L->role[d])
        return pm_error(PM_EINPUT, "%s: a second axis of the same kind", where);
    if (L->role[d] != PM_AXIS_OTHER &&
        (status = read_coord(ncid, L->cv[d], L->len[d], path, &L->coord[d])))
      goto cleanup;
  }
cleanup:
  return status;
}

static int find_role(const layout *L, pm_field_role role)
{
  for (int d = 0; d < L->ndims; d++)
    if (L->role[d] == role) return d;
  return -1;
}

/* Evenly spaced to within 1% of a step: the step, else 0. */
static double even_step(const double *v, size_t n)
{
  double step;
  if (n < 2) return 0.0;
  step = (v[n - 1] - v[0]) / (double)(n - 1);
  for (size_t i = 0; i < n; i++)
    if (fabs(v[i] - (v[0] + (double)i * step)) > 0.01 * step) return 0.0;
  return step;
}

/* Copy dimension d's coordinates scaled by `to`, in increasing order; error
 * unless strictly increasing then. */
static int build_axis(layout *L, int d, double to, const char *where,
                      const char *what, pm_field_axis *a)
{
  size_t n = L->len[d], i;
  if (!(a->v = malloc(n * sizeof *a->v))) return pm_error_nomem();
  L->flip[d] = n > 1 && L->coord[d][n - 1] * to < L->coord[d][0] * to;
  for (i = 0; i < n; i++)
    a->v[i] = L->coord[d][L->flip[d] ? n - 1 - i : i] * to;
  for (i = 1; i < n; i++)
    if (!(a->v[i] > a->v[i - 1]))
      return pm_error(PM_EINPUT, "%s: %s values are not monotonic", where,
                      what);
  a->n = n;
  a->step = even_step(a->v, n);
  return PM_SUCCESS;
}

/* Longitudes: undo jumps of 360 degrees, drop a last column that repeats
 * the first one (ETOPO), and see whether they go round the globe. */
static int build_lon(pm_field *f, layout *L, int d, const char *where)
{
  double *c = L->coord[d], gap;
  size_t n = L->len[d], i;
  int status;

  for (i = 1; i < n; i++)
    if (c[i] < c[i - 1] - 180.0) c[i] += 360.0 * ceil((c[i - 1] - c[i]) / 360.0 - 0.5);
  if ((status = build_axis(L, d, 1.0, where, "longitude", &f->lon)))
    return status;
  n = f->lon.n;
  if (n > 2 && fabs(f->lon.v[n - 1] - f->lon.v[0] - 360.0) <
                   0.01 * (f->lon.v[1] - f->lon.v[0]))
    f->lon.n = --n;
  if (f->lon.v[n - 1] - f->lon.v[0] >= 360.0)
    return pm_error(PM_EINPUT, "%s: longitudes span more than 360 degrees",
                    where);
  f->lon.step = even_step(f->lon.v, n);
  gap = f->lon.v[0] + 360.0 - f->lon.v[n - 1];
  f->periodic = n > 1 && gap < 1.5 * (f->lon.v[n - 1] - f->lon.v[0]) / (n - 1);
  return PM_SUCCESS;
}

static int lonlat_missing(const char *path, const char *variable,
                          const char *what, const char *axis,
                          const char *units)
{
  return pm_error(PM_EINPUT,
                  "%s: variable '%s' has no %s axis: looked for a coordinate "
                  "variable with axis = \"%s\", standard_name = \"%s\" or "
                  "units = \"%s\"",
                  path, variable, what, axis, what, units);
}

/* Month of each time step, and for each calendar month the time step of
 * the nearest month, cyclically. */
static int build_time(pm_field *f, const layout *L, int ncid, int d,
                      const char *where)
{
  int status, m, best, k;
  size_t i;

  f->ntime = L->len[d];
  if (f->ntime == 1) return PM_SUCCESS;
  if (!(f->month = malloc(f->ntime * sizeof *f->month))) return pm_error_nomem();
  if ((status = pm_field_time_months(ncid, L->cv[d], where, L->coord[d],
                                     f->ntime, f->month)))
    return status;
  for (i = 0; i < f->ntime; i++)
    for (size_t j = 0; j < i; j++)
      if (f->month[i] == f->month[j])
        return pm_error(PM_EINPUT,
                        "%s: %zu time steps are not a climatology (steps %zu "
                        "and %zu fall in the same month); select one time "
                        "step or one year of months first",
                        where, f->ntime, j + 1, i + 1);
  for (m = 1; m <= 12; m++) {
    best = 13;
    for (i = 0; i < f->ntime; i++) {
      k = abs(f->month[i] - m);
      if (12 - k < k) k = 12 - k;
      if (k < best) best = k, f->tindex[m - 1] = (int)i;
    }
  }
  return PM_SUCCESS;
}

static int build_axes(pm_field *f, layout *L, int ncid, const char *path)
{
  char where[4096];
  int dx = find_role(L, PM_AXIS_LON), dy = find_role(L, PM_AXIS_LAT);
  int dz = find_role(L, PM_AXIS_DEPTH), dt = find_role(L, PM_AXIS_TIME);
  int status;

  snprintf(where, sizeof where, "%s: variable '%s'", path, f->variable);
  if (dx < 0)
    return lonlat_missing(path, f->variable, "longitude", "X", "degrees_east");
  if (dy < 0)
    return lonlat_missing(path, f->variable, "latitude", "Y", "degrees_north");
  for (int d = 0; d < L->ndims; d++)
    if (L->role[d] == PM_AXIS_OTHER && L->len[d] > 1)
      return pm_error(PM_EINPUT,
                      "%s: dimension '%s' (length %zu) is not a longitude, "
                      "latitude, depth or time axis (looked at the axis, "
                      "standard_name, units and positive attributes of its "
                      "coordinate variable)",
                      where, L->name[d], L->len[d]);
  if ((status = build_lon(f, L, dx, where))) return status;
  if ((status = build_axis(L, dy, 1.0, where, "latitude", &f->lat)))
    return status;
  if (f->lat.v[0] < -90.001 || f->lat.v[f->lat.n - 1] > 90.001)
    return pm_error(PM_EINPUT, "%s: latitudes outside -90..90", where);
  if (dz >= 0 && (status = build_axis(L, dz, L->to_m[dz], where, "depth",
                                      &f->depth)))
    return status;
  f->ntime = 1;
  return dt >= 0 ? build_time(f, L, ncid, dt, where) : PM_SUCCESS;
}

/* The data offset of each index of each dimension. */
static int build_offsets(const pm_field *f, layout *L)
{
  size_t nz = f->depth.n ? f->depth.n : 1;
  for (int d = 0; d < L->ndims; d++) {
    size_t stride = 0, kept = 1, n = L->len[d];
    switch (L->role[d]) {
    case PM_AXIS_LON: stride = 1, kept = f->lon.n; break;
    case PM_AXIS_LAT: stride = f->lon.n; break;
    case PM_AXIS_DEPTH: stride = f->lon.n * f->lat.n; break;
    case PM_AXIS_TIME: stride = f->lon.n * f->lat.n * nz; break;
    default: break;
    }
    if (!(L->off[d] = malloc(n * sizeof *L->off[d]))) return pm_error_nomem();
    for (size_t i = 0; i < n; i++) {
      size_t c = L->flip[d] ? n - 1 - i : i;
      L->off[d][i] = (L->role[d] == PM_AXIS_LON && c >= kept) ? SIZE_MAX
                                                               : c * stride;
    }
  }
  return PM_SUCCESS;
}

/* Read the variable two innermost dimensions at a time and put each value
 * at its place; returns the number of valid values in *nvalid. */
static int read_values(pm_field *f, const layout *L, int ncid, int varid,
                       const pm_field_unpacking *u, size_t *nvalid)
{
  const char *path = f->path;
  int nd = L->ndims, status = PM_SUCCESS, d;
  size_t start[MAX_DIMS] = {0}, count[MAX_DIMS], slab = 1, inner, i, off;
  double *buf = NULL;

  *nvalid = 0;
  for (d = 0; d < nd; d++) {
    count[d] = d >= nd - 2 ? L->len[d] : 1;
    slab *= count[d];
  }
  if (!(buf = malloc(slab * sizeof *buf))) return pm_error_nomem();
  for (;;) {
    PM_NC_TRY(nc_get_vara_double(ncid, varid, start, count, buf),
              "reading the variable");
    for (off = 0, d = 0; d < nd - 2 && off != SIZE_MAX; d++)
      off = L->off[d][start[d]] == SIZE_MAX ? SIZE_MAX
                                            : off + L->off[d][start[d]];
    inner = L->len[nd - 1];
    for (i = 0; i < slab && off != SIZE_MAX; i++) {
      size_t a = L->off[nd - 2][i / inner], b = L->off[nd - 1][i % inner];
      if (a == SIZE_MAX || b == SIZE_MAX) continue;
      f->data[off + a + b] = (float)pm_field_unpack(u, buf[i]);
      *nvalid += !isnan(f->data[off + a + b]);
    }
    for (d = nd - 3; d >= 0; d--) { /* the next slab */
      if (++start[d] < L->len[d]) break;
      start[d] = 0;
    }
    if (d < 0) break;
  }
cleanup:
  free(buf);
  return status;
}

static int read_field(pm_field *f, int ncid, int varid)
{
  layout L = {0};
  pm_field_unpacking u;
  nc_type vtype;
  size_t n, nvalid;
  int status;
  char units[256];

  if ((status = classify_dims(ncid, varid, f->path, f->variable, &L)) ||
      (status = build_axes(f, &L, ncid, f->path)) ||
      (status = build_offsets(f, &L)))
    goto cleanup;
  if ((status = pm_field_numeric_type(ncid, varid, f->path, f->variable,
                                      &vtype)))
    goto cleanup;
  pm_field_text_att(ncid, varid, "units", units, sizeof units);
  n = f->ntime * (f->depth.n ? f->depth.n : 1) * f->lat.n * f->lon.n;
  if (!(f->units = strdup(units)) ||
      !(f->data = malloc(n * sizeof *f->data))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  pm_field_unpacking_of(ncid, varid, vtype, &u);
  if ((status = read_values(f, &L, ncid, varid, &u, &nvalid))) goto cleanup;
  if (nvalid == 0)
    status = pm_error(PM_EINPUT,
                      "%s: all values of variable '%s' are missing "
                      "(_FillValue, missing_value or outside "
                      "valid_min/valid_max/valid_range)",
                      f->path, f->variable);
cleanup:
  layout_free(&L);
  return status;
}

int pm_field_open(pm_field **out, const char *path, const char *variable)
{
  pm_field *f = NULL;
  int ncid = -1, varid, rc, status = PM_SUCCESS;

  *out = NULL;
  if ((rc = nc_open(path, NC_NOWRITE, &ncid)) != NC_NOERR)
    return pm_nc_fail(rc, path, "opening the file");
  if (!(f = calloc(1, sizeof *f)) || !(f->path = strdup(path)) ||
      !(f->variable = strdup(variable))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_field_find_variable(ncid, path, variable, &varid)) ||
      (status = read_field(f, ncid, varid)))
    goto cleanup;
  geod_init(&f->geod, 6378137.0, 1.0 / 298.257223563); /* WGS84 */
cleanup:
  nc_close(ncid);
  if (status) pm_field_free(f);
  else *out = f;
  return status;
}

const double *pm_field_lon(const pm_field *f, size_t *n)
{
  *n = f->lon.n;
  return f->lon.v;
}

const double *pm_field_lat(const pm_field *f, size_t *n)
{
  *n = f->lat.n;
  return f->lat.v;
}

const double *pm_field_depth(const pm_field *f, size_t *n)
{
  *n = f->depth.n;
  return f->depth.n ? f->depth.v : NULL;
}

const int *pm_field_months(const pm_field *f, size_t *n)
{
  *n = f->month ? f->ntime : 0;
  return f->month;
}

int pm_field_lon_periodic(const pm_field *f) { return f->periodic; }

const char *pm_field_units(const pm_field *f) { return f->units; }

double pm_field_at(const pm_field *f, size_t it, size_t iz, size_t iy,
                   size_t ix)
{
  size_t nz = f->depth.n ? f->depth.n : 1;
  return f->data[((it * nz + iz) * f->lat.n + iy) * f->lon.n + ix];
}
