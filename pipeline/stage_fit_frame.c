/* stage_fit_frame.c: the model frame of a scenario's model, from the
 * observations or their grid cells, with covariate fields sampled at it.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "stage_fit.h"
#include "pm_builtin.h"
#include "pm_error.h"
#include "pm_field.h"
#include "pm_flux.h"
#include "pm_obs_frame.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The response, the built-in covariates (pm_builtin.h, in its order), the
 * profile, then one column per covariate the formula reads. */
enum {
  COL_RESPONSE,
  COL_DEPTH = 1 + PM_BUILTIN_DEPTH,
  COL_LOGDEPTH = 1 + PM_BUILTIN_LOGDEPTH,
  COL_LAT = 1 + PM_BUILTIN_LAT,
  COL_LON = 1 + PM_BUILTIN_LON,
  COL_MONTH = 1 + PM_BUILTIN_MONTH,
  COL_VOLUME = 1 + PM_BUILTIN_VOLUME,
  COL_PROFILE,
  NBUILTIN
};

typedef struct {
  size_t n, ncols;
  const char **names;                    /* ncols */
  double **x;                            /* ncols; NULL: column left out */
  const pm_scenario_covariate **cov;     /* ncols; NULL for built-ins */
} rows;

static void rows_free(rows *r)
{
  size_t j;
  for (j = 0; r->x && j < r->ncols; j++) free(r->x[j]);
  free(r->x);
  free(r->names);
  free(r->cov);
}

/* The columns: built-ins (profile only for samples) and the covariates
 * among the model's columns vars[0..nvars), each with room for n rows. */
static int rows_alloc(rows *r, const pm_scenario *sc,
                      const pm_scenario_model *spec, const char *const *vars,
                      size_t nvars, size_t n)
{
  size_t j, i;

  memset(r, 0, sizeof *r);
  r->n = n;
  r->names = calloc(NBUILTIN + nvars, sizeof *r->names);
  r->x = calloc(NBUILTIN + nvars, sizeof *r->x);
  r->cov = calloc(NBUILTIN + nvars, sizeof *r->cov);
  if (!r->names || !r->x || !r->cov) return pm_error_nomem();
  r->names[COL_RESPONSE] = pm_scenario_response_name(&spec->response);
  for (j = 0; j < PM_BUILTIN_N; j++) r->names[1 + j] = pm_builtin_names[j];
  r->names[COL_PROFILE] = "profile";
  r->ncols = NBUILTIN;
  for (i = 0; i < nvars; i++)
    if ((r->cov[r->ncols] = pm_scenario_covariate_named(sc, vars[i]))) {
      r->names[r->ncols] = vars[i];
      r->ncols++;
    }
  for (j = 0; j < r->ncols; j++) {
    if (j == COL_PROFILE && spec->frame == PM_FRAME_CELLS) continue;
    if (!(r->x[j] = malloc((n ? n : 1) * sizeof **r->x)))
      return pm_error_nomem();
  }
  return PM_SUCCESS;
}

/* A spectrum parameter of every sample over the response's window: NAN
 * where it has none (fewer than 3 classes with particles for a slope, no
 * particle for a log biovolume). */
static int spectrum_response(const pm_obs *obs,
                             const pm_scenario_response *r, double *y)
{
  double lo = r->size_min_um / 1000, hi = r->size_max_um / 1000;
  pm_slope *fit;
  size_t s;
  int status;

  if (r->spectrum == PM_SPECTRUM_LOG_BIOVOLUME)
    return pm_spectrum_samples_log_biovolume(obs, lo, hi, y);
  if (!(fit = malloc((obs->n_samples + 1) * sizeof *fit)))
    return pm_error_nomem();
  status = pm_spectrum_samples_slope(obs, lo, hi, fit);
  for (s = 0; !status && s < obs->n_samples; s++) y[s] = fit[s].slope;
  free(fit);
  return status;
}

/* The response of every sample (count of a class, classes or size window,
 * carbon of the measured objects in mg C, the particle flux, or a spectrum
 * parameter). */
static int sample_response(const pm_scenario *sc, const pm_obs *obs,
                           const pm_scenario_model *spec, double *y)
{
  const pm_scenario_response *r = &spec->response;
  pm_response_spec rs = {NULL, 0, NAN, NAN};

  if (r->kind == PM_RESPONSE_SPECTRUM) return spectrum_response(obs, r, y);

  if (r->kind == PM_RESPONSE_FLUX) return pm_pipeline_flux_of_samples(sc, obs, y);
  if (r->kind == PM_RESPONSE_BIOMASS) return pm_obs_biomass(obs, y);
  rs.classes = (const char *const *)r->classes;
  rs.nclasses = r->n_classes;
  if (r->kind == PM_RESPONSE_SIZE) {
    rs.size_min_mm = r->size_min_um / 1000;
    rs.size_max_mm = r->size_max_um / 1000;
  }
  return pm_obs_response(obs, &rs, y);
}

/* The occupied cell (slot) of sample s, SIZE_MAX when it was not binned. */
static size_t sample_slot(const pm_pipeline_gridded *g, size_t s)
{
  const pm_obs *o = g->obs;
  pm_bin_cell c;

  c.lon = pm_grid_lon_index(g->grid, o->lon[s]);
  c.lat = pm_grid_lat_index(g->grid, o->lat[s]);
  c.depth = pm_grid_depth_index(g->grid,
                                (o->depth_top[s] + o->depth_bottom[s]) / 2);
  c.time = pm_grid_time_index(g->grid, o->time[s]);
  if (c.lon == SIZE_MAX || c.lat == SIZE_MAX || c.depth == SIZE_MAX ||
      c.time == SIZE_MAX)
    return SIZE_MAX;
  return pm_bin_find(g->bin, &c);
}

/* One row per sample that the grid holds, so that the fit, the gridded
 * observations and the maps describe the same samples. */
static void sample_rows(const pm_pipeline_gridded *g, const double *y,
                        const double *month, rows *r)
{
  const pm_obs *obs = g->obs;
  size_t s, i = 0;

  for (s = 0; s < obs->n_samples && i < r->n; s++) {
    double mid = (obs->depth_top[s] + obs->depth_bottom[s]) / 2;
    if (sample_slot(g, s) == SIZE_MAX) continue;
    r->x[COL_RESPONSE][i] = y[s];
    r->x[COL_MONTH][i] = month[s];
    r->x[COL_DEPTH][i] = mid;
    r->x[COL_LOGDEPTH][i] = log(mid);
    r->x[COL_LAT][i] = obs->lat[s];
    r->x[COL_LON][i] = obs->lon[s];
    r->x[COL_VOLUME][i] = obs->volume_m3[s];
    r->x[COL_PROFILE][i] = (double)obs->profile[s];
    i++;
  }
}

/* Counts summed per occupied cell, with the cell's summed volume and its
 * centre; the month of a monthly grid's step, else of the cell's first
 * sample. */
static void cell_rows(const pm_pipeline_gridded *g, const double *y,
                      const double *month, rows *r)
{
  const pm_grid *grid = g->grid;
  size_t n = r->n, s, slot;

  for (slot = 0; slot < n; slot++) {
    r->x[COL_RESPONSE][slot] = 0;
    r->x[COL_MONTH][slot] = NAN;
  }
  for (s = 0; s < g->obs->n_samples; s++) {
    if ((slot = sample_slot(g, s)) == SIZE_MAX || slot >= n) continue;
    r->x[COL_RESPONSE][slot] += y[s];
    if (isnan(r->x[COL_MONTH][slot])) r->x[COL_MONTH][slot] = month[s];
  }
  for (slot = 0; slot < n; slot++) {
    pm_bin_cell c = pm_bin_slot_cell(g->bin, slot);
    r->x[COL_DEPTH][slot] = grid->depth[c.depth];
    r->x[COL_LOGDEPTH][slot] = log(grid->depth[c.depth]);
    r->x[COL_LAT][slot] = grid->lat[c.lat];
    r->x[COL_LON][slot] = grid->lon[c.lon];
    r->x[COL_VOLUME][slot] = pm_bin_volume(g->bin, slot);
    if (grid->time_axis == PM_TIME_MONTH)
      r->x[COL_MONTH][slot] = (double)(c.time + 1);
  }
}

static double transform(pm_transform t, double v)
{
  switch (t) {
  case PM_TRANSFORM_LOG: return v > 0 ? log(v) : NAN;
  case PM_TRANSFORM_LOG10: return v > 0 ? log10(v) : NAN;
  case PM_TRANSFORM_SQRT: return v >= 0 ? sqrt(v) : NAN;
  case PM_TRANSFORM_NONE: break;
  }
  return v;
}

/* Column j: covariate r->cov[j] sampled at every row's position, mid-depth
 * and month, then transformed. */
static int sample_covariate(rows *r, size_t j)
{
  const pm_scenario_covariate *c = r->cov[j];
  pm_field *f = NULL;
  size_t nz, nm, missing, i;
  int *month = malloc((r->n + 1) * sizeof *month), status;
  double *lon = malloc((r->n + 1) * sizeof *lon);

  if (!month || !lon) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_field_open(&f, c->field.file, c->field.variable))) {
    pm_error_prefix(status, "%s", c->field.where);
    goto cleanup;
  }
  pm_field_depth(f, &nz);
  pm_field_months(f, &nm);
  /* a row without a month has no value (a non-finite query longitude) */
  for (i = 0; i < r->n; i++) {
    double m = r->x[COL_MONTH][i];
    int ok = m >= 1 && m <= 12;
    month[i] = ok ? (int)m : 1;
    lon[i] = ok || nm != 12 ? r->x[COL_LON][i] : NAN;
  }
  status = pm_field_sample(f, r->n, lon, r->x[COL_LAT],
                           nz ? r->x[COL_DEPTH] : NULL,
                           nm == 12 ? month : NULL, c->max_distance_km,
                           r->x[j], &missing);
  if (status) {
    pm_error_prefix(status, "%s: covariate '%s'", c->field.where, c->name);
    goto cleanup;
  }
  for (i = 0; i < r->n; i++) r->x[j][i] = transform(c->transform, r->x[j][i]);
cleanup:
  pm_field_free(f);
  free(month);
  free(lon);
  return status;
}

/* Rows with a response (a flux or spectrum parameter may have none) where
 * every covariate has a value moved to the front; returns how many.
 * missing[j] counts the rows that lack column j (j = COL_RESPONSE or a
 * covariate). */
static size_t keep_complete(rows *r, size_t *missing)
{
  size_t i, j, kept = 0;

  for (i = 0; i < r->n; i++) {
    int ok = !isnan(r->x[COL_RESPONSE][i]);
    missing[COL_RESPONSE] += !ok;
    for (j = NBUILTIN; j < r->ncols; j++)
      if (!isfinite(r->x[j][i])) {
        missing[j]++;
        ok = 0;
      }
    if (!ok) continue;
    for (j = 0; j < r->ncols; j++)
      if (r->x[j]) r->x[j][kept] = r->x[j][i];
    kept++;
  }
  return kept;
}

static int no_rows(const pm_scenario_model *spec, const rows *r,
                   const size_t *missing)
{
  size_t j, worst = NBUILTIN;

  for (j = NBUILTIN; j < r->ncols; j++)
    if (missing[j] > missing[worst]) worst = j;
  if (r->n > 0 && missing[COL_RESPONSE] == r->n)
    return pm_error(PM_EINPUT,
                    "no %s has a value of the response '%s' (a spectrum "
                    "slope needs 3 size classes with particles in the "
                    "window, a log biovolume one); check the response's "
                    "size window",
                    spec->frame == PM_FRAME_CELLS ? "grid cell" : "sample",
                    r->names[COL_RESPONSE]);
  if (worst == r->ncols || r->n == 0)
    return pm_error(PM_EINPUT, "there is no %s to fit",
                    spec->frame == PM_FRAME_CELLS ? "grid cell" : "sample");
  return pm_error(PM_EINPUT,
                  "no %s has a value of every covariate (covariate '%s' "
                  "is missing at %zu of %zu); check its file and "
                  "max_distance_km",
                  spec->frame == PM_FRAME_CELLS ? "grid cell" : "sample",
                  r->names[worst], missing[worst], r->n);
}

/* The frame of the complete rows. */
static int make_frame(const pm_scenario_model *spec, rows *r,
                      pm_frame **frame, size_t *n_dropped)
{
  const char **names = calloc(r->ncols, sizeof *names);
  const double **x = calloc(r->ncols, sizeof *x);
  size_t *missing = calloc(r->ncols + 1, sizeof *missing), kept, j, m = 0;
  char label[256];
  int status;

  if (!names || !x || !missing) {
    status = pm_error_nomem();
    goto cleanup;
  }
  kept = keep_complete(r, missing);
  *n_dropped = r->n - kept;
  if (kept == 0) {
    status = no_rows(spec, r, missing);
    goto cleanup;
  }
  for (j = 0; j < r->ncols; j++)
    if (r->x[j]) {
      names[m] = r->names[j];
      x[m++] = r->x[j];
    }
  snprintf(label, sizeof label, "model '%s' (%s)", spec->name,
           spec->frame == PM_FRAME_CELLS ? "cells" : "samples");
  status = pm_frame_from_columns(frame, label, names, x, m, kept);
cleanup:
  free(names);
  free(x);
  free(missing);
  return status;
}

/* The frame of `spec` whose response is y[0..n_samples). */
static int frame_of(const pm_scenario *sc, const pm_scenario_model *spec,
                    const pm_pipeline_gridded *g, const char *const *names,
                    size_t ncols, const double *y, pm_frame **frame,
                    size_t *n_dropped)
{
  size_t ns = g->obs->n_samples, j;
  size_t n = spec->frame == PM_FRAME_CELLS ? pm_bin_n_cells(g->bin)
                                           : pm_bin_n_binned(g->bin);
  double *month = malloc((ns + 1) * sizeof *month);
  rows r = {0};
  int status;

  if (!month) return pm_error_nomem();
  if ((status = rows_alloc(&r, sc, spec, names, ncols, n))) goto cleanup;
  pm_obs_builtins(g->obs, NULL, NULL, month);
  if (spec->frame == PM_FRAME_CELLS)
    cell_rows(g, y, month, &r);
  else
    sample_rows(g, y, month, &r);
  for (j = NBUILTIN; j < r.ncols && !status; j++)
    status = sample_covariate(&r, j);
  if (!status) status = make_frame(spec, &r, frame, n_dropped);
cleanup:
  rows_free(&r);
  free(month);
  return status;
}

int pm_pipeline_fit_frame(const pm_scenario *sc, const pm_scenario_model *spec,
                          const pm_pipeline_gridded *g,
                          const char *const *names, size_t ncols,
                          pm_frame **frame, size_t *n_dropped)
{
  double *y = malloc((g->obs->n_samples + 1) * sizeof *y);
  int status;

  *frame = NULL;
  *n_dropped = 0;
  if (!y) return pm_error_nomem();
  status = sample_response(sc, g->obs, spec, y);
  if (!status)
    status = frame_of(sc, spec, g, names, ncols, y, frame, n_dropped);
  free(y);
  return status;
}

int pm_pipeline_samples_frame(const pm_scenario *sc,
                              const pm_pipeline_gridded *g,
                              const char *const *names, size_t ncols,
                              pm_frame **frame, size_t *n_dropped)
{
  pm_scenario_model spec;
  double *y = malloc((g->obs->n_samples + 1) * sizeof *y);
  size_t s;
  int status;

  *frame = NULL;
  *n_dropped = 0;
  if (!y) return pm_error_nomem();
  memset(&spec, 0, sizeof spec);
  spec.name = "simulate";
  spec.frame = PM_FRAME_SAMPLES;
  spec.response.kind = PM_RESPONSE_CLASS;
  for (s = 0; s < g->obs->n_samples; s++) y[s] = (double)s;
  status = frame_of(sc, &spec, g, names, ncols, y, frame, n_dropped);
  free(y);
  return status;
}
