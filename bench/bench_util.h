/* bench_util.h: what the benchmarks share: a monotonic clock and a
 * synthetic global 1-degree map written with the NetCDF API.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_BENCH_UTIL_H
#define PM_BENCH_UTIL_H

#include <netcdf.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_NLON 360
#define BENCH_NLAT 180
#define BENCH_NDEPTH 20

/* Seconds on the monotonic clock. */
static inline double bench_now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Writes variable `name` (lon, lat and 20 depths 50, 100, ... 1000 m) to
 * `path`, its value at (lon, lat, depth) given by f; a NetCDF status. */
static inline int bench_write_map(const char *path, const char *name,
                                  const char *units,
                                  double (*f)(double lon, double lat,
                                              double depth))
{
  static double lon[BENCH_NLON], lat[BENCH_NLAT], depth[BENCH_NDEPTH];
  double *v = malloc((size_t)BENCH_NLON * BENCH_NLAT * BENCH_NDEPTH *
                     sizeof *v);
  int nc, d[3], var[4], m[3], s, i, j, k;

  if (!v) return NC_ENOMEM;
  for (i = 0; i < BENCH_NLON; i++) lon[i] = -179.5 + i;
  for (j = 0; j < BENCH_NLAT; j++) lat[j] = -89.5 + j;
  for (k = 0; k < BENCH_NDEPTH; k++) depth[k] = 50.0 * (k + 1);
  for (k = 0; k < BENCH_NDEPTH; k++)
    for (j = 0; j < BENCH_NLAT; j++)
      for (i = 0; i < BENCH_NLON; i++)
        v[((size_t)k * BENCH_NLAT + j) * BENCH_NLON + i] =
            f(lon[i], lat[j], depth[k]);
  if ((s = nc_create(path, NC_CLOBBER | NC_NETCDF4, &nc))) goto done;
  if ((s = nc_def_dim(nc, "lon", BENCH_NLON, &d[0])) ||
      (s = nc_def_dim(nc, "lat", BENCH_NLAT, &d[1])) ||
      (s = nc_def_dim(nc, "depth", BENCH_NDEPTH, &d[2])) ||
      (s = nc_def_var(nc, "lon", NC_DOUBLE, 1, &d[0], &var[0])) ||
      (s = nc_def_var(nc, "lat", NC_DOUBLE, 1, &d[1], &var[1])) ||
      (s = nc_def_var(nc, "depth", NC_DOUBLE, 1, &d[2], &var[2])))
    goto close;
  m[0] = d[2];
  m[1] = d[1];
  m[2] = d[0];
  if ((s = nc_def_var(nc, name, NC_DOUBLE, 3, m, &var[3])) ||
      (s = nc_put_att_text(nc, var[3], "units", strlen(units), units)) ||
      (s = nc_enddef(nc)) ||
      (s = nc_put_var_double(nc, var[0], lon)) ||
      (s = nc_put_var_double(nc, var[1], lat)) ||
      (s = nc_put_var_double(nc, var[2], depth)))
    goto close;
  s = nc_put_var_double(nc, var[3], v);
close:
  if (nc_close(nc) && !s) s = NC_EBADID;
done:
  free(v);
  return s;
}

#endif
