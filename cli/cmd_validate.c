/* cmd_validate.c: `plankmap validate CONFIG`: a run's totals and flux maps
 * beside published estimates and point observations of POC flux.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_datadir.h"
#include "pm_error.h"
#include "pm_validation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

typedef struct {
  pm_published *published;
  pm_traps *traps;
  pm_validation_totals *totals;
  pm_validation_comparison *comparisons;
  size_t ncomparisons;
  pm_validation_map **maps;
  pm_validation_stats *stats;
  size_t nflux; /* maps read */
} validation;

static void validation_free(validation *v)
{
  size_t i;

  pm_published_free(v->published);
  pm_traps_free(v->traps);
  pm_validation_totals_free(v->totals);
  free(v->comparisons);
  for (i = 0; i < v->nflux; i++) pm_validation_map_free(v->maps[i]);
  free(v->maps);
  free(v->stats);
}

/* DIR/NAME, which a run must have written. */
static int run_output(const char *dir, const char *name, const char *config,
                      char **path)
{
  size_t len = strlen(dir) + strlen(name) + 2;
  struct stat st;

  if (!(*path = malloc(len))) return pm_error_nomem();
  snprintf(*path, len, "%s/%s", dir, name);
  if (stat(*path, &st) == 0 && S_ISREG(st.st_mode)) return PM_SUCCESS;
  pm_error(PM_EINPUT, "%s: not found; `plankmap run %s` writes it", *path,
           config);
  free(*path);
  *path = NULL;
  return PM_EINPUT;
}

/* A table named by an option, else the installed one. */
static int table_path(const char *given, const char *name, char **path)
{
  if (!given) return pm_datadir_find(name, path);
  if (!(*path = malloc(strlen(given) + 1))) return pm_error_nomem();
  strcpy(*path, given);
  return PM_SUCCESS;
}

static size_t count_flux_models(const pm_scenario *sc)
{
  size_t i, n = 0;

  for (i = 0; i < sc->n_models; i++)
    n += sc->models[i].response.kind == PM_RESPONSE_FLUX;
  return n;
}

/* Each flux model's map matched to the traps. */
static int compare_maps(const pm_scenario *sc, size_t nflux,
                        const char *maps_path, validation *v)
{
  size_t i;
  int status;

  v->maps = calloc(nflux, sizeof *v->maps);
  v->stats = calloc(nflux, sizeof *v->stats);
  if (!v->maps || !v->stats) return pm_error_nomem();
  for (i = 0; i < sc->n_models; i++) {
    if (sc->models[i].response.kind != PM_RESPONSE_FLUX) continue;
    if ((status = pm_validation_map_read(&v->maps[v->nflux], maps_path,
                                         sc->models[i].name)))
      return status;
    status = pm_validation_match_traps(v->traps, v->maps[v->nflux],
                                       &v->stats[v->nflux]);
    v->nflux++;
    if (status) return status;
  }
  return PM_SUCCESS;
}

static int validate(const pm_scenario *sc, const char *config,
                    const char *published, const char *traps,
                    const pm_cli_common *opt)
{
  validation v = {0};
  char *totals_path = NULL, *maps_path = NULL, *pub_path = NULL,
       *traps_path = NULL;
  size_t nflux = count_flux_models(sc);
  int status;

  if ((status = run_output(sc->output_dir, "totals.tsv", config,
                           &totals_path)) ||
      (nflux && (status = run_output(sc->output_dir, "flux_baseline.nc",
                                       config, &maps_path))) ||
      (status = table_path(published, "published.tsv", &pub_path)) ||
      (status = pm_published_read(&v.published, pub_path)) ||
      (status = pm_validation_totals_read(&v.totals, totals_path)) ||
      (status = pm_validation_compare_totals(v.published, v.totals,
                                             &v.comparisons,
                                             &v.ncomparisons)))
    goto cleanup;
  if (nflux &&
      ((status = table_path(traps, "traps.csv", &traps_path)) ||
       (status = pm_traps_read(&v.traps, traps_path)) ||
       (status = compare_maps(sc, nflux, maps_path, &v))))
    goto cleanup;
  {
    pm_validation_result r = {config, v.published, v.comparisons,
                              v.ncomparisons, v.traps,
                              (const pm_validation_map *const *)v.maps,
                              v.stats, v.nflux};
    if ((status = pm_validation_write(sc->output_dir, &r))) goto cleanup;
  }
  pm_cli_note(opt, "plankmap validate: wrote %s/validation.md and "
              "%s/validation.tsv\n", sc->output_dir, sc->output_dir);
cleanup:
  validation_free(&v);
  free(totals_path);
  free(maps_path);
  free(pub_path);
  free(traps_path);
  return status;
}

int pm_cli_stage_validate(const pm_scenario *sc, const char *config,
                          const pm_cli_common *opt)
{
  return validate(sc, config, NULL, NULL, opt);
}

int pm_cli_validate(int argc, char **argv)
{
  const char *published = NULL, *traps = NULL;
  const pm_cli_option options[] = {{"--published", &published},
                                   {"--traps", &traps},
                                   {NULL, NULL}};
  pm_cli_common opt;
  pm_scenario *sc = NULL;
  int first, status;

  if ((status = pm_cli_parse(argc, argv, usage, options, 1, &opt, &first)) ||
      opt.help)
    return status;
  if ((status = pm_scenario_load(&sc, argv[first])) ||
      (status = validate(sc, argv[first], published, traps, &opt)))
    status = pm_cli_fail("validate", status);
  pm_scenario_free(sc);
  return status;
}
