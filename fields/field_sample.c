/* field_sample.c: values of a covariate field at points and on a regular
 * grid (bilinear, linear in depth, nearest month, nearest valid value
 * within a distance; conservative averaging onto coarser grids).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "field_internal.h"
#include "pm_error.h"
#include "pm_grid.h"

#include <math.h>
#include <stdint.h>

/* Where a coordinate falls: value = (1 - w) v[i0] + w v[i1]. */
typedef struct {
  size_t i0, i1;
  double w;
} span;

/* The km length of a degree of latitude is at least this on WGS84
 * (110.57 km at the equator), and of a degree of longitude at least this
 * times cos(latitude), so windows built with it hold every point within a
 * distance. */
#define KM_PER_DEGREE_MIN 110.0
#define DEG (3.14159265358979323846 / 180.0)

/* The first index i with v[i] > x (n when none): binary search, or direct
 * index on an evenly spaced axis. */
static size_t upper(const pm_field_axis *a, double x)
{
  size_t lo = 0, hi = a->n, mid;
  if (a->step > 0) {
    double g = floor((x - a->v[0]) / a->step) + 1.0;
    lo = g <= 0 ? 0 : g >= (double)a->n ? a->n : (size_t)g;
    while (lo > 0 && a->v[lo - 1] > x) lo--;
    while (lo < a->n && a->v[lo] <= x) lo++;
    return lo;
  }
  while (lo < hi) {
    mid = lo + (hi - lo) / 2;
    if (a->v[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* x inside [v[0], v[n-1]]: the bracketing span. */
static span bracket(const pm_field_axis *a, double x)
{
  size_t i = upper(a, x);
  span s;
  if (i == 0) i = 1;
  if (i >= a->n) i = a->n - 1;
  s.i0 = i - 1, s.i1 = i;
  s.w = (x - a->v[i - 1]) / (a->v[i] - a->v[i - 1]);
  return s;
}

static double half_step(const pm_field_axis *a)
{
  return a->n > 1 ? 0.5 * (a->v[a->n - 1] - a->v[0]) / (double)(a->n - 1) : 0;
}

/* A longitude wrapped into [lon[0], lon[0] + 360). */
static double wrap_lon(const pm_field *f, double lon)
{
  double x = fmod(lon - f->lon.v[0], 360.0);
  return f->lon.v[0] + (x < 0 ? x + 360.0 : x);
}

static int locate_lon(const pm_field *f, double lon, span *s)
{
  const pm_field_axis *a = &f->lon;
  double x = wrap_lon(f, lon), last = a->v[a->n - 1], h = half_step(a);

  *s = (span){0, 0, 0.0};
  if (a->n == 1) return 1;
  if (x <= last) *s = bracket(a, x);
  else if (f->periodic)
    *s = (span){a->n - 1, 0, (x - last) / (a->v[0] + 360.0 - last)};
  else if (x - last <= h) s->i0 = s->i1 = a->n - 1;
  else if (a->v[0] + 360.0 - x > h) return 0; /* outside a regional field */
  return 1;
}

/* Latitudes beyond the first or last row are clamped within half a row, or
 * up to the pole when the rows reach within a row of it. */
static int locate_lat(const pm_field *f, double lat, span *s)
{
  const pm_field_axis *a = &f->lat;
  double h = half_step(a), first = a->v[0], last = a->v[a->n - 1];
  double lo = first - 2 * h <= -90.0 ? -90.0 : first - h;
  double hi = last + 2 * h >= 90.0 ? 90.0 : last + h;

  *s = (span){0, 0, 0.0};
  if (!(lat >= lo && lat <= hi)) return 0;
  if (a->n == 1 || lat <= first) return 1;
  if (lat >= last) s->i0 = s->i1 = a->n - 1;
  else *s = bracket(a, lat);
  return 1;
}

/* Above the top level: the top level; below the deepest: none. */
static int locate_depth(const pm_field *f, double z, span *s)
{
  const pm_field_axis *a = &f->depth;
  *s = (span){0, 0, 0.0};
  if (a->n == 0 || z <= a->v[0]) return !isnan(z);
  if (z > a->v[a->n - 1]) return 0;
  *s = bracket(a, z);
  return 1;
}

static const float *plane(const pm_field *f, size_t t, size_t k)
{
  size_t nz = f->depth.n ? f->depth.n : 1;
  return f->data + (t * nz + k) * f->lat.n * f->lon.n;
}

/* Bilinear over the valid corners, their weights rescaled to sum to one. */
static double bilinear(const float *p, size_t nx, const span *x, const span *y)
{
  const double w[4] = {(1 - x->w) * (1 - y->w), x->w * (1 - y->w),
                       (1 - x->w) * y->w, x->w * y->w};
  const float v[4] = {p[y->i0 * nx + x->i0], p[y->i0 * nx + x->i1],
                      p[y->i1 * nx + x->i0], p[y->i1 * nx + x->i1]};
  double sum = 0, wsum = 0;
  for (int c = 0; c < 4; c++)
    if (!isnan(v[c]) && w[c] > 0) sum += w[c] * v[c], wsum += w[c];
  return wsum > 0 ? sum / wsum : NAN;
}

/* Linear in depth; with one level missing, the other over its half. */
static double in_depth(double v0, double v1, double w)
{
  if (w == 0) return v0;
  if (!isnan(v0) && !isnan(v1)) return (1 - w) * v0 + w * v1;
  if (w < 0.5) return v0;
  return v1;
}

static double cell_value(const pm_field *f, size_t t, const span *z, size_t j,
                         size_t i)
{
  size_t c = j * f->lon.n + i;
  double v0 = plane(f, t, z->i0)[c];
  return in_depth(v0, z->w > 0 ? plane(f, t, z->i1)[c] : NAN, z->w);
}

/* Scan the columns [c0, c0 + nc) (modulo n) of rows [j0, j1) for the valid
 * value nearest to (lon, lat) within *best km. */
static double scan(const pm_field *f, size_t t, const span *z, double lon,
                   double lat, size_t j0, size_t j1, size_t c0, size_t nc,
                   double *best)
{
  double found = NAN, s12, v;
  for (size_t j = j0; j < j1; j++) {
    if (fabs(f->lat.v[j] - lat) * KM_PER_DEGREE_MIN > *best) continue;
    for (size_t c = 0; c < nc; c++) {
      size_t i = (c0 + c) % f->lon.n;
      if (isnan(v = cell_value(f, t, z, j, i))) continue;
      geod_inverse(&f->geod, lat, lon, f->lat.v[j], f->lon.v[i], &s12, NULL,
                   NULL);
      if (s12 / 1000.0 <= *best) *best = s12 / 1000.0, found = v;
    }
  }
  return found;
}

/* The valid value at depth z nearest to (lon, lat) within max_km (geodesic
 * distance, Karney 2013), or NAN. */
static double nearest(const pm_field *f, size_t t, const span *z, double lon,
                      double lat, double max_km)
{
  double dlat = max_km / KM_PER_DEGREE_MIN, dlon, best = max_km;
  double edge = fmin(90.0, fabs(lat) + dlat);
  size_t j0, j1, nx = f->lon.n, c0 = 0, nc = nx;

  if (!(max_km > 0)) return NAN;
  j0 = upper(&f->lat, lat - dlat);
  j0 = j0 > 0 && f->lat.v[j0 - 1] >= lat - dlat ? j0 - 1 : j0;
  j1 = upper(&f->lat, lat + dlat);
  dlon = edge < 90.0 ? dlat / cos(edge * DEG) : 360.0;
  if (f->lon.step > 0 && dlon < 180.0) { /* a window of columns */
    double first = floor((wrap_lon(f, lon - dlon) - f->lon.v[0]) / f->lon.step);
    size_t w = (size_t)ceil(2 * dlon / f->lon.step) + 2;
    c0 = (size_t)first % nx;
    nc = w < nx ? w : nx;
  }
  return scan(f, t, z, lon, lat, j0, j1, c0, nc, &best);
}

/* The point rules at one point (see pm_field.h). */
static double sample_one(const pm_field *f, size_t t, double lon, double lat,
                         const span *z, double max_km)
{
  span x, y;
  double v = NAN;
  if (!isfinite(lon) || !isfinite(lat)) return NAN;
  if (locate_lon(f, lon, &x) && locate_lat(f, lat, &y)) {
    v = bilinear(plane(f, t, z->i0), f->lon.n, &x, &y);
    if (z->w > 0)
      v = in_depth(v, bilinear(plane(f, t, z->i1), f->lon.n, &x, &y), z->w);
  }
  return isnan(v) ? nearest(f, t, z, lon, lat, max_km) : v;
}

/* The time step of a calendar month (0 when the field has none). */
static int time_step(const pm_field *f, int month, size_t point, size_t *t)
{
  *t = 0;
  if (!f->month) return PM_SUCCESS;
  if (month < 1 || month > 12)
    return pm_error(PM_EUSAGE,
                    "%s: variable '%s' is a climatology of %zu months; month "
                    "%d of point %zu is not 1..12",
                    f->path, f->variable, f->ntime, month, point + 1);
  *t = (size_t)f->tindex[month - 1];
  return PM_SUCCESS;
}

int pm_field_sample(const pm_field *f, size_t n, const double *lon,
                    const double *lat, const double *depth, const int *month,
                    double max_km, double *value, size_t *n_missing)
{
  size_t i, t;
  span z = {0, 0, 0.0};
  int status;

  *n_missing = 0;
  if (f->month && !month)
    return pm_error(PM_EUSAGE,
                    "%s: variable '%s' is a climatology of %zu months; give "
                    "the month of each point",
                    f->path, f->variable, f->ntime);
  for (i = 0; i < n; i++) {
    if ((status = time_step(f, month ? month[i] : 0, i, &t))) return status;
    value[i] = depth && !locate_depth(f, depth[i], &z)
                   ? NAN
                   : sample_one(f, t, lon[i], lat[i], &z, max_km);
    *n_missing += isnan(value[i]);
  }
  return PM_SUCCESS;
}

/* Source columns whose centres lie in [lo, hi) degrees east: the first one
 * and how many (going east, modulo the number of columns). */
static size_t lon_columns(const pm_field *f, double lo, double hi,
                          size_t *first)
{
  double x = wrap_lon(f, lo), width = hi - lo;
  size_t i = upper(&f->lon, x), n = 0, nx = f->lon.n;

  if (i > 0 && f->lon.v[i - 1] == x) i--;
  if (i == nx) i = 0, x -= 360.0;
  *first = i;
  while (n < nx) {
    double v = f->lon.v[(i + n) % nx] + ((i + n) >= nx ? 360.0 : 0.0);
    if (v >= x + width) break;
    n++;
  }
  return n;
}

/* The cos(latitude)-weighted mean of the valid source values at level k
 * over rows [j0, j1) and the given columns. */
static double box_mean(const pm_field *f, size_t t, size_t k, size_t j0,
                       size_t j1, size_t c0, size_t nc)
{
  const float *p = plane(f, t, k);
  double sum = 0, wsum = 0;
  for (size_t j = j0; j < j1; j++) {
    double w = cos(f->lat.v[j] * DEG);
    for (size_t c = 0; c < nc; c++) {
      float v = p[j * f->lon.n + (c0 + c) % f->lon.n];
      if (!isnan(v)) sum += w * v, wsum += w;
    }
  }
  return wsum > 0 ? sum / wsum : NAN;
}

/* The mean of the source cells in one target cell, at depth z; when no
 * source centre falls in it, the point rules at its centre. */
static double conservative_one(const pm_field *f, size_t t, const span *z,
                               const double *lon, size_t nlon, size_t i,
                               const double *lat, size_t nlat, size_t j,
                               double max_km)
{
  double xlo, xhi, ylo, yhi, v;
  size_t c0, nc, j0, j1;

  pm_grid_cell_edges(lon, nlon, i, &xlo, &xhi);
  pm_grid_cell_edges(lat, nlat, j, &ylo, &yhi);
  nc = lon_columns(f, xlo, xhi, &c0);
  j0 = upper(&f->lat, ylo);
  if (j0 > 0 && f->lat.v[j0 - 1] == ylo) j0--;
  j1 = upper(&f->lat, yhi);
  if (j1 > 0 && f->lat.v[j1 - 1] == yhi) j1--;
  if (nc == 0 || j1 <= j0) return sample_one(f, t, lon[i], lat[j], z, max_km);
  v = box_mean(f, t, z->i0, j0, j1, c0, nc);
  if (z->w > 0) v = in_depth(v, box_mean(f, t, z->i1, j0, j1, c0, nc), z->w);
  return isnan(v) ? nearest(f, t, z, lon[i], lat[j], max_km) : v;
}

/* Whether the field is finer than the target grid in both directions. */
static int finer(const pm_field *f, const double *lon, size_t nlon,
                 const double *lat, size_t nlat)
{
  double tx = (lon[nlon - 1] - lon[0]) / (double)(nlon - 1);
  double ty = (lat[nlat - 1] - lat[0]) / (double)(nlat - 1);
  return 2 * half_step(&f->lon) < tx && 2 * half_step(&f->lat) < ty;
}

static int check_centres(const pm_field *f, const double *v, size_t n,
                         const char *what)
{
  for (size_t i = 1; i < n; i++)
    if (!(v[i] > v[i - 1]))
      return pm_error(PM_EUSAGE,
                      "%s: variable '%s': target %s centres must increase "
                      "(value %zu)",
                      f->path, f->variable, what, i + 1);
  return PM_SUCCESS;
}

int pm_field_regrid(const pm_field *f, size_t nlon, const double *lon,
                    size_t nlat, const double *lat, size_t ndepth,
                    const double *depth, int month, pm_field_method method,
                    double max_km, double *value, size_t *n_missing)
{
  pm_field_rows rows = {0, nlat};
  return pm_field_regrid_rows(f, nlon, lon, nlat, lat, &rows, ndepth, depth,
                              month, method, max_km, value, n_missing);
}

int pm_field_regrid_rows(const pm_field *f, size_t nlon, const double *lon,
                         size_t nlat, const double *lat,
                         const pm_field_rows *rows, size_t ndepth,
                         const double *depth, int month,
                         pm_field_method method, double max_km, double *value,
                         size_t *n_missing)
{
  size_t t, k, j, i, nk = ndepth ? ndepth : 1, at = 0;
  int status, cons, zok = 1;
  span z = {0, 0, 0.0};

  *n_missing = 0;
  if (rows->first + rows->n > nlat)
    return pm_error(PM_EUSAGE, "%s: variable '%s': rows %zu to %zu of a "
                    "grid of %zu", f->path, f->variable, rows->first + 1,
                    rows->first + rows->n, nlat);
  if ((status = time_step(f, month, 0, &t)) ||
      (status = check_centres(f, lon, nlon, "longitude")) ||
      (status = check_centres(f, lat, nlat, "latitude")))
    return status;
  cons = nlon > 1 && nlat > 1 &&
         (method == PM_FIELD_CONSERVATIVE ||
          (method == PM_FIELD_AUTO && finer(f, lon, nlon, lat, nlat)));
  for (k = 0; k < nk; k++) {
    if (ndepth) zok = locate_depth(f, depth[k], &z);
    for (j = rows->first; j < rows->first + rows->n; j++)
      for (i = 0; i < nlon; i++, at++) {
        value[at] = !zok   ? NAN
                    : cons ? conservative_one(f, t, &z, lon, nlon, i, lat,
                                              nlat, j, max_km)
                           : sample_one(f, t, lon[i], lat[j], &z, max_km);
        *n_missing += isnan(value[at]);
      }
  }
  return PM_SUCCESS;
}
