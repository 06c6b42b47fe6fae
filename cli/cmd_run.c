/* cmd_run.c: `plankmap run CONFIG`, every stage of a scenario file in order.
 *
 * grid (observations.nc), flux (flux_samples.tsv, flux_profiles.tsv and
 * flux_remineralisation.tsv, when the config has a flux section), fit (model_<name>.nc with
 * cross-validation, and frame_<name>.tsv, its fitted rows), predict
 * (maps_<scenario>.nc, flux_<scenario>.nc, rates_<scenario>.nc when the
 * config has a rates section, and totals.tsv), validate (validation.md,
 * validation.tsv), figures (figures/, when the config has a figures
 * group), then report.md.  A stage
 * whose settings and input files are unchanged since the last run in the
 * same folder, and whose outputs are there, is reused (run_stamps.c).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_datadir.h"
#include "pm_error.h"
#include "stage_figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

static const char usage[] =
    "Usage: plankmap run [--quiet] CONFIG\n"
    "Run every stage of the scenario file CONFIG and write the results under\n"
    "its output_dir:\n"
    "  grid     observations.nc: the observations gridded\n"
    "  flux     flux_samples.tsv and flux_profiles.tsv: the particle flux of\n"
    "           every sample and the Martin curve of every profile, and\n"
    "           flux_remineralisation.tsv: -dF/dz of every layer (when the\n"
    "           config has a flux section; see plankmap flux --help)\n"
    "  fit      model_<name>.nc for each model, with its cross-validation,\n"
    "           and frame_<name>.tsv: the rows it was fitted to, with the\n"
    "           observed concentration or flux of each\n"
    "  predict  maps_<scenario>.nc for the baseline and each scenario (flux\n"
    "           models: flux_<scenario>.nc), and totals.tsv (totals per region\n"
    "           with 95% intervals, the export through each horizon, and the\n"
    "           differences of each scenario from the baseline); with a\n"
    "           rates section also rates_<scenario>.nc (respiration, carbon\n"
    "           demand, silica) and their totals\n"
    "  validate validation.md, validation.tsv: the totals and flux maps\n"
    "           beside the published estimates and trap fluxes (see\n"
    "           plankmap validate --help)\n"
    "  figures  figures/: a map of each model's mean per scenario at the\n"
    "           figures group's depths and the difference of each scenario\n"
    "           from the baseline, each model's partial effects and the\n"
    "           validation chart (when the config has a figures group; see\n"
    "           plankmap plot --help)\n"
    "  report   report.md: models, cross-validation, totals, stages\n"
    "A stage whose settings and input files have not changed since the last\n"
    "run in the same folder is reused; the summary says so.\n\n"
    "  --quiet  print nothing but errors\n"
    "  --help   print this help\n\n"
    "Exit status: 0 success, 1 bad input or config, 2 usage error,\n"
    "3 numerical failure, 4 input/output error.\n";

enum { GRID, FLUX, FIT, PREDICT, VALIDATE, FIGURES, N_STAGES };
static const char *const stage_names[N_STAGES] = {
    "grid", "flux", "fit", "predict", "validate", "figures"};

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double peak_mib(void)
{
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? (double)ru.ru_maxrss / 1024 : 0;
}

static int exists(const char *dir, const char *name)
{
  char path[4096];
  struct stat st;

  snprintf(path, sizeof path, "%s/%s", dir, name);
  return stat(path, &st) == 0;
}

/* The input files of the observation sources. */
static int source_files(const pm_scenario *sc, char ***files, size_t *n)
{
  size_t i, j;
  int status = PM_SUCCESS;

  *files = NULL;
  *n = 0;
  for (i = 0; i < sc->n_sources && !status; i++) {
    char **paths, **grown;
    size_t np;
    if ((status = pm_obs_source_inputs(&sc->sources[i], &paths, &np))) break;
    grown = realloc(*files, (*n + np + 1) * sizeof *grown);
    if (!grown) {
      pm_obs_source_inputs_free(paths, np);
      return pm_error_nomem();
    }
    *files = grown;
    for (j = 0; j < np; j++) (*files)[(*n)++] = paths[j];
    free(paths);
  }
  return status;
}

/* The digests of the three stages: each depends on its own sections and
 * files and on everything the stages before it depend on. */
static int stage_digests(const pm_scenario *sc, char hex[N_STAGES][65])
{
  static const char *const sections[] = {
      "observations", "filters", "grid",       "biomass",  "flux",
      "covariates",   "models",  "relief",     "prediction", "scenarios",
      "rates",        "figures"};
  const size_t upto[N_STAGES] = {4, 5, 7, 11, 11, 12};
  char validation[4096], **files = NULL, *tables[2] = {NULL, NULL};
  const char **all = NULL;
  size_t nsrc = 0, n, i, k, nchanges = 0;
  int status = source_files(sc, &files, &nsrc);

  n = nsrc;
  for (i = 0; i < sc->n_cases; i++) nchanges += sc->cases[i].n_changes;
  if (!status && !(all = malloc((nsrc + sc->n_covariates + nchanges + 6) *
                                sizeof *all)))
    status = pm_error_nomem();
  for (i = 0; !status && i < nsrc; i++) all[i] = files[i];
  if (!status && sc->biomass.carbon_table) /* read with the observations */
    all[n++] = sc->biomass.carbon_table;
  for (k = 0; !status && k < N_STAGES; k++) {
    if (k == FIT)
      for (i = 0; i < sc->n_covariates; i++)
        if (sc->covariates[i].field.file) /* NULL: derived */
          all[n++] = sc->covariates[i].field.file;
    if (k == PREDICT) {
      if (sc->relief.file) all[n++] = sc->relief.file;
      if (sc->prediction.regions.file) all[n++] = sc->prediction.regions.file;
      for (i = 0; i < sc->n_cases; i++) {
        size_t c;
        for (c = 0; c < sc->cases[i].n_changes; c++)
          if (sc->cases[i].changes[c].field.file)
            all[n++] = sc->cases[i].changes[c].field.file;
      }
    }
    if (k == VALIDATE && sc->n_models) /* the installed tables */
      for (i = 0; i < 2 && !status; i++)
        if (!(status = pm_datadir_find(i ? "traps.csv" : "published.tsv",
                                       &tables[i])))
          all[n++] = tables[i];
    if (k == FIGURES) { /* the validation chart */
      snprintf(validation, sizeof validation, "%s/validation.tsv",
               sc->output_dir);
      all[n++] = validation;
    }
    status = pm_scenario_digest(sc, sections, upto[k], all, n, hex[k]);
  }
  free(all);
  free(tables[0]);
  free(tables[1]);
  pm_obs_source_inputs_free(files, nsrc);
  return status;
}

/* Which stages must run: a stage runs when its digest changed, its outputs
 * are missing, or a stage it reads from runs (the fit reads the gridded
 * observations in memory, so the grid runs with it). */
static void plan(const pm_scenario *sc, char hex[N_STAGES][65], int run[N_STAGES])
{
  const char *dir = sc->output_dir;
  size_t i;
  int models_there = 1, maps_there = exists(dir, "totals.tsv");
  char name[512];

  for (i = 0; i < sc->n_models; i++) {
    snprintf(name, sizeof name, "model_%s.nc", sc->models[i].name);
    models_there &= exists(dir, name);
    snprintf(name, sizeof name, "frame_%s.tsv", sc->models[i].name);
    models_there &= exists(dir, name);
    maps_there &= exists(dir, sc->models[i].response.kind == PM_RESPONSE_FLUX
                                  ? "flux_baseline.nc"
                                  : "maps_baseline.nc");
  }
  if (sc->n_rates > 0) maps_there &= exists(dir, "rates_baseline.nc");
  run[PREDICT] = sc->n_models > 0 &&
                 (!pm_cli_stamp_matches(dir, "predict", hex[PREDICT]) ||
                  !maps_there);
  run[FIT] = sc->n_models > 0 &&
             (!pm_cli_stamp_matches(dir, "fit", hex[FIT]) || !models_there);
  run[PREDICT] |= run[FIT];
  run[VALIDATE] = sc->n_models > 0 &&
                  (run[PREDICT] || !exists(dir, "validation.tsv") ||
                   !pm_cli_stamp_matches(dir, "validate", hex[VALIDATE]));
  run[FIGURES] = sc->figures.given && sc->n_models > 0 &&
                 (run[VALIDATE] || !exists(dir, "figures") ||
                  !pm_cli_stamp_matches(dir, "figures", hex[FIGURES]));
  run[FLUX] = sc->flux.given &&
              (!pm_cli_stamp_matches(dir, "flux", hex[FLUX]) ||
               !exists(dir, "flux_samples.tsv") ||
               !exists(dir, "flux_profiles.tsv") ||
               !exists(dir, "flux_remineralisation.tsv"));
  run[GRID] = run[FIT] || run[FLUX] ||
              !pm_cli_stamp_matches(dir, "grid", hex[GRID]) ||
              !exists(dir, "observations.nc");
}

/* 1 when the scenario has a flux model (flux 1) or another model (0). */
static int has_kind(const pm_scenario *sc, int flux)
{
  size_t i;
  for (i = 0; i < sc->n_models; i++)
    if ((sc->models[i].response.kind == PM_RESPONSE_FLUX) == flux) return 1;
  return 0;
}

static void print_summary(const pm_cli_common *opt, const pm_scenario *sc,
                          const pm_cli_stage_log *log)
{
  size_t i;
  int k;

  pm_cli_note(opt, "\n%-8s %-10s %9s %12s\n", "stage", "", "time", "peak memory");
  for (i = 0; i < N_STAGES; i++)
    if (log[i].skipped)
      pm_cli_note(opt, "%-8s %-10s\n", log[i].name, "not asked");
    else if (log[i].reused)
      pm_cli_note(opt, "%-8s %-10s\n", log[i].name, "reused");
    else
      pm_cli_note(opt, "%-8s %-10s %8.2fs %8.0f MiB\n", log[i].name, "ran",
                  log[i].seconds, log[i].peak_mib);
  pm_cli_note(opt, "outputs in %s: observations.nc", sc->output_dir);
  if (sc->flux.given)
    pm_cli_note(opt, ", flux_samples.tsv, flux_profiles.tsv, "
                "flux_remineralisation.tsv");
  for (i = 0; i < sc->n_models; i++)
    pm_cli_note(opt, ", model_%s.nc, frame_%s.tsv", sc->models[i].name,
                sc->models[i].name);
  for (k = 0; k < 2; k++) /* concentration maps, then flux maps */
    if (has_kind(sc, k)) {
      pm_cli_note(opt, ", %s_baseline.nc", k ? "flux" : "maps");
      for (i = 0; i < sc->n_cases; i++)
        pm_cli_note(opt, ", %s_%s.nc", k ? "flux" : "maps", sc->cases[i].name);
    }
  if (sc->n_rates > 0) {
    pm_cli_note(opt, ", rates_baseline.nc");
    for (i = 0; i < sc->n_cases; i++)
      pm_cli_note(opt, ", rates_%s.nc", sc->cases[i].name);
  }
  if (sc->n_models)
    pm_cli_note(opt, ", totals.tsv, validation.md, validation.tsv");
  if (sc->figures.given && sc->n_models) pm_cli_note(opt, ", figures/");
  pm_cli_note(opt, ", report.md\n");
}

typedef struct {
  pm_cli_gridded g;
  pm_cli_fitted *models;
  size_t nmodels;
  pm_cli_total *totals;
  size_t ntotals;
} run_state;

static int run_stages(const pm_scenario *sc, const pm_cli_common *opt,
                      const char *command, const int run[N_STAGES],
                      run_state *st, pm_cli_stage_log log[N_STAGES])
{
  const char *dir = sc->output_dir;
  char *written = NULL;
  double t;
  int status = PM_SUCCESS, k;

  for (k = 0; k < N_STAGES && !status; k++) {
    log[k].name = stage_names[k];
    log[k].reused = !run[k];
    log[k].skipped = (k == FLUX && !sc->flux.given) ||
                     (k == VALIDATE && !sc->n_models) ||
                     (k == FIGURES && !(sc->figures.given && sc->n_models));
    t = now();
    if (k == GRID && run[k]) {
      status = pm_cli_stage_grid((pm_scenario *)sc, opt, &st->g);
      if (!status)
        status = pm_cli_write_observations(sc, &st->g, dir, command, &written);
      free(written);
    } else if (k == FLUX && run[k]) {
      status = pm_cli_stage_flux(sc, st->g.obs, opt, dir);
    } else if (k == FIT && sc->n_models) {
      status = run[k] ? pm_cli_stage_fit(sc, &st->g, opt, dir, &st->models,
                                         &st->nmodels)
                      : pm_cli_fitted_read(sc, dir, &st->models, &st->nmodels);
    } else if (k == PREDICT && run[k]) {
      status = pm_cli_stage_predict(sc, st->models, st->nmodels, NULL, opt,
                                    dir, &st->totals, &st->ntotals);
      if (!status) status = pm_cli_write_totals(dir, "totals.tsv", st->totals,
                                              st->ntotals);
    } else if (k == VALIDATE && run[k]) {
      status = pm_cli_stage_validate(sc, sc->path, opt);
    } else if (k == FIGURES && run[k]) {
      status = pm_cli_stage_figures(sc, opt, dir);
    }
    log[k].seconds = now() - t;
    log[k].peak_mib = peak_mib();
  }
  return status;
}

int pm_cli_run(int argc, char **argv)
{
  pm_cli_option options[] = {{NULL, NULL}};
  pm_cli_common opt;
  pm_scenario *sc = NULL;
  run_state st;
  pm_cli_stage_log log[N_STAGES];
  char hex[N_STAGES][65], command[1024];
  const char *digests[N_STAGES];
  int first, status, run[N_STAGES], k;

  memset(&st, 0, sizeof st);
  memset(log, 0, sizeof log);
  status = pm_cli_parse(argc, argv, usage, options, 1, &opt, &first);
  if (status || opt.help) return status;
  snprintf(command, sizeof command, "run %s", argv[first]);
  if ((status = pm_scenario_load(&sc, argv[first])) ||
      (status = pm_cli_mkdirs(sc->output_dir)) ||
      (status = stage_digests(sc, hex)))
    goto cleanup;
  plan(sc, hex, run);
  if ((status = run_stages(sc, &opt, command, run, &st, log))) goto cleanup;
  for (k = 0; k < N_STAGES; k++) digests[k] = hex[k];
  if ((run[GRID] || run[FLUX] || run[FIT] || run[PREDICT]) &&
      (status = pm_cli_write_report(sc->output_dir, sc, st.models, st.nmodels,
                                    st.totals, st.ntotals, log, N_STAGES)))
    goto cleanup;
  if ((status = pm_cli_stamps_write(sc->output_dir, stage_names, digests,
                                    N_STAGES)))
    goto cleanup;
  print_summary(&opt, sc, log);
cleanup:
  if (status) pm_cli_fail("run", status);
  pm_cli_totals_free(st.totals, st.ntotals);
  pm_cli_fitted_free(st.models, st.nmodels);
  pm_cli_gridded_free(&st.g);
  pm_scenario_free(sc);
  return status;
}
