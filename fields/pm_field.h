/* pm_field.h: covariate fields read from CF NetCDF files (World Ocean Atlas,
 * Levitus and ETOPO from ferret-datasets, CMIP-style ocean output) and
 * sampled at observations or onto a regular grid.
 *
 * The longitude, latitude, depth and time axes of the variable are found
 * from their coordinate variables' `axis`, `standard_name`, `units` and
 * `positive` attributes (CF 1.11 section 4), never from their names, and may
 * come in any order.  Axes of length one that are none of these are ignored.
 * Once opened, a field holds its values unpacked (`scale_factor`,
 * `add_offset`, CF 1.11 section 8.1) as floats, NAN where missing
 * (`_FillValue`, `missing_value`, `valid_min`, `valid_max`, `valid_range`,
 * section 2.5.1), in the order [time][depth][lat][lon] with increasing
 * longitudes, latitudes and depths (m, positive down).
 *
 * Sampling rules (the same for points and for grids):
 *  - bilinear in longitude-latitude between the four surrounding values,
 *    across the dateline when the longitudes go round the globe; a query
 *    longitude in either -180..180 or 0..360 is wrapped onto the field's;
 *    missing corners are left out and the weights of the others rescaled;
 *  - linear in depth between the two surrounding levels, clamped at the top
 *    level; below the deepest level the value is missing; where one of the
 *    two levels is missing (the seafloor lies between them) the other is
 *    used over the half of the interval nearer to it;
 *  - the nearest month, cyclically, when the field is a 12-month
 *    climatology; the time axis is ignored when it has one step;
 *  - a value still missing (land, below the seafloor) takes the value of the
 *    nearest grid point, at the same depth, whose value is valid and lies
 *    within `max_km` (geodesic distance on the WGS84 ellipsoid, Karney 2013,
 *    J. Geodesy 87:43, through PROJ's geod_inverse); otherwise it is NAN
 *    and counted in `n_missing`.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FIELD_H
#define PM_FIELD_H

#include <stddef.h>

typedef struct pm_field pm_field;

/* Read `variable` of the NetCDF file `path`.  Errors (PM_EINPUT) name the
 * file and the variable: no such variable (the message lists those there
 * are), no longitude or latitude axis, an axis whose units are not
 * understood (depth in anything but m, km or cm; a time axis that is not
 * "UNIT since DATE"), a time axis of more than one step that is not a
 * 12-month climatology, all values missing.  *f is NULL on error. */
int pm_field_open(pm_field **f, const char *path, const char *variable);
void pm_field_free(pm_field *f);

/* The axes (arrays owned by the field).  Longitudes increase from the first
 * one over less than 360 degrees (a repeated first column is dropped);
 * depths are m, positive down; depth is NULL with *n = 0 for a 2-D field. */
const double *pm_field_lon(const pm_field *f, size_t *n);
const double *pm_field_lat(const pm_field *f, size_t *n);
const double *pm_field_depth(const pm_field *f, size_t *n);
/* The calendar month (1..12) of each time step; NULL, *n = 0 without a
 * time axis. */
const int *pm_field_months(const pm_field *f, size_t *n);
/* 1 when the longitudes go round the globe. */
int pm_field_lon_periodic(const pm_field *f);
/* The variable's units attribute ("" when it has none). */
const char *pm_field_units(const pm_field *f);
/* The unpacked value at grid indices (NAN where missing); indices of absent
 * axes are 0. */
double pm_field_at(const pm_field *f, size_t it, size_t iz, size_t iy,
                   size_t ix);

/* Sample at n points: lon, lat (degrees), depth (m, positive down; NULL for
 * the top level), month (1..12; NULL when the field has no 12-month axis).
 * value[i] is NAN for a point that has no value (counted in *n_missing):
 * missing within max_km (km, >= 0), below the deepest level, or with a
 * non-finite coordinate.  A month outside 1..12 or a missing month array
 * for a climatology is PM_EUSAGE.  No allocation. */
int pm_field_sample(const pm_field *f, size_t n, const double *lon,
                    const double *lat, const double *depth, const int *month,
                    double max_km, double *value, size_t *n_missing);

typedef enum {
  PM_FIELD_BILINEAR,     /* the point rules at each cell centre */
  PM_FIELD_CONSERVATIVE, /* area-weighted mean of the source cells whose
                            centres fall in the target cell */
  PM_FIELD_AUTO          /* conservative when the field is finer than the
                            target grid in both directions, else bilinear */
} pm_field_method;

/* Sample onto a grid of cell centres lon[nlon], lat[nlat] (increasing; the
 * cell edges lie halfway between centres) and depths depth[ndepth] (m,
 * positive down; ndepth = 0 for one layer at the top level).  value holds
 * max(ndepth, 1) * nlat * nlon values, [depth][lat][lon].  Conservative
 * means weight each source value by the cosine of its latitude (the
 * relative area of a regular longitude-latitude cell) and then follow the
 * depth and nearest-value rules above.  month as in pm_field_sample (0 when
 * the field has no 12-month axis). */
int pm_field_regrid(const pm_field *f, size_t nlon, const double *lon,
                    size_t nlat, const double *lat, size_t ndepth,
                    const double *depth, int month, pm_field_method method,
                    double max_km, double *value, size_t *n_missing);

/* Rows [first, first + n) of a target grid. */
typedef struct {
  size_t first, n;
} pm_field_rows;

/* pm_field_regrid onto the rows `rows` of the grid lon[nlon], lat[nlat]
 * alone: value holds max(ndepth, 1) * rows->n * nlon values, [depth][row
 * - rows->first][lon], each the value pm_field_regrid gives that cell (the
 * method and the cell edges are those of the whole grid), so that a grid
 * regridded in bands of rows is the grid regridded at once.  Rows past
 * the grid are PM_EUSAGE. */
int pm_field_regrid_rows(const pm_field *f, size_t nlon, const double *lon,
                         size_t nlat, const double *lat,
                         const pm_field_rows *rows, size_t ndepth,
                         const double *depth, int month,
                         pm_field_method method, double max_km, double *value,
                         size_t *n_missing);

#endif
