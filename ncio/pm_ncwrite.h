/* pm_ncwrite.h: the binned observations as a CF-1.11 / ACDD-1.3 NetCDF-4 file,
 * and a summary of such a file.
 *
 * The file holds the grid (lon, lat, depth, time with bounds, or climatology
 * bounds for a month or season axis), the cell areas, the classes
 * (biological_taxon_name, size bounds in m), and per class and cell the
 * concentration (m-3) with its exact Poisson 95% interval, the count, and
 * per cell the sampled volume and the number of samples.  Cells without a
 * sample hold the _FillValue.  The data are written chunk by chunk from the
 * sparse bins, so memory does not grow with the grid; chunks without a sample
 * are never written and take no room.  Global attributes record the config
 * text, the inputs with their SHA-256 and the software version.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_NCWRITE_H
#define PM_NCWRITE_H

#include <stddef.h>

#include "pm_bin.h"
#include "pm_grid.h"
#include "pm_obs.h"

typedef struct {
  const char *version;      /* plankmap version */
  const char *command;      /* the command after "plankmap" for `history`,
                               e.g. "grid configs/demo.cfg" */
  const char *config_path;  /* the scenario file and its full text */
  const char *config_text;
  const char *const *input_files;  /* every input file ... */
  const char *const *input_sha256; /* ... and its SHA-256 (pm_sha256_file) */
  size_t n_input_files;
  const char *title;        /* NULL: "plankmap gridded plankton observations" */
  const char *summary;      /* NULL: a standard summary */
  const char *creator_name; /* ACDD creator_*, institution, license: */
  const char *creator_email; /* NULL leaves the attribute out */
  const char *creator_url;
  const char *institution;
  const char *license;
  double date_created;      /* s since 1970; NAN: the current time */
  /* observations.nc of counts corrected for misclassification: the method
   * (global attribute count_correction), and per class the share of its
   * objects that were only predicted and the ratio of its corrected to its
   * naive count; NULL: counts as read.  Per class its total count
   * over the samples as corrected, and under each of the
   * n_correction_draws draws of the confusion matrices (class by class:
   * correction_draws[c * n_correction_draws + d]), from which a model of
   * the class takes the classification's part of its intervals
   * (pm_nc_class_totals_read). */
  const char *count_correction;
  const double *predicted_share, *correction_ratio;
  const double *corrected_total, *correction_draws;
  size_t n_correction_draws;
} pm_nc_meta;

/* The class totals of an observations file corrected for
 * misclassification, as pm_ncwrite_observations wrote them: nclass 0
 * when its counts were not corrected. */
typedef struct {
  size_t nclass, ndraws;
  char **names;  /* biological_taxon_name */
  double *total; /* nclass: corrected_total */
  double *draws; /* nclass x ndraws: corrected_total_draws */
} pm_nc_class_totals;

/* Read them from `path`; errors name the file and the variable. */
int pm_nc_class_totals_read(const char *path, pm_nc_class_totals *t);
void pm_nc_class_totals_free(pm_nc_class_totals *t);

/* A meta with every field empty and date_created NAN. */
void pm_nc_meta_init(pm_nc_meta *meta);

/* Write `path` (through a temporary file renamed into place: on error no file
 * is left and an existing one is untouched).  `b` holds the bins of `obs` on
 * `g`. */
int pm_ncwrite_observations(const char *path, const pm_grid *g,
                            const pm_bin *b, const pm_obs *obs,
                            const pm_nc_meta *meta);

/* A text summary of a NetCDF file (dimensions, variables with units, the
 * global attributes of interest) for `plankmap info`; *text is allocated and
 * the caller frees it. */
int pm_nc_info(const char *path, char **text);

#endif
