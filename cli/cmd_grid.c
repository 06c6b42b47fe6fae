/* cmd_grid.c: `plankmap grid CONFIG`.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "Usage: plankmap grid [--quiet] [--output-dir DIR] CONFIG\n"
    "Read the observations named in the scenario file CONFIG, apply its\n"
    "filters, grid them, and write DIR/observations.nc (CF-1.11 NetCDF):\n"
    "count, sampled volume, number of samples and concentration (m-3) with\n"
    "its exact Poisson 95% interval per cell and class.\n\n"
    "  --output-dir DIR  write here instead of the scenario's output_dir\n"
    "  --quiet           print nothing but errors\n"
    "  --help            print this help\n\n"
    "Exit status: 0 success, 1 bad input or config, 2 usage error,\n"
    "3 numerical failure, 4 input/output error.\n";

/* What was read, kept, and left out, and why. */
static void print_report(const pm_cli_common *opt, const pm_pipeline_gridded *g)
{
  const pm_obs_report *r = &g->report;
  size_t region = pm_bin_n_dropped(g->bin, PM_DROP_REGION);
  int i;

  pm_cli_note(opt,
              "read %zu files (%.1f MB): %llu rows, %llu kept; %zu profiles, "
              "%zu samples, %zu classes\n",
              r->files_read, (double)r->bytes_read / 1e6,
              (unsigned long long)r->rows_read,
              (unsigned long long)r->rows_kept, g->obs->n_profiles,
              g->obs->n_samples, g->obs->n_classes);
  for (i = 0; i < PM_DROP_N; i++)
    if (r->rows_dropped[i])
      pm_cli_note(opt, "  left out: %llu rows, %s\n",
                  (unsigned long long)r->rows_dropped[i],
                  pm_obs_drop_reason((pm_obs_drop)i));
  if (region)
    pm_cli_note(opt, "  left out: %zu samples, %s\n", region,
                pm_obs_drop_reason(PM_DROP_REGION));
  pm_cli_note(opt, "gridded %zu samples into %zu cells\n",
              pm_bin_n_binned(g->bin), pm_bin_n_cells(g->bin));
}

int pm_cli_grid(int argc, char **argv)
{
  const char *outdir = NULL;
  pm_cli_option options[] = {{"--output-dir", &outdir}, {NULL, NULL}};
  pm_cli_common opt;
  pm_pipeline_opts po;
  pm_pipeline_gridded g = {0};
  pm_scenario *sc = NULL;
  char command[1024], *written = NULL;
  int first, status;

  status = pm_cli_parse(argc, argv, usage, options, 1, &opt, &first);
  if (status || opt.help) return status;
  snprintf(command, sizeof command, "grid %s", argv[first]);
  po = pm_cli_pipeline(&opt);
  if ((status = pm_scenario_load(&sc, argv[first])) ||
      (status = pm_pipeline_stage_grid(sc, &po, &g))) {
    pm_cli_fail("grid", status);
    goto cleanup;
  }
  print_report(&opt, &g);
  status = pm_pipeline_write_observations(sc, &g, outdir ? outdir : sc->output_dir,
                                     command, &written);
  if (status)
    pm_cli_fail("grid", status);
  else
    pm_cli_note(&opt, "wrote %s\n", written);
cleanup:
  free(written);
  pm_pipeline_gridded_free(&g);
  pm_scenario_free(sc);
  return status;
}
