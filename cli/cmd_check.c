/* cmd_check.c: `plankmap check CONFIG`.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"

#include <stdio.h>

static const char usage[] =
    "Usage: plankmap check [--quiet] CONFIG\n"
    "Validate the scenario file CONFIG and every input it names (each file\n"
    "exists, is readable and has the columns its format needs), writing\n"
    "nothing.  Prints what the scenario will read and grid.\n\n"
    "  --quiet  print nothing but errors\n"
    "  --help   print this help\n\n"
    "Exit status: 0 valid, 1 bad input or config, 2 usage error,\n"
    "4 input/output error.\n";

static const char *time_axis_name(pm_time_axis t)
{
  static const char *names[] = {"none", "month", "season", "year"};
  return names[t];
}

int pm_cli_check(int argc, char **argv)
{
  pm_cli_common opt;
  pm_scenario *sc = NULL;
  size_t i, files = 0;
  int first, status;

  status = pm_cli_parse(argc, argv, usage, NULL, 1, &opt, &first);
  if (status || opt.help) return status;
  if ((status = pm_scenario_load(&sc, argv[first])) ||
      (status = pm_scenario_check_inputs(sc))) {
    pm_scenario_free(sc);
    return pm_cli_fail("check", status);
  }
  for (i = 0; i < sc->n_sources; i++) files += sc->sources[i].n_files;
  if (!opt.quiet) {
    printf("%s: valid\n", sc->path);
    printf("  %zu observation sources, %zu data files\n", sc->n_sources,
           files);
    printf("  grid: lon %g..%g, lat %g..%g, %g x %g degrees, %zu depth "
           "layers, time %s\n",
           sc->grid.lon_min, sc->grid.lon_max, sc->grid.lat_min,
           sc->grid.lat_max, sc->grid.dlon, sc->grid.dlat,
           sc->grid.n_depth_edges - 1, time_axis_name(sc->grid.time_axis));
    printf("  output_dir: %s\n", sc->output_dir);
  }
  pm_scenario_free(sc);
  return PM_SUCCESS;
}
