/* schema_flux.c: the settings of the `flux` section: how the particle flux
 * of a sample is estimated from its size spectrum, the depths of the flux
 * maps, the export horizons and the attenuation fit.
 *
 * configs/example_full.cfg documents every setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "load_internal.h"
#include "pm_error.h"
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

static const pm_schema_setting attenuation_settings[] = {
    {"ref_depth", PM_SCHEMA_NUMBER, ALL, 0, 0, 11000, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "reference depth z_ref (m) of the Martin curve; default 100"},
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
  double ref = zref ? pm_schema_number(zref) : 100.0;
  if (zmax && pm_schema_number(zmax) <= ref)
    return pm_schema_error(zmax, file,
                           "setting '%s.max_depth' (%g m) is not below the "
                           "reference depth (%g m)",
                           where, pm_schema_number(zmax), ref);
  return PM_SUCCESS;
}

static const pm_schema_section attenuation_section = {
    attenuation_settings, N(attenuation_settings), NULL, check_attenuation};

/* 1 when z is one of the depths of the flux maps: `depths`, or the
 * default ones when it is absent. */
static int map_depth(const config_setting_t *depths, double z)
{
  int j;
  if (!depths) return pm_scenario_flux_default_depth(z);
  for (j = 0; j < config_setting_length(depths); j++)
    if (pm_schema_number(config_setting_get_elem(depths, (unsigned)j)) == z)
      return 1;
  return 0;
}

/* Every export horizon (given, or the defaults 100 and 1000 m) is one of
 * the depths of the flux maps. */
static int check_flux(const config_setting_t *g, const char *file,
                      const char *where)
{
  static const double default_export[] = {100, 1000};
  const config_setting_t *h = config_setting_get_member(g, "export_depths");
  const config_setting_t *d = config_setting_get_member(g, "depths");
  int i, n = h ? config_setting_length(h) : 2;
  for (i = 0; i < n; i++) {
    double z = h ? pm_schema_number(config_setting_get_elem(h, (unsigned)i))
                 : default_export[i];
    if (!map_depth(d, z))
      return pm_schema_error(h ? h : d, file,
                             "setting '%s.export_depths': the export horizon "
                             "%g m is not one of the depths of the flux maps "
                             "('%s.depths'); add it there%s",
                             where, z, where,
                             h ? "" : " or give 'export_depths'");
  }
  return PM_SUCCESS;
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
    {"attenuation", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL,
     &attenuation_section, "the fit of the Martin curve"},
};

const pm_schema_section pm_schema_flux = {flux_settings, N(flux_settings),
                                          "estimator", check_flux};
