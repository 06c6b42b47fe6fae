/* bench_mld.c: the mixed-layer depth (de Boyer Montegut et al. 2004, EOS-80
 * density) of every column of the Levitus annual climatology, 360 x 180
 * columns of 20 levels, as the predict stage derives an `mld` covariate:
 * temperature and salinity regridded onto the 1-degree grid at the field's
 * levels, then pm_mld_columns.
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

/* One variable of the Levitus file on the 1-degree cell centres at its own
 * levels. */
static int regrid(const char *var, pm_field **f, double *lon, double *lat,
                  double *x, size_t *nz)
{
  const char *path = PM_FERRET_DATA_DIR "/levitus_climatology.cdf";
  size_t nmiss;
  const double *z;
  int status = pm_field_open(f, path, var);

  if (status) return status;
  z = pm_field_depth(*f, nz);
  return pm_field_regrid(*f, NLON, lon, NLAT, lat, *nz, z, 0,
                         PM_FIELD_BILINEAR, 0, x, &nmiss);
}

int main(void)
{
  static double lon[NLON], lat[NLAT];
  pm_field *ft = NULL, *fs = NULL;
  double *t = malloc(20 * NLON * NLAT * sizeof *t);
  double *s = malloc(20 * NLON * NLAT * sizeof *s);
  double *mld = malloc(NLON * NLAT * sizeof *mld), t0, t1, sum = 0;
  size_t i, nz, nmiss = 0, nrep = 10, r;
  int status = PM_SUCCESS;

  if (!t || !s || !mld) status = pm_error_nomem();
  for (i = 0; i < NLON; i++) lon[i] = -179.5 + (double)i;
  for (i = 0; i < NLAT; i++) lat[i] = -89.5 + (double)i;
  t0 = bench_now();
  if (!status && !(status = regrid("TEMP", &ft, lon, lat, t, &nz)))
    status = regrid("SALT", &fs, lon, lat, s, &nz);
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
  } else {
    fprintf(stderr, "bench_mld: %s\n", pm_error_message());
  }
  pm_field_free(ft);
  pm_field_free(fs);
  free(t);
  free(s);
  free(mld);
  return status;
}
