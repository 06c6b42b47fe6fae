/* load_flux.c: fill a pm_scenario's flux section from a validated scenario
 * file.  Settings left out stay NAN where the flux library has the default
 * (the estimator's coefficients and size window), so that the defaults
 * live in one place.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "load_internal.h"
#include "paths.h"
#include "pm_error.h"
#include "schema.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(table) (sizeof table / sizeof table[0])

/* Depths of the flux maps: the upper mesopelagic finely, down to 1000 m,
 * the depth range of the Martin et al. (1987) fit. */
static const double default_depths[] = {100, 150, 200, 300, 500, 750, 1000};
/* The horizons of the published global export estimates
 * (validation/published.tsv); schema_flux.c checks them against `depths`. */
static const double default_export[] = {100, 1000};

int pm_scenario_flux_default_depth(double z)
{
  size_t i;
  for (i = 0; i < N(default_depths); i++)
    if (default_depths[i] == z) return 1;
  return 0;
}

/* An array member, or a copy of the defaults when absent. */
static int numbers_or(const config_setting_t *g, const char *name,
                      const double *fallback, size_t nfallback, double **out,
                      size_t *n)
{
  const config_setting_t *s = config_setting_get_member(g, name);
  if (s) return pm_scenario_copy_numbers(s, out, n);
  if (!(*out = malloc(nfallback * sizeof **out))) return pm_error_nomem();
  memcpy(*out, fallback, nfallback * sizeof **out);
  *n = nfallback;
  return PM_SUCCESS;
}

/* The per-cell export horizons. */
static int load_horizons(const pm_scenario_loader *ld,
                         const config_setting_t *g, pm_scenario_flux *f)
{
  const config_setting_t *list = config_setting_get_member(g, "export_horizons");
  size_t i, n = list ? (size_t)config_setting_length(list) : 0;
  char where[64];
  int status = PM_SUCCESS;

  if (n == 0) return PM_SUCCESS;
  if (!(f->horizons = calloc(n, sizeof *f->horizons))) return pm_error_nomem();
  for (i = 0; i < n && !status; i++) {
    const config_setting_t *h = config_setting_get_elem(list, (unsigned)i);
    pm_scenario_horizon *hz = &f->horizons[f->n_horizons++];
    snprintf(where, sizeof where, "flux.export_horizons[%zu]", i);
    if ((status = pm_scenario_copy_member(h, "name", &hz->name)) ||
        (status = pm_scenario_copy_member(h, "covariate", &hz->covariate)))
      break;
    if (!(hz->where = pm_scenario_where_of(h, ld->file, where)))
      status = pm_error_nomem();
  }
  return status;
}

int pm_scenario_load_flux(const pm_scenario_loader *ld,
                          const config_setting_t *root, pm_scenario *sc)
{
  const config_setting_t *g = config_setting_get_member(root, "flux");
  const config_setting_t *att, *size, *slope, *s;
  pm_scenario_flux *f = &sc->flux;
  const char *name = NULL;
  size_t i;
  int status;

  f->ref_horizon = -1;
  if (!g) return PM_SUCCESS;
  f->given = 1;
  att = config_setting_get_member(g, "attenuation");
  size = config_setting_get_member(g, "size_mm");
  slope = config_setting_get_member(g, "spectrum_size_mm");
  config_setting_lookup_string(g, "estimator", &name);
  f->mass_speed = pm_scenario_index_of(pm_scenario_flux_estimators, name) == 1;
  f->A = pm_scenario_number_or(g, "A", NAN);
  f->b = pm_scenario_number_or(g, "b", NAN);
  f->alpha = pm_scenario_number_or(g, "alpha", NAN);
  f->zeta = pm_scenario_number_or(g, "zeta", NAN);
  f->beta = pm_scenario_number_or(g, "beta", NAN);
  f->eta = pm_scenario_number_or(g, "eta", NAN);
  f->size_min_mm =
      size ? pm_schema_number(config_setting_get_elem(size, 0)) : NAN;
  f->size_max_mm =
      size ? pm_schema_number(config_setting_get_elem(size, 1)) : NAN;
  f->slope_min_mm =
      slope ? pm_schema_number(config_setting_get_elem(slope, 0)) : NAN;
  f->slope_max_mm =
      slope ? pm_schema_number(config_setting_get_elem(slope, 1)) : NAN;
  if ((status = load_horizons(ld, g, f))) return status;
  s = att ? config_setting_get_member(att, "ref_depth") : NULL;
  if (s && !pm_schema_is_number(s))
    for (i = 0; i < f->n_horizons; i++)
      if (!strcmp(f->horizons[i].name, config_setting_get_string(s)))
        f->ref_horizon = (int)i;
  f->ref_depth = s && pm_schema_is_number(s) ? pm_schema_number(s) : 100.0;
  f->max_depth = pm_scenario_number_or(att, "max_depth", 1000.0);
  name = NULL;
  if (att) config_setting_lookup_string(att, "fit", &name);
  f->nonlinear = name && pm_scenario_index_of(pm_scenario_flux_fits, name) == 1;
  if (!(f->where = pm_scenario_where_of(g, ld->file, "flux")))
    return pm_error_nomem();
  if ((status = numbers_or(g, "depths", default_depths, N(default_depths),
                           &f->depths, &f->n_depths)))
    return status;
  return numbers_or(g, "export_depths", default_export, N(default_export),
                    &f->export_depths, &f->n_export_depths);
}

void pm_scenario_free_flux(pm_scenario_flux *f)
{
  free(f->where);
  free(f->depths);
  free(f->export_depths);
  for (size_t i = 0; i < f->n_horizons; i++) {
    free(f->horizons[i].name);
    free(f->horizons[i].covariate);
    free(f->horizons[i].where);
  }
  free(f->horizons);
}
