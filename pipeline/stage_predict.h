/* stage_predict.h: the parts of the predict stage (not installed): the
 * prediction grid with its masks and regions, and the covariates of its
 * cells under a scenario.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_STAGE_PREDICT_H
#define PM_STAGE_PREDICT_H

#include "pm_pipeline.h"
#include "pm_field.h"
#include "pm_mapper.h"
#include "pm_model_file.h"
#include "pm_mapper.h"
#include "pm_scenario.h"
#include "pm_ncwrite.h"
#include "pm_sha256.h"

/* Cells are [depth][lat][lon]; columns (lat, lon) are lat * nlon + lon. */
typedef struct {
  pm_grid *grid;            /* lon, lat and cell areas of the config's grid */
  size_t ndepth;
  double *depth;            /* where the maps are predicted (m, down) */
  double *depth_bnds;       /* 2 per depth: the layer integrated */
  double *top;              /* per depth: compared with the seafloor */
  size_t nmonths;           /* 0: annual */
  int months[12];
  unsigned char *masked;    /* per cell: land or below the seafloor */
  int *region;              /* per column: 0..nregions-1, -1 outside */
  size_t nregions;
  char **region_names;
  pm_field **fields;        /* one per covariate of the config (NULL for a
                               derived one) */
  size_t nfields;
} pm_pipeline_pgrid;

/* Build the grid, layers, masks (relief) and regions of `sc`, and open its
 * covariate fields.  The maps are at `depths` (n of them, increasing) when
 * not NULL, else at the prediction section's depths or layers. */
int pm_pipeline_pgrid_alloc(pm_pipeline_pgrid *pg, const pm_scenario *sc,
                       const double *depths, size_t ndepths);
void pm_pipeline_pgrid_free(pm_pipeline_pgrid *pg);

static inline size_t pm_pipeline_pgrid_ncells(const pm_pipeline_pgrid *pg)
{
  return pg->ndepth * pg->grid->nlat * pg->grid->nlon;
}

/* The time steps of the maps: their months, or 1 for annual maps. */
static inline size_t pm_pipeline_pgrid_nsteps(const pm_pipeline_pgrid *pg)
{
  return pg->nmonths ? pg->nmonths : 1;
}

/* The calendar month (1..12) of time step k, 0 for annual maps. */
static inline int pm_pipeline_pgrid_month(const pm_pipeline_pgrid *pg, size_t k)
{
  return pg->nmonths ? pg->months[k] : 0;
}

/* All the rows of the grid. */
static inline pm_field_rows pm_pipeline_pgrid_rows(const pm_pipeline_pgrid *pg)
{
  return (pm_field_rows){0, pg->grid->nlat};
}

/* The cells of some rows at every depth, [depth][row - first][lon]. */
static inline size_t pm_pipeline_rows_ncells(const pm_pipeline_pgrid *pg,
                                             const pm_field_rows *rows)
{
  return pg->ndepth * rows->n * pg->grid->nlon;
}

/* The fields of a scenario case's changes, opened once for the many
 * calls of a month: f[i] for change i when it reads a field (delta or
 * replace), else NULL.  No case (cs NULL, the baseline): no change. */
typedef struct {
  const pm_scenario_case *cs;
  pm_field **f;
} pm_pipeline_changes;

int pm_pipeline_changes_open(pm_pipeline_changes *ch,
                             const pm_scenario_case *cs);
void pm_pipeline_changes_close(pm_pipeline_changes *ch);

/* The value of each column names[0..ncols) on the cells of `rows` (x[j]
 * holds pm_pipeline_rows_ncells values) for `month` (1..12, 0 for annual
 * maps) under the changes `ch`.  A column is a built-in or a covariate of
 * the config; NAN where a covariate has no value.  A cell's values are
 * the same whichever band of rows it is computed in. */
int pm_pipeline_predict_columns(const pm_scenario *sc,
                                const pm_pipeline_pgrid *pg,
                                const pm_pipeline_changes *ch, int month,
                                const pm_field_rows *rows,
                                const char *const *names, size_t ncols,
                                double *const *x);

/* pm_pipeline_predict_columns on every cell (x[j] holds
 * pm_pipeline_pgrid_ncells values) under the scenario case `cs` (NULL: the
 * baseline). */
int pm_pipeline_predict_grid(const pm_scenario *sc, const pm_pipeline_pgrid *pg,
                             const pm_scenario_case *cs, int month,
                             const char *const *names, size_t ncols,
                             double *const *x);

/* A cell of the maps: its index c in the grid, at in the columns of its
 * rows (pm_pipeline_predict_columns), its depth index d and column col. */
typedef struct {
  size_t c, at, d, col;
} pm_pipeline_cell;

/* The cells of some rows of a month's grid in blocks of whole columns
 * (pipeline/blocks.c): gather(ctx, cell) takes each ocean cell with a
 * value in every column x[0..ncols) (the columns of those rows);
 * flush(ctx) predicts the cells gathered and empties the block, before a
 * column would overflow pm_pipeline_block_cells and at the end.  Ocean
 * cells without every value are counted in *n_missing (NULL: not
 * counted). */
typedef struct {
  void (*gather)(void *ctx, const pm_pipeline_cell *cell);
  int (*flush)(void *ctx);
  void *ctx;
} pm_pipeline_block_fns;

size_t pm_pipeline_block_cells(const pm_pipeline_pgrid *pg);
int pm_pipeline_blocks(const pm_pipeline_pgrid *pg, const pm_field_rows *rows,
                       double *const *x, size_t ncols,
                       const pm_pipeline_block_fns *fn, size_t *n_missing);

/* The rows of a tile, the unit of work of the ranks of an MPI job: a few
 * blocks' worth of cells, fixed by the grid alone so that the tiles, and
 * the blocks within them, are the same for any number of ranks. */
size_t pm_pipeline_tile_rows(const pm_pipeline_pgrid *pg);

/* The tiles of a map dealt among the ranks of an MPI job in rounds
 * (pipeline/tiles.c): every rank visits every tile, asks whether it is
 * its own (pm_pipeline_tiles_mine), predicts its own into records
 * (pm_pipeline_tiles_room gives n more bytes of them) and calls
 * pm_pipeline_tiles_done after each tile with its status, and once more
 * with `last` after the map's last tile.  At the end of each round rank 0
 * receives the records of every rank and hands them to apply(ctx, rec,
 * len), a rank's records of the round at a time, in tile order; the other
 * ranks' records are not applied.  A job of one rank applies each tile's
 * records after that tile.  A record must say its own length. */
typedef struct {
  size_t rank, nranks;
  size_t next;                  /* the index of the next tile */
  char *rec;                    /* this rank's records of the round */
  size_t len, size;
  int (*apply)(void *ctx, const char *rec, size_t len);
  void *ctx;
} pm_pipeline_tiles;

void pm_pipeline_tiles_init(pm_pipeline_tiles *t,
                            int (*apply)(void *ctx, const char *rec,
                                         size_t len),
                            void *ctx);
void pm_pipeline_tiles_free(pm_pipeline_tiles *t);
int pm_pipeline_tiles_mine(pm_pipeline_tiles *t);
/* NULL when out of memory. */
void *pm_pipeline_tiles_room(pm_pipeline_tiles *t, size_t n);
int pm_pipeline_tiles_done(pm_pipeline_tiles *t, int status, int last);

/* The members of a fitted model's maps (pipeline/model_draws.c): the
 * cluster bootstrap's refits of its model file, else posterior draws with
 * its seed and count; `interval` says which ("posterior simulation, 200
 * draws").  pm_engine_nmembers and pm_engine_seed give their number and
 * seed. */
int pm_pipeline_model_draws(const pm_pipeline_fitted *f, char *interval,
                            size_t size);
/* A mapper of blocks of at most `block` cells of the predictions of f
 * with its D members made with `seed`, each member scaled by f's
 * classification factors (pm_mapper_scale_members). */
int pm_pipeline_model_mapper(const pm_pipeline_fitted *f, size_t D,
                             unsigned long seed, size_t block,
                             pm_mapper **m);

/* The engine's prediction of n rows given as the columns x[0..ncols) named
 * `names` (`what` names them in messages), with the standard error of eta
 * when `with_se` (pipeline/blocks.c). */
int pm_pipeline_predict_rows(pm_engine *e, const char *what,
                             const char *const *names, const double *const *x,
                             size_t ncols, size_t n, int with_se,
                             pm_engine_prediction *p);

/* --- provenance of the maps (provenance.c) ------------------------------ */

/* The command and every file the predict stage reads (model files,
 * covariate, relief, region and scenario fields) with its SHA-256. */
typedef struct {
  char *command;             /* opt->command, else "run CONFIG" */
  const char **files;
  char (*hex)[PM_SHA256_HEX];
  const char **hashes;       /* hex[i], as pm_nc_meta takes them */
  size_t n;
} pm_pipeline_provenance;

int pm_pipeline_provenance_alloc(pm_pipeline_provenance *p,
                                 const pm_scenario *sc,
                                 const pm_pipeline_fitted *models,
                                 size_t nmodels, const pm_pipeline_opts *opt);
/* The global attributes of a map file from `p` (pm_nc_meta_init first;
 * the title and summary are the caller's). */
void pm_pipeline_provenance_meta(const pm_pipeline_provenance *p,
                                 const pm_scenario *sc, pm_nc_meta *meta);
void pm_pipeline_provenance_free(pm_pipeline_provenance *p);

/* The rates stage (pipeline/stage_rates.c), run at the end of the predict
 * stage: for each scenario (or `only`), the rates of every rate set of the
 * `rates` section written as DIR/rates_<scenario>.nc, and their totals
 * (quantities "<set>_respiration", ...) appended to *totals. */
int pm_pipeline_stage_rates(const pm_scenario *sc, const pm_pipeline_fitted *models,
                       size_t n, const char *only, const pm_pipeline_opts *opt,
                       const char *dir, const pm_pipeline_provenance *prov,
                       pm_pipeline_total **totals, size_t *ntotals);

/* The flux of the spectrum rebuilt from the flux section's
 * `spectrum_models` (pipeline/stage_spectrum.c), run at the end of the
 * predict stage: for each scenario (or `only`), DIR/flux_<scenario>.nc
 * with the map set flux.spectrum_name, and its totals (export_<depth>m,
 * martin_b, teff_100) appended to *totals. */
int pm_pipeline_stage_spectrum(const pm_scenario *sc,
                               const pm_pipeline_fitted *models, size_t n,
                               const char *only, const pm_pipeline_opts *opt,
                               const char *dir,
                               const pm_pipeline_provenance *prov,
                               pm_pipeline_total **totals, size_t *ntotals);

/* What a row of totals.tsv is: its scenario, model, region, quantity (and
 * the quantity of its paired difference) and units. */
typedef struct {
  const char *scenario, *model, *region, *quantity, *difference, *units;
} pm_pipeline_total_name;

/* A tab and the value; an empty field for none (NAN): a number of the
 * run's tables (totals.tsv, recovery.tsv). */
void pm_pipeline_put_value(FILE *f, double x);

/* Append one row: `quantity` of `name` with value and interval `v` (NAN:
 * none, an empty field in totals.tsv). */
int pm_pipeline_totals_add(pm_pipeline_total **list, size_t *n,
                           const pm_pipeline_total_name *name,
                           const char *quantity, const pm_interval *v);
/* Append the total of regions [first, first + count) of t together (their
 * weighted mean when `as_mean`) and, when `base` is given, its paired
 * difference against the baseline's totals (pm_mapper.h). */
int pm_pipeline_totals_rows(pm_pipeline_total **list, size_t *n,
                       const pm_pipeline_total_name *name, const pm_totals *t,
                       const pm_totals *base, size_t first, size_t count,
                       int as_mean);

/* A field regridded onto the columns of `rows` of the maps at
 * `depth[0..ndepth)` (ndepth 0: its top level): x holds max(ndepth, 1) *
 * rows->n * nlon values (tmp as many) for `month` (0: annual; the mean of
 * the 12 months of a climatology). */
int pm_pipeline_regrid_at(const pm_pipeline_pgrid *pg, const pm_field *f,
                          int month, const pm_field_rows *rows, size_t ndepth,
                          const double *depth, double max_km, double *x,
                          double *tmp);

/* Samples field f at the caller's points into out (n values, tmp as
 * many); `ctx` says where the points are. */
typedef int (*pm_pipeline_field_sampler)(const pm_field *f, void *ctx,
                                    double *out, double *tmp);

/* Apply the changes `ch` of column `name` to x[0..n): add or multiply by
 * a number, add a field's value (delta) or replace by it, the field
 * sampled by `sample`. */
int pm_pipeline_apply_changes(const pm_pipeline_changes *ch, const char *name,
                              size_t n, double *x, double *tmp, double *tmp2,
                              pm_pipeline_field_sampler sample, void *ctx);

/* A covariate's transform of v; NAN where it is not finite. */
double pm_pipeline_transform(pm_transform t, double v);

/* --- fitting ranges (model_ranges.c) ------------------------------------ */

/* The covariates of a model that its formula columns hold, with the range
 * of each seen in fitting. */
typedef struct {
  size_t n;
  size_t *col;     /* the formula column (index into `names`) of each */
  double *lo, *hi; /* its fitting range */
} pm_pipeline_ranges;

int pm_pipeline_ranges_alloc(pm_pipeline_ranges *r, const pm_engine *e,
                             const char *const *names, size_t ncols);
void pm_pipeline_ranges_free(pm_pipeline_ranges *r);
/* flag[i] = 1 when row i of the formula columns x[0..ncols) (nrows rows)
 * lies outside a fitting range, else 0 (pm_map_extrapolation). */
int pm_pipeline_ranges_flag(const pm_pipeline_ranges *r, const double *const *x,
                       size_t nrows, unsigned char *flag);

/* --- per-cell export horizons (stage_predict_horizon.c) ------------------ */

/* The depth (m) of export horizon `h` of the flux section in each column
 * (z holds nlat * nlon values) for `month`: the top level of its
 * covariate's field, or the mixed-layer depth derived from temperature and
 * salinity (derived = "mld_max": the maximum over the 12 months of the
 * climatologies, whatever `month`).  NAN where the field has no value
 * (counted in *n_missing); a
 * value not positive or deeper than the deepest depth of the maps is an
 * error naming the horizon and the cell. */
int pm_pipeline_horizon_depths(const pm_scenario *sc, const pm_pipeline_pgrid *pg,
                          size_t h, int month, double *z, size_t *n_missing);

/* The depth (m) of export horizon `h` at n points (lon, lat; months[i]
 * 1..12, used where a field is a 12-month climatology), sampled from its
 * covariate's field or derived as the mixed-layer depth (its annual
 * maximum for derived = "mld_max", whatever months[i]); NAN where there is
 * no value (counted in *n_missing). */
int pm_pipeline_horizon_points(const pm_scenario *sc, size_t h, size_t n,
                          const double *lon, const double *lat,
                          const int *months, double *z, size_t *n_missing);

/* The value of each column names[0..ncols) of the formula at the depth
 * z[col] of every column (x[j] holds nlat * nlon values; NAN where z is
 * NAN or a covariate has no value) for `month` under scenario `cs`. */
int pm_pipeline_horizon_columns(const pm_scenario *sc, const pm_pipeline_pgrid *pg,
                           const pm_scenario_case *cs, int month,
                           const double *z, const char *const *names,
                           size_t ncols, double *const *x);

/* One month of one flux model predicted through the horizons: the export
 * through horizon h is added to `totals` in regions first_region + the
 * column's region, weighted as Pg C yr-1 (mg C m-2 d-1 over the cell area
 * and a year, divided by nmonth); `mapper` takes blocks of `block`
 * cells. */
typedef struct {
  const pm_scenario *sc;
  const pm_pipeline_pgrid *pg;
  const pm_scenario_case *cs;
  int month;
  size_t nmonth;
  pm_engine *engine;
  const char *const *names; /* the formula's columns but the response */
  size_t ncols;
  const pm_pipeline_ranges *ranges; /* the model's fitting ranges */
  pm_mapper *mapper;
  size_t block;
  pm_totals *totals;
  size_t first_region;
  /* the horizon's depth in each column (pm_pipeline_horizon_depths: NAN where
   * it has none) */
  const double *z;
  /* outputs per column (nlat * nlon each; NULL skips; NAN where there is
   * no value): the mean flux through the horizon with its 95% interval
   * over the draws */
  double *mean, *lower, *upper;
  /* and the flux there under each of the D draws of the mapper
   * (draws[col * D + d]; NULL skips), for the attenuation from a horizon */
  float *draws;
  size_t D;
  /* counts of predicted columns (added to): those whose covariates (depth
   * included) lie outside the fitting range of the model, and those whose
   * horizon lies above the shallowest depth of the flux maps; both are
   * predicted, not clipped */
  size_t n_extrapolated, n_shallow;
} pm_pipeline_horizon_run;

/* The export through horizon h (errors name it). */
int pm_pipeline_horizon_export(pm_pipeline_horizon_run *r, size_t h);

/* --- column attenuation (stage_predict_att.c) ---------------------------- */

/* The attenuation of a flux model's columns over one month of maps. */
typedef struct {
  const pm_pipeline_pgrid *pg;
  const pm_scenario_flux *f; /* its deepest depth and fit */
  size_t D;                  /* posterior draws (0: none) */
  unsigned long seed;        /* of the draws */
  size_t nmonth;             /* months of the maps (1 when annual) */
  /* per column (nlat * nlon): the reference depth (NAN: no fit) and, when
   * it is a horizon's, the flux predicted there (Fref NULL: the maps hold
   * z_ref) with its draws (Fref_draws: column-major, col * D + d) */
  const double *zref, *Fref;
  const float *Fref_draws;
  /* the regional means: b of region g in region first_region + g, T100 in
   * first_region + nregions + g, weighted by cell area / nmonth */
  pm_totals *totals;
  size_t first_region;
  /* per column outputs (NAN-filled by the caller): b, z*, T100 of the
   * mean profile and the standard deviation of b over the draws */
  double *b, *z_star, *teff, *b_se;
  /* per layer between consecutive map depths and column ((ndepth - 1) *
   * nlat * nlon, NAN-filled by the caller): the remineralisation rate of
   * the mean fluxes and its 95% interval over the draws (NULL without
   * draws) */
  double *remin_mean, *remin_lower, *remin_upper;
  size_t n_unfitted; /* columns with a mean fit but a draw without one */
} pm_pipeline_att_run;

/* The columns of one predicted block (pm_mapper_cells): cell[k] (depth
 * index * nlat * nlon + column) with its mean flux mean[k] and draws
 * mu_draws[k * D ..] (NULL when D is 0), the cells of a column together
 * and by increasing depth.  Each column gets the Martin curve
 * (pm_flux_martin_fit) of its mean profile from its z_ref to the flux
 * section's deepest depth and, under every draw, its exponent
 * (pm_flux_martin_draws); a column whose mean and draws all have a fit
 * is added to the regional means of b and T100 (columns without a fit
 * keep NAN values).  Each layer between two consecutive depths that both
 * have a value gets its remineralisation rate (pm_flux_remineralisation,
 * and pm_flux_remineralisation_draws for the interval). */
int pm_pipeline_att_block(pm_pipeline_att_run *a, const size_t *cell, size_t n,
                     const double *mean, const double *mu_draws);

#endif
