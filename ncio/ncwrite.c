/* ncwrite.c: the binned observations written as a CF-1.11 NetCDF-4 file
 * (dimensions, coordinates with bounds, classes, the data chunk by chunk
 * from the sparse bins, and the profiles the samples came from: their
 * names, positions and date-times, on a dimension of their own).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_nc.h"
#include "pm_error.h"

#include <math.h>
#include <netcdf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Chunks of the data variables: one class, time step and layer, and a tile
 * of up to 45 x 90 cells (16 kB of floats; it divides the 1, 1/2 and 1/4
 * degree global grids evenly).  A chunk holding no sample is never written,
 * and observations are sparse, so small tiles keep the compression work in
 * proportion to the cells observed rather than to the map. */
#define CHUNK_LAT 45
#define CHUNK_LON 90

enum { D_LON, D_LAT, D_DEPTH, D_TIME, D_CLASS, D_NV, D_PROFILE, N_DIMS };
enum { V_CONC, V_LOWER, V_UPPER, V_COUNT, V_VOLUME, V_NSAMPLES, N_DATA };

typedef struct {
  int ncid;
  const char *path;
  int dim[N_DIMS];
  int lon, lat, depth, time, lon_bnds, lat_bnds, depth_bnds, time_bnds, area;
  int taxon, taxon_path, size_min, size_max;
  int predicted_share, correction_ratio, corrected_total, correction_draws;
  int profile_name, profile_lon, profile_lat, profile_time;
  int profile_instrument, profile_pixel;
  int data[N_DATA];
} ncfile;

static int put_att(const ncfile *f, int var, const char *name,
                   const char *value)
{
  int rc = nc_put_att_text(f->ncid, var, name, strlen(value), value);
  return rc == NC_NOERR ? PM_SUCCESS : pm_nc_fail(rc, f->path, name);
}

/* A variable with its long_name and, unless NULL, standard_name and units. */
static int def_var(ncfile *f, const char *name, nc_type type, int ndims,
                   const int *dims, const char *standard_name,
                   const char *long_name, const char *units, int *var)
{
  const char *path = f->path;
  int status = PM_SUCCESS;

  PM_NC_TRY(nc_def_var(f->ncid, name, type, ndims, dims, var),
            "defining a variable");
  if ((status = put_att(f, *var, "long_name", long_name)) ||
      (standard_name &&
       (status = put_att(f, *var, "standard_name", standard_name))) ||
      (units && (status = put_att(f, *var, "units", units))))
    goto cleanup;
cleanup:
  return status;
}

/* A coordinate variable of dimension d with its bounds variable. */
static int def_coord(ncfile *f, int d, const char *name, const char *bnds_name,
                     const char *standard_name, const char *units,
                     const char *axis, int *var, int *bnds)
{
  int dims[2] = {f->dim[d], f->dim[D_NV]}, status;

  if ((status = def_var(f, name, NC_DOUBLE, 1, dims, standard_name,
                        standard_name, units, var)) ||
      (status = put_att(f, *var, "axis", axis)) ||
      (status = put_att(f, *var, "bounds", bnds_name)))
    return status;
  return def_var(f, bnds_name, NC_DOUBLE, 2, dims, NULL,
                 "cell boundaries", NULL, bnds);
}

static int def_time(ncfile *f, const pm_grid *g)
{
  int climatology = g->time_axis == PM_TIME_MONTH ||
                    g->time_axis == PM_TIME_SEASON;
  int dims[2] = {f->dim[D_TIME], f->dim[D_NV]}, status;
  const char *bnds = climatology ? "climatology_bounds" : "time_bnds";

  if ((status = def_var(f, "time", NC_DOUBLE, 1, dims, "time", "time",
                        "seconds since 1970-01-01 00:00:00", &f->time)) ||
      (status = put_att(f, f->time, "calendar", "standard")) ||
      (status = put_att(f, f->time, "axis", "T")) ||
      (status = put_att(f, f->time, climatology ? "climatology" : "bounds",
                        bnds)))
    return status;
  /* CF 7.1: a boundary variable needs no units, but a reader that shows
   * the bounds alone (ncdump, Panoply) should not guess them */
  return def_var(f, bnds, NC_DOUBLE, 2, dims, NULL,
                 climatology ? "climatological time bounds" : "time bounds",
                 "seconds since 1970-01-01 00:00:00", &f->time_bnds);
}

static int def_classes(ncfile *f)
{
  const char *path = f->path;
  double nan = NAN;
  int d = f->dim[D_CLASS], status;

  if ((status = def_var(f, "biological_taxon_name", NC_STRING, 1, &d,
                        "biological_taxon_name",
                        "name of the taxon or size class", NULL, &f->taxon)) ||
      (status = def_var(f, "taxon_path", NC_STRING, 1, &d, NULL,
                        "taxonomic path of the class, empty when none", NULL,
                        &f->taxon_path)) ||
      (status = def_var(f, "size_min", NC_DOUBLE, 1, &d, NULL,
                        "smallest equivalent spherical diameter of the size "
                        "class (fill value for a taxon)",
                        "m", &f->size_min)) ||
      (status = def_var(f, "size_max", NC_DOUBLE, 1, &d, NULL,
                        "largest equivalent spherical diameter of the size "
                        "class (infinite for an open class, fill value for a "
                        "taxon)",
                        "m", &f->size_max)))
    goto cleanup;
  PM_NC_TRY(nc_def_var_fill(f->ncid, f->size_min, 0, &nan), "setting a fill value");
  PM_NC_TRY(nc_def_var_fill(f->ncid, f->size_max, 0, &nan), "setting a fill value");
cleanup:
  return status;
}

/* The correction of the counts for misclassification, when there is one:
 * per class its share only predicted, its corrected over naive count, its
 * corrected total and that total under each draw of the confusion
 * matrices (on a dimension of its own). */
static int def_correction(ncfile *f, const pm_nc_meta *meta)
{
  const char *path = f->path;
  int d[2] = {f->dim[D_CLASS], -1}, status;

  if (!meta->count_correction) return PM_SUCCESS;
  if ((status = put_att(f, NC_GLOBAL, "count_correction",
                        meta->count_correction)) ||
      (status = def_var(f, "predicted_share", NC_DOUBLE, 1, d, NULL,
                        "share of the class's objects whose class was only "
                        "predicted by a classifier (before the correction)",
                        "1", &f->predicted_share)) ||
      (status = def_var(f, "correction_ratio", NC_DOUBLE, 1, d, NULL,
                        "corrected over naive count of the class (correction "
                        "for misclassification, see count_correction)",
                        "1", &f->correction_ratio)) ||
      (status = def_var(f, "corrected_total", NC_DOUBLE, 1, d, NULL,
                        "count of the class summed over all samples, "
                        "corrected for misclassification",
                        "1", &f->corrected_total)))
    goto cleanup;
  if (!meta->n_correction_draws) return PM_SUCCESS;
  PM_NC_TRY(nc_def_dim(f->ncid, "classification_draw",
                       meta->n_correction_draws, &d[1]),
            "defining a dimension");
  status = def_var(f, "corrected_total_draws", NC_DOUBLE, 2, d, NULL,
                   "corrected_total under each draw of the confusion "
                   "matrices' rates from their Dirichlet posterior",
                   "1", &f->correction_draws);
cleanup:
  return status;
}

static int put_correction(const ncfile *f, const pm_nc_meta *meta)
{
  const char *path = f->path;
  int status = PM_SUCCESS;

  if (!meta->count_correction) return PM_SUCCESS;
  PM_NC_TRY(nc_put_var_double(f->ncid, f->predicted_share,
                              meta->predicted_share),
            "writing predicted_share");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->correction_ratio,
                              meta->correction_ratio),
            "writing correction_ratio");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->corrected_total,
                              meta->corrected_total),
            "writing corrected_total");
  if (meta->n_correction_draws)
    PM_NC_TRY(nc_put_var_double(f->ncid, f->correction_draws,
                              meta->correction_draws),
            "writing corrected_total_draws");
cleanup:
  return status;
}

/* Compression, chunking and fill value of a data variable. */
static int def_storage(ncfile *f, int var, int ndims, const pm_grid *g,
                       nc_type type)
{
  const char *path = f->path;
  size_t chunk[5] = {1, 1, 1, 1, 1};
  float ffill = NC_FILL_FLOAT;
  double dfill = NC_FILL_DOUBLE;
  int ifill = NC_FILL_INT, status = PM_SUCCESS;
  const void *fill = type == NC_FLOAT    ? (const void *)&ffill
                     : type == NC_DOUBLE ? (const void *)&dfill
                                         : (const void *)&ifill;

  chunk[ndims - 2] = g->nlat < CHUNK_LAT ? g->nlat : CHUNK_LAT;
  chunk[ndims - 1] = g->nlon < CHUNK_LON ? g->nlon : CHUNK_LON;
  PM_NC_TRY(nc_def_var_chunking(f->ncid, var, NC_CHUNKED, chunk),
            "setting the chunks");
  PM_NC_TRY(nc_def_var_deflate(f->ncid, var, 1, 1, 1), "setting compression");
  PM_NC_TRY(nc_def_var_fill(f->ncid, var, 0, fill), "setting a fill value");
cleanup:
  return status;
}

typedef struct {
  const char *name, *standard_name, *long_name, *units;
  nc_type type;
  int per_class;
  int sum; /* a sum over the samples (else a volume-weighted mean) */
} data_spec;

static const data_spec data_specs[N_DATA] = {
    {"concentration", "number_concentration_of_biological_taxon_in_sea_water",
     "number concentration: count divided by sampled volume", "m-3", NC_FLOAT,
     1, 0},
    {"concentration_lower", NULL,
     "lower bound of the exact Poisson 95% interval of the concentration",
     "m-3", NC_FLOAT, 1, 0},
    {"concentration_upper", NULL,
     "upper bound of the exact Poisson 95% interval of the concentration",
     "m-3", NC_FLOAT, 1, 0},
    {"count", NULL, "number of objects counted", "1", NC_DOUBLE, 1, 1},
    {"volume", NULL, "sampled volume of water", "m3", NC_DOUBLE, 0, 1},
    {"n_samples", NULL, "number of samples", "1", NC_INT, 0, 1}};

static const char *cell_methods(const pm_grid *g, int sum)
{
  if (g->time_axis == PM_TIME_MONTH || g->time_axis == PM_TIME_SEASON)
    return sum ? "area: depth: sum time: sum within years time: sum over years"
               : "area: depth: mean time: mean within years time: mean over "
                 "years";
  return sum ? "area: depth: time: sum" : "area: depth: time: mean";
}

static int def_data(ncfile *f, const pm_grid *g, int k)
{
  const data_spec *s = &data_specs[k];
  int dims[5] = {f->dim[D_CLASS], f->dim[D_TIME], f->dim[D_DEPTH],
                 f->dim[D_LAT], f->dim[D_LON]};
  int n = s->per_class ? 5 : 4, *var = &f->data[k], status;

  if ((status = def_var(f, s->name, s->type, n, dims + 5 - n, s->standard_name,
                        s->long_name, s->units, var)) ||
      (status = def_storage(f, *var, n, g, s->type)) ||
      (status = put_att(f, *var, "cell_measures", "area: area")) ||
      (status = put_att(f, *var, "cell_methods", cell_methods(g, s->sum))))
    return status;
  if (s->per_class && (status = put_att(f, *var, "coordinates",
                                        "biological_taxon_name")))
    return status;
  if (k == V_CONC) {
    if ((status = put_att(f, *var, "ancillary_variables",
                          "concentration_lower concentration_upper count")))
      return status;
    return put_att(f, *var, "comment",
                   "sum of the counts of the samples in the cell divided by "
                   "the sum of their sampled volumes; the interval is the "
                   "exact Poisson interval of the count (Garwood 1936) "
                   "divided by the volume");
  }
  return PM_SUCCESS;
}

/* The profiles: name, position and date-time of each cast (not
 * coordinates of the data, which are gridded: the sites of the map). */
static int def_profiles(ncfile *f)
{
  const char *path = f->path;
  const int *dim = &f->dim[D_PROFILE];
  double nan = NAN;
  int status;

  if ((status = def_var(f, "profile_name", NC_STRING, 1, dim, NULL,
                        "name of the profile (cast) as in its source", NULL,
                        &f->profile_name)) ||
      (status = def_var(f, "profile_lon", NC_DOUBLE, 1, dim, "longitude",
                        "longitude of the profile", "degrees_east",
                        &f->profile_lon)) ||
      (status = def_var(f, "profile_lat", NC_DOUBLE, 1, dim, "latitude",
                        "latitude of the profile", "degrees_north",
                        &f->profile_lat)) ||
      (status = def_var(f, "profile_time", NC_DOUBLE, 1, dim, "time",
                        "date-time of the profile",
                        "seconds since 1970-01-01 00:00:00",
                        &f->profile_time)) ||
      (status = put_att(f, f->profile_time, "calendar", "standard")) ||
      (status = def_var(f, "profile_instrument", NC_STRING, 1, dim, NULL,
                        "model of the instrument (UVP5: SD standard "
                        "definition, ZD zoomed, HD high definition), empty "
                        "when unknown", NULL, &f->profile_instrument)) ||
      (status = def_var(f, "profile_pixel_size", NC_DOUBLE, 1, dim, NULL,
                        "side of a pixel of the profile's images (fill "
                        "value when unknown)", "mm", &f->profile_pixel)))
    goto cleanup;
  PM_NC_TRY(nc_def_var_fill(f->ncid, f->profile_pixel, 0, &nan),
            "setting a fill value");
cleanup:
  return status;
}

static int define(ncfile *f, const pm_grid *g, const pm_obs *obs)
{
  const char *path = f->path;
  const char *names[N_DIMS] = {"lon",   "lat", "depth",  "time",
                               "class", "nv",  "profile"};
  size_t len[N_DIMS] = {g->nlon,        g->nlat, g->ndepth,      g->ntime,
                        obs->n_classes, 2,       obs->n_profiles};
  int d, k, status = PM_SUCCESS, area_dims[2];

  for (d = 0; d < N_DIMS; d++)
    PM_NC_TRY(nc_def_dim(f->ncid, names[d], len[d], &f->dim[d]),
              "defining a dimension");
  if ((status = def_coord(f, D_LON, "lon", "lon_bnds", "longitude",
                          "degrees_east", "X", &f->lon, &f->lon_bnds)) ||
      (status = def_coord(f, D_LAT, "lat", "lat_bnds", "latitude",
                          "degrees_north", "Y", &f->lat, &f->lat_bnds)) ||
      (status = def_coord(f, D_DEPTH, "depth", "depth_bnds", "depth", "m", "Z",
                          &f->depth, &f->depth_bnds)) ||
      (status = put_att(f, f->depth, "positive", "down")) ||
      (status = def_time(f, g)) || (status = def_classes(f)) ||
      (status = def_profiles(f)))
    goto cleanup;
  area_dims[0] = f->dim[D_LAT];
  area_dims[1] = f->dim[D_LON];
  if ((status = def_var(f, "area", NC_DOUBLE, 2, area_dims, "cell_area",
                        "area of the grid cell on the WGS84 ellipsoid", "m2",
                        &f->area)))
    goto cleanup;
  PM_NC_TRY(nc_def_var_deflate(f->ncid, f->area, 1, 1, 4), "setting compression");
  for (k = 0; k < N_DATA; k++)
    if ((status = def_data(f, g, k))) goto cleanup;
cleanup:
  return status;
}

static int put_coords(const ncfile *f, const pm_grid *g)
{
  const char *path = f->path;
  int status = PM_SUCCESS;

  PM_NC_TRY(nc_put_var_double(f->ncid, f->lon, g->lon), "writing lon");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->lon_bnds, g->lon_bnds), "writing lon_bnds");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->lat, g->lat), "writing lat");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->lat_bnds, g->lat_bnds), "writing lat_bnds");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->depth, g->depth), "writing depth");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->depth_bnds, g->depth_bnds),
            "writing depth_bnds");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->time, g->time), "writing time");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->time_bnds, g->time_bnds),
            "writing the time bounds");
cleanup:
  return status;
}

/* The area of each cell, one latitude row at a time. */
static int put_area(const ncfile *f, const pm_grid *g)
{
  const char *path = f->path;
  double *row = malloc(g->nlon * sizeof *row);
  size_t j, i, start[2] = {0, 0}, count[2] = {1, g->nlon};
  int status = PM_SUCCESS;

  if (!row) return pm_error_nomem();
  for (j = 0; j < g->nlat; j++) {
    for (i = 0; i < g->nlon; i++) row[i] = g->area[j];
    start[0] = j;
    PM_NC_TRY(nc_put_vara_double(f->ncid, f->area, start, count, row),
              "writing area");
  }
cleanup:
  free(row);
  return status;
}

static int put_classes(const ncfile *f, const pm_obs *obs)
{
  const char *path = f->path;
  size_t n = obs->n_classes, c;
  const char **name = malloc(n * sizeof *name), **tpath = malloc(n * sizeof *tpath);
  double *lo = malloc(n * sizeof *lo), *hi = malloc(n * sizeof *hi);
  int status = PM_SUCCESS;

  if (!name || !tpath || !lo || !hi) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (c = 0; c < n; c++) {
    name[c] = obs->classes[c].name;
    tpath[c] = obs->classes[c].path ? obs->classes[c].path : "";
    lo[c] = obs->classes[c].size_min_mm * 1e-3; /* mm to m; NAN stays NAN */
    hi[c] = obs->classes[c].size_max_mm * 1e-3;
  }
  PM_NC_TRY(nc_put_var_string(f->ncid, f->taxon, name), "writing the class names");
  PM_NC_TRY(nc_put_var_string(f->ncid, f->taxon_path, tpath),
            "writing the taxonomic paths");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->size_min, lo), "writing size_min");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->size_max, hi), "writing size_max");
cleanup:
  free(name);
  free(tpath);
  free(lo);
  free(hi);
  return status;
}

static int put_profiles(const ncfile *f, const pm_obs *obs)
{
  const char *path = f->path;
  size_t n = obs->n_profiles, i;
  const char **name = malloc(n * sizeof *name),
             **model = malloc(n * sizeof *model);
  double *lon = malloc(n * sizeof *lon), *lat = malloc(n * sizeof *lat),
         *time = malloc(n * sizeof *time), *pixel = malloc(n * sizeof *pixel);
  int status = PM_SUCCESS;

  if (!name || !model || !lon || !lat || !time || !pixel) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 0; i < n; i++) {
    name[i] = obs->profiles[i].name;
    lon[i] = obs->profiles[i].lon;
    lat[i] = obs->profiles[i].lat;
    time[i] = obs->profiles[i].time;
    model[i] = obs->profiles[i].instrument ? obs->profiles[i].instrument : "";
    pixel[i] = obs->profiles[i].pixel_mm > 0 ? obs->profiles[i].pixel_mm : NAN;
  }
  PM_NC_TRY(nc_put_var_string(f->ncid, f->profile_name, name),
            "writing the profile names");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->profile_lon, lon),
            "writing profile_lon");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->profile_lat, lat),
            "writing profile_lat");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->profile_time, time),
            "writing profile_time");
  PM_NC_TRY(nc_put_var_string(f->ncid, f->profile_instrument, model),
            "writing profile_instrument");
  PM_NC_TRY(nc_put_var_double(f->ncid, f->profile_pixel, pixel),
            "writing profile_pixel_size");
cleanup:
  free(name);
  free(model);
  free(pixel);
  free(lon);
  free(lat);
  free(time);
  return status;
}

/* Occupied cells ordered by chunk of (time, depth, lat tile, lon tile). */
typedef struct {
  uint64_t tile;
  size_t slot;
  pm_bin_cell cell;
} entry;

static int by_tile(const void *a, const void *b)
{
  uint64_t x = ((const entry *)a)->tile, y = ((const entry *)b)->tile;
  return x < y ? -1 : x > y;
}

static entry *order_by_tile(const pm_grid *g, const pm_bin *b)
{
  size_t n = pm_bin_n_cells(b), s;
  uint64_t ntj = (g->nlat + CHUNK_LAT - 1) / CHUNK_LAT,
           nti = (g->nlon + CHUNK_LON - 1) / CHUNK_LON;
  entry *e = malloc((n ? n : 1) * sizeof *e);

  if (!e) return NULL;
  for (s = 0; s < n; s++) {
    pm_bin_cell c = pm_bin_slot_cell(b, s);
    e[s].slot = s;
    e[s].cell = c;
    e[s].tile = (((uint64_t)c.time * g->ndepth + c.depth) * ntj +
                 c.lat / CHUNK_LAT) * nti + c.lon / CHUNK_LON;
  }
  qsort(e, n, sizeof *e, by_tile);
  return e;
}

/* One tile: its place, and buffers for its values. */
typedef struct {
  size_t start[5], count[5]; /* class, time, depth, lat, lon */
  float *f[3];
  double *count_v, *volume;
  int *nsamples;
} tile;

static size_t at(const tile *t, const pm_bin_cell *c)
{
  return (c->lat - t->start[3]) * t->count[4] + (c->lon - t->start[4]);
}

static int put_tile_cells(const ncfile *f, tile *t, const pm_bin *b,
                          const entry *e, size_t n)
{
  const char *path = f->path;
  size_t cells = t->count[3] * t->count[4], i;
  int status = PM_SUCCESS;

  for (i = 0; i < cells; i++) {
    t->volume[i] = NC_FILL_DOUBLE;
    t->nsamples[i] = NC_FILL_INT;
  }
  for (i = 0; i < n; i++) {
    t->volume[at(t, &e[i].cell)] = pm_bin_volume(b, e[i].slot);
    t->nsamples[at(t, &e[i].cell)] = (int)pm_bin_n_samples(b, e[i].slot);
  }
  PM_NC_TRY(nc_put_vara_double(f->ncid, f->data[V_VOLUME], t->start + 1,
                               t->count + 1, t->volume),
            "writing volume");
  PM_NC_TRY(nc_put_vara_int(f->ncid, f->data[V_NSAMPLES], t->start + 1,
                            t->count + 1, t->nsamples),
            "writing n_samples");
cleanup:
  return status;
}

static int put_tile_class(const ncfile *f, tile *t, const pm_bin *b,
                          const entry *e, size_t n, size_t cls)
{
  const char *path = f->path;
  size_t cells = t->count[3] * t->count[4], i;
  int k, status = PM_SUCCESS;

  for (i = 0; i < cells; i++) {
    t->f[0][i] = t->f[1][i] = t->f[2][i] = NC_FILL_FLOAT;
    t->count_v[i] = NC_FILL_DOUBLE;
  }
  for (i = 0; i < n; i++) {
    double v[3];
    size_t j = at(t, &e[i].cell);
    if ((status = pm_bin_concentration(b, e[i].slot, cls, &v[0], &v[1], &v[2])))
      goto cleanup;
    for (k = 0; k < 3; k++) t->f[k][j] = (float)v[k];
    t->count_v[j] = pm_bin_count(b, e[i].slot, cls);
  }
  t->start[0] = cls;
  for (k = 0; k < 3; k++)
    PM_NC_TRY(nc_put_vara_float(f->ncid, f->data[V_CONC + k], t->start,
                                t->count, t->f[k]),
              "writing the concentrations");
  PM_NC_TRY(nc_put_vara_double(f->ncid, f->data[V_COUNT], t->start, t->count,
                               t->count_v),
            "writing count");
cleanup:
  return status;
}

/* Place tile t at the chunk holding cell c. */
static void locate(tile *t, const pm_grid *g, const pm_bin_cell *c)
{
  t->start[1] = c->time;
  t->start[2] = c->depth;
  t->start[3] = c->lat / CHUNK_LAT * CHUNK_LAT;
  t->start[4] = c->lon / CHUNK_LON * CHUNK_LON;
  t->count[0] = t->count[1] = t->count[2] = 1;
  t->count[3] = g->nlat - t->start[3] < CHUNK_LAT ? g->nlat - t->start[3]
                                                   : CHUNK_LAT;
  t->count[4] = g->nlon - t->start[4] < CHUNK_LON ? g->nlon - t->start[4]
                                                   : CHUNK_LON;
}

static int put_data(const ncfile *f, const pm_grid *g, const pm_bin *b)
{
  size_t n = pm_bin_n_cells(b), first, last, cls, k;
  size_t cells = (g->nlat < CHUNK_LAT ? g->nlat : CHUNK_LAT) *
                 (g->nlon < CHUNK_LON ? g->nlon : CHUNK_LON);
  entry *e = order_by_tile(g, b);
  tile t;
  int status = PM_SUCCESS;

  memset(&t, 0, sizeof t);
  for (k = 0; k < 3; k++) t.f[k] = malloc(cells * sizeof(float));
  t.count_v = malloc(cells * sizeof(double));
  t.volume = malloc(cells * sizeof(double));
  t.nsamples = malloc(cells * sizeof(int));
  if (!e || !t.f[0] || !t.f[1] || !t.f[2] || !t.count_v || !t.volume ||
      !t.nsamples) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (first = 0; first < n && !status; first = last) {
    for (last = first + 1; last < n && e[last].tile == e[first].tile; last++) {}
    locate(&t, g, &e[first].cell);
    status = put_tile_cells(f, &t, b, e + first, last - first);
    for (cls = 0; cls < pm_bin_n_classes(b) && !status; cls++)
      status = put_tile_class(f, &t, b, e + first, last - first, cls);
  }
cleanup:
  for (k = 0; k < 3; k++) free(t.f[k]);
  free(t.count_v);
  free(t.volume);
  free(t.nsamples);
  free(e);
  return status;
}

static int write_file(ncfile *f, const pm_grid *g, const pm_bin *b,
                      const pm_obs *obs, const pm_nc_meta *meta)
{
  const char *path = f->path;
  int status;

  if ((status = define(f, g, obs)) || (status = def_correction(f, meta)) ||
      (status = pm_nc_put_global_attrs(f->ncid, f->path, g, b, meta)))
    goto cleanup;
  PM_NC_TRY(nc_enddef(f->ncid), "ending the definitions");
  if ((status = put_coords(f, g)) || (status = put_area(f, g)) ||
      (status = put_classes(f, obs)) || (status = put_profiles(f, obs)) ||
      (status = put_correction(f, meta)))
    goto cleanup;
  status = put_data(f, g, b);
cleanup:
  return status;
}

typedef struct {
  ncfile f;
  const pm_grid *g;
  const pm_bin *b;
  const pm_obs *obs;
  const pm_nc_meta *meta;
} observations_job;

static int write_observations(int ncid, void *arg)
{
  observations_job *job = arg;

  job->f.ncid = ncid;
  return write_file(&job->f, job->g, job->b, job->obs, job->meta);
}

int pm_ncwrite_observations(const char *path, const pm_grid *g,
                            const pm_bin *b, const pm_obs *obs,
                            const pm_nc_meta *meta)
{
  observations_job job = {{0}, g, b, obs, meta};

  if (obs->n_classes == 0 || pm_bin_n_classes(b) != obs->n_classes)
    return pm_error(PM_EINPUT,
                    "%s: the observations hold no class to write; check the "
                    "class filters",
                    path);
  memset(&job.f, 0, sizeof job.f);
  job.f.path = path;
  return pm_nc_create_atomic(path, write_observations, &job);
}
