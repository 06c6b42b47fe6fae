/* cmd_validate.c: `plankmap validate CONFIG`: a run's totals and flux maps
 * beside published estimates and point observations of POC flux.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"

#include <stdio.h>

static const char usage[] =
    "Usage: plankmap validate [--quiet] [--published FILE] [--traps FILE] "
    "CONFIG\n"
    "Set the outputs of `plankmap run CONFIG` beside published estimates:\n"
    "every published quantity that the baseline's global totals\n"
    "(output_dir/totals.tsv) hold, with the ratio run/published and whether\n"
    "the run lies inside the published range; and, when the scenario has a\n"
    "flux model, the sediment-trap and thorium-234 POC fluxes matched to its\n"
    "map (output_dir/flux_baseline.nc): number matched, bias and RMSE of\n"
    "log10 and the correlation of log10 values.  Writes validation.md and\n"
    "validation.tsv in output_dir.\n\n"
    "  --published FILE  the published estimates (default: published.tsv in\n"
    "                    $PLANKMAP_DATADIR, else in the installed data)\n"
    "  --traps FILE      the point observations (default: traps.csv, found\n"
    "                    the same way)\n"
    "  --quiet           print nothing but errors\n"
    "  --help            print this help\n";

int pm_cli_validate(int argc, char **argv)
{
  const char *published = NULL, *traps = NULL;
  const pm_cli_option options[] = {{"--published", &published},
                                   {"--traps", &traps},
                                   {NULL, NULL}};
  pm_cli_common opt;
  pm_pipeline_opts po;
  pm_scenario *sc = NULL;
  int first, status;

  if ((status = pm_cli_parse(argc, argv, usage, options, 1, &opt, &first)) ||
      opt.help)
    return status;
  po = pm_cli_pipeline(&opt);
  if ((status = pm_scenario_load(&sc, argv[first])) ||
      (status = pm_pipeline_validate_with(sc, argv[first], published, traps,
                                          &po)))
    status = pm_cli_fail("validate", status);
  pm_scenario_free(sc);
  return status;
}
