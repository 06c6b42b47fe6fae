/* stage_flux.c: the flux stage of `plankmap run` and `plankmap flux
 * CONFIG`: the particle flux of every observed sample and the Martin curve
 * of every profile, as the scenario's flux section says.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cli.h"
#include "pm_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* DIR/name, allocated. */
static char *join(const char *dir, const char *name)
{
  char *path = malloc(strlen(dir) + strlen(name) + 2);
  if (path) sprintf(path, "%s/%s", dir, name);
  return path;
}

int pm_cli_stage_flux(const pm_scenario *sc, const pm_obs *obs,
                      const pm_cli_common *opt, const char *dir)
{
  const pm_scenario_flux *f = &sc->flux;
  double *flux = malloc((obs->n_samples + 1) * sizeof *flux);
  pm_martin *fits = calloc(obs->n_profiles + 1, sizeof *fits);
  char *flux_path = join(dir, "flux_samples.tsv");
  char *att_path = join(dir, "flux_profiles.tsv");
  int status;

  if (!flux || !fits || !flux_path || !att_path) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = pm_cli_flux_of_samples(sc, obs, flux)) ||
      (status = pm_flux_profile_fits(
           obs, flux, f->ref_depth, f->max_depth,
           f->nonlinear ? PM_FLUX_FIT_NONLINEAR : PM_FLUX_FIT_LOG_LINEAR,
           fits)) ||
      (status = pm_cli_flux_tables(obs, flux, fits, flux_path, att_path)))
    goto cleanup;
  pm_cli_flux_reasons("flux", opt, obs, fits);
  pm_cli_note(opt, "wrote %s and %s (%zu samples, %zu profiles)\n", flux_path,
              att_path, obs->n_samples, obs->n_profiles);
cleanup:
  free(flux);
  free(fits);
  free(flux_path);
  free(att_path);
  return status;
}
