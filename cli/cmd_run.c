/* cmd_run.c: `plankmap run CONFIG`, every stage of a scenario file in order
 * (pm_run_scenario), and a summary of what each stage did.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"
#include "pm_threads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    "           demand, silica) and their totals; with a recovery group (a\n"
    "           scenario of simulated observations) also recovery.tsv: how\n"
    "           well each model recovers the known truth\n"
    "  validate validation.md, validation.tsv: the totals and flux maps\n"
    "           beside the published estimates and trap fluxes (see\n"
    "           plankmap validate --help)\n"
    "  figures  figures/: a map of each model's mean per scenario at the\n"
    "           figures group's depths and the difference of each scenario\n"
    "           from the baseline, each model's partial effects and the\n"
    "           validation chart (when the config has a figures group; see\n"
    "           plankmap plot --help)\n"
    "  report   report.md: models, cross-validation, totals, recovery,\n"
    "           stages\n"
    "and last manifest.tsv: every file of the folder with its size, SHA-256\n"
    "and the run that wrote it.\n"
    "A stage whose settings and input files have not changed since the last\n"
    "run in the same folder is reused; the summary says so.  A run that\n"
    "fails leaves the folder as the last complete run left it.\n\n"
    "  --quiet  print nothing but errors\n"
    "  --help   print this help\n\n"
    "Exit status: 0 success, 1 bad input or config, 2 usage error,\n"
    "3 numerical failure, 4 input/output error.\n";

/* 1 when the scenario has a flux model (flux 1) or another model (0). */
static int has_kind(const pm_scenario *sc, int flux)
{
  size_t i;
  for (i = 0; i < sc->n_models; i++)
    if ((sc->models[i].response.kind == PM_RESPONSE_FLUX) == flux) return 1;
  return 0;
}

/* ", FILE" (`name`: the model or scenario it is named after, or NULL),
 * with `after` behind the name. */
static void note_file(const pm_cli_common *opt, pm_run_file k,
                      const char *name, const char *after)
{
  char file[512];

  pm_run_file_format(file, sizeof file, NULL, k, name);
  pm_cli_note(opt, ", %s%s", file, after);
}

/* The file k of the baseline and of every scenario. */
static void note_scenarios(const pm_cli_common *opt, const pm_scenario *sc,
                           pm_run_file k)
{
  size_t i;

  note_file(opt, k, "baseline", "");
  for (i = 0; i < sc->n_cases; i++) note_file(opt, k, sc->cases[i].name, "");
}

static void print_outputs(const pm_cli_common *opt, const pm_scenario *sc)
{
  char file[512];
  size_t i;

  pm_run_file_format(file, sizeof file, NULL, PM_RUN_OBSERVATIONS, NULL);
  pm_cli_note(opt, "outputs in %s: %s", sc->output_dir, file);
  if (sc->flux.given) {
    note_file(opt, PM_RUN_FLUX_SAMPLES, NULL, "");
    note_file(opt, PM_RUN_FLUX_PROFILES, NULL, "");
    note_file(opt, PM_RUN_FLUX_REMIN, NULL, "");
    if (sc->flux.calibrate) note_file(opt, PM_RUN_FLUX_CALIBRATION, NULL, "");
  }
  for (i = 0; i < sc->n_models; i++) {
    note_file(opt, PM_RUN_MODEL, sc->models[i].name, "");
    note_file(opt, PM_RUN_FRAME, sc->models[i].name, "");
    note_file(opt, PM_RUN_AOA, sc->models[i].name, "");
  }
  if (has_kind(sc, 0)) note_scenarios(opt, sc, PM_RUN_MAPS);
  if (has_kind(sc, 1) || sc->flux.spectrum_biovolume)
    note_scenarios(opt, sc, PM_RUN_FLUX_MAPS);
  if (sc->n_rates > 0) note_scenarios(opt, sc, PM_RUN_RATES);
  if (sc->n_models) {
    note_file(opt, PM_RUN_TOTALS, NULL, "");
    if (sc->recovery.given) note_file(opt, PM_RUN_RECOVERY, NULL, "");
    note_file(opt, PM_RUN_VALIDATION_MD, NULL, "");
    note_file(opt, PM_RUN_VALIDATION, NULL, "");
  }
  if (sc->figures.given && sc->n_models)
    note_file(opt, PM_RUN_FIGURES, NULL, "/");
  note_file(opt, PM_RUN_REPORT, NULL, "");
  note_file(opt, PM_RUN_MANIFEST, NULL, "\n");
}

static void print_summary(const pm_cli_common *opt, const pm_scenario *sc,
                          const pm_pipeline_stage_log *log)
{
  size_t i;

  pm_cli_note(opt, "\n%-8s %-10s %9s %12s\n", "stage", "", "time", "peak memory");
  for (i = 0; i < PM_STAGE_N; i++)
    if (log[i].skipped)
      pm_cli_note(opt, "%-8s %-10s\n", log[i].name, "not asked");
    else if (log[i].reused)
      pm_cli_note(opt, "%-8s %-10s\n", log[i].name, "reused");
    else
      pm_cli_note(opt, "%-8s %-10s %8.2fs %8.0f MiB\n", log[i].name, "ran",
                  log[i].seconds, log[i].peak_mib);
  print_outputs(opt, sc);
}

int pm_cli_run_shares(int argc, char **argv)
{
  (void)argc, (void)argv;
  return 1;
}

int pm_cli_run(int argc, char **argv)
{
  pm_cli_option options[] = {{NULL, NULL}};
  pm_cli_common opt;
  pm_pipeline_opts po;
  pm_scenario *sc = NULL;
  pm_run run;
  char *command;
  int first, status;

  memset(&run, 0, sizeof run);
  status = pm_cli_parse(argc, argv, usage, options, 1, &opt, &first);
  if (status || opt.help) return status;
  po = pm_cli_pipeline(&opt);
  if (!(po.command = command = pm_cli_command_text(argc, argv)))
    return pm_cli_fail("run", pm_error_nomem());
  /* the file's threads unless the command line chose */
  if (!(status = pm_scenario_load(&sc, argv[first])) && sc->threads &&
      !opt.threads)
    pm_threads_set(sc->threads);
  if (!status && !(status = pm_run_scenario(sc, &po, &run)))
    print_summary(&opt, sc, run.log);
  if (status) pm_cli_fail("run", status);
  pm_run_free(&run);
  pm_scenario_free(sc);
  free(command);
  return status;
}
