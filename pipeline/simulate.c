/* simulate.c: `plankmap simulate`: virtual observations drawn from a known
 * truth at the samples of a scenario (or at the casts of a table of
 * sites), so that a run on them can be compared with the truth (the
 * "virtual ecologist" of Zurell et al. 2010, Ecography 33:1106-1117).
 * For each sample the truth concentration at its covariates times its
 * sampled volume is the mean of a Poisson, negative binomial or Tweedie
 * draw; with a classifier, of each true class of its confusion matrix,
 * whose objects are then labelled (simulate_classifier.c).  The draws, a
 * scenario that reads them and the truth's maps and totals are written
 * into <output_dir>/simulated/.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "simulate.h"
#include "stage_fit.h"
#include "pm_error.h"
#include "pm_family_draw.h"
#include "pm_sites.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void pm_pipeline_simulated_free(pm_pipeline_simulated *v)
{
  size_t k;

  pm_pipeline_gridded_free(&v->g);
  for (k = 0; v->truth && k < v->n_classes; k++) pm_engine_free(v->truth[k]);
  free(v->truth);
  free(v->sample);
  free(v->mean);
  free(v->count);
  free(v->carbon);
  pm_confusion_free(v->confusion);
  free(v->row);
  free(v->predicted);
  memset(v, 0, sizeof *v);
}

/* The truth: the expression, or the fitted model of its file, which must
 * predict per sampled volume. */
static int truth_engine(const pm_scenario_simulate *sim, pm_engine **e)
{
  const char *const *names;
  size_t n, j;
  int status;

  if (sim->truth)
    return pm_engine_expression_alloc(e, sim->truth, &sim->family);
  if ((status = pm_engine_read(e, sim->truth_model)) ||
      (status = pm_engine_columns(*e, &names, &n)))
    return status;
  for (j = 1; j < n; j++)
    if (!strcmp(names[j], "volume_m3")) return PM_SUCCESS;
  return pm_error(PM_EINPUT, "%s: simulate.model: model file %s has no "
                  "offset of the sampled volume (offset(log(volume_m3))), "
                  "so its predictions are not concentrations",
                  sim->where, sim->truth_model);
}

/* The samples: the casts of the sites table, or the observations as the
 * grid stage reads them; binned on the scenario's grid. */
static int samples(const pm_scenario *sc, const pm_pipeline_opts *opt,
                   pm_pipeline_gridded *g)
{
  const pm_scenario_simulate *sim = &sc->simulate;
  pm_obs_sites sites;
  int status;

  if (!sim->sites_file) return pm_pipeline_stage_grid(sc, opt, g);
  memset(g, 0, sizeof *g);
  if (!(g->obs = pm_obs_alloc())) return pm_error_nomem();
  sites.path = sim->sites_file;
  sites.source = "sites";
  sites.delimiter = sim->sites_delimiter;
  sites.profile = sim->sites_profile;
  sites.datetime = sim->sites_datetime;
  sites.lat = sim->sites_lat;
  sites.lon = sim->sites_lon;
  sites.project = sim->sites_project;
  sites.depth_edges = sim->sites_depth_edges;
  sites.n_edges = sim->n_sites_depth_edges;
  sites.volume_m3 = sim->sites_volume_m3;
  sites.class_name = sim->class_name;
  if ((status = pm_obs_add_sites(g->obs, &sites))) return status;
  return pm_pipeline_grid_samples(sc, g);
}

/* The columns the truths of all classes read, each once, so that the
 * frame's rows are the same samples for every class; *out is the caller's
 * to free, also after an error. */
static int truth_columns(const pm_pipeline_simulated *v, const char ***out,
                         size_t *n)
{
  const char *const *names;
  const char **grown;
  size_t m, k, j, i;
  int status;

  *out = NULL;
  *n = 0;
  for (k = 0; k < v->n_classes; k++) {
    if ((status = pm_engine_columns(v->truth[k], &names, &m))) return status;
    if (!(grown = realloc(*out, (*n + m) * sizeof *grown)))
      return pm_error_nomem();
    *out = grown;
    for (j = 0; j < m; j++) {
      for (i = 0; i < *n && strcmp(grown[i], names[j]) != 0; i++)
        ;
      if (i == *n) grown[(*n)++] = names[j];
    }
  }
  return PM_SUCCESS;
}

/* The mean of a class's draw at each row of the frame: its truth times the
 * sampled volume (the prediction with the volume as offset, through the
 * family's mean); NAN where the truth has no value. */
static int class_means(pm_engine *truth, const pm_frame *frame, double *mu)
{
  pm_engine_prediction p;
  size_t i;
  int status = pm_engine_predict(truth, frame, 0, &p);

  if (status) return status;
  for (i = 0; i < pm_frame_nrows(frame); i++) mu[i] = NAN;
  for (i = 0; i < p.n; i++)
    mu[p.rows[i]] = pm_family_mean(pm_engine_family(truth), p.eta[i], NULL);
  return PM_SUCCESS;
}

/* The samples drawn, those where the truth of every class has a value, and
 * the means of their draws. */
static int sample_means(pm_pipeline_simulated *v, const pm_frame *frame)
{
  size_t rows = pm_frame_nrows(frame), nc = v->n_classes, i, k, m = 0;
  double *mu = malloc((rows * nc + 1) * sizeof *mu);
  const pm_column *sample;
  int status = mu ? PM_SUCCESS : pm_error_nomem();

  for (k = 0; k < nc && !status; k++)
    status = class_means(v->truth[k], frame, mu + k * rows);
  if (!status) status = pm_frame_column(frame, "count", &sample);
  if (!status) {
    v->sample = malloc((rows + 1) * sizeof *v->sample);
    v->mean = malloc((rows * nc + 1) * sizeof *v->mean);
    v->count = malloc((rows * nc + 1) * sizeof *v->count);
    if (!v->sample || !v->mean || !v->count) status = pm_error_nomem();
  }
  for (i = 0; i < rows && !status; i++) {
    for (k = 0; k < nc && !isnan(mu[k * rows + i]); k++)
      ;
    if (k == nc) v->sample[m++] = i; /* the frame's row, for now */
  }
  for (i = 0; i < m; i++) {
    for (k = 0; k < nc; k++) v->mean[k * m + i] = mu[k * rows + v->sample[i]];
    v->sample[i] = (size_t)sample->x[v->sample[i]];
  }
  v->n = m;
  free(mu);
  return status;
}

int pm_pipeline_simulates_biomass(const pm_scenario *sc)
{
  return sc->simulate.family.kind == PM_FAMILY_TWEEDIE;
}

/* The draws, all from one MT19937 generator seeded with the group's seed,
 * in this order: one draw per sample from the group's family, sample by
 * sample, for each true class in turn (the simulated class first, so that
 * at the same samples its counts are those of the same group without a
 * classifier); then the classifier's labels (pm_pipeline_simulate_labels).
 * A draw is a count, or a Tweedie biomass with its number of
 * individuals. */
static int draw_counts(const pm_scenario_simulate *sim,
                       pm_pipeline_simulated *v)
{
  int biomass = sim->family.kind == PM_FAMILY_TWEEDIE, status;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  unsigned int n;
  size_t i;

  if (!r || (biomass && !(v->carbon = malloc((v->n + 1) * sizeof *v->carbon)))) {
    gsl_rng_free(r);
    return pm_error_nomem();
  }
  gsl_rng_set(r, sim->seed);
  for (i = 0; i < v->n * v->n_classes; i++) /* Tweedie: one class */
    if (biomass) {
      v->carbon[i] = pm_tweedie_draw(v->mean[i], sim->family.p, sim->phi, r,
                                     &n);
      v->count[i] = n;
    } else {
      v->count[i] = pm_family_draw(&sim->family, v->mean[i], sim->phi, r);
    }
  status = v->confusion ? pm_pipeline_simulate_labels(v, r) : PM_SUCCESS;
  gsl_rng_free(r);
  return status;
}

/* The truth of each class: the group's (the simulated class), then with a
 * classifier those of its other classes. */
static int truths(const pm_scenario_simulate *sim, pm_pipeline_simulated *v)
{
  int status;

  v->n_classes = 1 + sim->n_classes;
  if (!(v->truth = calloc(v->n_classes, sizeof *v->truth)))
    return pm_error_nomem();
  if ((status = truth_engine(sim, &v->truth[0]))) return status;
  return sim->confusion ? pm_pipeline_simulate_classifier(sim, v)
                        : PM_SUCCESS;
}

int pm_pipeline_simulate_draw(const pm_scenario *sc,
                              const pm_pipeline_opts *opt,
                              pm_pipeline_simulated *v)
{
  const char **names = NULL;
  pm_frame *frame = NULL;
  size_t ncols;
  int status;

  memset(v, 0, sizeof *v);
  if (!sc->simulate.given)
    return pm_error(PM_EINPUT, "%s: no `simulate` group: give the truth "
                    "and the family of the virtual observations",
                    sc->path);
  if ((status = truths(&sc->simulate, v)) ||
      (status = samples(sc, opt, &v->g)) ||
      (status = truth_columns(v, &names, &ncols)) ||
      (status = pm_pipeline_samples_frame(sc, &v->g, names, ncols, &frame,
                                          &v->n_dropped)))
    goto cleanup;
  if ((status = pm_engine_members(v->truth[0], 2, sc->simulate.seed,
                                  v->members, sizeof v->members)) ||
      (status = sample_means(v, frame)))
    goto cleanup;
  status = draw_counts(&sc->simulate, v);
cleanup:
  free(names);
  pm_frame_free(frame);
  return status;
}
