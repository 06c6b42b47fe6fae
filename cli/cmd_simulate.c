/* cmd_simulate.c: `plankmap simulate CONFIG`, virtual observations drawn
 * from the known truth of the scenario's `simulate` group
 * (pm_pipeline_simulate).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"

#include <stdio.h>
#include <stdlib.h>

static const char usage[] =
    "Usage: plankmap simulate [--quiet] CONFIG\n"
    "Draw virtual observations from the known truth of the `simulate` group\n"
    "of the scenario file CONFIG: at every sample of its observations (or\n"
    "every layer of every cast of its `sites` table), one Poisson, negative\n"
    "binomial or Tweedie draw whose mean is the truth's concentration at the\n"
    "sample's covariates times its sampled volume.  Writes under\n"
    "<output_dir>/simulated/:\n"
    "  observations.csv  the draws, one line per sample (the long layout of\n"
    "                    the `table` format)\n"
    "  truth.nc          the truth's maps on the prediction grid (variable\n"
    "                    truth_mean), as a run's maps_baseline.nc\n"
    "  truth_totals.tsv  the truth's totals per region, as totals.tsv\n"
    "  scenario.cfg      the scenario reading the draws, its models of\n"
    "                    counts fitted to them; `plankmap run` on it adds\n"
    "                    recovery.tsv and the recovery of the truth to\n"
    "                    report.md\n"
    "With the group's `classifier`, every true class of its confusion matrix\n"
    "is drawn, each object's predicted class drawn from its class's row, and\n"
    "observations.csv holds the predicted counts; also written:\n"
    "  confusion.tsv       the matrix, which scenario.cfg corrects the counts\n"
    "                      with (its run in run/)\n"
    "  scenario_naive.cfg  the same models fitted to the counts as predicted\n"
    "                      (its run in run_naive/)\n\n"
    "  --quiet  print nothing but errors\n"
    "  --help   print this help\n\n"
    "Exit status: 0 success, 1 bad input or config, 2 usage error,\n"
    "3 numerical failure, 4 input/output error.\n";

static void report(const pm_cli_common *opt, const pm_scenario *sc,
                   const pm_pipeline_simulation *sim)
{
  const pm_scenario_simulate *g = &sc->simulate;

  pm_cli_note(opt,
              "%zu virtual samples (%zu left out without a covariate "
              "value): %.6g drawn, %.6g expected from the truth\n",
              sim->n_samples, sim->n_dropped, sim->draw_total,
              sim->mean_total);
  if (g->confusion)
    pm_cli_note(opt,
                "the classifier predicted %.6g objects as %s (%.3f times "
                "its true objects)\n"
                "wrote %s/simulated/: observations.csv, truth.nc, "
                "truth_totals.tsv, confusion.tsv, scenario.cfg (corrected), "
                "scenario_naive.cfg\n",
                sim->predicted_total, g->class_name,
                sim->predicted_total / sim->draw_total, sc->output_dir);
  else
    pm_cli_note(opt,
                "wrote %s/simulated/: observations.csv, truth.nc, "
                "truth_totals.tsv, scenario.cfg\n",
                sc->output_dir);
}

int pm_cli_simulate(int argc, char **argv)
{
  pm_cli_common opt;
  pm_pipeline_opts po;
  pm_pipeline_simulation sim;
  pm_scenario *sc = NULL;
  char *command;
  int first, status;

  status = pm_cli_parse(argc, argv, usage, NULL, 1, &opt, &first);
  if (status || opt.help) return status;
  po = pm_cli_pipeline(&opt);
  if (!(po.command = command = pm_cli_command_text(argc, argv)))
    return pm_cli_fail("simulate", pm_error_nomem());
  if (!(status = pm_scenario_load(&sc, argv[first])) &&
      !(status = pm_pipeline_simulate(sc, &po, &sim)))
    report(&opt, sc, &sim);
  if (status) pm_cli_fail("simulate", status);
  pm_scenario_free(sc);
  free(command);
  return status;
}
