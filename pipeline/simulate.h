/* simulate.h: the steps of `plankmap simulate` (not installed): the draws
 * at the samples, their table, the scenario that reads them and the maps
 * of the truth.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SIMULATE_H
#define PM_SIMULATE_H

#include "pm_pipeline.h"

/* The virtual observations of a scenario's `simulate` group. */
typedef struct {
  pm_pipeline_gridded g; /* the samples, binned */
  pm_engine *truth;      /* the truth as an engine */
  char members[128];     /* how its members were made */
  size_t n;              /* samples drawn */
  size_t n_dropped;      /* binned samples without a covariate value */
  size_t *sample;        /* n: each draw's sample in g.obs */
  double *mean;          /* n: the truth times the sampled volume */
  double *count;         /* n: the draw; Tweedie: its number of individuals
                            (the compound Poisson's count) */
  double *carbon;        /* Tweedie: n draws of the biomass (mg C), the
                            sum of the individuals' masses; else NULL */
} pm_pipeline_simulated;

/* Whether the simulate group draws biomass (Tweedie) rather than counts. */
int pm_pipeline_simulates_biomass(const pm_scenario *sc);

/* The truth, the samples and one draw per sample (simulate.c). */
int pm_pipeline_simulate_draw(const pm_scenario *sc,
                              const pm_pipeline_opts *opt,
                              pm_pipeline_simulated *v);
void pm_pipeline_simulated_free(pm_pipeline_simulated *v);

/* The header of the table of draws (simulate_table.c). */
extern const char pm_pipeline_simulated_header[];

/* DIR/observations.csv: one line per draw, in the long layout of the
 * `table` format (simulate_table.c). */
int pm_pipeline_simulated_write(const pm_scenario *sc,
                                const pm_pipeline_simulated *v,
                                const char *path);

/* DIR/scenario.cfg: the scenario of `sc` reading `observations` (simulate_config.c). */
int pm_pipeline_simulated_config(const pm_scenario *sc, const char *dir);

/* DIR/truth.nc and DIR/truth_totals.tsv: the truth's maps and totals on
 * the scenario's prediction grid, as a run's maps_baseline.nc and
 * totals.tsv of a model named "truth" (simulate_truth.c). */
int pm_pipeline_simulated_truth(const pm_scenario *sc,
                                const pm_pipeline_opts *opt,
                                pm_pipeline_simulated *v, const char *dir);

#endif
