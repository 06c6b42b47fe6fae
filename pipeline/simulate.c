/* simulate.c: `plankmap simulate`: virtual observations drawn from a known
 * truth at the samples of a scenario (or at the casts of a table of
 * sites), so that a run on them can be compared with the truth (the
 * "virtual ecologist" of Zurell et al. 2010, Ecography 33:1106-1117).
 * For each sample the truth concentration at its covariates times its
 * sampled volume is the mean of a Poisson, negative binomial or Tweedie
 * draw.  The draws, a scenario that reads them and the truth's maps and
 * totals are written into <output_dir>/simulated/.
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
  pm_pipeline_gridded_free(&v->g);
  pm_engine_free(v->truth);
  free(v->sample);
  free(v->mean);
  free(v->count);
  free(v->carbon);
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

/* The mean of each sample's draw: the truth times the sampled volume (the
 * prediction with the volume as offset, through the family's mean). */
static int sample_means(pm_pipeline_simulated *v, const pm_frame *frame)
{
  pm_engine_prediction p;
  const pm_column *sample;
  size_t i;
  int status;

  if ((status = pm_engine_predict(v->truth, frame, 0, &p)) ||
      (status = pm_frame_column(frame, "count", &sample)))
    return status;
  v->sample = malloc((p.n + 1) * sizeof *v->sample);
  v->mean = malloc((p.n + 1) * sizeof *v->mean);
  v->count = malloc((p.n + 1) * sizeof *v->count);
  if (!v->sample || !v->mean || !v->count) return pm_error_nomem();
  for (i = 0; i < p.n; i++) {
    v->sample[i] = (size_t)sample->x[p.rows[i]];
    v->mean[i] = pm_family_mean(pm_engine_family(v->truth), p.eta[i], NULL);
  }
  v->n = p.n;
  return PM_SUCCESS;
}

int pm_pipeline_simulates_biomass(const pm_scenario *sc)
{
  return sc->simulate.family.kind == PM_FAMILY_TWEEDIE;
}

/* One draw per sample from the simulate group's family, seeded: a count,
 * or a Tweedie biomass with its number of individuals. */
static int draw_counts(const pm_scenario_simulate *sim,
                       pm_pipeline_simulated *v)
{
  int biomass = sim->family.kind == PM_FAMILY_TWEEDIE;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  unsigned int n;
  size_t i;

  if (!r || (biomass && !(v->carbon = malloc((v->n + 1) * sizeof *v->carbon)))) {
    gsl_rng_free(r);
    return pm_error_nomem();
  }
  gsl_rng_set(r, sim->seed);
  for (i = 0; i < v->n; i++)
    if (biomass) {
      v->carbon[i] = pm_tweedie_draw(v->mean[i], sim->family.p, sim->phi, r,
                                     &n);
      v->count[i] = n;
    } else {
      v->count[i] = pm_family_draw(&sim->family, v->mean[i], sim->phi, r);
    }
  gsl_rng_free(r);
  return PM_SUCCESS;
}

int pm_pipeline_simulate_draw(const pm_scenario *sc,
                              const pm_pipeline_opts *opt,
                              pm_pipeline_simulated *v)
{
  const char *const *names;
  pm_frame *frame = NULL;
  size_t ncols;
  int status;

  memset(v, 0, sizeof *v);
  if (!sc->simulate.given)
    return pm_error(PM_EINPUT, "%s: no `simulate` group: give the truth "
                    "and the family of the virtual observations",
                    sc->path);
  if ((status = truth_engine(&sc->simulate, &v->truth)) ||
      (status = samples(sc, opt, &v->g)) ||
      (status = pm_engine_columns(v->truth, &names, &ncols)) ||
      (status = pm_pipeline_samples_frame(sc, &v->g, names, ncols, &frame,
                                          &v->n_dropped)))
    goto cleanup;
  if ((status = pm_engine_members(v->truth, 2, sc->simulate.seed, v->members,
                                  sizeof v->members)) ||
      (status = sample_means(v, frame)))
    goto cleanup;
  status = draw_counts(&sc->simulate, v);
cleanup:
  pm_frame_free(frame);
  return status;
}
