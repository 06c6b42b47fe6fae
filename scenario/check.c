/* check.c: every input a scenario names exists, is readable, and has the
 * columns its reader needs (headers only); NetCDF fields hold their
 * variable.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_scenario.h"
#include "pm_error.h"
#include "pm_text.h"

#include <errno.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The columns each kind of file must have (NULL-terminated). */
static const char *const detailed_data[] = {
    "Profile", "yyyy-mm-dd hh:mm", "Depth [m]", "Sampled volume [L]", NULL};
static const char *const detailed_metadata[] = {"profile", "yyyy-mm-dd hh:mm",
                                                "Latitude", "Longitude", NULL};
static const char *const raw_data[] = {"depth", "imgcount", NULL};
static const char *const raw_metadata[] = {"profileid", "latitude", "longitude",
                                           "sampledate", NULL};
static const char *const ecotaxa_data[] = {
    "object_lat", "object_lon", "object_date", "object_annotation_category",
    "sample_id",  NULL};
static const char *const uvp5_objects[] = {"sample_id", "mid_depth_bin",
                                           "group", "group_lineage", NULL};
static const char *const uvp5_taxa[] = {"sample_id", "mid_depth_bin", "taxon",
                                        "lineage", NULL};
static const char *const uvp5_samples[] = {"sample_id", "sample_name", "lat",
                                           "lon", "datetime", NULL};

static int check_file(const char *path, const char *where)
{
  struct stat st;
  if (stat(path, &st) != 0)
    return pm_error(PM_EIO, "%s: the file '%s' %s%s", where, path,
                    errno == ENOENT ? "does not exist" : "cannot be read: ",
                    errno == ENOENT ? "" : strerror(errno));
  if (!S_ISREG(st.st_mode))
    return pm_error(PM_EIO, "%s: '%s' is not a regular file", where, path);
  if (access(path, R_OK) != 0)
    return pm_error(PM_EIO, "%s: the file '%s' cannot be read: %s", where,
                    path, strerror(errno));
  return PM_SUCCESS;
}

/* Header names are compared without surrounding blanks and double quotes
 * (a quoted CSV header: "station"). */
static int has_column(const pm_text *t, const char *name)
{
  size_t i, n = strlen(name);
  for (i = 0; i < pm_text_ncolumns(t); i++) {
    const char *h = pm_text_column_name(t, i);
    size_t len;
    while (*h == ' ' || *h == '"') h++;
    len = strlen(h);
    while (len > 0 && (h[len - 1] == ' ' || h[len - 1] == '"')) len--;
    if (len == n && strncmp(h, name, n) == 0) return 1;
  }
  return 0;
}

/* The file exists and its header holds `columns` (NULL-terminated) and the
 * n_more names of `more` (NULL entries skipped). */
static int check_header(const char *path, const char *where, char delim,
                        pm_text_encoding encoding, const char *const *columns,
                        char *const *more, size_t n_more)
{
  pm_text *t = NULL;
  const char *missing = NULL;
  size_t i;
  int status;
  if ((status = check_file(path, where))) return status;
  if ((status = pm_text_open(&t, path, delim, encoding)) ||
      (status = pm_text_read_header(t))) {
    pm_text_free(t);
    return pm_error_prefix(status, "%s", where);
  }
  for (i = 0; columns && columns[i] && !missing; i++)
    if (!has_column(t, columns[i])) missing = columns[i];
  for (i = 0; i < n_more && !missing; i++)
    if (more[i] && !has_column(t, more[i])) missing = more[i];
  pm_text_free(t);
  if (missing)
    return pm_error(PM_EINPUT,
                    "%s: %s:1: no column '%s' in the header; is "
                    "it the right file for this source's format?",
                    where, path, missing);
  return PM_SUCCESS;
}

/* The mapped columns of a generic table. */
static int check_table(const pm_obs_source *src, const pm_scenario_where *w,
                       size_t i)
{
  const pm_table_columns *c = &src->table;
  char *const mapped[] = {
      c->profile, c->project, c->datetime,  c->date,         c->time,
      c->lat,     c->lon,     c->depth_top, c->depth_bottom, c->volume,
      c->class_column, c->count_column};
  size_t n_mapped = sizeof mapped / sizeof mapped[0];
  char **all = malloc((n_mapped + c->n_classes) * sizeof *all);
  int status;
  if (!all) return pm_error_nomem();
  memcpy(all, mapped, sizeof mapped);
  if (c->n_classes) /* a long table has no class columns (classes NULL) */
    memcpy(all + n_mapped, c->classes, c->n_classes * sizeof *all);
  status = check_header(src->files[i], w->files[i], c->delimiter, PM_TEXT_UTF8,
                        NULL, all, n_mapped + c->n_classes);
  free(all);
  return status;
}

static int check_source(const pm_obs_source *src, const pm_scenario_where *w)
{
  /* EcoPart exports are Latin-1 ("µm" in the size class names) */
  const char *const *data = NULL, *const *meta = NULL;
  size_t i;
  int status = PM_SUCCESS;
  switch (src->format) {
  case PM_FORMAT_ECOPART_DETAILED:
    data = detailed_data;
    meta = detailed_metadata;
    break;
  case PM_FORMAT_ECOPART_RAW:
    data = raw_data;
    meta = raw_metadata;
    break;
  case PM_FORMAT_ECOTAXA: data = ecotaxa_data; break;
  case PM_FORMAT_TABLE: break;
  case PM_FORMAT_UVP5_DATASET:
    data = src->by_taxon ? uvp5_taxa : uvp5_objects;
    meta = uvp5_samples;
    break;
  }
  if (src->metadata)
    status = check_header(src->metadata, w->metadata, '\t', PM_TEXT_LATIN1,
                          meta, NULL, 0);
  if (!status && src->volume_table)
    status = check_file(src->volume_table, w->volume_table);
  if (!status && src->confusion)
    status = check_file(src->confusion, w->confusion);
  for (i = 0; i < src->n_files && !status; i++)
    if (src->format == PM_FORMAT_TABLE)
      status = check_table(src, w, i);
    else
      status = check_header(src->files[i], w->files[i], '\t',
                            src->format == PM_FORMAT_ECOTAXA ||
                                    src->format == PM_FORMAT_UVP5_DATASET
                                ? PM_TEXT_UTF8
                                : PM_TEXT_LATIN1,
                            data, NULL, 0);
  return status;
}

/* The names of the variables of open NetCDF file nc, ", "-separated and
 * truncated to fit `out`. */
static void variable_names(int nc, char *out, size_t size)
{
  char name[NC_MAX_NAME + 1];
  int n = 0, i;
  size_t len = 0;
  out[0] = '\0';
  nc_inq_nvars(nc, &n);
  for (i = 0; i < n && len + NC_MAX_NAME + 3 < size; i++)
    if (nc_inq_varname(nc, i, name) == NC_NOERR)
      len += (size_t)snprintf(out + len, size - len, "%s%s", i ? ", " : "",
                              name);
}

/* A field's file exists, opens as NetCDF and holds its variable. */
static int check_field(const pm_scenario_field *f)
{
  char names[1024];
  int nc, varid, rc, status;
  if (!f->file) return PM_SUCCESS;
  if ((status = check_file(f->file, f->where))) return status;
  if ((rc = nc_open(f->file, NC_NOWRITE, &nc)) != NC_NOERR)
    return pm_error(rc == NC_ENOTNC ? PM_EINPUT : PM_EIO,
                    "%s: '%s' does not open as NetCDF: %s", f->where, f->file,
                    nc_strerror(rc));
  rc = nc_inq_varid(nc, f->variable, &varid);
  if (rc != NC_NOERR) variable_names(nc, names, sizeof names);
  nc_close(nc);
  if (rc != NC_NOERR)
    return pm_error(PM_EINPUT,
                    "%s: the file '%s' has no variable '%s'; its variables "
                    "are %s",
                    f->where, f->file, f->variable, names);
  return PM_SUCCESS;
}

static int check_fields(const pm_scenario *sc)
{
  size_t i, j;
  int status = check_field(&sc->relief);
  if (!status) status = check_field(&sc->prediction.regions);
  for (i = 0; i < sc->n_covariates && !status; i++)
    status = check_field(&sc->covariates[i].field);
  for (i = 0; i < sc->n_cases && !status; i++)
    for (j = 0; j < sc->cases[i].n_changes && !status; j++)
      status = check_field(&sc->cases[i].changes[j].field);
  return status;
}

int pm_scenario_check_inputs(const pm_scenario *sc)
{
  size_t i;
  int status = PM_SUCCESS;
  for (i = 0; i < sc->n_sources && !status; i++)
    status = check_source(&sc->sources[i], &sc->where[i]);
  return status ? status : check_fields(sc);
}
