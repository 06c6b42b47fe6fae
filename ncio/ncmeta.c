/* ncmeta.c: the global attributes of an observations file: CF-1.11 and
 * ACDD-1.3 discovery attributes and the provenance of the run (config text,
 * inputs with their SHA-256, software version).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L
#include "pm_nc.h"
#include "pm_output.h"
#include "pm_error.h"

#include <errno.h>
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A full disk (or quota, or file-size limit) behind a failed write: HDF5
 * reports only "HDF error", but the failed write(2) left its errno. */
static const char *disk_full(int rc, int err)
{
  if (rc != NC_EHDFERR && rc != NC_EIO) return NULL;
  if (err == ENOSPC || err == EDQUOT || err == EFBIG) return strerror(err);
  return NULL;
}

int pm_nc_fail(int rc, const char *path, const char *what)
{
  const char *full = disk_full(rc, errno);
  char why[128] = "";

  if (full) snprintf(why, sizeof why, " (%s)", full);
  /* a file that opens but is not NetCDF is bad input, not a failed read */
  return pm_error(rc == NC_ENOTNC ? PM_EINPUT : PM_EIO,
                  "%s: NetCDF error while %s: %s%s", path, what,
                  nc_strerror(rc), why);
}

void pm_nc_meta_init(pm_nc_meta *meta)
{
  memset(meta, 0, sizeof *meta);
  meta->date_created = NAN;
}

/* ISO 8601 UTC date-time "YYYY-MM-DDThh:mm:ssZ" of t (s since 1970). */
static void iso_time(double t, char buf[32])
{
  time_t tt = (time_t)floor(t);
  struct tm tm;
  if (!gmtime_r(&tt, &tm)) {
    snprintf(buf, 32, "%.0f", t);
    return;
  }
  strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int put_text(int ncid, const char *path, const char *name,
                    const char *value)
{
  int rc;
  if (!value) return PM_SUCCESS;
  rc = nc_put_att_text(ncid, NC_GLOBAL, name, strlen(value), value);
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, path, name);
}

static int put_double(int ncid, const char *path, const char *name, double v)
{
  int rc = nc_put_att_double(ncid, NC_GLOBAL, name, NC_DOUBLE, 1, &v);
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, path, name);
}

/* "sha256  path" lines, as sha256sum prints them. */
static char *input_lines(const pm_nc_meta *m)
{
  size_t size = 1, i, n = 0;
  char *text;

  for (i = 0; i < m->n_input_files; i++)
    size += strlen(m->input_sha256[i]) + strlen(m->input_files[i]) + 3;
  if (!(text = malloc(size))) return NULL;
  text[0] = '\0';
  for (i = 0; i < m->n_input_files; i++)
    n += (size_t)snprintf(text + n, size - n, "%s%s  %s", i ? "\n" : "",
                          m->input_sha256[i], m->input_files[i]);
  return text;
}

int pm_nc_put_provenance(int ncid, const char *path, const pm_nc_meta *m)
{
  char now[32], *history, *inputs = NULL;
  const char *version = m->version ? m->version : "unknown";
  const char *command = m->command ? m->command : "";
  size_t size = strlen(version) + strlen(command) + 64;
  int status;

  iso_time(isnan(m->date_created) ? (double)time(NULL) : m->date_created, now);
  if (!(history = malloc(size))) return pm_error_nomem();
  snprintf(history, size, "%s plankmap %s %s", now, version, command);
  if (!(inputs = input_lines(m))) {
    free(history);
    return pm_error_nomem();
  }
  if (!(status = put_text(ncid, path, "history", history)) &&
      !(status = put_text(ncid, path, "date_created", now)) &&
      !(status = put_text(ncid, path, "plankmap_version", version)) &&
      !(status = put_text(ncid, path, "plankmap_config_file", m->config_path)) &&
      !(status = put_text(ncid, path, "plankmap_config",
                          m->config_text ? m->config_text : "")))
    status = put_text(ncid, path, "plankmap_input_files", inputs);
  free(history);
  free(inputs);
  return status;
}

static int discovery(int ncid, const char *path, const pm_nc_meta *m)
{
  int status;
  if ((status = put_text(ncid, path, "Conventions", "CF-1.11, ACDD-1.3")) ||
      (status = put_text(ncid, path, "title",
                         m->title ? m->title
                                  : "plankmap gridded plankton observations")) ||
      (status = put_text(
           ncid, path, "summary",
           m->summary ? m->summary
                      : "Counts of plankton and particles from in-situ "
                        "imaging, binned on a longitude-latitude-depth-time "
                        "grid: concentration per class with its exact Poisson "
                        "95% interval, sampled volume and number of samples "
                        "per cell.")) ||
      (status = put_text(ncid, path, "source",
                         "in-situ imaging observations (UVP, EcoPart, "
                         "EcoTaxa) binned by plankmap")) ||
      (status = put_text(ncid, path, "cdm_data_type", "Grid")) ||
      (status = put_text(ncid, path, "creator_name", m->creator_name)) ||
      (status = put_text(ncid, path, "creator_email", m->creator_email)) ||
      (status = put_text(ncid, path, "creator_url", m->creator_url)) ||
      (status = put_text(ncid, path, "institution", m->institution)))
    return status;
  return put_text(ncid, path, "license", m->license);
}

static int coverage(int ncid, const char *path, const pm_grid *g,
                    const pm_bin *b)
{
  double tmin, tmax;
  char t0[32], t1[32];
  int status;

  if ((status = put_double(ncid, path, "geospatial_lat_min", g->lat_bnds[0])) ||
      (status = put_double(ncid, path, "geospatial_lat_max",
                           g->lat_bnds[2 * g->nlat - 1])) ||
      (status = put_text(ncid, path, "geospatial_lat_units", "degrees_north")) ||
      (status = put_double(ncid, path, "geospatial_lon_min", g->lon_bnds[0])) ||
      (status = put_double(ncid, path, "geospatial_lon_max",
                           g->lon_bnds[2 * g->nlon - 1])) ||
      (status = put_text(ncid, path, "geospatial_lon_units", "degrees_east")) ||
      (status = put_double(ncid, path, "geospatial_vertical_min",
                           g->depth_bnds[0])) ||
      (status = put_double(ncid, path, "geospatial_vertical_max",
                           g->depth_bnds[2 * g->ndepth - 1])) ||
      (status = put_text(ncid, path, "geospatial_vertical_units", "m")) ||
      (status = put_text(ncid, path, "geospatial_vertical_positive", "down")))
    return status;
  pm_bin_time_range(b, &tmin, &tmax);
  if (isnan(tmin)) return PM_SUCCESS; /* no sample in the grid */
  iso_time(tmin, t0);
  iso_time(tmax, t1);
  if ((status = put_text(ncid, path, "time_coverage_start", t0))) return status;
  return put_text(ncid, path, "time_coverage_end", t1);
}

/* How many samples went into the bins and how many were left out. */
static int sample_counts(int ncid, const char *path, const pm_bin *b)
{
  int status;
  if ((status = put_double(ncid, path, "plankmap_samples_binned",
                           (double)pm_bin_n_binned(b))) ||
      (status = put_double(ncid, path, "plankmap_samples_outside_region",
                           (double)pm_bin_n_dropped(b, PM_DROP_REGION))) ||
      (status = put_double(ncid, path, "plankmap_samples_outside_depth",
                           (double)pm_bin_n_dropped(b, PM_DROP_DEPTH))))
    return status;
  return put_double(ncid, path, "plankmap_samples_outside_time",
                    (double)pm_bin_n_dropped(b, PM_DROP_DATE));
}

int pm_nc_put_global_attrs(int ncid, const char *path, const pm_grid *g,
                           const pm_bin *b, const pm_nc_meta *meta)
{
  int status;
  if ((status = discovery(ncid, path, meta)) ||
      (status = coverage(ncid, path, g, b)) ||
      (status = pm_nc_put_provenance(ncid, path, meta)))
    return status;
  return sample_counts(ncid, path, b);
}

int pm_nc_create_atomic(const char *path, int (*write)(int ncid, void *arg),
                        void *arg)
{
  char *tmp = NULL;
  int ncid, rc, status;

  if ((status = pm_output_begin(path, &tmp))) return status;
  if ((rc = nc_create(tmp, NC_NETCDF4 | NC_CLOBBER, &ncid)) != NC_NOERR) {
    pm_output_abort(tmp);
    return pm_nc_fail(rc, path, "creating the file");
  }
  status = write(ncid, arg);
  rc = nc_close(ncid);
  if (!status && rc != NC_NOERR) status = pm_nc_fail(rc, path, "closing the file");
  if (status) {
    pm_output_abort(tmp);
    return status;
  }
  return pm_output_commit(tmp, path);
}
