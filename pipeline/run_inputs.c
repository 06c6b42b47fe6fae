/* run_inputs.c: the input files a scenario names, checked before the first
 * stage runs, so that a missing covariate or table stops the run before it
 * has rewritten any output.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_pipeline.h"
#include "pm_error.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* A named field's file, if any, must be readable. */
static int readable(const pm_scenario_field *f)
{
  if (!f->file || access(f->file, R_OK) == 0) return PM_SUCCESS;
  return pm_error(PM_EIO, "%s: %s: cannot read: %s", f->where, f->file,
                  strerror(errno));
}

int pm_pipeline_check_inputs(const pm_scenario *sc)
{
  size_t i, c;
  int status = PM_SUCCESS;

  for (i = 0; i < sc->n_covariates && !status; i++)
    status = readable(&sc->covariates[i].field);
  if (!status) status = readable(&sc->relief);
  if (!status && sc->n_models) status = readable(&sc->prediction.regions);
  for (i = 0; i < sc->n_cases && !status; i++)
    for (c = 0; c < sc->cases[i].n_changes && !status; c++)
      status = readable(&sc->cases[i].changes[c].field);
  if (!status && sc->biomass.carbon_table &&
      access(sc->biomass.carbon_table, R_OK) != 0)
    status = pm_error(PM_EIO, "%s: %s: cannot read: %s", sc->biomass.where,
                      sc->biomass.carbon_table, strerror(errno));
  return status;
}
