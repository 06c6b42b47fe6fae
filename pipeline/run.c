/* run.c: a whole scenario run: which stages must run, running them in
 * order, the report and the stamps that let the next run reuse them.
 *
 * A stage whose settings and input files are unchanged since the last run
 * in the same folder, and whose outputs are there, is reused (run_stamps.c):
 * each stage's digest covers its own sections and files and those of the
 * stages before it.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_datadir.h"
#include "pm_error.h"
#include "pm_output.h"
#include "pm_ranks.h"
#include "recovery.h"
#include "stage_figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Seconds since 1970-01-01 UTC. */
static double wall_clock(void)
{
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double peak_mib(void)
{
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? (double)ru.ru_maxrss / 1024 : 0;
}

/* 1 when file k (of model or scenario `name`) is in run folder `dir`. */
static int exists(const char *dir, pm_run_file k, const char *name)
{
  char path[4096];
  struct stat st;

  pm_run_file_format(path, sizeof path, dir, k, name);
  return stat(path, &st) == 0;
}

/* --- the stages ---------------------------------------------------------
 * Each runs when planned (todo); the fit stage reads the fitted models back
 * when it is reused, for the stages after it. */

static int run_grid(const pm_scenario *sc, const pm_pipeline_opts *opt,
                    pm_run *r, int todo)
{
  char command[4096], *written = NULL;
  int status;

  if (!todo) return PM_SUCCESS;
  snprintf(command, sizeof command, "run %s", sc->path);
  if (!(status = pm_pipeline_stage_grid(sc, opt, &r->g)))
    status = pm_pipeline_write_observations(sc, &r->g, sc->output_dir,
                                            command, &written);
  free(written);
  return status;
}

static int run_flux(const pm_scenario *sc, const pm_pipeline_opts *opt,
                    pm_run *r, int todo)
{
  return todo ? pm_pipeline_stage_flux(sc, r->g.obs, opt, sc->output_dir)
              : PM_SUCCESS;
}

static int run_fit(const pm_scenario *sc, const pm_pipeline_opts *opt,
                   pm_run *r, int todo)
{
  if (!sc->n_models) return PM_SUCCESS;
  return todo ? pm_pipeline_stage_fit(sc, &r->g, opt, sc->output_dir,
                                      &r->models, &r->nmodels)
              : pm_pipeline_fitted_read(sc, sc->output_dir, &r->models,
                                        &r->nmodels);
}

/* The maps and totals, and with a `recovery` group how well they recover
 * the simulated truth. */
static int run_predict(const pm_scenario *sc, const pm_pipeline_opts *opt,
                       pm_run *r, int todo)
{
  const char *dir = sc->output_dir;
  int status;

  if (!todo) return PM_SUCCESS;
  /* the model files are written: the other ranks of an MPI job read them
   * (run_worker) to predict their tiles of the maps */
  if ((status = pm_ranks_agree(PM_SUCCESS)) ||
      (status = pm_pipeline_stage_predict(sc, r->models, r->nmodels, NULL,
                                          opt, dir, &r->totals,
                                          &r->ntotals)) ||
      (status = pm_pipeline_write_totals(dir, NULL, r->totals, r->ntotals)) ||
      !sc->recovery.given)
    return status;
  if (!(status = pm_pipeline_recovery(sc, dir, r->totals, r->ntotals,
                                      &r->recovery)))
    status = pm_pipeline_recovery_write(dir, r->recovery);
  return status;
}

static int run_validate(const pm_scenario *sc, const pm_pipeline_opts *opt,
                        pm_run *r, int todo)
{
  (void)r;
  return todo ? pm_pipeline_stage_validate(sc, sc->path, opt) : PM_SUCCESS;
}

static int run_figures(const pm_scenario *sc, const pm_pipeline_opts *opt,
                       pm_run *r, int todo)
{
  (void)r;
  return todo ? pm_pipeline_stage_figures(sc, opt, sc->output_dir)
              : PM_SUCCESS;
}

static int always(const pm_scenario *sc)
{
  (void)sc;
  return 1;
}

static int flux_asked(const pm_scenario *sc) { return sc->flux.given; }
static int models_asked(const pm_scenario *sc) { return sc->n_models > 0; }
static int figures_asked(const pm_scenario *sc)
{
  return sc->figures.given && sc->n_models > 0;
}

typedef struct {
  const char *name;
  /* The top-level sections of the scenario file it reads beyond those of
   * the stages before it (NULL-terminated). */
  const char *const sections[6];
  /* 0: "not asked by the config" in the report (the fit and predict stages
   * of a scenario without models show as reused). */
  int (*asked)(const pm_scenario *sc);
  int (*run)(const pm_scenario *sc, const pm_pipeline_opts *opt, pm_run *r,
             int todo);
} stage_type;

static const stage_type stages[PM_STAGE_N] = {
    {"grid", {"observations", "filters", "grid", "biomass", NULL}, always,
     run_grid},
    {"flux", {"flux", NULL}, flux_asked, run_flux},
    {"fit", {"covariates", "models", NULL}, always, run_fit},
    {"predict",
     {"relief", "prediction", "scenarios", "rates", "recovery", NULL},
     always, run_predict},
    {"validate", {NULL}, models_asked, run_validate},
    {"figures", {"figures", NULL}, figures_asked, run_figures}};

const char *pm_stage_name(pm_stage k)
{
  return k < PM_STAGE_N ? stages[k].name : "?";
}

/* The inputs each stage adds to what the stages before it read. */
typedef struct {
  const pm_scenario *sc;
  char *tables[2];         /* the installed published.tsv and traps.csv */
  char validation[4096];   /* the run's validation.tsv, for the figures */
} stage_inputs;

/* The files of the fields stage k reads (pm_pipeline_fields). */
static int add_fields(const pm_scenario *sc, pm_stage k, const char **all,
                      size_t *n)
{
  unsigned which = k == PM_STAGE_FIT       ? PM_FIELDS_FIT
                   : k == PM_STAGE_PREDICT ? PM_FIELDS_PREDICT
                                           : 0;
  const pm_scenario_field **f;
  size_t i, nf;

  if (!which) return PM_SUCCESS;
  if (!(f = malloc((pm_pipeline_nfields(sc) + 1) * sizeof *f)))
    return pm_error_nomem();
  nf = pm_pipeline_fields(sc, which, f);
  for (i = 0; i < nf; i++) all[(*n)++] = f[i]->file;
  free(f);
  return PM_SUCCESS;
}

static int add_inputs(stage_inputs *in, pm_stage k, const char **all,
                      size_t *n)
{
  const pm_scenario *sc = in->sc;
  int status = add_fields(sc, k, all, n), i;

  /* the installed tables: traps.csv for the flux calibration, both for
   * the validation (each counted once) */
  if (!status && k == PM_STAGE_FLUX && sc->flux.calibrate &&
      !(status = pm_datadir_find("traps.csv", &in->tables[1])))
    all[(*n)++] = in->tables[1];
  if (!status && k == PM_STAGE_VALIDATE && sc->n_models)
    for (i = 0; i < 2 && !status; i++)
      if (!in->tables[i] &&
          !(status = pm_datadir_find(i ? "traps.csv" : "published.tsv",
                                     &in->tables[i])))
        all[(*n)++] = in->tables[i];
  if (k == PM_STAGE_PREDICT && sc->recovery.given) { /* the truth */
    all[(*n)++] = sc->recovery.truth_map;
    all[(*n)++] = sc->recovery.truth_totals;
  }
  if (k == PM_STAGE_FIGURES) { /* the validation chart reads it */
    pm_run_file_format(in->validation, sizeof in->validation,
                       sc->output_dir, PM_RUN_VALIDATION, NULL);
    all[(*n)++] = in->validation;
  }
  return status;
}

/* The most input files the stages can add (add_inputs): the fields, two
 * installed tables, the two files of the truth and validation.tsv. */
static size_t max_inputs(const pm_scenario *sc)
{
  return pm_pipeline_nfields(sc) + 2 + 2 + 1;
}

/* The digest of each stage: its sections and input files and those of the
 * stages before it, and the observation sources (and the carbon table read
 * with them) for every stage. */
static int stage_digests(const pm_scenario *sc, char hex[PM_STAGE_N][65])
{
  const char *sections[PM_STAGE_N * 8];
  stage_inputs in = {sc, {NULL, NULL}, ""};
  char **files = NULL;
  const char **all = NULL;
  size_t nsrc = 0, n, ns = 0, i;
  int status = pm_obs_sources_inputs(sc->sources, sc->n_sources, &files,
                                     &nsrc), k;

  n = nsrc;
  if (!status &&
      !(all = malloc((nsrc + 1 + max_inputs(sc)) * sizeof *all)))
    status = pm_error_nomem();
  for (i = 0; !status && i < nsrc; i++) all[i] = files[i];
  if (!status && sc->biomass.carbon_table) all[n++] = sc->biomass.carbon_table;
  for (k = 0; !status && k < PM_STAGE_N; k++) {
    const char *const *s;
    for (s = stages[k].sections; *s; s++) sections[ns++] = *s;
    if (!(status = add_inputs(&in, (pm_stage)k, all, &n)))
      status = pm_scenario_digest(sc, sections, ns, all, n, hex[k]);
  }
  free(all);
  free(in.tables[0]);
  free(in.tables[1]);
  pm_obs_source_inputs_free(files, nsrc);
  return status;
}

/* Which stages must run: a stage runs when its digest changed, its outputs
 * are missing, or a stage it reads from runs (the fit reads the gridded
 * observations in memory, so the grid runs with it). */

static void plan(const pm_scenario *sc, char hex[PM_STAGE_N][65], int run[PM_STAGE_N])
{
  const char *dir = sc->output_dir;
  size_t i;
  int models_there = 1, maps_there = exists(dir, PM_RUN_TOTALS, NULL);

  for (i = 0; i < sc->n_models; i++) {
    const char *name = sc->models[i].name;
    models_there &= exists(dir, PM_RUN_MODEL, name) &&
                    exists(dir, PM_RUN_FRAME, name) &&
                    exists(dir, PM_RUN_AOA, name);
    maps_there &= exists(dir, sc->models[i].response.kind == PM_RESPONSE_FLUX
                                  ? PM_RUN_FLUX_MAPS
                                  : PM_RUN_MAPS,
                         "baseline");
  }
  if (sc->n_rates > 0) maps_there &= exists(dir, PM_RUN_RATES, "baseline");
  if (sc->recovery.given) maps_there &= exists(dir, PM_RUN_RECOVERY, NULL);
  if (sc->flux.spectrum_biovolume)
    maps_there &= exists(dir, PM_RUN_FLUX_MAPS, "baseline");
  run[PM_STAGE_PREDICT] = sc->n_models > 0 &&
                 (!pm_pipeline_stamp_matches(dir, "predict", hex[PM_STAGE_PREDICT]) ||
                  !maps_there);
  run[PM_STAGE_FIT] = sc->n_models > 0 &&
             (!pm_pipeline_stamp_matches(dir, "fit", hex[PM_STAGE_FIT]) || !models_there);
  run[PM_STAGE_PREDICT] |= run[PM_STAGE_FIT];
  run[PM_STAGE_VALIDATE] = sc->n_models > 0 &&
                  (run[PM_STAGE_PREDICT] || !exists(dir, PM_RUN_VALIDATION, NULL) ||
                   !pm_pipeline_stamp_matches(dir, "validate", hex[PM_STAGE_VALIDATE]));
  run[PM_STAGE_FIGURES] = sc->figures.given && sc->n_models > 0 &&
                 (run[PM_STAGE_VALIDATE] || !exists(dir, PM_RUN_FIGURES, NULL) ||
                  !pm_pipeline_stamp_matches(dir, "figures", hex[PM_STAGE_FIGURES]));
  run[PM_STAGE_FLUX] = sc->flux.given &&
              (!pm_pipeline_stamp_matches(dir, "flux", hex[PM_STAGE_FLUX]) ||
               !exists(dir, PM_RUN_FLUX_SAMPLES, NULL) ||
               !exists(dir, PM_RUN_FLUX_PROFILES, NULL) ||
               !exists(dir, PM_RUN_FLUX_REMIN, NULL) ||
               (sc->flux.calibrate &&
                !exists(dir, PM_RUN_FLUX_CALIBRATION, NULL)));
  run[PM_STAGE_GRID] = run[PM_STAGE_FIT] || run[PM_STAGE_FLUX] ||
              !pm_pipeline_stamp_matches(dir, "grid", hex[PM_STAGE_GRID]) ||
              !exists(dir, PM_RUN_OBSERVATIONS, NULL);
}

/* Run or reuse every stage in order, timing each.  In an MPI job the other
 * ranks take their share of a fit or predict stage that runs
 * (run_worker); every other stage runs on this rank alone. */
static int run_stages(const pm_scenario *sc, const pm_pipeline_opts *opt,
                      const int todo[PM_STAGE_N], pm_run *r)
{
  int status = PM_SUCCESS, k, alone = pm_ranks_alone(1);

  for (k = 0; k < PM_STAGE_N && !status; k++) {
    double t = now();
    r->log[k].name = stages[k].name;
    r->log[k].reused = !todo[k];
    r->log[k].skipped = !stages[k].asked(sc);
    pm_ranks_alone(alone || !((k == PM_STAGE_FIT || k == PM_STAGE_PREDICT) &&
                              todo[k]));
    if (todo[k] || (k == PM_STAGE_FIT && sc->n_models))
      status = stages[k].run(sc, opt, r, todo[k]);
    r->log[k].seconds = now() - t;
    r->log[k].peak_mib = peak_mib();
  }
  pm_ranks_alone(alone);
  return status;
}

/* The plan, which rank 0 makes from the run folder's stamps, on every rank
 * of an MPI job; a failure before it (status) on every rank instead. */
static int share_plan(int status, int todo[PM_STAGE_N])
{
  return pm_ranks_share(status, todo, PM_STAGE_N * sizeof *todo);
}

/* A rank other than 0 of an MPI job: the grid and fit stages when rank 0
 * fits, in memory, so that the rank computes its share of the folds,
 * refits and ensemble members, else the model files when rank 0 predicts
 * with them; then its tiles of the maps when rank 0 predicts.  It writes
 * nothing.  The final agreement waits for rank 0's stages. */
static int run_worker(const pm_scenario *sc, const pm_pipeline_opts *opt,
                      pm_run *r)
{
  int todo[PM_STAGE_N] = {0}, status = share_plan(PM_SUCCESS, todo);

  if (status || !sc->n_models) return pm_ranks_agree(status);
  if (todo[PM_STAGE_FIT] &&
      !(status = pm_pipeline_stage_grid(sc, opt, &r->g)))
    status = pm_pipeline_stage_fit(sc, &r->g, opt, NULL, &r->models,
                                   &r->nmodels);
  if (status || !todo[PM_STAGE_PREDICT]) return pm_ranks_agree(status);
  /* the models as rank 0 predicts with them: read back from the files it
   * wrote (run_predict) */
  pm_pipeline_fitted_free(r->models, r->nmodels);
  r->models = NULL;
  r->nmodels = 0;
  if (!(status = pm_ranks_agree(PM_SUCCESS)) &&
      !(status = pm_pipeline_fitted_read(sc, sc->output_dir, &r->models,
                                         &r->nmodels)))
    status = pm_pipeline_stage_predict(sc, r->models, r->nmodels, NULL, opt,
                                       NULL, &r->totals, &r->ntotals);
  return pm_ranks_agree(status);
}

/* The stamps, then the manifest of the folder. */
static int write_stamps(const pm_scenario *sc, const pm_pipeline_opts *opt,
                        const char *const *digests, double started)
{
  const char *names[PM_STAGE_N];
  char *command = pm_pipeline_command(sc, opt);
  int status, k;

  for (k = 0; k < PM_STAGE_N; k++) names[k] = stages[k].name;
  if (!command) return pm_error_nomem();
  if (!(status = pm_pipeline_stamps_write(sc->output_dir, names, digests,
                                          PM_STAGE_N)))
    status = pm_pipeline_manifest_write(sc->output_dir, started, command);
  free(command);
  return status;
}

/* Plan, run the stages, write the report, the stamps and the manifest. */
static int run_all(const pm_scenario *sc, const pm_pipeline_opts *opt,
                   pm_run *run)
{
  char hex[PM_STAGE_N][65];
  const char *digests[PM_STAGE_N];
  double started = wall_clock();
  int status, todo[PM_STAGE_N], k;

  if (!(status = stage_digests(sc, hex))) plan(sc, hex, todo);
  if ((status = share_plan(status, todo))) return status;
  for (k = 0; k < PM_STAGE_N; k++) run->ran[k] = todo[k];
  if ((status = run_stages(sc, opt, todo, run)) ||
      (status = pm_ranks_agree(PM_SUCCESS)))  /* the other ranks' end */
    return status;
  /* Again now that the run's own outputs that later stages read (the
   * figures read validation.tsv) are written, so that the next run finds
   * them unchanged. */
  if ((status = stage_digests(sc, hex))) return status;
  for (k = 0; k < PM_STAGE_N; k++) digests[k] = hex[k];
  if ((todo[PM_STAGE_GRID] || todo[PM_STAGE_FLUX] || todo[PM_STAGE_FIT] ||
       todo[PM_STAGE_PREDICT]) &&
      (status = pm_pipeline_write_report(sc->output_dir, sc,
                                         todo[PM_STAGE_GRID] ? &run->g : NULL,
                                         run->models,
                                         run->nmodels, run->totals,
                                         run->ntotals, run->recovery,
                                         run->log, PM_STAGE_N)))
    return status;
  return write_stamps(sc, opt, digests, started);
}

int pm_run_scenario(const pm_scenario *sc, const pm_pipeline_opts *opt,
                    pm_run *run)
{
  int status;

  memset(run, 0, sizeof *run);
  if (pm_ranks_rank() > 0) return run_worker(sc, opt, run);
  if ((status = pm_pipeline_check_inputs(sc)) ||
      (status = pm_mkdirs(sc->output_dir)) ||
      (status = pm_pipeline_snapshot_take(sc->output_dir)))
    return share_plan(status, NULL);
  if ((status = run_all(sc, opt, run))) {
    /* the error stays the run's; a failed restore is the lesser news */
    pm_pipeline_snapshot_restore(sc->output_dir);
    return pm_ranks_failure(status);
  }
  return pm_pipeline_snapshot_drop(sc->output_dir);
}

void pm_run_free(pm_run *run)
{
  pm_pipeline_totals_free(run->totals, run->ntotals);
  pm_pipeline_recovery_free(run->recovery);
  pm_pipeline_fitted_free(run->models, run->nmodels);
  pm_pipeline_gridded_free(&run->g);
  memset(run, 0, sizeof *run);
}
