/* recovery.h: how well the models of a run on simulated observations
 * recover the known truth they were drawn from (the scenario's `recovery`
 * group): per model, its totals beside the true totals of every region,
 * and its baseline map beside the truth map cell by cell; written as
 * recovery.tsv and as a section of report.md.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_PIPELINE_RECOVERY_H
#define PM_PIPELINE_RECOVERY_H

#include "pm_pipeline.h"

#include <stdio.h>

/* One region of one model: its predicted total with the 95% interval
 * beside the true total (NAN where a value is missing). */
typedef struct {
  char *region;
  double predicted, lower, upper, truth;
  double ratio;  /* predicted / truth */
  int inside;    /* 1: lower <= truth <= upper, 0: not, -1: a value
                    missing */
} pm_pipeline_recovery_row;

/* One model: a row per region of the truth totals (their order; "global"
 * among them, appended when they lack it), and its baseline map against
 * the truth map over the cells where both are finite and > 0. */
typedef struct {
  char *model;
  pm_pipeline_recovery_row *rows;
  size_t nrows;
  size_t cells;          /* cells compared */
  double log10_rmse;     /* volume-weighted RMSE of log10(map / truth) */
  double coverage;       /* volume share of the cells with the truth inside
                            [lower, upper] of the map */
  double coverage_cells; /* the same share of the cells, unweighted */
} pm_pipeline_recovery_model;

struct pm_pipeline_recovered {
  char *truth_map, *truth_totals; /* the files compared with */
  pm_pipeline_recovery_model *models;
  size_t nmodels;
};

/* The recovery of the truth of sc->recovery by the run in `dir` whose
 * totals are totals[0..n): every model of the scenario with a map in
 * DIR/maps_baseline.nc (the others, flux models, are left out), against
 * the truth totals' rows of scenario "baseline", model "truth", quantity
 * "total" and the truth map.  A truth total in other units than the
 * model's is an error. */
int pm_pipeline_recovery(const pm_scenario *sc, const char *dir,
                         const pm_pipeline_total *totals, size_t n,
                         pm_pipeline_recovered **out);
void pm_pipeline_recovery_free(pm_pipeline_recovered *r);

/* DIR/recovery.tsv: a row per model and region with the columns model,
 * region, predicted, lower, upper, truth, ratio, truth_inside (1, 0, or
 * empty when a value is missing), and on the "global" row only
 * log10_rmse, cell_coverage (the volume share) and cells. */
int pm_pipeline_recovery_write(const char *dir, const pm_pipeline_recovered *r);

/* The section "## Recovery of the simulated truth" of report.md
 * (recovery_report.c): a table per model and what its numbers mean. */
void pm_pipeline_recovery_section(FILE *f, const pm_pipeline_recovered *r);

/* The map measures of one model (recovery_maps.c): `maps` (DIR's
 * maps_baseline.nc) holds <model>_mean, _lower and _upper, `truth_map`
 * truth_mean on the same grid (else an error naming both files); the
 * volume of a cell is its area (the maps' `area`, m2) times its layer's
 * thickness (depth_bnds).  Monthly maps are compared on their annual
 * means. */
int pm_pipeline_recovery_maps(const char *maps, const char *truth_map,
                              pm_pipeline_recovery_model *m);

#endif
