/* profile_data.c: what a profile figure shows, read from a run's outputs:
 * the predicted column of a maps file and the observed samples in it
 * (the model's frame_<model>.tsv of the fit stage).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_plot_charts.h"
#include "pm_run_files.h"
#include "pm_text.h"
#include "pm_validation.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The mean, lower and upper maps of the model from `path`. */
static int read_maps(const char *path, const char *model,
                     pm_validation_map *m[3])
{
  static const char *const parts[3] = {"mean", "lower", "upper"};
  int k, status = PM_SUCCESS;

  for (k = 0; k < 3 && !status; k++)
    status = pm_validation_map_read_part(&m[k], path, model, parts[k]);
  return status;
}

/* The model's maps: maps_<scenario>.nc, else flux_<scenario>.nc (*flux). */
static int find_maps(const pm_plot_profile_request *r, const char *scenario,
                     pm_validation_map *m[3], char **file, int *flux)
{
  char *maps = pm_run_file_path(r->dir, PM_RUN_MAPS, scenario);
  char *fluxes = pm_run_file_path(r->dir, PM_RUN_FLUX_MAPS, scenario);
  int status;

  if (!maps || !fluxes) {
    status = pm_error_nomem();
    goto cleanup;
  }
  *flux = access(maps, R_OK) != 0 || read_maps(maps, r->model, m) != 0;
  if (*flux) {
    int k;
    for (k = 0; k < 3; k++) {
      pm_validation_map_free(m[k]);
      m[k] = NULL;
    }
    if (access(fluxes, R_OK) != 0 || read_maps(fluxes, r->model, m)) {
      status = pm_error(PM_EINPUT, "model '%s', scenario '%s': neither %s "
                        "nor %s holds %s_mean, %s_lower and %s_upper; give a "
                        "model and a scenario of the run", r->model, scenario,
                        maps, fluxes, r->model, r->model, r->model);
      goto cleanup;
    }
  }
  *file = *flux ? fluxes : maps;
  if (*flux) fluxes = NULL;
  else maps = NULL;
  status = PM_SUCCESS;
cleanup:
  free(maps);
  free(fluxes);
  return status;
}

/* Room for one more observed sample. */
static int push_obs(pm_plot_profile_data *d, size_t *cap, double depth,
                    double value)
{
  if (d->nobs == *cap) {
    size_t want = *cap ? 2 * *cap : 64;
    double *a = realloc(d->obs_depth, want * sizeof *a), *b;
    if (!a) return pm_error_nomem();
    d->obs_depth = a;
    if (!(b = realloc(d->obs_value, want * sizeof *b))) return pm_error_nomem();
    d->obs_value = b;
    *cap = want;
  }
  d->obs_depth[d->nobs] = depth;
  d->obs_value[d->nobs++] = value;
  return PM_SUCCESS;
}

enum { S_PROFILE, S_LAT, S_LON, S_DEPTH, S_OBSERVED, NS };
static const char *const sample_columns[NS] = {"profile", "lat", "lon",
                                               "depth_m", "observed"};

/* The rows of the model's frame table (frame_<model>.tsv) that belong to
 * the figure: those of the profile asked for (its position set from its
 * first row), or those inside cell (ci, cj). */
static int read_samples(const char *path, const pm_plot_profile_request *r,
                        const pm_validation_map *m, size_t ci, size_t cj,
                        pm_plot_profile_data *d, size_t *found)
{
  pm_text *t = NULL;
  size_t col[NS], cap = 0, k, i, j;
  double v[4];
  int more, status;

  *found = 0;
  if (access(path, R_OK) != 0)
    return pm_error(PM_EINPUT, "%s: cannot read the rows model '%s' was "
                    "fitted to (%s); run `plankmap run CONFIG` again, its fit "
                    "stage writes them", path, r->model, strerror(errno));
  if ((status = pm_text_open(&t, path, '\t', PM_TEXT_UTF8)) ||
      (status = pm_text_read_header(t)))
    goto cleanup;
  for (k = 0; k < NS; k++)
    if ((status = pm_text_column(t, sample_columns[k], &col[k]))) goto cleanup;
  while (!(status = pm_text_next(t, &more)) && more) {
    if ((status = pm_text_check_width(t))) goto cleanup;
    for (k = 0; k < 4; k++)
      if ((status = pm_text_double_opt(t, col[S_LAT + k], &v[k])))
        goto cleanup;
    if (r->profile) {
      if (strcmp(pm_text_field(t, col[S_PROFILE]), r->profile) != 0) continue;
      if (*found == 0) {
        d->lat = v[0];
        d->lon = v[1];
      }
    } else if (!pm_validation_map_cell(m, v[1], v[0], &i, &j) || i != ci ||
               j != cj)
      continue;
    ++*found;
    if ((status = push_obs(d, &cap, v[2], v[3]))) goto cleanup;
  }
cleanup:
  pm_text_free(t);
  return status;
}

/* The grid's extent, for the message of a position off the grid. */
static int off_grid(const pm_validation_map *m, double lon, double lat)
{
  return pm_error(PM_EUSAGE, "--lon %g --lat %g is outside the grid of the "
                  "maps (longitude %g to %g, latitude %g to %g)", lon, lat,
                  m->lon_bnds[0], m->lon_bnds[2 * m->nlon - 1],
                  m->lat_bnds[0], m->lat_bnds[2 * m->nlat - 1]);
}

/* The predicted column (i, j) of the three maps. */
static int take_column(pm_validation_map *const m[3], size_t i, size_t j,
                       pm_plot_profile_data *d)
{
  size_t k, n = m[0]->ndepth;
  double **out[3] = {&d->mean, &d->lower, &d->upper};
  int p;

  d->ndepth = n;
  if (!(d->depth = malloc(n * sizeof *d->depth))) return pm_error_nomem();
  memcpy(d->depth, m[0]->depth, n * sizeof *d->depth);
  for (p = 0; p < 3; p++) {
    if (!(*out[p] = malloc(n * sizeof **out[p]))) return pm_error_nomem();
    for (k = 0; k < n; k++)
      (*out[p])[k] = m[p]->mean[(k * m[p]->nlat + j) * m[p]->nlon + i];
  }
  d->cell_lon = 0.5 * (m[0]->lon_bnds[2 * i] + m[0]->lon_bnds[2 * i + 1]);
  d->cell_lat = 0.5 * (m[0]->lat_bnds[2 * j] + m[0]->lat_bnds[2 * j + 1]);
  return (d->units = strdup(m[0]->units)) ? PM_SUCCESS : pm_error_nomem();
}

int pm_plot_profile_read(const pm_plot_profile_request *r,
                         pm_plot_profile_data *d)
{
  const char *scenario = r->scenario ? r->scenario : "baseline";
  pm_validation_map *m[3] = {NULL, NULL, NULL};
  char *samples = pm_run_file_path(r->dir, PM_RUN_FRAME, r->model);
  size_t i = 0, j = 0, found;
  int k, status;

  memset(d, 0, sizeof *d);
  d->lon = r->lon;
  d->lat = r->lat;
  if (!samples) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = find_maps(r, scenario, m, &d->file, &d->flux))) goto cleanup;
  if (r->profile) {
    if ((status = read_samples(samples, r, m[0], 0, 0, d, &found)))
      goto cleanup;
    if (found == 0) {
      status = pm_error(PM_EINPUT, "profile '%s' is not in %s; give a "
                        "profile the model was fitted to (its first "
                        "column)", r->profile, samples);
      goto cleanup;
    }
  }
  if (!pm_validation_map_cell(m[0], d->lon, d->lat, &i, &j)) {
    status = off_grid(m[0], d->lon, d->lat);
    goto cleanup;
  }
  if (!r->profile && (status = read_samples(samples, r, m[0], i, j, d, &found)))
    goto cleanup;
  status = take_column(m, i, j, d);
cleanup:
  for (k = 0; k < 3; k++) pm_validation_map_free(m[k]);
  free(samples);
  if (status) pm_plot_profile_free(d);
  return status;
}

void pm_plot_profile_free(pm_plot_profile_data *d)
{
  if (!d) return;
  free(d->file);
  free(d->units);
  free(d->depth);
  free(d->mean);
  free(d->lower);
  free(d->upper);
  free(d->obs_depth);
  free(d->obs_value);
  memset(d, 0, sizeof *d);
}
