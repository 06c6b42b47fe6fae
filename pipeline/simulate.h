/* simulate.h: the steps of `plankmap simulate` (not installed): the draws
 * at the samples, their table, the scenario that reads them and the maps
 * of the truth.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SIMULATE_H
#define PM_SIMULATE_H

#include "pm_confusion.h"
#include "pm_pipeline.h"

#include <gsl/gsl_rng.h>

/* The virtual observations of a scenario's `simulate` group.  The true
 * classes drawn are the simulated class (`class`, k = 0) and, with a
 * classifier, its other classes in their order (k = 1 ..); their arrays
 * are class-major, class k's draws at [k * n, (k + 1) * n). */
typedef struct {
  pm_pipeline_gridded g; /* the samples, binned */
  size_t n_classes;      /* true classes drawn: 1 without a classifier */
  pm_engine **truth;     /* n_classes: each class's truth as an engine */
  char members[128];     /* how the simulated class's members were made */
  size_t n;              /* samples drawn */
  size_t n_dropped;      /* binned samples without a covariate value */
  size_t *sample;        /* n: each draw's sample in g.obs */
  double *mean;          /* n x n_classes: the truth times the sampled
                            volume */
  double *count;         /* n x n_classes: the draw; Tweedie: its number of
                            individuals (the compound Poisson's count) */
  double *carbon;        /* Tweedie: n draws of the biomass (mg C), the
                            sum of the individuals' masses; else NULL */
  /* The classifier (NULL without): its matrix, each true class's row of
   * it, the simulated class's column, and the objects predicted as each
   * column's class, n x confusion->n_pred (column j's at [j * n, ..)). */
  pm_confusion *confusion;
  size_t *row;
  size_t column;
  double *predicted;
} pm_pipeline_simulated;

/* Whether the simulate group draws biomass (Tweedie) rather than counts. */
int pm_pipeline_simulates_biomass(const pm_scenario *sc);

/* The truth, the samples and one draw per sample (simulate.c). */
int pm_pipeline_simulate_draw(const pm_scenario *sc,
                              const pm_pipeline_opts *opt,
                              pm_pipeline_simulated *v);
void pm_pipeline_simulated_free(pm_pipeline_simulated *v);

/* The classifier of the simulate group (simulate_classifier.c): its
 * matrix read, each true class given a row of it and a truth engine of
 * its own (v->truth[1 ..]; the simulated class's is v->truth[0]). */
int pm_pipeline_simulate_classifier(const pm_scenario_simulate *sim,
                                    pm_pipeline_simulated *v);

/* Each object of the true counts v->count relabelled by the classifier, a
 * draw from r: sample by sample, each true class in turn, its objects
 * spread over the predicted classes as a multinomial of its row's rates
 * (simulate_classifier.c). */
int pm_pipeline_simulate_labels(pm_pipeline_simulated *v, const gsl_rng *r);

/* DIR/confusion.tsv: the classifier's matrix as read, for the scenario
 * that corrects the counts (simulate_classifier.c). */
int pm_pipeline_simulated_confusion(const pm_pipeline_simulated *v,
                                    const char *dir);

/* The header of the table of draws (simulate_table.c). */
extern const char pm_pipeline_simulated_header[];

/* DIR/observations.csv: one line per draw, in the long layout of the
 * `table` format; with a classifier one line per sample and predicted
 * class, its objects predicted as that class (simulate_table.c). */
int pm_pipeline_simulated_write(const pm_scenario *sc,
                                const pm_pipeline_simulated *v,
                                const char *path);

/* DIR/scenario.cfg: the scenario of `sc` reading `observations`; with a
 * classifier, its counts corrected with DIR/confusion.tsv, and
 * DIR/scenario_naive.cfg, the same scenario with the counts as predicted
 * (simulate_config.c). */
int pm_pipeline_simulated_config(const pm_scenario *sc, const char *dir);

/* DIR/truth.nc and DIR/truth_totals.tsv: the truth's maps and totals on
 * the scenario's prediction grid, as a run's maps_baseline.nc and
 * totals.tsv of a model named "truth" (simulate_truth.c). */
int pm_pipeline_simulated_truth(const pm_scenario *sc,
                                const pm_pipeline_opts *opt,
                                pm_pipeline_simulated *v, const char *dir);

#endif
