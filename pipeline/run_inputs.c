/* run_inputs.c: the input files a scenario names, checked before the first
 * stage runs, so that a missing covariate or table stops the run before it
 * has rewritten any output.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

size_t pm_pipeline_nfields(const pm_scenario *sc)
{
  size_t i, n = sc->n_covariates + 2;
  for (i = 0; i < sc->n_cases; i++) n += sc->cases[i].n_changes;
  return n;
}

static void add(const pm_scenario_field *f, const pm_scenario_field **out,
                size_t *n)
{
  if (f->file) out[(*n)++] = f;
}

size_t pm_pipeline_fields(const pm_scenario *sc, unsigned which,
                          const pm_scenario_field **out)
{
  size_t i, c, n = 0;

  if (which & PM_FIELDS_FIT)
    for (i = 0; i < sc->n_covariates; i++)
      add(&sc->covariates[i].field, out, &n);
  if (!(which & PM_FIELDS_PREDICT)) return n;
  add(&sc->relief, out, &n);
  add(&sc->prediction.regions, out, &n);
  for (i = 0; i < sc->n_cases; i++)
    for (c = 0; c < sc->cases[i].n_changes; c++)
      add(&sc->cases[i].changes[c].field, out, &n);
  return n;
}

/* The file `file` that the setting at `where` names can be read. */
static int readable(const char *where, const char *file)
{
  if (access(file, R_OK) == 0) return PM_SUCCESS;
  return pm_error(PM_EIO, "%s: %s: cannot read: %s", where, file,
                  strerror(errno));
}

int pm_pipeline_check_inputs(const pm_scenario *sc)
{
  const pm_scenario_field **f = malloc((pm_pipeline_nfields(sc) + 1) *
                                       sizeof *f);
  size_t i, n;
  int status = PM_SUCCESS;

  if (!f) return pm_error_nomem();
  n = pm_pipeline_fields(sc, PM_FIELDS_FIT | PM_FIELDS_PREDICT, f);
  for (i = 0; i < n && !status; i++)
    status = readable(f[i]->where, f[i]->file);
  free(f);
  if (!status && sc->biomass.carbon_table)
    status = readable(sc->biomass.where, sc->biomass.carbon_table);
  if (!status && sc->recovery.given &&
      !(status = readable(sc->recovery.where, sc->recovery.truth_map)))
    status = readable(sc->recovery.where, sc->recovery.truth_totals);
  return status;
}
