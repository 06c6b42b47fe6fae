/* stage_validate.c: the validate stage: a run's totals and flux maps beside
 * published estimates and point observations of POC flux (validation.md,
 * validation.tsv, validation_traps.tsv in the output folder).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_datadir.h"
#include "pm_error.h"
#include "pm_validation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* File k (of scenario `name`) of run folder `dir`, which a run must have
 * written. */
static int run_output(const char *dir, pm_run_file k, const char *name,
                      const char *config, char **path)
{
  struct stat st;

  if (!(*path = pm_run_file_path(dir, k, name))) return pm_error_nomem();
  if (stat(*path, &st) == 0 && S_ISREG(st.st_mode)) return PM_SUCCESS;
  pm_error(PM_EINPUT, "%s: not found; `plankmap run %s` writes it", *path,
           config);
  free(*path);
  *path = NULL;
  return PM_EINPUT;
}

/* The whole text of the run's flux_calibration.tsv (the flux stage writes
 * it when the flux section has `calibrate`). */
static int read_calibration(const pm_scenario *sc, const char *config,
                            char **text)
{
  char *path = NULL;
  FILE *f = NULL;
  long n;
  int status;

  *text = NULL;
  if (!sc->flux.calibrate) return PM_SUCCESS;
  if ((status = run_output(sc->output_dir, PM_RUN_FLUX_CALIBRATION, NULL,
                           config, &path)))
    return status;
  if (!(f = fopen(path, "rb")) || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET)) {
    status = pm_error(PM_EIO, "%s: cannot be read", path);
    goto cleanup;
  }
  if (!(*text = malloc((size_t)n + 1))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if (fread(*text, 1, (size_t)n, f) != (size_t)n) {
    status = pm_error(PM_EIO, "%s: cannot be read", path);
    goto cleanup;
  }
  (*text)[n] = '\0';
cleanup:
  if (f) fclose(f);
  if (status) {
    free(*text);
    *text = NULL;
  }
  free(path);
  return status;
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

/* "plankmap validate: wrote DIR/validation.md and DIR/validation.tsv" */
static void note_written(const pm_pipeline_opts *opt, const char *dir)
{
  char md[4096], tsv[4096];

  pm_run_file_format(md, sizeof md, dir, PM_RUN_VALIDATION_MD, NULL);
  pm_run_file_format(tsv, sizeof tsv, dir, PM_RUN_VALIDATION, NULL);
  pm_pipeline_note(opt, "plankmap validate: wrote %s and %s\n", md, tsv);
}

int pm_pipeline_validate_with(const pm_scenario *sc, const char *config,
                              const char *published, const char *traps,
                              const pm_pipeline_opts *opt)
{
  validation v = {0};
  char *totals_path = NULL, *maps_path = NULL, *pub_path = NULL,
       *traps_path = NULL, *calibration = NULL;
  size_t nflux = count_flux_models(sc);
  int status;

  if ((status = run_output(sc->output_dir, PM_RUN_TOTALS, NULL, config,
                           &totals_path)) ||
      (nflux && (status = run_output(sc->output_dir, PM_RUN_FLUX_MAPS,
                                     "baseline", config, &maps_path))) ||
      (status = table_path(published, "published.tsv", &pub_path)) ||
      (status = pm_published_read(&v.published, pub_path)) ||
      (status = pm_validation_totals_read(&v.totals, totals_path)) ||
      (status = read_calibration(sc, config, &calibration)) ||
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
                              v.stats, v.nflux, calibration};
    if ((status = pm_validation_write(sc->output_dir, &r))) goto cleanup;
  }
  note_written(opt, sc->output_dir);
cleanup:
  validation_free(&v);
  free(totals_path);
  free(maps_path);
  free(pub_path);
  free(traps_path);
  free(calibration);
  return status;
}

int pm_pipeline_stage_validate(const pm_scenario *sc, const char *config,
                               const pm_pipeline_opts *opt)
{
  return pm_pipeline_validate_with(sc, config, NULL, NULL, opt);
}
