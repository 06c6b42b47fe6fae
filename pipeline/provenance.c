/* provenance.c: what the maps of a run were made from, for their global
 * attributes: the command, the scenario file, and every file the predict
 * stage reads (the model files, covariate, relief, region and scenario
 * fields) with its SHA-256, so that a map can be traced to its inputs as
 * observations.nc can.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "config.h"
#include "stage_predict.h"
#include "pm_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Add `file` (NULL: none) unless already listed. */
static void add(pm_pipeline_provenance *p, const char *file)
{
  size_t i;
  if (!file) return;
  for (i = 0; i < p->n; i++)
    if (!strcmp(p->files[i], file)) return;
  p->files[p->n++] = file;
}

/* The model files and every field file. */
static int gather(pm_pipeline_provenance *p, const pm_scenario *sc,
                  const pm_pipeline_fitted *models, size_t nmodels)
{
  const pm_scenario_field **f = malloc((pm_pipeline_nfields(sc) + 1) *
                                       sizeof *f);
  size_t i, nf;

  if (!f) return pm_error_nomem();
  for (i = 0; i < nmodels; i++) add(p, models[i].path);
  nf = pm_pipeline_fields(sc, PM_FIELDS_FIT | PM_FIELDS_PREDICT, f);
  for (i = 0; i < nf; i++) add(p, f[i]->file);
  free(f);
  return PM_SUCCESS;
}

char *pm_pipeline_command(const pm_scenario *sc, const pm_pipeline_opts *opt)
{
  const char *given = opt ? opt->command : NULL;
  size_t size = (given ? strlen(given) : strlen(sc->path) + 4) + 1;
  char *text = malloc(size);

  if (!text) return NULL;
  if (given)
    snprintf(text, size, "%s", given);
  else
    snprintf(text, size, "run %s", sc->path);
  return text;
}

static int command_text(pm_pipeline_provenance *p, const pm_scenario *sc,
                        const pm_pipeline_opts *opt)
{
  return (p->command = pm_pipeline_command(sc, opt)) ? PM_SUCCESS
                                                     : pm_error_nomem();
}

int pm_pipeline_provenance_alloc(pm_pipeline_provenance *p,
                                 const pm_scenario *sc,
                                 const pm_pipeline_fitted *models,
                                 size_t nmodels, const pm_pipeline_opts *opt)
{
  size_t max = nmodels + pm_pipeline_nfields(sc), i;
  int status;

  memset(p, 0, sizeof *p);
  p->files = calloc(max + 1, sizeof *p->files);
  p->hex = calloc(max + 1, sizeof *p->hex);
  p->hashes = calloc(max + 1, sizeof *p->hashes);
  if (!p->files || !p->hex || !p->hashes) return pm_error_nomem();
  if ((status = command_text(p, sc, opt)) ||
      (status = gather(p, sc, models, nmodels)))
    return status;
  for (i = 0; i < p->n; i++) {
    if ((status = pm_sha256_file(p->files[i], p->hex[i]))) return status;
    p->hashes[i] = p->hex[i];
  }
  return PM_SUCCESS;
}

void pm_pipeline_provenance_meta(const pm_pipeline_provenance *p,
                                 const pm_scenario *sc, pm_nc_meta *meta)
{
  pm_nc_meta_init(meta);
  meta->version = PACKAGE_VERSION;
  meta->command = p->command;
  meta->config_path = sc->path;
  meta->config_text = sc->text;
  meta->input_files = p->files;
  meta->input_sha256 = p->hashes;
  meta->n_input_files = p->n;
}

void pm_pipeline_provenance_free(pm_pipeline_provenance *p)
{
  free(p->files);
  free(p->hex);
  free(p->hashes);
  free(p->command);
  memset(p, 0, sizeof *p);
}
