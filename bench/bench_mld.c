/* bench_mld.c: the mixed-layer depth (de Boyer Montegut et al. 2004, EOS-80
 * density) of every column of the Levitus annual climatology, 360 x 180
 * columns of 20 levels, as the predict stage derives an `mld` covariate:
 * temperature and salinity regridded onto the 1-degree grid at the field's
 * levels, then pm_mld_columns; and the annual maximum of the monthly MLDs
 * (temperature criterion) of the 12-month World Ocean Atlas subset at 19
 * levels, as it derives an `mld_max` covariate: the months regridded one by
 * one, pm_mld_columns of each, then pm_mld_max_months.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "config.h"
#include "pm_error.h"
#include "pm_field.h"
#include "pm_mld.h"

#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NLON 360
#define NLAT 180

/* One variable of a ferret-datasets file on the 1-degree cell centres at
 * its own levels, for `month` (0: a field without months). */
static int regrid(const char *file, const char *var, int month, pm_field **f,
                  double *lon, double *lat, double *x, size_t *nz)
{
  char path[512];
  size_t nmiss;
  const double *z;
  int status;

  snprintf(path, sizeof path, "%s/%s", PM_FERRET_DATA_DIR, file);
  if (!*f && (status = pm_field_open(f, path, var))) return status;
  z = pm_field_depth(*f, nz);
  return pm_field_regrid(*f, NLON, lon, NLAT, lat, *nz, z, month,
                         PM_FIELD_BILINEAR, 0, x, &nmiss);
}

/* The annual maximum MLD of the monthly temperature of the World Ocean
 * Atlas subset: regridding and MLD times (s) in tr and tm. */
static int bench_max(double *lon, double *lat, double *t, double *monthly,
                     double *mld, double *tr, double *tm)
{
  pm_field *f = NULL;
  size_t nz, nmiss = 0, i;
  double sum = 0, a;
  int m, status = PM_SUCCESS;

  *tr = *tm = 0;
  for (m = 1; m <= 12 && !status; m++) {
    a = bench_now();
    status = regrid("ocean_atlas_subset.nc", "TEMP", m, &f, lon, lat, t, &nz);
    *tr += bench_now() - a;
    a = bench_now();
    if (!status)
      status = pm_mld_columns(pm_field_depth(f, &nz), nz, NLON * NLAT, t,
                              NULL, monthly + (size_t)(m - 1) * NLON * NLAT,
                              NULL);
    *tm += bench_now() - a;
  }
  a = bench_now();
  if (!status)
    status = pm_mld_max_months(12, NLON * NLAT, monthly, mld, &nmiss);
  *tm += bench_now() - a;
  for (i = 0; i < NLON * NLAT && !status; i++)
    if (!isnan(mld[i])) sum += mld[i];
  if (!status)
    printf("annual maximum MLD (temperature, 12 months x %zu levels): %zu "
           "columns without one, mean %.1f m\n", nz, nmiss,
           sum / (double)(NLON * NLAT - nmiss));
  pm_field_free(f);
  return status;
}

int main(void)
{
  static double lon[NLON], lat[NLAT];
  pm_field *ft = NULL, *fs = NULL;
  double *t = malloc(20 * NLON * NLAT * sizeof *t);
  double *s = malloc(20 * NLON * NLAT * sizeof *s);
  double *mld = malloc(NLON * NLAT * sizeof *mld), t0, t1, sum = 0;
  double *monthly = malloc(12 * NLON * NLAT * sizeof *monthly), t2, t3;
  size_t i, nz, nmiss = 0, nrep = 10, r;
  int status = PM_SUCCESS;

  if (!t || !s || !mld || !monthly) status = pm_error_nomem();
  for (i = 0; i < NLON; i++) lon[i] = -179.5 + (double)i;
  for (i = 0; i < NLAT; i++) lat[i] = -89.5 + (double)i;
  t0 = bench_now();
  if (!status && !(status = regrid("levitus_climatology.cdf", "TEMP", 0, &ft,
                                    lon, lat, t, &nz)))
    status = regrid("levitus_climatology.cdf", "SALT", 0, &fs, lon, lat, s,
                    &nz);
  t0 = bench_now() - t0;
  t1 = bench_now();
  for (r = 0; r < nrep && !status; r++)
    status = pm_mld_columns(pm_field_depth(ft, &nz), nz, NLON * NLAT, t, s,
                            mld, &nmiss);
  t1 = (bench_now() - t1) / (double)nrep;
  for (i = 0; i < NLON * NLAT && !status; i++)
    if (!isnan(mld[i])) sum += mld[i];
  if (!status) {
    printf("Levitus T and S regridded to 360 x 180 x %zu: %.3f s\n", nz, t0);
    printf("MLD of %d columns: %.4f s (%.1f M columns/s); %zu without an "
           "MLD, mean %.1f m\n", NLON * NLAT, t1, NLON * NLAT / t1 * 1e-6,
           nmiss, sum / (double)(NLON * NLAT - nmiss));
  }
  if (!status && !(status = bench_max(lon, lat, t, monthly, mld, &t2, &t3)))
    printf("12 months regridded to 360 x 180: %.3f s; their MLDs and the "
           "maximum: %.4f s\n", t2, t3);
  if (status) {
    fprintf(stderr, "bench_mld: %s\n", pm_error_message());
  }
  pm_field_free(ft);
  pm_field_free(fs);
  free(t);
  free(s);
  free(mld);
  free(monthly);
  return status;
}
