/* nccorrection.c: the class totals an observations file corrected for
 * misclassification holds, and their draws from the uncertainty of the
 * confusion matrices (written by ncwrite.c), read back for the models of
 * those classes.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_nc.h"
#include "pm_error.h"

#include <netcdf.h>
#include <stdlib.h>
#include <string.h>

void pm_nc_class_totals_free(pm_nc_class_totals *t)
{
  if (!t) return;
  if (t->names) nc_free_string(t->nclass, t->names);
  free(t->names);
  free(t->total);
  free(t->draws);
  memset(t, 0, sizeof *t);
}

/* The lengths of corrected_total_draws' two dimensions (class, draw). */
static int draws_shape(int ncid, int var, const char *path, size_t *nclass,
                       size_t *ndraws)
{
  int dims[NC_MAX_VAR_DIMS], ndims, status = PM_SUCCESS;

  PM_NC_TRY(nc_inq_varndims(ncid, var, &ndims), "reading corrected_total_draws");
  if (ndims != 2)
    return pm_error(PM_EINPUT, "%s: corrected_total_draws has %d dimensions; "
                    "it should have 2 (class, classification_draw)",
                    path, ndims);
  PM_NC_TRY(nc_inq_vardimid(ncid, var, dims), "reading corrected_total_draws");
  PM_NC_TRY(nc_inq_dimlen(ncid, dims[0], nclass), "reading the class dimension");
  PM_NC_TRY(nc_inq_dimlen(ncid, dims[1], ndraws),
            "reading the classification_draw dimension");
cleanup:
  return status;
}

static int read_open(int ncid, const char *path, pm_nc_class_totals *t)
{
  int total, draws, names, status = PM_SUCCESS;

  if (nc_inq_varid(ncid, "corrected_total_draws", &draws) != NC_NOERR)
    return PM_SUCCESS; /* counts as read */
  PM_NC_TRY(nc_inq_varid(ncid, "corrected_total", &total),
            "reading corrected_total");
  PM_NC_TRY(nc_inq_varid(ncid, "biological_taxon_name", &names),
            "reading biological_taxon_name");
  if ((status = draws_shape(ncid, draws, path, &t->nclass, &t->ndraws)))
    return status;
  t->names = calloc(t->nclass + 1, sizeof *t->names);
  t->total = malloc((t->nclass + 1) * sizeof *t->total);
  t->draws = malloc((t->nclass * t->ndraws + 1) * sizeof *t->draws);
  if (!t->names || !t->total || !t->draws) return pm_error_nomem();
  PM_NC_TRY(nc_get_var_string(ncid, names, t->names), "reading the classes");
  PM_NC_TRY(nc_get_var_double(ncid, total, t->total),
            "reading corrected_total");
  PM_NC_TRY(nc_get_var_double(ncid, draws, t->draws),
            "reading corrected_total_draws");
cleanup:
  return status;
}

int pm_nc_class_totals_read(const char *path, pm_nc_class_totals *t)
{
  int ncid, rc, status;

  memset(t, 0, sizeof *t);
  if ((rc = nc_open(path, NC_NOWRITE, &ncid)) != NC_NOERR)
    return pm_nc_fail(rc, path, "opening the file");
  status = read_open(ncid, path, t);
  nc_close(ncid);
  if (status) pm_nc_class_totals_free(t);
  return status;
}
