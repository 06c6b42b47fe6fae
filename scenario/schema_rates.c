/* schema_rates.c: the settings of the `rates` section: per rate set, the
 * models and the temperature covariate its rates derive from, the
 * respiration form, the carbon-demand efficiencies, the silica of
 * silicifying taxa and the depth layers of extra totals.
 *
 * configs/example_full.cfg documents every setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "schema.h"

#include <math.h>
#include <string.h>

#define N(table) (sizeof table / sizeof table[0])
#define ALL PM_SCHEMA_ALL
#define IKEDA PM_SCHEMA_VARIANT(0)
#define Q10 PM_SCHEMA_VARIANT(1)

const char *const pm_scenario_respiration_forms[] = {"ikeda", "q10", NULL};

static int check_silica(const config_setting_t *g, const char *file,
                        const char *where)
{
  int per_ind = config_setting_get_member(g, "si_per_individual_mol") != NULL;
  int per_c = config_setting_get_member(g, "si_per_mgC_mol") != NULL;
  if (per_ind == per_c)
    return pm_schema_error(g, file,
                           "'%s' needs exactly one of 'si_per_individual_mol' "
                           "and 'si_per_mgC_mol' (it has %s)",
                           where, per_ind ? "both" : "neither");
  return PM_SUCCESS;
}

static const pm_schema_setting silica_settings[] = {
    {"si_per_individual_mol", PM_SCHEMA_NUMBER, ALL, 0, 0, INFINITY, 0, NULL,
     NULL, "biogenic silica per individual (mol Si)"},
    {"si_per_mgC_mol", PM_SCHEMA_NUMBER, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "biogenic silica per mg C of biomass (mol Si)"},
    {"rate_per_d", PM_SCHEMA_NUMBER, ALL, ALL, 0, INFINITY, 0, NULL, NULL,
     "specific silica production rate (d-1)"},
};

static const pm_schema_section silica_section = {
    silica_settings, N(silica_settings), NULL, check_silica};

const config_setting_t *pm_schema_model_named(const config_setting_t *root,
                                              const config_setting_t *s,
                                              const char *file,
                                              const char *where, int *status)
{
  const config_setting_t *models = config_setting_get_member(root, "models");
  const char *name = config_setting_get_string(s);
  int i;

  for (i = 0; models && i < config_setting_length(models); i++) {
    const config_setting_t *m = config_setting_get_elem(models, (unsigned)i);
    const char *mn = NULL;
    if (config_setting_lookup_string(m, "name", &mn) && !strcmp(mn, name))
      return m;
  }
  *status = pm_schema_error(s, file,
                            "setting '%s.%s': no model named '%s'; name one "
                            "of the `models` section",
                            where, config_setting_name(s), name);
  return NULL;
}

/* "biomass", "flux", a spectrum parameter or NULL (a count) for model m. */
static const char *response_kind(const config_setting_t *m)
{
  const config_setting_t *r = config_setting_get_member(m, "response");
  if (r && config_setting_get_member(r, "biomass")) return "biomass";
  if (r && config_setting_get_member(r, "flux")) return "flux";
  if (r && config_setting_get_member(r, "spectrum"))
    return "a size-spectrum parameter";
  return NULL;
}

static int check_models(const config_setting_t *root,
                        const config_setting_t *g, const char *file,
                        const char *where)
{
  const config_setting_t *b = config_setting_get_member(g, "biomass_model");
  const config_setting_t *a = config_setting_get_member(g, "abundance_model");
  const config_setting_t *mass =
      config_setting_get_member(g, "individual_mass_mgC");
  const config_setting_t *m;
  int status = PM_SUCCESS;

  if (!(m = pm_schema_model_named(root, b, file, where, &status)))
    return status;
  if (!response_kind(m) || strcmp(response_kind(m), "biomass"))
    return pm_schema_error(b, file,
                           "setting '%s.biomass_model': model '%s' is not a "
                           "biomass model; name a model with response = { "
                           "biomass = true; }",
                           where, config_setting_get_string(b));
  if (a && !(m = pm_schema_model_named(root, a, file, where, &status)))
    return status;
  if (a && response_kind(m))
    return pm_schema_error(a, file,
                           "setting '%s.abundance_model': model '%s' models "
                           "%s, not counts; name a model of a class, classes "
                           "or size window",
                           where, config_setting_get_string(a),
                           response_kind(m));
  if (!a == !mass)
    return pm_schema_error(a ? a : g, file,
                           "'%s' needs exactly one of 'abundance_model' and "
                           "'individual_mass_mgC' (it has %s): the mean "
                           "individual mass comes from one of them",
                           where, a ? "both" : "neither");
  return PM_SUCCESS;
}

static int check_temperature(const config_setting_t *root,
                             const config_setting_t *g, const char *file,
                             const char *where)
{
  const config_setting_t *t = config_setting_get_member(g, "temperature");
  const config_setting_t *cov = config_setting_get_member(root, "covariates");
  const char *name = config_setting_get_string(t);
  int i;

  for (i = 0; cov && i < config_setting_length(cov); i++) {
    const config_setting_t *c = config_setting_get_elem(cov, (unsigned)i);
    const char *cn = NULL, *tr = NULL;
    if (!config_setting_lookup_string(c, "name", &cn) || strcmp(cn, name))
      continue;
    if (config_setting_lookup_string(c, "transform", &tr) &&
        strcmp(tr, "none"))
      return pm_schema_error(t, file,
                             "setting '%s.temperature': covariate '%s' is "
                             "transformed (%s); the rates need the "
                             "temperature itself: add a covariate of the same "
                             "field without a transform",
                             where, name, tr);
    return PM_SUCCESS;
  }
  return pm_schema_error(t, file,
                         "setting '%s.temperature': no covariate named '%s'; "
                         "name the covariate that holds the temperature "
                         "(degrees C)",
                         where, name);
}

/* The rate set's models and covariate exist and are of the right kind;
 * the file's top level is two levels up (rates, then the root). */
static int check_rate_set(const config_setting_t *g, const char *file,
                          const char *where)
{
  const config_setting_t *root =
      config_setting_parent(config_setting_parent(g));
  int status;

  if ((status = check_models(root, g, file, where))) return status;
  return check_temperature(root, g, file, where);
}

static const pm_schema_setting rate_settings[] = {
    {"name", PM_SCHEMA_NAME, ALL, ALL, 0, 0, 0, NULL, NULL,
     "name of the rate set, the prefix of its maps and totals"},
    {"biomass_model", PM_SCHEMA_NAME, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the model of the carbon biomass (response = { biomass = true; })"},
    {"abundance_model", PM_SCHEMA_NAME, ALL, 0, 0, 0, 0, NULL, NULL,
     "the count model of the same organisms (ind m-3); the mean individual "
     "mass is biomass / abundance"},
    {"individual_mass_mgC", PM_SCHEMA_NUMBER, ALL, 0, 0, INFINITY,
     PM_SCHEMA_MIN_OPEN, NULL, NULL,
     "mean individual mass (mg C ind-1) when there is no abundance model"},
    {"temperature", PM_SCHEMA_IDENT, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the covariate that holds the temperature (degrees C)"},
    {"respiration", PM_SCHEMA_ENUM, ALL, ALL, 0, 0, 0,
     pm_scenario_respiration_forms, NULL,
     "\"ikeda\" (Ikeda 1985, from body mass and temperature) or \"q10\" "
     "(a specific rate at a reference temperature)"},
    {"a0", PM_SCHEMA_NUMBER, IKEDA, 0, -INFINITY, INFINITY, 0, NULL, NULL,
     "intercept of ln R = a0 + a1 ln W + a2 T (R in ul O2 ind-1 h-1, W in "
     "mg C ind-1); default the library's, when it has a checked one"},
    {"a1", PM_SCHEMA_NUMBER, IKEDA, 0, -INFINITY, INFINITY, 0, NULL, NULL,
     "body-mass exponent a1; default the library's, when it has a checked "
     "one"},
    {"a2", PM_SCHEMA_NUMBER, IKEDA, 0, -INFINITY, INFINITY, 0, NULL, NULL,
     "temperature coefficient a2 (per degree C); default 0.0601 (Ikeda "
     "1985)"},
    {"rq", PM_SCHEMA_NUMBER, IKEDA, 0, 0, 2, PM_SCHEMA_MIN_OPEN, NULL, NULL,
     "respiratory quotient (mol CO2 / mol O2); default the library's, when "
     "it has a checked one"},
    {"q10", PM_SCHEMA_NUMBER, Q10, Q10, 0, INFINITY, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "factor of the rate per 10 degrees C"},
    {"r_ref_per_d", PM_SCHEMA_NUMBER, Q10, Q10, 0, INFINITY, 0, NULL, NULL,
     "specific respiration (mg C respired per mg C biomass per day) at "
     "t_ref"},
    {"t_ref", PM_SCHEMA_NUMBER, Q10, Q10, -5, 40, 0, NULL, NULL,
     "reference temperature of r_ref_per_d (degrees C)"},
    {"assimilation_efficiency", PM_SCHEMA_NUMBER, ALL, ALL, 0, 1,
     PM_SCHEMA_MIN_OPEN, NULL, NULL,
     "fraction ae of the ingested carbon that is assimilated, in (0, 1]"},
    {"net_growth_efficiency", PM_SCHEMA_NUMBER, ALL, ALL, 0, 1,
     PM_SCHEMA_MAX_OPEN, NULL, NULL,
     "fraction k2 of the assimilated carbon that goes to growth, in [0, 1)"},
    {"silica", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &silica_section,
     "biogenic silica stock and production of silicifying taxa"},
    {"layers", PM_SCHEMA_RANGES, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "depth layers [top, bottom] (m) of extra totals.tsv rows "
     "<name>_<rate>_<top>_<bottom>m (numbers as %g), each inside the "
     "prediction's depth range; a cell counts by the fraction of its layer "
     "inside"},
};

const pm_schema_section pm_schema_rates = {rate_settings, N(rate_settings),
                                           "respiration", check_rate_set};
