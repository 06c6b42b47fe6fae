/* cmd_run.c: `plankmap run CONFIG`, every stage of a scenario file in order
 * (pm_run_scenario), and a summary of what each stage did.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"

#include <stdio.h>
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

/* 1 when the scenario has a flux model (flux 1) or another model (0). */
static int has_kind(const pm_scenario *sc, int flux)
{
  size_t i;
  for (i = 0; i < sc->n_models; i++)
    if ((sc->models[i].response.kind == PM_RESPONSE_FLUX) == flux) return 1;
  return 0;
}

static void print_summary(const pm_cli_common *opt, const pm_scenario *sc,
                          const pm_pipeline_stage_log *log)
{
  size_t i;
  int k;

  pm_cli_note(opt, "\n%-8s %-10s %9s %12s\n", "stage", "", "time", "peak memory");
  for (i = 0; i < PM_STAGE_N; i++)
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

int pm_cli_run(int argc, char **argv)
{
  pm_cli_option options[] = {{NULL, NULL}};
  pm_cli_common opt;
  pm_pipeline_opts po;
  pm_scenario *sc = NULL;
  pm_run run;
  int first, status;

  memset(&run, 0, sizeof run);
  status = pm_cli_parse(argc, argv, usage, options, 1, &opt, &first);
  if (status || opt.help) return status;
  po = pm_cli_pipeline(&opt);
  if (!(status = pm_scenario_load(&sc, argv[first])) &&
      !(status = pm_run_scenario(sc, &po, &run)))
    print_summary(&opt, sc, run.log);
  if (status) pm_cli_fail("run", status);
  pm_run_free(&run);
  pm_scenario_free(sc);
  return status;
}
