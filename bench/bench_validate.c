/* bench_validate.c: the validation step on a 1-degree global flux map of
 * 20 depths: reading the tables and the map, matching the 1975 traps.
 *
 * Usage: bench/bench_validate [DATADIR] (default $top_srcdir/validation).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_validation.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define NLON 360
#define NLAT 180
#define NDEPTH 20

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* A flux map falling off with depth as a Martin curve (b = 0.858) from
 * 100 mg C m-2 d-1 at 100 m, written with the NetCDF API. */
static int write_map(const char *path)
{
  static double lon[NLON], lat[NLAT], depth[NDEPTH];
  double *v = malloc((size_t)NLON * NLAT * NDEPTH * sizeof *v);
  int nc, d[3], var[4], m[3], s = NC_NOERR, i, j, k;

  if (!v) return NC_ENOMEM;
  for (i = 0; i < NLON; i++) lon[i] = -179.5 + i;
  for (j = 0; j < NLAT; j++) lat[j] = -89.5 + j;
  for (k = 0; k < NDEPTH; k++) depth[k] = 50.0 * (k + 1);
  for (k = 0; k < NDEPTH; k++)
    for (j = 0; j < NLAT; j++)
      for (i = 0; i < NLON; i++)
        v[((size_t)k * NLAT + j) * NLON + i] = 100 * pow(depth[k] / 100, -0.858);
  if ((s = nc_create(path, NC_CLOBBER | NC_NETCDF4, &nc))) goto done;
  nc_def_dim(nc, "lon", NLON, &d[0]);
  nc_def_dim(nc, "lat", NLAT, &d[1]);
  nc_def_dim(nc, "depth", NDEPTH, &d[2]);
  nc_def_var(nc, "lon", NC_DOUBLE, 1, &d[0], &var[0]);
  nc_def_var(nc, "lat", NC_DOUBLE, 1, &d[1], &var[1]);
  nc_def_var(nc, "depth", NC_DOUBLE, 1, &d[2], &var[2]);
  m[0] = d[2];
  m[1] = d[1];
  m[2] = d[0];
  nc_def_var(nc, "flux_mean", NC_DOUBLE, 3, m, &var[3]);
  nc_enddef(nc);
  nc_put_var_double(nc, var[0], lon);
  nc_put_var_double(nc, var[1], lat);
  nc_put_var_double(nc, var[2], depth);
  nc_put_var_double(nc, var[3], v);
  s = nc_close(nc);
done:
  free(v);
  return s;
}

int main(int argc, char **argv)
{
  const char *top = getenv("top_srcdir"), *tmpdir = getenv("TMPDIR");
  char dir[4096], pub[4200], trp[4200], map[4200];
  pm_published *p = NULL;
  pm_traps *t = NULL;
  pm_validation_map *m = NULL;
  pm_validation_stats s;
  double t0, t1, t2, t3;
  int status;

  if (argc > 1)
    snprintf(dir, sizeof dir, "%s", argv[1]);
  else
    snprintf(dir, sizeof dir, "%s/validation", top ? top : ".");
  snprintf(pub, sizeof pub, "%s/published.tsv", dir);
  snprintf(trp, sizeof trp, "%s/traps.csv", dir);
  snprintf(map, sizeof map, "%s/plankmap-bench-validate-%ld.nc",
           tmpdir ? tmpdir : "/tmp", (long)getpid());
  if (write_map(map) != NC_NOERR) {
    fprintf(stderr, "bench_validate: cannot write %s\n", map);
    return 4;
  }
  t0 = now();
  status = pm_published_read(&p, pub);
  if (!status) status = pm_traps_read(&t, trp);
  t1 = now();
  if (!status) status = pm_validation_map_read(&m, map, "flux");
  t2 = now();
  if (!status) status = pm_validation_match_traps(t, m, &s);
  t3 = now();
  remove(map);
  if (status) {
    fprintf(stderr, "bench_validate: %s\n", pm_error_message());
  } else {
    printf("bench_validate: tables (%zu estimates, %zu traps) %.1f ms, "
           "map %dx%dx%d %.1f ms, matching %.2f ms (%zu matched, "
           "bias %.3f)\n",
           p->n, t->n, 1e3 * (t1 - t0), NLON, NLAT, NDEPTH, 1e3 * (t2 - t1),
           1e3 * (t3 - t2), s.n_matched, s.bias);
  }
  pm_published_free(p);
  pm_traps_free(t);
  pm_validation_map_free(m);
  return status;
}
