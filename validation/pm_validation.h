/* pm_validation.h: a run's outputs set beside published estimates and
 * point observations of particle flux.
 *
 * The published estimates (validation/published.tsv) and the sediment-trap
 * and thorium fluxes (validation/traps.csv) are installed in the package's
 * data folder; pm_datadir_find() (common/pm_datadir.h) finds them.  A run's global totals
 * (totals.tsv) are compared row by row with the published values of the same
 * quantity; a flux model's maps (flux_baseline.nc) are sampled at the traps
 * and compared in log10.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_VALIDATION_H
#define PM_VALIDATION_H

#include <stddef.h>

#include "pm_text.h"

/* One published estimate.  value, lower, upper: NAN when the source gives
 * none (a range without a central value, a value without a range). */
typedef struct {
  char *quantity, *units, *horizon, *region, *source, *doi, *note;
  double value, lower, upper;
  size_t line; /* its line in the file */
} pm_published_row;

typedef struct {
  char *path;
  pm_published_row *rows;
  size_t n;
} pm_published;

/* Read a table with the columns quantity, value, lower, upper, units,
 * horizon, region, source, doi, note (tab-separated, header line first).
 * Errors name the file, the line and the column. */
int pm_published_read(pm_published **p, const char *path);
void pm_published_free(pm_published *p);

/* One point observation of POC flux (mg C m-2 d-1) at lon, lat, depth (m). */
typedef struct {
  char *id, *method;
  double lon, lat, depth, flux;
} pm_trap;

typedef struct {
  char *path;
  pm_trap *rows;
  size_t n;
} pm_traps;

/* Read a CSV table with the columns id, method, lon, lat, depth,
 * poc_flux_obs. */
int pm_traps_read(pm_traps **t, const char *path);
void pm_traps_free(pm_traps *t);

/* One row of a run's totals.tsv. */
typedef struct {
  char *scenario, *model, *region, *quantity, *units;
  double value, lower, upper;
} pm_validation_total;

typedef struct {
  char *path;
  pm_validation_total *rows;
  size_t n;
} pm_validation_totals;

/* Read totals.tsv (columns scenario, model, region, quantity, value, lower,
 * upper, units). */
int pm_validation_totals_read(pm_validation_totals **t, const char *path);
void pm_validation_totals_free(pm_validation_totals *t);

typedef enum {
  PM_VERDICT_INSIDE,       /* the run value lies in the published range */
  PM_VERDICT_OVERLAP,      /* outside, but the run interval overlaps it */
  PM_VERDICT_OUTSIDE,      /* no overlap */
  PM_VERDICT_NO_RANGE,     /* the published estimate has no range */
  PM_VERDICT_UNITS,        /* same quantity, different units */
  PM_VERDICT_NOT_PRODUCED  /* the run has no such quantity */
} pm_verdict;

/* "inside", "overlaps", "outside", "no published range", "units mismatch",
 * "not produced by this run". */
const char *pm_verdict_name(pm_verdict v);

/* A published row beside one baseline, global row of the run (or none). */
typedef struct {
  const pm_published_row *published;
  const pm_validation_total *run; /* NULL: not produced */
  double ratio;                   /* run / published value; NAN when none */
  pm_verdict verdict;
} pm_validation_comparison;

/* Every published row beside each totals row of the scenario "baseline",
 * region "global" and the same quantity (one comparison per matching run
 * row; one "not produced" comparison when there is none).  A published
 * "<x>_below_<D>m" is set beside each model's deepest layer total
 * "<x>_<D>_<B>m".  The comparisons point into p and t. */
int pm_validation_compare_totals(const pm_published *p,
                                 const pm_validation_totals *t,
                                 pm_validation_comparison **c, size_t *n);

/* One model's annual mean map: cells [depth][lat][lon], NAN when masked.
 * A monthly map is averaged over its months (cells missing in a month
 * are left out of that cell's mean). */
typedef struct {
  char *model, *units; /* units: the variable's attribute, "" when none */
  size_t nlon, nlat, ndepth;
  double *lon_bnds, *lat_bnds; /* 2 per cell */
  double *depth;
  double *depth_bnds; /* 2 per depth; NULL when the file has none */
  double *mean;
} pm_validation_map;

/* Read <model>_mean from a maps file (pm_ncmaps.h layout). */
int pm_validation_map_read(pm_validation_map **m, const char *path,
                           const char *model);
/* The same for <model>_<part> ("lower", "upper"): its annual mean is put
 * in `mean`. */
int pm_validation_map_read_part(pm_validation_map **m, const char *path,
                                const char *model, const char *part);
void pm_validation_map_free(pm_validation_map *m);

/* The map's value at lon, lat, depth: the cell containing (lon, lat) (any
 * longitude convention) and the layer containing `depth` (the nearest map
 * depth when the file has no layer bounds or no layer contains it).  NAN
 * when the point is off the grid or the cell is masked. */
double pm_validation_map_at(const pm_validation_map *m, double lon,
                            double lat, double depth);
/* 1 and the column *i (lon) and row *j (lat) of the cell containing (lon,
 * lat) (any longitude convention); 0 when it is off the grid. */
int pm_validation_map_cell(const pm_validation_map *m, double lon,
                           double lat, size_t *i, size_t *j);

/* Agreement of predictions with observations over the pairs where both are
 * positive, in log10: bias = mean(log10 p - log10 o), rmse = sqrt(mean of
 * the squared differences), r = Pearson correlation of log10 p with
 * log10 o (NAN when fewer than 2 pairs or no spread). */
typedef struct {
  size_t n_points;  /* observations offered */
  size_t n_matched; /* with a map value */
  size_t n_used;    /* both positive */
  double bias, rmse, r;
} pm_validation_stats;

void pm_validation_log_stats(const double *pred, const double *obs, size_t n,
                             pm_validation_stats *s);

/* The traps matched to the map and their statistics. */
int pm_validation_match_traps(const pm_traps *t, const pm_validation_map *m,
                              pm_validation_stats *s);

/* What a validation found, for the report. */
typedef struct {
  const char *config;       /* the scenario file */
  const pm_published *published;
  const pm_validation_comparison *comparisons;
  size_t ncomparisons;
  const pm_traps *traps;    /* NULL when no flux model */
  const pm_validation_map *const *maps; /* one per flux model */
  const pm_validation_stats *stats;     /* one per flux model */
  size_t nflux;
  /* The text of the run's flux_calibration.tsv (the flux estimator fitted
   * to the traps), or NULL when the run has none. */
  const char *calibration;
} pm_validation_result;

/* Write DIR/validation.tsv (one row per comparison) and DIR/validation.md,
 * each under a temporary name renamed into place. */
int pm_validation_write(const char *dir, const pm_validation_result *r);

/* Read every row of the table `path` (header first, `delim` between
 * fields) that has the columns `names`: for each row, `read_row` fills one
 * zeroed element of `size` bytes (cols: the columns' indices).  *n counts
 * the elements handed to read_row, a failed one included, so that the
 * caller frees them all on error.  The tables of validation/ are read with
 * it, and so are validation.tsv and validation_traps.tsv once written. */
typedef int (*pm_validation_row_reader)(const pm_text *t, const size_t *cols,
                                        void *row);
int pm_validation_read_rows(const char *path, char delim,
                            const char *const *names, size_t ncols,
                            size_t size, pm_validation_row_reader read_row,
                            void **rows, size_t *n);

/* Field `col` of the current row copied into *s (allocated). */
int pm_validation_field_dup(const pm_text *t, size_t col, char **s);

#endif
