/* schema_flux.c: the settings of the `flux` section: how the particle flux
 * of a sample is estimated from its size spectrum, the depths of the flux
 * maps, the export horizons and the attenuation fit.
 *
 * configs/example_full.cfg documents every setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_flux_calib.h"
#include "schema.h"

#include <math.h>
#include <string.h>

#define N(table) (sizeof table / sizeof table[0])
#define ALL PM_SCHEMA_ALL
#define GUIDI PM_SCHEMA_VARIANT(0)
#define MASS_SPEED PM_SCHEMA_VARIANT(1)

const char *const pm_scenario_flux_estimators[] = {"guidi", "mass-speed",
                                                   NULL};
const char *const pm_scenario_flux_fits[] = {"log-linear", "nonlinear", NULL};

/* Depths of the flux maps: the upper mesopelagic finely, down to 1000 m,
 * the depth range of the Martin et al. (1987) fit. */
const double pm_schema_flux_depths[PM_SCHEMA_FLUX_N_DEPTHS] = {
    100, 150, 200, 300, 500, 750, 1000};
/* The horizons of the published global export estimates
 * (validation/published.tsv); check_flux checks them against `depths`. */
const double pm_schema_flux_export[PM_SCHEMA_FLUX_N_EXPORT] = {100, 1000};

static const pm_schema_setting attenuation_settings[] = {
    {"ref_depth", PM_SCHEMA_NUMBER, ALL, 0, 0, 11000,
     PM_SCHEMA_MIN_OPEN | PM_SCHEMA_OR_NAME, NULL, NULL,
     "reference depth z_ref (m) of the Martin curve, or the name of an "
     "export horizon for a z_ref per cell and per profile; default 100"},
    {"max_depth", PM_SCHEMA_NUMBER, ALL, 0, 0, 11000, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "deepest sample (m) of the fit; default 1000"},
    {"fit", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_scenario_flux_fits, NULL,
     "least squares of ln F on ln(z/z_ref) (\"log-linear\", default) or of F "
     "(\"nonlinear\")"},
};

static int check_attenuation(const config_setting_t *g, const char *file,
                             const char *where)
{
  const config_setting_t *zmax = config_setting_get_member(g, "max_depth");
  const config_setting_t *zref = config_setting_get_member(g, "ref_depth");
  double ref = zref && pm_schema_is_number(zref) ? pm_schema_number(zref)
                                                 : 100.0;
  if (zref && !pm_schema_is_number(zref)) return PM_SUCCESS; /* per cell */
  if (zmax && pm_schema_number(zmax) <= ref)
    return pm_schema_error(zmax, file,
                           "setting '%s.max_depth' (%g m) is not below the "
                           "reference depth (%g m)",
                           where, pm_schema_number(zmax), ref);
  return PM_SUCCESS;
}

static const pm_schema_section attenuation_section = {
    attenuation_settings, N(attenuation_settings), NULL, check_attenuation};

static const pm_schema_setting calibrate_settings[] = {
    {"radius_km", PM_SCHEMA_NUMBER, ALL, ALL, 0, 20050, PM_SCHEMA_MIN_OPEN,
     NULL, NULL,
     "a trap is matched to the samples within this geodesic distance (km)"},
    {"depth_m", PM_SCHEMA_NUMBER, ALL, ALL, 0, 11000, 0, NULL, NULL,
     "and whose depth range holds the trap depth or lies within this many "
     "m of it"},
    {"nodes", PM_SCHEMA_LEVELS, ALL, 0, 0, 11000, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "depths (m) of A and b varying with depth (Clements et al. 2023), "
     "interpolated in log depth; absent: one A and b"},
    {"apply", PM_SCHEMA_BOOL, ALL, 0, 0, 0, 0, NULL, NULL,
     "true: the flux of every sample uses the calibrated A and b; default "
     "false (the calibration is only reported)"},
};

static int check_calibrate(const config_setting_t *g, const char *file,
                           const char *where)
{
  const config_setting_t *nodes = config_setting_get_member(g, "nodes");
  if (nodes && config_setting_length(nodes) > PM_FLUX_CALIB_MAX_NODES)
    return pm_schema_error(nodes, file,
                           "setting '%s.nodes': %d depth nodes; at most %d",
                           where, config_setting_length(nodes),
                           PM_FLUX_CALIB_MAX_NODES);
  return PM_SUCCESS;
}

static const pm_schema_section calibrate_section = {
    calibrate_settings, N(calibrate_settings), NULL, check_calibrate};

/* The j-th number of array s, or of `fallback` when s is absent. */
static double number_at(const config_setting_t *s, const double *fallback,
                        int j)
{
  return s ? pm_schema_number(config_setting_get_elem(s, (unsigned)j))
           : fallback[j];
}

/* 1 when z is one of the depths of the flux maps: `depths`, or the
 * default ones when it is absent. */
static int map_depth(const config_setting_t *depths, double z)
{
  int j, n = depths ? config_setting_length(depths) : PM_SCHEMA_FLUX_N_DEPTHS;
  for (j = 0; j < n; j++)
    if (number_at(depths, pm_schema_flux_depths, j) == z) return 1;
  return 0;
}

/* The horizon named `name` among export_horizons, or NULL. */
static const config_setting_t *horizon_named(const config_setting_t *list,
                                             const char *name)
{
  int i;
  for (i = 0; list && i < config_setting_length(list); i++) {
    const config_setting_t *h = config_setting_get_elem(list, (unsigned)i);
    const char *text = NULL;
    if (config_setting_lookup_string(h, "name", &text) && !strcmp(text, name))
      return h;
  }
  return NULL;
}

/* Per-cell horizons: unique names, each a covariate of the file; a
 * ref_depth given as a name names one of them. */
static int check_horizons(const config_setting_t *g, const char *file,
                          const char *where)
{
  const config_setting_t *list = config_setting_get_member(g, "export_horizons");
  const config_setting_t *att = config_setting_get_member(g, "attenuation");
  const config_setting_t *zref = att ? config_setting_get_member(att, "ref_depth")
                                     : NULL;
  const config_setting_t *covs =
      config_setting_get_member(config_setting_parent(g), "covariates");
  int i, j;
  for (i = 0; list && i < config_setting_length(list); i++) {
    const config_setting_t *h = config_setting_get_elem(list, (unsigned)i);
    const config_setting_t *c = config_setting_get_member(h, "covariate");
    const char *name = NULL, *cov = config_setting_get_string(c);
    int found = 0;
    config_setting_lookup_string(h, "name", &name);
    if (horizon_named(list, name) != h)
      return pm_schema_error(config_setting_get_member(h, "name"), file,
                             "setting '%s.export_horizons[%d].name': the "
                             "horizon '%s' is named twice; give each horizon "
                             "its own name", where, i, name);
    for (j = 0; covs && j < config_setting_length(covs); j++) {
      const char *text = NULL;
      config_setting_lookup_string(config_setting_get_elem(covs, (unsigned)j),
                                   "name", &text);
      found |= text && !strcmp(text, cov);
    }
    if (!found)
      return pm_schema_error(c, file,
                             "setting '%s.export_horizons[%d].covariate': "
                             "'%s' is not a covariate of the file; name one "
                             "of the `covariates` whose field is a depth (m)",
                             where, i, cov);
  }
  if (zref && !pm_schema_is_number(zref) &&
      !horizon_named(list, config_setting_get_string(zref)))
    return pm_schema_error(zref, file,
                           "setting '%s.attenuation.ref_depth': '%s' is not "
                           "the name of an export horizon; give a depth (m) "
                           "or a name of '%s.export_horizons'",
                           where, config_setting_get_string(zref), where);
  return PM_SUCCESS;
}

static const pm_schema_setting horizon_settings[] = {
    {"name", PM_SCHEMA_IDENT, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the horizon's name: the export through it is export_<name>"},
    {"covariate", PM_SCHEMA_IDENT, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the covariate whose value (m, positive down) is the horizon's depth "
     "in each cell"},
};

static const pm_schema_section horizon_section = {
    horizon_settings, N(horizon_settings), NULL, NULL};

/* Every export horizon (given, or the defaults 100 and 1000 m) is one of
 * the depths of the flux maps. */
static int check_flux(const config_setting_t *g, const char *file,
                      const char *where)
{
  const config_setting_t *h = config_setting_get_member(g, "export_depths");
  const config_setting_t *d = config_setting_get_member(g, "depths");
  int i, n = h ? config_setting_length(h) : PM_SCHEMA_FLUX_N_EXPORT;
  for (i = 0; i < n; i++) {
    double z = number_at(h, pm_schema_flux_export, i);
    if (!map_depth(d, z))
      return pm_schema_error(h ? h : d, file,
                             "setting '%s.export_depths': the export horizon "
                             "%g m is not one of the depths of the flux maps "
                             "('%s.depths'); add it there%s",
                             where, z, where,
                             h ? "" : " or give 'export_depths'");
  }
  return check_horizons(g, file, where);
}

static const pm_schema_setting flux_settings[] = {
    {"estimator", PM_SCHEMA_ENUM, ALL, ALL, 0, 0, 0,
     pm_scenario_flux_estimators, NULL,
     "the flux of a size spectrum: \"guidi\" (Guidi et al. 2008) or "
     "\"mass-speed\" (mass times sinking speed)"},
    {"A", PM_SCHEMA_NUMBER, GUIDI, 0, 0, INFINITY, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "Guidi et al. 2008 coefficient A; default 12.5"},
    {"b", PM_SCHEMA_NUMBER, GUIDI, 0, 0, 10, PM_SCHEMA_MIN_OPEN, NULL, NULL,
     "Guidi et al. 2008 exponent b; default 3.81"},
    {"alpha", PM_SCHEMA_NUMBER, MASS_SPEED, MASS_SPEED, 0, INFINITY,
     PM_SCHEMA_MIN_OPEN, NULL, NULL,
     "mass of a particle m = alpha d^zeta (mg C, d in mm)"},
    {"zeta", PM_SCHEMA_NUMBER, MASS_SPEED, MASS_SPEED, 0, 10, 0, NULL, NULL,
     "exponent zeta of the mass"},
    {"beta", PM_SCHEMA_NUMBER, MASS_SPEED, MASS_SPEED, 0, INFINITY,
     PM_SCHEMA_MIN_OPEN, NULL, NULL,
     "sinking speed w = beta d^eta (m d-1, d in mm)"},
    {"eta", PM_SCHEMA_NUMBER, MASS_SPEED, MASS_SPEED, 0, 10, 0, NULL, NULL,
     "exponent eta of the sinking speed"},
    {"size_mm", PM_SCHEMA_RANGE, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "size window [min, max] (mm, ESD) of the classes counted; default the "
     "estimator's range of validity"},
    {"spectrum_size_mm", PM_SCHEMA_RANGE, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "size window [min, max] (mm, ESD) of the power-law slope of each "
     "sample's number spectrum; default 'size_mm'"},
    {"depths", PM_SCHEMA_LEVELS, ALL, 0, 0, 11000, 0, NULL, NULL,
     "depths (m) of the flux maps; default 100, 150, 200, 300, 500, 750, "
     "1000"},
    {"export_depths", PM_SCHEMA_LEVELS, ALL, 0, 0, 11000, 0, NULL, NULL,
     "export horizons (m) of the global totals, among 'depths'; default 100 "
     "and 1000"},
    {"export_horizons", PM_SCHEMA_GROUPS, ALL, 0, 0, 0, 0, NULL,
     &horizon_section,
     "per-cell export horizons: groups { name; covariate; }, the horizon's "
     "depth in each cell the value of the covariate"},
    {"attenuation", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL,
     &attenuation_section, "the fit of the Martin curve"},
    {"spectrum_models", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL,
     &pm_schema_spectrum_models,
     "flux maps of the power-law spectrum rebuilt in every cell from the "
     "predictions of a log_biovolume and a slope model: { biovolume; "
     "slope; name; }"},
    {"calibrate", PM_SCHEMA_GROUP, GUIDI, 0, 0, 0, 0, NULL,
     &calibrate_section,
     "fit A and b to the trap fluxes of the installed traps.csv matched to "
     "the observed samples (flux_calibration.tsv)"},
};

const pm_schema_section pm_schema_flux = {flux_settings, N(flux_settings),
                                          "estimator", check_flux};
