/* aoa_file.c: an area of applicability (pm_aoa.h) as a NetCDF file: the
 * standardised, weighted training rows `z` (row, covariate), the names,
 * means and scales of the covariates, and the mean distance and threshold
 * as attributes, so that prediction needs no refit.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "aoa_internal.h"
#include "pm_error.h"
#include "pm_nc.h"

#include <netcdf.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const pm_aoa *a;
  const char *path;
} aoa_out;

static int write_aoa(int ncid, void *arg)
{
  const aoa_out *o = arg;
  const pm_aoa *a = o->a;
  const char *path = o->path;
  int d[2], vz, vn, vm, vs, status = PM_SUCCESS;
  static const char what[] = "area of applicability (Meyer & Pebesma "
                             "2021): training rows standardised and "
                             "weighted, z = (x - mean) * scale";

  PM_NC_TRY(nc_def_dim(ncid, "row", a->n, &d[0]), "defining row");
  PM_NC_TRY(nc_def_dim(ncid, "covariate", a->p, &d[1]), "defining covariate");
  PM_NC_TRY(nc_def_var(ncid, "z", NC_DOUBLE, 2, d, &vz), "defining z");
  PM_NC_TRY(nc_def_var(ncid, "covariate_name", NC_STRING, 1, &d[1], &vn),
            "defining covariate_name");
  PM_NC_TRY(nc_def_var(ncid, "mean", NC_DOUBLE, 1, &d[1], &vm),
            "defining mean");
  PM_NC_TRY(nc_def_var(ncid, "scale", NC_DOUBLE, 1, &d[1], &vs),
            "defining scale");
  PM_NC_TRY(nc_put_att_text(ncid, NC_GLOBAL, "title", strlen(what), what),
            "writing title");
  PM_NC_TRY(nc_put_att_double(ncid, NC_GLOBAL, "mean_distance", NC_DOUBLE, 1,
                              &a->dbar), "writing mean_distance");
  PM_NC_TRY(nc_put_att_double(ncid, NC_GLOBAL, "threshold", NC_DOUBLE, 1,
                              &a->threshold), "writing threshold");
  PM_NC_TRY(nc_enddef(ncid), "ending definitions");
  PM_NC_TRY(nc_put_var_double(ncid, vz, a->z), "writing z");
  PM_NC_TRY(nc_put_var_string(ncid, vn, (const char **)a->names),
            "writing covariate_name");
  PM_NC_TRY(nc_put_var_double(ncid, vm, a->mean), "writing mean");
  PM_NC_TRY(nc_put_var_double(ncid, vs, a->scale), "writing scale");
cleanup:
  return status;
}

int pm_aoa_write(const pm_aoa *a, const char *path)
{
  aoa_out o = {a, path};
  return pm_nc_create_atomic(path, write_aoa, &o);
}

/* The sizes, the attributes and the arrays of the open file. */
static int read_aoa(int ncid, const char *path, pm_aoa *a)
{
  int d, vz, vn, vm, vs, status = PM_SUCCESS;
  char **names = NULL;

  PM_NC_TRY(nc_inq_dimid(ncid, "row", &d), "finding dimension row");
  PM_NC_TRY(nc_inq_dimlen(ncid, d, &a->n), "reading row");
  PM_NC_TRY(nc_inq_dimid(ncid, "covariate", &d), "finding covariate");
  PM_NC_TRY(nc_inq_dimlen(ncid, d, &a->p), "reading covariate");
  PM_NC_TRY(nc_get_att_double(ncid, NC_GLOBAL, "mean_distance", &a->dbar),
            "reading mean_distance");
  PM_NC_TRY(nc_get_att_double(ncid, NC_GLOBAL, "threshold", &a->threshold),
            "reading threshold");
  PM_NC_TRY(nc_inq_varid(ncid, "z", &vz), "finding z");
  PM_NC_TRY(nc_inq_varid(ncid, "covariate_name", &vn),
            "finding covariate_name");
  PM_NC_TRY(nc_inq_varid(ncid, "mean", &vm), "finding mean");
  PM_NC_TRY(nc_inq_varid(ncid, "scale", &vs), "finding scale");
  a->z = malloc((a->n * a->p + 1) * sizeof *a->z);
  a->mean = malloc((2 * a->p + 1) * sizeof *a->mean);
  names = calloc(a->p + 1, sizeof *names);
  if (!a->z || !a->mean || !names) {
    status = pm_error_nomem();
    goto cleanup;
  }
  a->scale = a->mean + a->p;
  PM_NC_TRY(nc_get_var_double(ncid, vz, a->z), "reading z");
  PM_NC_TRY(nc_get_var_double(ncid, vm, a->mean), "reading mean");
  PM_NC_TRY(nc_get_var_double(ncid, vs, a->scale), "reading scale");
  PM_NC_TRY(nc_get_var_string(ncid, vn, names), "reading covariate_name");
  status = pm_aoa_names(a, (const char *const *)names);
  nc_free_string(a->p, names);
  if (!status && !(a->dbar > 0))
    status = pm_error(PM_EINPUT, "%s: mean_distance is %g, not above 0",
                      path, a->dbar);
cleanup:
  free(names);
  return status;
}

int pm_aoa_read(pm_aoa **out, const char *path)
{
  pm_aoa *a = calloc(1, sizeof *a);
  int ncid = -1, status = PM_SUCCESS;

  *out = NULL;
  if (!a) return pm_error_nomem();
  PM_NC_TRY(nc_open(path, NC_NOWRITE, &ncid), "opening the file");
  if (!(status = read_aoa(ncid, path, a)))
    status = pm_kdtree_alloc(&a->tree, a->z, a->n, a->p);
cleanup:
  if (ncid >= 0) nc_close(ncid);
  if (status) pm_aoa_free(a);
  else *out = a;
  return status;
}
