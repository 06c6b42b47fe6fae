/* ncmaps.c: prediction maps of one scenario written as a CF-1.11 NetCDF-4
 * file (coordinates with bounds, cell areas, a climatological month axis,
 * per model the maps with their fill values, provenance attributes).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _DEFAULT_SOURCE /* timegm */
#include "pm_nc.h"
#include "pm_error.h"
#include "pm_ncmaps.h"

#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* D_LAYER: the layers between consecutive depths of a flux model's maps,
 * for their remineralisation rates. */
enum { D_LON, D_LAT, D_DEPTH, D_TIME, D_NV, D_LAYER, N_DIMS };
/* The variables of a model: the four per-layer maps and the flag, then
 * the 2-D ones: the inventory of a concentration, or the attenuation of a
 * flux (Martin b, z*, T100). */
enum { V_MEAN, V_SE, V_LOWER, V_UPPER, V_EXTRAP, V_INV, N_CONC_VARS };
enum { V_MARTIN_B = V_INV, V_Z_STAR, V_TEFF, V_MARTIN_B_SE, N_FLUX_VARS };
/* A process rate: the column integral and its interval. */
enum { V_COLUMN = V_INV, V_COLUMN_LOWER, V_COLUMN_UPPER, N_RATE_VARS };
#define N_VARS N_FLUX_VARS /* variable slots per model */

struct pm_ncmaps {
  int ncid;
  const char *path;
  const pm_ncmaps_spec *spec;
  int dim[N_DIMS];
  int *var; /* N_VARS per model */
  int *hvar; /* a flux model's export maps: 3 per horizon (mean, lower,
                upper) per model */
  int *rvar; /* a flux model's remineralisation rates: mean, lower, upper */
  int *avar; /* a model's area of applicability: index and flag */
  int (*fill)(pm_ncmaps *w, void *arg);
  void *arg;
};

static int put_att(const pm_ncmaps *w, int var, const char *name,
                   const char *value)
{
  int rc;
  if (!value) return PM_SUCCESS;
  rc = nc_put_att_text(w->ncid, var, name, strlen(value), value);
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, w->path, name);
}

static int def_var(pm_ncmaps *w, const char *name, nc_type type, int ndims,
                   const int *dims, const char *standard_name,
                   const char *long_name, const char *units, int *var)
{
  const char *path = w->path;
  int status = PM_SUCCESS;

  PM_NC_TRY(nc_def_var(w->ncid, name, type, ndims, dims, var),
            "defining a variable");
  if ((status = put_att(w, *var, "long_name", long_name)) ||
      (status = put_att(w, *var, "standard_name", standard_name)) ||
      (status = put_att(w, *var, "units", units)))
    goto cleanup;
cleanup:
  return status;
}

static int def_coord(pm_ncmaps *w, int d, const char *name,
                     const char *standard_name, const char *units,
                     const char *axis, int var[2])
{
  char bnds[32];
  int dims[2] = {w->dim[d], w->dim[D_NV]}, status;

  snprintf(bnds, sizeof bnds, "%s_bnds", name);
  if ((status = def_var(w, name, NC_DOUBLE, 1, dims, standard_name,
                        standard_name, units, &var[0])) ||
      (status = put_att(w, var[0], "axis", axis)) ||
      (status = put_att(w, var[0], "bounds", bnds)))
    return status;
  return def_var(w, bnds, NC_DOUBLE, 2, dims, NULL, "cell boundaries", NULL,
                 &var[1]);
}

/* Seconds since 1970-01-01 of the first day of `month` (1..13) of `year`
 * (days from the civil date, proleptic Gregorian calendar). */
static double month_start(int year, int month)
{
  struct tm tm = {0};
  if (month > 12) {
    month -= 12;
    year++;
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = 1;
  return (double)timegm(&tm);
}

static int put_time(pm_ncmaps *w, int var[2])
{
  const pm_ncmaps_spec *s = w->spec;
  const char *path = w->path;
  double *t = malloc(3 * s->nmonths * sizeof *t);
  size_t k;
  int status = PM_SUCCESS;

  if (!t) return pm_error_nomem();
  for (k = 0; k < s->nmonths; k++) {
    t[s->nmonths + 2 * k] = month_start(s->year, s->months[k]);
    t[s->nmonths + 2 * k + 1] = month_start(s->year, s->months[k] + 1);
    t[k] = 0.5 * (t[s->nmonths + 2 * k] + t[s->nmonths + 2 * k + 1]);
  }
  PM_NC_TRY(nc_put_var_double(w->ncid, var[0], t), "writing time");
  PM_NC_TRY(nc_put_var_double(w->ncid, var[1], t + s->nmonths),
            "writing climatology_bounds");
cleanup:
  free(t);
  return status;
}

/* The month axis, a CF climatology (CF 1.11 section 7.4). */
static int def_time(pm_ncmaps *w, int var[2])
{
  int dims[2] = {w->dim[D_TIME], w->dim[D_NV]}, status;

  if ((status = def_var(w, "time", NC_DOUBLE, 1, dims, "time", "time",
                        "seconds since 1970-01-01 00:00:00", &var[0])) ||
      (status = put_att(w, var[0], "calendar", "standard")) ||
      (status = put_att(w, var[0], "axis", "T")) ||
      (status = put_att(w, var[0], "climatology", "climatology_bounds")))
    return status;
  return def_var(w, "climatology_bounds", NC_DOUBLE, 2, dims, NULL,
                 "climatological time bounds",
                 "seconds since 1970-01-01 00:00:00", &var[1]);
}

/* The comment of model `model`'s variables. */
static int put_comment(pm_ncmaps *w, int var, size_t model)
{
  const char *const *c = w->spec->comment;
  return c && c[model] ? put_att(w, var, "comment", c[model]) : PM_SUCCESS;
}

typedef struct {
  const char *suffix, *long_name, *units;
  int per_layer;
} map_spec;

static const map_spec conc_maps[N_CONC_VARS] = {
    {"mean", "predicted concentration of %s", "m-3", 1},
    {"se", "standard error of the predicted concentration of %s (standard "
     "deviation over the draws of the coefficients)", "m-3", 1},
    {"lower", "lower bound of the 95%% interval of the concentration of %s "
     "(2.5%% quantile over the draws of the coefficients)", "m-3", 1},
    {"upper", "upper bound of the 95%% interval of the concentration of %s "
     "(97.5%% quantile over the draws of the coefficients)", "m-3", 1},
    {"extrapolation", "extrapolation flag of %s: 1 where a covariate lies "
     "outside the range seen in fitting, 0 within it", "1", 1},
    {"inventory", "column inventory of %s: concentration integrated over the "
     "layers of the maps", "m-2", 0}};

/* Martin et al. 1987 (Deep-Sea Res. 34:267) F(z) = F(z_ref) (z/z_ref)^-b,
 * fitted per column to the mean predicted flux profile (science/pm_flux.h). */
static const map_spec flux_maps[N_FLUX_VARS] = {
    {"mean", "predicted sinking flux of %s", "mg m-2 d-1", 1},
    {"se", "standard error of the predicted sinking flux of %s (standard "
     "deviation over the draws of the coefficients)", "mg m-2 d-1", 1},
    {"lower", "lower bound of the 95%% interval of the sinking flux of %s "
     "(2.5%% quantile over the draws of the coefficients)", "mg m-2 d-1", 1},
    {"upper", "upper bound of the 95%% interval of the sinking flux of %s "
     "(97.5%% quantile over the draws of the coefficients)", "mg m-2 d-1", 1},
    {"extrapolation", "extrapolation flag of %s: 1 where a covariate lies "
     "outside the range seen in fitting, 0 within it", "1", 1},
    {"martin_b", "Martin curve exponent b of the mean flux profile of %s",
     "1", 0},
    {"z_star", "remineralisation length scale z* of the mean flux profile of "
     "%s (exponential form)", "m", 0},
    {"teff_100", "transfer efficiency F(z_ref + 100 m) / F(z_ref) of the "
     "mean flux profile of %s", "1", 0},
    {"martin_b_se", "standard error of the Martin curve exponent b of %s "
     "(standard deviation over the draws of the coefficients of the b of "
     "each draw's flux profile)", "1", 0}};

/* Units NULL: those of the model's pm_ncmaps_rate. */
static const map_spec rate_maps[N_RATE_VARS] = {
    {"mean", "%s, predicted", NULL, 1},
    {"se", "standard error of %s (standard deviation over the draws of the "
     "coefficients)", NULL, 1},
    {"lower", "lower bound of the 95%% interval of %s (2.5%% quantile over "
     "the draws of the coefficients)", NULL, 1},
    {"upper", "upper bound of the 95%% interval of %s (97.5%% quantile over "
     "the draws of the coefficients)", NULL, 1},
    {"extrapolation", "extrapolation flag of %s: 1 where a covariate lies "
     "outside the range seen in fitting, 0 within it", "1", 1},
    {"column", "column integral of %s over the layers of the maps", NULL, 0},
    {"column_lower", "lower bound of the 95%% interval of the column "
     "integral of %s", NULL, 0},
    {"column_upper", "upper bound of the 95%% interval of the column "
     "integral of %s", NULL, 0}};

static int is_flux(const pm_ncmaps_spec *s, size_t model)
{
  return s->flux && s->flux[model];
}

static const pm_ncmaps_rate *rate_of(const pm_ncmaps_spec *s, size_t model)
{
  return s->rates ? s->rates[model] : NULL;
}

static const map_spec *map_of(const pm_ncmaps_spec *s, size_t model, int k)
{
  if (rate_of(s, model)) return &rate_maps[k];
  return is_flux(s, model) ? &flux_maps[k] : &conc_maps[k];
}

static int n_vars(const pm_ncmaps_spec *s, size_t model)
{
  if (rate_of(s, model)) return N_RATE_VARS;
  return is_flux(s, model) ? N_FLUX_VARS : N_CONC_VARS;
}

/* The units of map k of a model, and (a rate) the familiar ones. */
static const char *units_of(const pm_ncmaps_spec *s, size_t model, int k,
                            const char **familiar)
{
  const map_spec *ms = map_of(s, model, k);
  const pm_ncmaps_rate *r = rate_of(s, model);

  *familiar = NULL;
  if (ms->units) return ms->units;
  *familiar = ms->per_layer ? r->familiar : r->column_familiar;
  return ms->per_layer ? r->units : r->column_units;
}

/* Chunks of one map (a lat-lon slab) and compression, for a variable of
 * n dimensions. */
static int set_chunks(pm_ncmaps *w, int var, int n)
{
  const char *path = w->path;
  size_t chunk[4];
  int status = PM_SUCCESS;

  for (int i = 0; i < n; i++) chunk[i] = 1;
  chunk[n - 2] = w->spec->grid->nlat;
  chunk[n - 1] = w->spec->grid->nlon;
  PM_NC_TRY(nc_def_var_chunking(w->ncid, var, NC_CHUNKED, chunk),
            "setting the chunks");
  PM_NC_TRY(nc_def_var_deflate(w->ncid, var, 1, 1, 1), "setting compression");
cleanup:
  return status;
}

static int def_map(pm_ncmaps *w, size_t model, int k)
{
  const pm_ncmaps_spec *s = w->spec;
  const map_spec *ms = map_of(s, model, k);
  const char *path = w->path, *familiar, *units = units_of(s, model, k,
                                                           &familiar);
  char name[256], long_name[512];
  int dims[4], n = 0, status, *var = &w->var[model * N_VARS + k];
  double dfill = NC_FILL_DOUBLE;
  unsigned char bfill = 255, valid[2] = {0, 1};

  if (s->nmonths) dims[n++] = w->dim[D_TIME];
  if (ms->per_layer) dims[n++] = w->dim[D_DEPTH];
  dims[n++] = w->dim[D_LAT];
  dims[n++] = w->dim[D_LON];
  snprintf(name, sizeof name, "%s_%s", s->models[model], ms->suffix);
  snprintf(long_name, sizeof long_name, ms->long_name, s->what[model]);
  if ((status = def_var(w, name, k == V_EXTRAP ? NC_UBYTE : NC_DOUBLE, n,
                        dims, NULL, long_name, units, var)) ||
      (status = put_att(w, *var, "units_familiar", familiar)) ||
      (status = put_comment(w, *var, model)) ||
      (status = put_att(w, *var, "cell_measures", "area: area")) ||
      (status = set_chunks(w, *var, n)))
    goto cleanup;
  if (k == V_EXTRAP) {
    PM_NC_TRY(nc_def_var_fill(w->ncid, *var, 0, &bfill), "setting a fill value");
    PM_NC_TRY(nc_put_att_ubyte(w->ncid, *var, "flag_values", NC_UBYTE, 2, valid),
              "writing flag_values");
    status = put_att(w, *var, "flag_meanings", "within_range extrapolated");
  } else {
    PM_NC_TRY(nc_def_var_fill(w->ncid, *var, 0, &dfill), "setting a fill value");
    if (k == V_INV && (!is_flux(s, model) || rate_of(s, model)))
      status = put_att(w, *var, "cell_methods", "depth: sum");
  }
cleanup:
  return status;
}

/* A double map of a flux model beside the per-depth ones: over lat and
 * lon, after the month axis when the maps are monthly and the dimension
 * `layer` (D_LAYER; -1: none), with its fill value. */
static int def_flux_extra(pm_ncmaps *w, size_t model, const char *name,
                          const char *long_name, const char *units,
                          int layer, int *var)
{
  const char *path = w->path;
  int dims[4], n = 0, status;
  double dfill = NC_FILL_DOUBLE;

  if (w->spec->nmonths) dims[n++] = w->dim[D_TIME];
  if (layer >= 0) dims[n++] = w->dim[layer];
  dims[n++] = w->dim[D_LAT];
  dims[n++] = w->dim[D_LON];
  if ((status = def_var(w, name, NC_DOUBLE, n, dims, NULL, long_name, units,
                        var)) ||
      (status = put_comment(w, *var, model)) ||
      (status = put_att(w, *var, "cell_measures", "area: area")) ||
      (status = set_chunks(w, *var, n)))
    goto cleanup;
  PM_NC_TRY(nc_def_var_fill(w->ncid, *var, 0, &dfill), "setting a fill value");
cleanup:
  return status;
}

static const char *const interval_suffix[3] = {"", "_lower", "_upper"};

/* The flux of model `model` through horizon h (j: 0 mean, 1 lower, 2
 * upper), a 2-D map in the units of the flux maps. */
static int def_export(pm_ncmaps *w, size_t model, size_t h, int j)
{
  static const char *const what[3] = {
      "predicted sinking flux through the export horizon '%s' (the depth "
      "of each column) of %s",
      "lower bound of the 95%% interval of the sinking flux through the "
      "export horizon '%s' of %s (2.5%% quantile over the draws)",
      "upper bound of the 95%% interval of the sinking flux through the "
      "export horizon '%s' of %s (97.5%% quantile over the draws)"};
  const pm_ncmaps_spec *s = w->spec;
  char name[256], long_name[768];

  snprintf(name, sizeof name, "%s_export_%s%s", s->models[model],
           s->horizons[h], interval_suffix[j]);
  snprintf(long_name, sizeof long_name, what[j], s->horizons[h],
           s->what[model]);
  return def_flux_extra(w, model, name, long_name, flux_maps[V_MEAN].units,
                        -1, &w->hvar[(model * s->nhorizons + h) * 3 + (size_t)j]);
}

/* The remineralisation rate -dF/dz of a flux model between consecutive
 * flux depths (j: 0 mean, 1 lower, 2 upper). */
static int def_remin(pm_ncmaps *w, size_t model, int j)
{
  static const char *const what[3] = {
      "remineralisation rate -dF/dz between consecutive depths of the "
      "predicted sinking flux of %s",
      "lower bound of the 95%% interval of the remineralisation rate of %s "
      "(2.5%% quantile over the draws)",
      "upper bound of the 95%% interval of the remineralisation rate of %s "
      "(97.5%% quantile over the draws)"};
  const pm_ncmaps_spec *s = w->spec;
  char name[256], long_name[512];
  int *var = &w->rvar[model * 3 + (size_t)j], status;

  snprintf(name, sizeof name, "%s_remineralisation%s", s->models[model],
           interval_suffix[j]);
  snprintf(long_name, sizeof long_name, what[j], s->what[model]);
  if ((status = def_flux_extra(w, model, name, long_name, "mg m-3 d-1",
                               D_LAYER, var)))
    return status;
  return put_att(w, *var, "cell_methods", "remin_depth: mean");
}

static int has_aoa(const pm_ncmaps_spec *s, size_t model)
{
  return s->aoa_threshold && !isnan(s->aoa_threshold[model]);
}

/* The area of applicability of model `model` (Meyer & Pebesma 2021,
 * Methods Ecol. Evol. 12:1620-1633): the dissimilarity index <model>_di
 * and the flag <model>_aoa, per layer, with the threshold. */
static int def_aoa(pm_ncmaps *w, size_t model)
{
  const pm_ncmaps_spec *s = w->spec;
  const char *path = w->path;
  char name[256], long_name[640];
  int dims[4], n = 0, status, *var = &w->avar[2 * model];
  double dfill = NC_FILL_DOUBLE, thr = s->aoa_threshold[model];
  unsigned char bfill = 255, valid[2] = {0, 1};

  if (s->nmonths) dims[n++] = w->dim[D_TIME];
  dims[n++] = w->dim[D_DEPTH];
  dims[n++] = w->dim[D_LAT];
  dims[n++] = w->dim[D_LON];
  snprintf(name, sizeof name, "%s_di", s->models[model]);
  snprintf(long_name, sizeof long_name, "dissimilarity index of the "
           "covariates of %s to those of the fitted rows: distance to the "
           "nearest fitted row over the mean distance between them, the "
           "covariates standardised and weighted by importance (Meyer & "
           "Pebesma 2021)", s->what[model]);
  if ((status = def_var(w, name, NC_DOUBLE, n, dims, NULL, long_name, "1",
                        &var[0])) ||
      (status = set_chunks(w, var[0], n)))
    goto cleanup;
  PM_NC_TRY(nc_def_var_fill(w->ncid, var[0], 0, &dfill), "setting a fill value");
  PM_NC_TRY(nc_put_att_double(w->ncid, var[0], "threshold", NC_DOUBLE, 1, &thr),
            "writing threshold");
  snprintf(name, sizeof name, "%s_aoa", s->models[model]);
  snprintf(long_name, sizeof long_name, "area of applicability of %s: 1 "
           "where the dissimilarity index does not exceed the threshold of "
           "the cross-validated fitted rows, 0 beyond it", s->what[model]);
  if ((status = def_var(w, name, NC_UBYTE, n, dims, NULL, long_name, "1",
                        &var[1])) ||
      (status = set_chunks(w, var[1], n)))
    goto cleanup;
  PM_NC_TRY(nc_def_var_fill(w->ncid, var[1], 0, &bfill), "setting a fill value");
  PM_NC_TRY(nc_put_att_ubyte(w->ncid, var[1], "flag_values", NC_UBYTE, 2, valid),
            "writing flag_values");
  status = put_att(w, var[1], "flag_meanings", "outside inside");
cleanup:
  return status;
}

/* 1 when a model of the file is a flux (not a rate) and the maps have
 * layers between their depths. */
static int has_remin(const pm_ncmaps_spec *s)
{
  size_t m;
  for (m = 0; s->ndepth > 1 && m < s->nmodels; m++)
    if (is_flux(s, m) && !rate_of(s, m)) return 1;
  return 0;
}

static int put_global(pm_ncmaps *w)
{
  const pm_ncmaps_spec *s = w->spec;
  const pm_nc_meta *m = s->meta;
  int status;

  if ((status = put_att(w, NC_GLOBAL, "Conventions", "CF-1.11, ACDD-1.3")) ||
      (status = put_att(w, NC_GLOBAL, "title",
                        m->title ? m->title : "plankmap prediction maps")) ||
      (status = put_att(
           w, NC_GLOBAL, "summary",
           m->summary ? m->summary
                      : "Concentrations predicted by the fitted models on the "
                        "prediction grid for one scenario, with standard "
                        "errors and 95% intervals from draws of the "
                        "coefficients, extrapolation flags and column "
                        "inventories.")) ||
      (status = put_att(w, NC_GLOBAL, "cdm_data_type", "Grid")) ||
      (status = put_att(w, NC_GLOBAL, "plankmap_scenario", s->scenario)))
    return status;
  return pm_nc_put_provenance(w->ncid, w->path, m);
}

static int define(pm_ncmaps *w, int coords[5][2], int *area)
{
  const pm_ncmaps_spec *s = w->spec;
  const char *path = w->path;
  const char *names[N_DIMS] = {"lon", "lat", "depth", "time", "nv",
                               "remin_depth"};
  size_t len[N_DIMS] = {s->grid->nlon, s->grid->nlat, s->ndepth, s->nmonths, 2,
                        s->ndepth - 1};
  int d, status = PM_SUCCESS, dims[2];
  size_t m, h;

  for (d = 0; d < N_DIMS; d++)
    if ((d != D_TIME || s->nmonths) && (d != D_LAYER || has_remin(s)))
      PM_NC_TRY(nc_def_dim(w->ncid, names[d], len[d], &w->dim[d]),
                "defining a dimension");
  if ((status = def_coord(w, D_LON, "lon", "longitude", "degrees_east", "X",
                          coords[0])) ||
      (status = def_coord(w, D_LAT, "lat", "latitude", "degrees_north", "Y",
                          coords[1])) ||
      (status = def_coord(w, D_DEPTH, "depth", "depth", "m", "Z",
                          coords[2])) ||
      (status = put_att(w, coords[2][0], "positive", "down")) ||
      (s->nmonths && (status = def_time(w, coords[3]))))
    goto cleanup;
  if (has_remin(s) &&
      ((status = def_coord(w, D_LAYER, "remin_depth", "depth", "m", "Z",
                           coords[4])) ||
       (status = put_att(w, coords[4][0], "positive", "down")) ||
       (status = put_att(w, coords[4][0], "long_name",
                         "mid-depth of the layer between consecutive flux "
                         "depths"))))
    goto cleanup;
  dims[0] = w->dim[D_LAT];
  dims[1] = w->dim[D_LON];
  if ((status = def_var(w, "area", NC_DOUBLE, 2, dims, "cell_area",
                        "area of the grid cell on the WGS84 ellipsoid", "m2",
                        area)) ||
      (status = put_global(w)))
    goto cleanup;
  for (m = 0; m < s->nmodels; m++) {
    for (d = 0; d < n_vars(s, m); d++)
      if ((status = def_map(w, m, d))) goto cleanup;
    for (h = 0; is_flux(s, m) && !rate_of(s, m) && h < s->nhorizons; h++)
      for (d = 0; d < 3; d++)
        if ((status = def_export(w, m, h, d))) goto cleanup;
    for (d = 0; is_flux(s, m) && !rate_of(s, m) && has_remin(s) && d < 3; d++)
      if ((status = def_remin(w, m, d))) goto cleanup;
    if (has_aoa(s, m) && (status = def_aoa(w, m))) goto cleanup;
  }
cleanup:
  return status;
}

/* The layers between consecutive depths: mid-depths and bounds. */
static int put_remin_depth(pm_ncmaps *w, int coords[2])
{
  const pm_ncmaps_spec *s = w->spec;
  const char *path = w->path;
  size_t n = s->ndepth - 1, k;
  double *z = malloc(3 * n * sizeof *z), *b = z + n;
  int status = PM_SUCCESS;

  if (!z) return pm_error_nomem();
  for (k = 0; k < n; k++) {
    b[2 * k] = s->depth[k];
    b[2 * k + 1] = s->depth[k + 1];
    z[k] = 0.5 * (b[2 * k] + b[2 * k + 1]);
  }
  PM_NC_TRY(nc_put_var_double(w->ncid, coords[0], z), "writing remin_depth");
  PM_NC_TRY(nc_put_var_double(w->ncid, coords[1], b),
            "writing remin_depth_bnds");
cleanup:
  free(z);
  return status;
}

static int put_coords(pm_ncmaps *w, int coords[5][2], int area)
{
  const pm_ncmaps_spec *s = w->spec;
  const pm_grid *g = s->grid;
  const char *path = w->path;
  double *a = malloc(g->nlat * g->nlon * sizeof *a);
  size_t i;
  int status = PM_SUCCESS;

  if (!a) return pm_error_nomem();
  for (i = 0; i < g->nlat * g->nlon; i++) a[i] = g->area[i / g->nlon];
  PM_NC_TRY(nc_put_var_double(w->ncid, coords[0][0], g->lon), "writing lon");
  PM_NC_TRY(nc_put_var_double(w->ncid, coords[0][1], g->lon_bnds),
            "writing lon_bnds");
  PM_NC_TRY(nc_put_var_double(w->ncid, coords[1][0], g->lat), "writing lat");
  PM_NC_TRY(nc_put_var_double(w->ncid, coords[1][1], g->lat_bnds),
            "writing lat_bnds");
  PM_NC_TRY(nc_put_var_double(w->ncid, coords[2][0], s->depth),
            "writing depth");
  PM_NC_TRY(nc_put_var_double(w->ncid, coords[2][1], s->depth_bnds),
            "writing depth_bnds");
  PM_NC_TRY(nc_put_var_double(w->ncid, area, a), "writing area");
  if (s->nmonths) status = put_time(w, coords[3]);
  if (!status && has_remin(s)) status = put_remin_depth(w, coords[4]);
cleanup:
  free(a);
  return status;
}

static int write_all(int ncid, void *arg)
{
  pm_ncmaps *w = arg;
  const char *path = w->path;
  int coords[5][2], area, status;

  w->ncid = ncid;
  if ((status = define(w, coords, &area))) return status;
  PM_NC_TRY(nc_enddef(ncid), "ending the definitions");
  if ((status = put_coords(w, coords, area))) goto cleanup;
  status = w->fill(w, w->arg);
cleanup:
  return status;
}

int pm_ncmaps_write(const char *path, const pm_ncmaps_spec *spec,
                    int (*fill)(pm_ncmaps *w, void *arg), void *arg)
{
  pm_ncmaps w = {.path = path, .spec = spec, .fill = fill, .arg = arg};
  int status;

  if (spec->nmodels == 0 || spec->ndepth == 0)
    return pm_error(PM_EINPUT, "%s: maps need at least one model and one "
                    "depth", path);
  w.var = calloc(spec->nmodels * N_VARS, sizeof *w.var);
  w.hvar = calloc(spec->nmodels * spec->nhorizons * 3 + 1, sizeof *w.hvar);
  w.rvar = calloc(spec->nmodels * 3, sizeof *w.rvar);
  w.avar = calloc(spec->nmodels * 2, sizeof *w.avar);
  if (!w.var || !w.hvar || !w.rvar || !w.avar)
    status = pm_error_nomem();
  else
    status = pm_nc_create_atomic(path, write_all, &w);
  free(w.var);
  free(w.hvar);
  free(w.rvar);
  free(w.avar);
  return status;
}

/* NAN to the fill value, in place in a copy. */
static int put_doubles(pm_ncmaps *w, int var, const size_t *start,
                       const size_t *count, const double *v, size_t n)
{
  const char *path = w->path;
  double *buf = malloc(n * sizeof *buf);
  size_t i;
  int status = PM_SUCCESS;

  if (!buf) return pm_error_nomem();
  for (i = 0; i < n; i++) buf[i] = isnan(v[i]) ? NC_FILL_DOUBLE : v[i];
  PM_NC_TRY(nc_put_vara_double(w->ncid, var, start, count, buf),
            "writing a map");
cleanup:
  free(buf);
  return status;
}

/* A flux model's export maps of one month. */
static int put_exports(pm_ncmaps *w, size_t model, const size_t *start,
                       const size_t *count, const pm_ncmaps_slice *s)
{
  const pm_ncmaps_spec *sp = w->spec;
  size_t h, n = sp->grid->nlat * sp->grid->nlon;
  int j, status = PM_SUCCESS;

  for (h = 0; h < sp->nhorizons && !status; h++) {
    const double *v[3] = {s->export_mean ? s->export_mean[h] : NULL,
                          s->export_lower ? s->export_lower[h] : NULL,
                          s->export_upper ? s->export_upper[h] : NULL};
    for (j = 0; j < 3 && !status; j++)
      if (!v[j])
        status = pm_error(PM_EINPUT, "%s: the export map '%s' of model %s "
                          "was not given", w->path, sp->horizons[h],
                          sp->models[model]);
      else
        status = put_doubles(w, w->hvar[(model * sp->nhorizons + h) * 3 +
                                        (size_t)j],
                             start, count, v[j], n);
  }
  return status;
}

/* A flux model's remineralisation rates of month k. */
static int put_remin(pm_ncmaps *w, size_t model, size_t k,
                     const pm_ncmaps_slice *s)
{
  const pm_ncmaps_spec *sp = w->spec;
  size_t off = sp->nmonths ? 0 : 1, n = sp->ndepth - 1;
  size_t start[4] = {k, 0, 0, 0},
         count[4] = {1, n, sp->grid->nlat, sp->grid->nlon};
  const double *v[3] = {s->remin_mean, s->remin_lower, s->remin_upper};
  int j, status = PM_SUCCESS;

  for (j = 0; j < 3 && !status; j++)
    status = v[j] ? put_doubles(w, w->rvar[model * 3 + (size_t)j],
                                start + off, count + off, v[j],
                                n * count[2] * count[3])
                  : pm_error(PM_EINPUT, "%s: the remineralisation maps of "
                             "model %s were not given", w->path,
                             sp->models[model]);
  return status;
}

int pm_ncmaps_put(pm_ncmaps *w, size_t model, size_t k,
                  const pm_ncmaps_slice *s)
{
  const pm_ncmaps_spec *sp = w->spec;
  const char *path = w->path;
  size_t start[4] = {k, 0, 0, 0}, count[4] = {1, sp->ndepth, sp->grid->nlat,
                                              sp->grid->nlon};
  size_t off = sp->nmonths ? 0 : 1, ncell = sp->ndepth * count[2] * count[3];
  const double *v[4] = {s->mean, s->se, s->lower, s->upper};
  const int *var = &w->var[model * N_VARS];
  int j, status = PM_SUCCESS;

  if (model >= sp->nmodels || k >= (sp->nmonths ? sp->nmonths : 1))
    return pm_error(PM_EINPUT, "%s: model %zu, month %zu asked for; the file "
                    "has %zu models and %zu months", path, model, k,
                    sp->nmodels, sp->nmonths ? sp->nmonths : 1);
  for (j = 0; j < 4; j++)
    if ((status = put_doubles(w, var[j], start + off, count + off, v[j],
                              ncell)))
      return status;
  PM_NC_TRY(nc_put_vara_uchar(w->ncid, var[V_EXTRAP], start + off,
                              count + off, s->extrapolation),
            "writing a map");
  if (has_aoa(sp, model)) {
    if (!s->di || !s->aoa)
      return pm_error(PM_EINPUT, "%s: the area of applicability of model %s "
                      "was not given", path, sp->models[model]);
    if ((status = put_doubles(w, w->avar[2 * model], start + off,
                              count + off, s->di, ncell)))
      return status;
    PM_NC_TRY(nc_put_vara_uchar(w->ncid, w->avar[2 * model + 1], start + off,
                                count + off, s->aoa),
              "writing a map");
  }
  count[1] = 1; /* the 2-D maps have no depth: drop that dimension */
  start[1] = k;
  if (!is_flux(sp, model) && !rate_of(sp, model))
    return put_doubles(w, var[V_INV], start + 1 + off, count + 1 + off,
                       s->inventory, count[2] * count[3]);
  {
    const double *flux2d[4] = {s->martin_b, s->z_star, s->teff_100,
                               s->martin_b_se};
    const double *rate2d[3] = {s->inventory, s->column_lower,
                               s->column_upper};
    const double *const *a = rate_of(sp, model) ? rate2d : flux2d;
    int n2d = rate_of(sp, model) ? 3 : 4;
    for (j = 0; j < n2d && !status; j++)
      status = put_doubles(w, var[V_MARTIN_B + j], start + 1 + off,
                           count + 1 + off, a[j], count[2] * count[3]);
  }
  if (!status && !rate_of(sp, model))
    status = put_exports(w, model, start + 1 + off, count + 1 + off, s);
  if (!status && !rate_of(sp, model) && has_remin(sp))
    status = put_remin(w, model, k, s);
cleanup:
  return status;
}
