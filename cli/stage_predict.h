/* stage_predict.h: the parts of the predict stage (not installed): the
 * prediction grid with its masks and regions, and the covariates of its
 * cells under a scenario.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_STAGE_PREDICT_H
#define PM_STAGE_PREDICT_H

#include "pm_field.h"
#include "pm_scenario.h"

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
  pm_field **fields;        /* one per covariate of the config */
} pm_cli_pgrid;

/* Build the grid, layers, masks (relief) and regions of `sc`, and open its
 * covariate fields.  The maps are at `depths` (n of them, increasing) when
 * not NULL, else at the prediction section's depths or layers. */
int pm_cli_pgrid_alloc(pm_cli_pgrid *pg, const pm_scenario *sc,
                       const double *depths, size_t ndepths);
void pm_cli_pgrid_free(pm_cli_pgrid *pg);

static inline size_t pm_cli_pgrid_ncells(const pm_cli_pgrid *pg)
{
  return pg->ndepth * pg->grid->nlat * pg->grid->nlon;
}

/* The value of each column names[0..ncols) on every cell (x[j] holds
 * pm_cli_pgrid_ncells values) for `month` (1..12, 0 for annual maps) under
 * the scenario `cs` (NULL: the baseline).  A column is a built-in or a
 * covariate of the config; NAN where a covariate has no value. */
int pm_cli_predict_columns(const pm_scenario *sc, const pm_cli_pgrid *pg,
                           const pm_scenario_case *cs, int month,
                           const char *const *names, size_t ncols,
                           double *const *x);

#endif
