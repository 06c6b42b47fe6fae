/* load_flux.c: fill a pm_scenario's flux section from a validated scenario
 * file.  Settings left out stay NAN where the flux library has the default
 * (the estimator's coefficients and size window), so that the defaults
 * live in one place; the default depths are the schema's (schema_flux.c).
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

/* The estimator of a sample's flux: its coefficients and size windows. */
static void load_estimator(const config_setting_t *g, pm_scenario_flux *f)
{
  f->mass_speed = pm_scenario_enum_or_first(g, "estimator",
                                            pm_scenario_flux_estimators) == 1;
  f->A = pm_scenario_number_or(g, "A", NAN);
  f->b = pm_scenario_number_or(g, "b", NAN);
  f->alpha = pm_scenario_number_or(g, "alpha", NAN);
  f->zeta = pm_scenario_number_or(g, "zeta", NAN);
  f->beta = pm_scenario_number_or(g, "beta", NAN);
  f->eta = pm_scenario_number_or(g, "eta", NAN);
  f->size_min_mm = f->size_max_mm = NAN;
  f->slope_min_mm = f->slope_max_mm = NAN;
  pm_scenario_range_member(g, "size_mm", &f->size_min_mm, &f->size_max_mm);
  pm_scenario_range_member(g, "spectrum_size_mm", &f->slope_min_mm,
                           &f->slope_max_mm);
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

/* The two models whose spectrum is rebuilt in every cell, and the name of
 * its flux maps. */
static int load_spectrum(const pm_scenario_loader *ld,
                         const config_setting_t *g, pm_scenario_flux *f)
{
  int status;
  if (!g) return PM_SUCCESS;
  if ((status = pm_scenario_copy_member(g, "biovolume",
                                        &f->spectrum_biovolume)) ||
      (status = pm_scenario_copy_member(g, "slope", &f->spectrum_slope)) ||
      (status = pm_scenario_copy_member(g, "name", &f->spectrum_name)))
    return status;
  if (!f->spectrum_name && !(f->spectrum_name = strdup("flux_spectrum")))
    return pm_error_nomem();
  if (!(f->spectrum_where =
            pm_scenario_where_of(g, ld->file, "flux.spectrum_models")))
    return pm_error_nomem();
  return PM_SUCCESS;
}

/* The fit of the Martin curve, after the horizons: its reference depth is
 * a depth, or the name of a horizon for one per cell. */
static void load_attenuation(const config_setting_t *att, pm_scenario_flux *f)
{
  const config_setting_t *s =
      att ? config_setting_get_member(att, "ref_depth") : NULL;
  size_t i;

  if (s && !pm_schema_is_number(s))
    for (i = 0; i < f->n_horizons; i++)
      if (!strcmp(f->horizons[i].name, config_setting_get_string(s)))
        f->ref_horizon = (int)i;
  f->ref_depth = s && pm_schema_is_number(s) ? pm_schema_number(s) : 100.0;
  f->max_depth = pm_scenario_number_or(att, "max_depth", 1000.0);
  f->nonlinear =
      pm_scenario_enum_or_first(att, "fit", pm_scenario_flux_fits) == 1;
}

/* The calibration of A and b against the traps. */
static int load_calibrate(const config_setting_t *g, pm_scenario_flux *f)
{
  const config_setting_t *c = config_setting_get_member(g, "calibrate");
  const config_setting_t *s = c ? config_setting_get_member(c, "nodes") : NULL;
  const config_setting_t *apply = c ? config_setting_get_member(c, "apply")
                                    : NULL;

  if (!c) return PM_SUCCESS;
  f->calibrate = 1;
  f->calib_radius_km = pm_scenario_number_or(c, "radius_km", NAN);
  f->calib_depth_m = pm_scenario_number_or(c, "depth_m", NAN);
  f->calib_apply = apply && config_setting_get_bool(apply);
  return s ? pm_scenario_copy_numbers(s, &f->calib_nodes, &f->n_calib_nodes)
           : PM_SUCCESS;
}

int pm_scenario_load_flux(const pm_scenario_loader *ld,
                          const config_setting_t *root, pm_scenario *sc)
{
  const config_setting_t *g = config_setting_get_member(root, "flux");
  pm_scenario_flux *f = &sc->flux;
  int status;

  f->ref_horizon = -1;
  if (!g) return PM_SUCCESS;
  f->given = 1;
  load_estimator(g, f);
  if ((status = load_horizons(ld, g, f)) ||
      (status = load_spectrum(ld, config_setting_get_member(g,
                                                            "spectrum_models"),
                              f)))
    return status;
  load_attenuation(config_setting_get_member(g, "attenuation"), f);
  if ((status = load_calibrate(g, f))) return status;
  if (!(f->where = pm_scenario_where_of(g, ld->file, "flux")))
    return pm_error_nomem();
  if ((status = numbers_or(g, "depths", pm_schema_flux_depths,
                           PM_SCHEMA_FLUX_N_DEPTHS, &f->depths, &f->n_depths)))
    return status;
  return numbers_or(g, "export_depths", pm_schema_flux_export,
                    PM_SCHEMA_FLUX_N_EXPORT, &f->export_depths,
                    &f->n_export_depths);
}

void pm_scenario_free_flux(pm_scenario_flux *f)
{
  free(f->where);
  free(f->depths);
  free(f->export_depths);
  free(f->calib_nodes);
  for (size_t i = 0; i < f->n_horizons; i++) {
    free(f->horizons[i].name);
    free(f->horizons[i].covariate);
    free(f->horizons[i].where);
  }
  free(f->horizons);
  free(f->spectrum_biovolume);
  free(f->spectrum_slope);
  free(f->spectrum_name);
  free(f->spectrum_where);
}
