/* ncinfo.c: a text summary of a NetCDF file for `plankmap info`: its
 * dimensions, its variables with their units, and the global attributes that
 * say what it holds and where it came from.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "pm_nc.h"
#include "pm_error.h"

#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Global attributes shown (in this order) when present. */
static const char *const shown[] = {
    "title", "Conventions", "history", "date_created", "plankmap_version",
    "plankmap_config_file", "time_coverage_start", "time_coverage_end",
    "geospatial_lat_min", "geospatial_lat_max", "geospatial_lon_min",
    "geospatial_lon_max", "geospatial_vertical_min", "geospatial_vertical_max",
    "plankmap_samples_binned", "plankmap_samples_outside_region",
    "plankmap_samples_outside_depth", "plankmap_samples_outside_time",
    "plankmap_input_files", "count_correction"};

/* Print a text attribute (one line each, indented, when it runs over several)
 * or a single number; absent attributes print nothing. */
static int print_att(FILE *out, int ncid, int var, const char *name,
                     const char *prefix, const char *path)
{
  nc_type type;
  size_t len;
  char *text;
  double v;
  int rc = nc_inq_att(ncid, var, name, &type, &len);

  if (rc == NC_ENOTATT) return PM_SUCCESS;
  if (rc != NC_NOERR) return pm_nc_fail(rc, path, name);
  if (type == NC_CHAR) {
    if (!(text = malloc(len + 1))) return pm_error_nomem();
    if ((rc = nc_get_att_text(ncid, var, name, text)) != NC_NOERR) {
      free(text);
      return pm_nc_fail(rc, path, name);
    }
    text[len] = '\0';
    if (!strchr(text, '\n'))
      fprintf(out, "%s%s: %s\n", prefix, name, text);
    else { /* one line each, indented below the name */
      fprintf(out, "%s%s:\n", prefix, name);
      char *save = NULL, *line;
      for (line = strtok_r(text, "\n", &save); line;
           line = strtok_r(NULL, "\n", &save))
        fprintf(out, "%s    %s\n", prefix, line);
    }
    free(text);
    return PM_SUCCESS;
  }
  if (type == NC_STRING || len != 1) return PM_SUCCESS; /* not shown */
  rc = nc_get_att_double(ncid, var, name, &v);
  if (rc != NC_NOERR) return pm_nc_fail(rc, path, name);
  fprintf(out, "%s%s: %.10g\n", prefix, name, v);
  return PM_SUCCESS;
}

static int print_dims(FILE *out, int ncid, const char *path)
{
  int ndims, d, status = PM_SUCCESS;
  char name[NC_MAX_NAME + 1];
  size_t len;

  PM_NC_TRY(nc_inq_ndims(ncid, &ndims), "reading the dimensions");
  fprintf(out, "dimensions:");
  for (d = 0; d < ndims; d++) {
    PM_NC_TRY(nc_inq_dim(ncid, d, name, &len), "reading a dimension");
    fprintf(out, "%s %s = %zu", d ? "," : "", name, len);
  }
  fprintf(out, "\n");
cleanup:
  return status;
}

static int print_var(FILE *out, int ncid, int v, const char *path)
{
  char name[NC_MAX_NAME + 1], dname[NC_MAX_NAME + 1];
  int dims[NC_MAX_VAR_DIMS], ndims, d, status = PM_SUCCESS;
  nc_type type;

  PM_NC_TRY(nc_inq_var(ncid, v, name, &type, &ndims, dims, NULL),
            "reading a variable");
  fprintf(out, "  %s(", name);
  for (d = 0; d < ndims; d++) {
    PM_NC_TRY(nc_inq_dimname(ncid, dims[d], dname), "reading a dimension");
    fprintf(out, "%s%s", d ? ", " : "", dname);
  }
  fprintf(out, ")\n");
  if ((status = print_att(out, ncid, v, "units", "    ", path)))
    goto cleanup;
  status = print_att(out, ncid, v, "long_name", "    ", path);
cleanup:
  return status;
}

/* Of observations.nc with counts corrected for misclassification: per
 * class the share only predicted and the corrected over naive count. */
static int print_correction(FILE *out, int ncid, const char *path)
{
  int share_id, ratio_id, taxon_id, dim, status = PM_SUCCESS;
  size_t n = 0, c;
  char **names = NULL;
  double *share = NULL, *ratio = NULL;

  if (nc_inq_varid(ncid, "predicted_share", &share_id) != NC_NOERR ||
      nc_inq_varid(ncid, "correction_ratio", &ratio_id) != NC_NOERR)
    return PM_SUCCESS;
  PM_NC_TRY(nc_inq_varid(ncid, "biological_taxon_name", &taxon_id),
            "reading biological_taxon_name");
  PM_NC_TRY(nc_inq_vardimid(ncid, share_id, &dim), "reading predicted_share");
  PM_NC_TRY(nc_inq_dimlen(ncid, dim, &n), "reading the class dimension");
  names = calloc(n + 1, sizeof *names);
  share = malloc((n + 1) * sizeof *share);
  ratio = malloc((n + 1) * sizeof *ratio);
  if (!names || !share || !ratio) {
    status = pm_error_nomem();
    goto cleanup;
  }
  PM_NC_TRY(nc_get_var_string(ncid, taxon_id, names), "reading the classes");
  PM_NC_TRY(nc_get_var_double(ncid, share_id, share), "reading predicted_share");
  PM_NC_TRY(nc_get_var_double(ncid, ratio_id, ratio), "reading correction_ratio");
  fprintf(out, "classes corrected for misclassification (share only "
               "predicted, corrected / naive count):\n");
  for (c = 0; c < n; c++)
    if (share[c] > 0)
      fprintf(out, "  %s: %.1f%%, %.4g\n", names[c], 100 * share[c], ratio[c]);
cleanup:
  if (names && n) nc_free_string(n, names);
  free(names);
  free(share);
  free(ratio);
  return status;
}

static int summarise(FILE *out, int ncid, const char *path)
{
  int nvars, v, status;
  size_t i;

  fprintf(out, "file: %s\n", path);
  if ((status = print_dims(out, ncid, path))) return status;
  if ((status = nc_inq_nvars(ncid, &nvars)) != NC_NOERR)
    return pm_nc_fail(status, path, "reading the variables");
  fprintf(out, "variables:\n");
  for (v = 0; v < nvars; v++)
    if ((status = print_var(out, ncid, v, path))) return status;
  fprintf(out, "global attributes:\n");
  for (i = 0; i < sizeof shown / sizeof *shown; i++)
    if ((status = print_att(out, ncid, NC_GLOBAL, shown[i], "  ", path)))
      return status;
  return print_correction(out, ncid, path);
}

int pm_nc_info(const char *path, char **text)
{
  size_t size;
  FILE *out;
  int ncid, rc, status;

  *text = NULL;
  if ((rc = nc_open(path, NC_NOWRITE, &ncid)) != NC_NOERR)
    return pm_nc_fail(rc, path, "opening the file");
  if (!(out = open_memstream(text, &size))) {
    nc_close(ncid);
    return pm_error_nomem();
  }
  status = summarise(out, ncid, path);
  nc_close(ncid);
  if (fclose(out) != 0 && !status) status = pm_error_nomem();
  if (status) {
    free(*text);
    *text = NULL;
  }
  return status;
}
