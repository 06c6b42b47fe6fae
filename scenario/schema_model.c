/* schema_model.c: the settings of the covariates, relief, models, prediction
 * and scenarios sections, and the rules that join them.
 *
 * configs/example_full.cfg documents every setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_builtin.h"
#include "pm_error.h"
#include "pm_family.h"
#include "pm_formula.h"
#include "pm_scenario.h"
#include "schema.h"
#include "pm_suggest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define N(table) (sizeof table / sizeof table[0])
#define ALL PM_SCHEMA_ALL
#define TEXT_SIZE 512
#define MAX_NAMES 256 /* names listed in a message about an unknown one */

const char *const pm_scenario_transforms[] = {"none", "log", "log10", "sqrt",
                                              NULL};
const char *const pm_scenario_methods[] = {"REML", "GCV", NULL};
/* In the order of pm_discrete_mode. */
const char *const pm_scenario_discrete[] = {"auto", "yes", "no", NULL};
const char *const pm_scenario_frames[] = {"samples", "cells", NULL};
const char *const pm_scenario_cv_by[] = {"profile", "block", NULL};
const char *const pm_scenario_derived[] = {"mld", "mld_max", NULL};

static const char *const annual[] = {"annual", NULL};
static const char *const latitude_bands[] = {"latitude_bands", NULL};

/* How many of the settings `names` (NULL-terminated) group g holds; the
 * last one found in *found. */
static int count_members(const config_setting_t *g, const char *const *names,
                         const config_setting_t **found)
{
  int n = 0, i;
  for (i = 0; names[i]; i++) {
    const config_setting_t *s = config_setting_get_member(g, names[i]);
    if (s) {
      n++;
      *found = s;
    }
  }
  return n;
}

/* ---- covariates[i], relief, prediction.regions ---- */

/* A covariate is a field of a file (file and variable) or derived from
 * others (derived, temperature and optional salinity), not both. */
static int check_covariate_source(const config_setting_t *g, const char *file,
                                  const char *where)
{
  static const char *const of_file[] = {"file", "variable", NULL};
  static const char *const of_mld[] = {"temperature", NULL};
  const config_setting_t *derived = config_setting_get_member(g, "derived");
  const char *const *need = derived ? of_mld : of_file;
  int i;
  if (derived && config_setting_get_member(g, "file"))
    return pm_schema_error(derived, file,
                           "'%s' has both 'file' and 'derived'; a covariate "
                           "is read from a file or derived, not both",
                           where);
  for (i = 0; need[i]; i++)
    if (!config_setting_get_member(g, need[i]))
      return pm_schema_error(derived ? derived : g, file,
                             "'%s' has no '%s'; %s", where, need[i],
                             derived ? "a derived mixed-layer depth needs "
                                       "the name of a temperature covariate "
                                       "(and of a salinity covariate for "
                                       "the density criterion)"
                                     : "give the field's 'file' and "
                                       "'variable', or 'derived'");
  return PM_SUCCESS;
}

static int check_covariate(const config_setting_t *g, const char *file,
                           const char *where)
{
  const config_setting_t *s = config_setting_get_member(g, "name");
  const char *name = config_setting_get_string(s);
  size_t i;
  for (i = 0; pm_builtin_names[i]; i++)
    if (strcmp(name, pm_builtin_names[i]) == 0)
      return pm_schema_error(s, file,
                             "setting '%s.name': '%s' is a built-in covariate "
                             "(%s); choose another name",
                             where, name, pm_builtin_list);
  if (strcmp(name, "count") == 0 || strcmp(name, "biomass") == 0 ||
      strcmp(name, "flux") == 0 ||
      strcmp(name, pm_scenario_spectrum_params[0]) == 0 ||
      strcmp(name, pm_scenario_spectrum_params[1]) == 0)
    return pm_schema_error(s, file,
                           "setting '%s.name': '%s' is the name of the "
                           "response in formulas; choose another name",
                           where, name);
  return check_covariate_source(g, file, where);
}

static const pm_schema_setting covariate_settings[] = {
    {"name", PM_SCHEMA_IDENT, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the covariate's name in formulas, unique"},
    {"file", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "CF NetCDF file of the field, relative to the input folder "
     "(input_dir); required unless 'derived'"},
    {"variable", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "the field's variable in the file; required with 'file'"},
    {"derived", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_scenario_derived, NULL,
     "instead of a file: \"mld\", the mixed-layer depth (m) of the "
     "'temperature' and 'salinity' covariates (de Boyer Montegut et al. "
     "2004: density 0.03 kg m-3 above its 10 m value; without 'salinity', "
     "temperature 0.2 deg C from its 10 m value), or \"mld_max\", the "
     "annual maximum of the monthly mixed-layer depths (the fields must be "
     "12-month climatologies); it may name an export horizon, not be read "
     "by a formula"},
    {"temperature", PM_SCHEMA_IDENT, ALL, 0, 0, 0, 0, NULL, NULL,
     "derived: the covariate of temperature (deg C)"},
    {"salinity", PM_SCHEMA_IDENT, ALL, 0, 0, 0, 0, NULL, NULL,
     "derived: the covariate of practical salinity; without it the "
     "temperature criterion"},
    {"transform", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_scenario_transforms, NULL,
     "function applied to the field's values; default none"},
    {"max_distance_km", PM_SCHEMA_NUMBER, ALL, 0, 0, 20040, 0, NULL, NULL,
     "radius (km) of the search for the nearest ocean value; default 100"},
};
const pm_schema_section pm_schema_covariate = {
    covariate_settings, N(covariate_settings), NULL, check_covariate};

static const pm_schema_setting field_settings[] = {
    {"file", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "CF NetCDF file, relative to the input folder (input_dir)"},
    {"variable", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the variable in the file"},
};
const pm_schema_section pm_schema_field = {field_settings, N(field_settings),
                                           NULL, NULL};

/* ---- models[i] ---- */

static const char *const response_kinds[] = {"class", "classes", "size",
                                             "biomass", "flux", NULL};

/* A spectrum parameter over a size window: `spectrum` and `size`, and
 * nothing else. */
static int check_spectrum(const config_setting_t *g, const char *file,
                          const char *where)
{
  const config_setting_t *s = g;
  if (!config_setting_get_member(g, "size"))
    return pm_schema_error(config_setting_get_member(g, "spectrum"), file,
                           "'%s' gives 'spectrum' without 'size'; give the "
                           "size window [min, max] (um, ESD) of the spectrum",
                           where);
  if (count_members(g, response_kinds, &s) != 1)
    return pm_schema_error(g, file,
                           "'%s' gives 'spectrum' with another response; a "
                           "spectrum response has 'spectrum' and 'size' only",
                           where);
  return PM_SUCCESS;
}

static int check_response(const config_setting_t *g, const char *file,
                          const char *where)
{
  const config_setting_t *s = g;
  if (config_setting_get_member(g, "spectrum"))
    return check_spectrum(g, file, where);
  if (count_members(g, response_kinds, &s) != 1)
    return pm_schema_error(g, file,
                           "'%s' must hold exactly one of class, classes, "
                           "size, biomass or flux, or spectrum with size",
                           where);
  if (config_setting_type(s) == CONFIG_TYPE_BOOL &&
      !config_setting_get_bool(s))
    return pm_schema_error(s, file,
                           "setting '%s.%s' is false; set it to true, or "
                           "give class, classes or size instead",
                           where, config_setting_name(s));
  return PM_SUCCESS;
}

static const pm_schema_setting response_settings[] = {
    {"class", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "counts of one class"},
    {"classes", PM_SCHEMA_STRINGS, ALL, 0, 0, 0, 0, NULL, NULL,
     "counts of several classes, summed"},
    {"size", PM_SCHEMA_RANGE, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "counts of the particles in a size window [min, max] (um, ESD)"},
    {"biomass", PM_SCHEMA_BOOL, ALL, 0, 0, 0, 0, NULL, NULL,
     "true: the biomass of the classes kept"},
    {"flux", PM_SCHEMA_BOOL, ALL, 0, 0, 0, 0, NULL, NULL,
     "true: the particle flux of each sample (the `flux` section)"},
    {"spectrum", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_scenario_spectrum_params,
     NULL,
     "with 'size': \"log_biovolume\", ln of the biovolume (mm3 m-3) of the "
     "particles in the window, or \"slope\", the slope of their number "
     "spectrum; family gaussian"},
};
static const pm_schema_section response_section = {
    response_settings, N(response_settings), NULL, check_response};

static const pm_schema_setting uncertainty_settings[] = {
    {"draws", PM_SCHEMA_NUMBER, ALL, 0, 1, 1e6, PM_SCHEMA_INTEGER, NULL, NULL,
     "draws of the coefficients from their posterior; default 200"},
    {"seed", PM_SCHEMA_NUMBER, ALL, 0, 0, 4294967295.0, PM_SCHEMA_INTEGER, NULL,
     NULL, "seed of the random number generator; default 1"},
    {"bootstrap", PM_SCHEMA_NUMBER, ALL, 0, 0, 1e5, PM_SCHEMA_INTEGER, NULL,
     NULL, "refits on profiles resampled with replacement; default 0"},
};
static const pm_schema_section uncertainty_section = {
    uncertainty_settings, N(uncertainty_settings), NULL, NULL};

static const pm_schema_setting cv_settings[] = {
    {"folds", PM_SCHEMA_NUMBER, ALL, 0, 2, 1000, PM_SCHEMA_INTEGER, NULL, NULL,
     "number of cross-validation folds; default 5"},
    {"by", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_scenario_cv_by, NULL,
     "what a fold holds out whole: profiles or spatial blocks; default "
     "profile"},
    {"block_deg", PM_SCHEMA_NUMBER, PM_SCHEMA_VARIANT(1), 0, 0, 180,
     PM_SCHEMA_MIN_OPEN, NULL, NULL,
     "size (degrees) of the spatial blocks; default 10"},
};
static const pm_schema_section cv_section = {cv_settings, N(cv_settings), "by",
                                             NULL};

/* "file:line: setting 'where.name': " before the recorded message. */
static int prefix_error(int status, const config_setting_t *s, const char *file,
                        const char *where)
{
  return pm_error_prefix(status, "%s:%u: setting '%s.%s'",
                         pm_schema_file(s, file), config_setting_source_line(s),
                         where, config_setting_name(s));
}

/* A fixed theta or Tweedie power only with the family it belongs to, and
 * not when the family's spelling, nb(theta=3), fixes it already. */
static int check_fixed(const config_setting_t *g, const char *file,
                       const char *where, const char *name,
                       pm_family_kind owner, const pm_family *fam, int fixed)
{
  const config_setting_t *s = config_setting_get_member(g, name);
  if (!s) return PM_SUCCESS;
  if (fam->kind == owner && fixed)
    return pm_schema_error(s, file, "setting '%s.%s' and the family '%s' "
                           "both fix it; give it in one of them", where, name,
                           config_setting_get_string(
                               config_setting_get_member(g, "family")));
  if (fam->kind == owner) return PM_SUCCESS;
  return pm_schema_error(s, file,
                         "setting '%s.%s' applies only to family '%s' (this "
                         "model's family is '%s')",
                         where, name,
                         owner == PM_FAMILY_NEGBIN ? "negbin" : "tweedie",
                         pm_family_name(fam));
}

static int check_model(const config_setting_t *g, const char *file,
                       const char *where)
{
  const config_setting_t *fs = config_setting_get_member(g, "family");
  const config_setting_t *ft = config_setting_get_member(g, "formula");
  pm_family fam;
  pm_formula *f = NULL;
  int status, fixed;
  if ((status = pm_family_parse(&fam, &fixed, config_setting_get_string(fs))))
    return prefix_error(status, fs, file, where);
  if ((status = check_fixed(g, file, where, "theta", PM_FAMILY_NEGBIN, &fam,
                            fixed)) ||
      (status = check_fixed(g, file, where, "tweedie_p", PM_FAMILY_TWEEDIE,
                            &fam, fixed)))
    return status;
  status = pm_formula_parse(&f, config_setting_get_string(ft));
  pm_formula_free(f);
  if (status) return prefix_error(status, ft, file, where);
  return pm_schema_check_engine(g, file, where, &fam);
}

static const pm_schema_setting model_settings[] = {
    {"name", PM_SCHEMA_IDENT, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the model's name, unique; it names the model's outputs"},
    {"response", PM_SCHEMA_GROUP, ALL, ALL, 0, 0, 0, NULL, &response_section,
     "what is modelled: class, classes, size, biomass, flux or spectrum"},
    {"family", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "poisson, negbin, tweedie, gamma, gaussian or binomial, or as R and "
     "mgcv write them: nb(), nb(theta=3), tw(), Tweedie(p=1.5), ..."},
    {"formula", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the model formula in mgcv's syntax"},
    {"method", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_scenario_methods, NULL,
     "how smoothing parameters are chosen; default REML"},
    {"discrete", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_scenario_discrete, NULL,
     "engine gam: covariates rounded onto discrete_values values each and "
     "the model matrix held at its distinct rows (as mgcv's bam(discrete = "
     "TRUE)): yes, no, or auto (the default: from 200000 rows on)"},
    {"discrete_values", PM_SCHEMA_NUMBER, ALL, 0, 2, PM_DISCRETE_VALUES_MAX,
     PM_SCHEMA_INTEGER, NULL, NULL,
     "engine gam: values per covariate when discretised; default 1000"},
    {"theta", PM_SCHEMA_NUMBER, ALL, 0, 0, INFINITY, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "negbin: a fixed theta; default estimated"},
    {"tweedie_p", PM_SCHEMA_NUMBER, ALL, 0, 1, 2,
     PM_SCHEMA_MIN_OPEN | PM_SCHEMA_MAX_OPEN, NULL, NULL,
     "tweedie: a fixed power; default estimated"},
    {"frame", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_scenario_frames, NULL,
     "rows of the model frame: samples or grid cells; default samples"},
    {"uncertainty", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL,
     &uncertainty_section, "how uncertainty is estimated"},
    {"cv", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &cv_section,
     "cross-validation"},
    {"engine", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_scenario_engines, NULL,
     "how the model is fitted: gam (default), xgboost (boosted trees) or "
     "random_forest"},
    {"boost", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &pm_schema_boost,
     "engine xgboost: the boosters' settings"},
    {"forest", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &pm_schema_forest,
     "engine random_forest: the forests' settings"},
    {"ensemble", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &pm_schema_ensemble,
     "engines xgboost and random_forest: the folds and repeats whose "
     "boosters or forests are the members"},
    {"tune", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &pm_schema_tune,
     "engine xgboost: a grid of eta, max_depth and min_child_weight, its "
     "point of least cross-validated deviance fitted"},
};
const pm_schema_section pm_schema_model = {model_settings, N(model_settings),
                                           NULL, check_model};

/* ---- prediction ---- */

static int check_prediction(const config_setting_t *g, const char *file,
                            const char *where)
{
  if (config_setting_get_member(g, "depths") &&
      config_setting_get_member(g, "depth_edges"))
    return pm_schema_error(g, file,
                           "'%s' gives both 'depths' and 'depth_edges'; give "
                           "one of them",
                           where);
  return PM_SUCCESS;
}

static const pm_schema_setting prediction_settings[] = {
    {"depths", PM_SCHEMA_LEVELS, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "depths (m, positive down) of the maps"},
    {"depth_edges", PM_SCHEMA_EDGES, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "edges of the depth layers of the maps; default the grid's"},
    {"months", PM_SCHEMA_LEVELS, ALL, 0, 1, 12, PM_SCHEMA_INTEGER, annual, NULL,
     "months of the maps; default annual"},
    {"regions", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, latitude_bands,
     &pm_schema_field, "regions of the totals; default latitude_bands"},
};
const pm_schema_section pm_schema_prediction = {
    prediction_settings, N(prediction_settings), NULL, check_prediction};

/* ---- scenarios[i] ---- */

static const char *const change_kinds[] = {"add", "multiply", "delta_file",
                                           "file", NULL};

/* `a` and `b` of group g come together or not at all. */
static int check_pair(const config_setting_t *g, const char *file,
                      const char *where, const char *a, const char *b)
{
  const config_setting_t *sa = config_setting_get_member(g, a);
  const config_setting_t *sb = config_setting_get_member(g, b);
  if (!sa == !sb) return PM_SUCCESS;
  return pm_schema_error(sa ? sa : sb, file, "'%s' gives '%s' without '%s'",
                         where, sa ? a : b, sa ? b : a);
}

static int check_change(const config_setting_t *g, const char *file,
                        const char *where)
{
  const config_setting_t *s = g;
  int status;
  if ((status = check_pair(g, file, where, "delta_file", "delta_variable")) ||
      (status = check_pair(g, file, where, "file", "variable")))
    return status;
  if (count_members(g, change_kinds, &s) != 1)
    return pm_schema_error(g, file,
                           "'%s' must make exactly one change: add, multiply, "
                           "delta_file (with delta_variable) or file (with "
                           "variable)",
                           where);
  return PM_SUCCESS;
}

static const pm_schema_setting change_settings[] = {
    {"covariate", PM_SCHEMA_IDENT, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the covariate changed (a covariate's name or a built-in)"},
    {"add", PM_SCHEMA_NUMBER, ALL, 0, -INFINITY, INFINITY, 0, NULL, NULL,
     "a constant added to the covariate"},
    {"multiply", PM_SCHEMA_NUMBER, ALL, 0, -INFINITY, INFINITY, 0, NULL, NULL,
     "a constant the covariate is multiplied by"},
    {"delta_file", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "CF NetCDF file of a field added to the covariate"},
    {"delta_variable", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "the delta field's variable"},
    {"file", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "CF NetCDF file of a field that replaces the covariate"},
    {"variable", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "the replacing field's variable"},
};
static const pm_schema_section change_section = {
    change_settings, N(change_settings), NULL, check_change};

static int check_case(const config_setting_t *g, const char *file,
                      const char *where)
{
  const config_setting_t *s = config_setting_get_member(g, "name");
  if (strcmp(config_setting_get_string(s), "baseline") == 0)
    return pm_schema_error(s, file,
                           "setting '%s.name': 'baseline' is the scenario of "
                           "the covariates as they are, always run; choose "
                           "another name",
                           where);
  return PM_SUCCESS;
}

static const pm_schema_setting case_settings[] = {
    {"name", PM_SCHEMA_IDENT, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the scenario's name, unique, not 'baseline'"},
    {"changes", PM_SCHEMA_GROUPS, ALL, ALL, 0, 0, 0, NULL, &change_section,
     "the changes of covariates against the baseline"},
};
const pm_schema_section pm_schema_case = {case_settings, N(case_settings), NULL,
                                          check_case};

/* ---- rules between sections ---- */

/* The names a formula or a change may use: the covariates', the built-ins
 * and `response` (NULL for none). */
typedef struct {
  const char *names[MAX_NAMES];
  size_t n;
  const char *response;
} known_names;

static void collect_known(const config_setting_t *root, const char *response,
                          known_names *k)
{
  const config_setting_t *list = config_setting_get_member(root, "covariates");
  int i, n = list ? config_setting_length(list) : 0;
  k->n = 0;
  k->response = response;
  if (response) k->names[k->n++] = response;
  for (i = 0; i < n && k->n < MAX_NAMES - 8; i++) {
    const char *name = NULL;
    config_setting_lookup_string(config_setting_get_elem(list, (unsigned)i),
                                 "name", &name);
    k->names[k->n++] = name;
  }
  for (i = 0; pm_builtin_names[i]; i++)
    k->names[k->n++] = pm_builtin_names[i];
}

/* An error unless `name` is known; s is the setting that named it. */
static int check_known(const config_setting_t *s, const char *file,
                       const char *where, const char *name,
                       const known_names *k)
{
  char list[TEXT_SIZE], hint[128] = "";
  const char *near;
  size_t i, len = 0;
  for (i = 0; i < k->n; i++)
    if (strcmp(k->names[i], name) == 0) return PM_SUCCESS;
  list[0] = '\0';
  for (i = 0; i < k->n && len + strlen(k->names[i]) + 3 < sizeof list; i++)
    len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                            i ? ", " : "", k->names[i]);
  if ((near = pm_suggest_nearest(name, k->names, k->n)))
    snprintf(hint, sizeof hint, "; did you mean '%s'?", near);
  return pm_schema_error(s, file,
                         "setting '%s': '%s' is neither %sa covariate nor a "
                         "built-in; the known names are %s%s",
                         where, name, k->response ? "the response, " : "", list,
                         hint);
}

/* The covariate group named `name`, or NULL. */
static const config_setting_t *covariate_named(const config_setting_t *root,
                                               const char *name)
{
  const config_setting_t *list = config_setting_get_member(root, "covariates");
  int i, n = list ? config_setting_length(list) : 0;
  for (i = 0; i < n; i++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
    const char *text = NULL;
    if (config_setting_lookup_string(g, "name", &text) && !strcmp(text, name))
      return g;
  }
  return NULL;
}

/* A derived covariate is computed on the grid columns for the export
 * horizons only: formulas and scenario changes read fields. */
static int check_not_derived(const config_setting_t *root,
                             const config_setting_t *s, const char *file,
                             const char *where, const char *name)
{
  const config_setting_t *g = covariate_named(root, name);
  if (!g || !config_setting_get_member(g, "derived")) return PM_SUCCESS;
  return pm_schema_error(s, file,
                         "setting '%s': '%s' is a derived covariate, which "
                         "can name an export horizon (flux.export_horizons) "
                         "but not be read by a formula or changed by a "
                         "scenario; give its field as a file instead",
                         where, name);
}

/* The temperature and salinity of a derived covariate are covariates read
 * from files. */
static int check_derived_inputs(const config_setting_t *root, int index,
                                const char *file)
{
  static const char *const keys[] = {"temperature", "salinity"};
  const config_setting_t *cov = config_setting_get_elem(
      config_setting_get_member(root, "covariates"), (unsigned)index);
  int k;
  for (k = 0; k < 2; k++) {
    const config_setting_t *s = config_setting_get_member(cov, keys[k]);
    const config_setting_t *g;
    if (!s) continue;
    g = covariate_named(root, config_setting_get_string(s));
    if (!g || config_setting_get_member(g, "derived"))
      return pm_schema_error(s, file,
                             "setting 'covariates[%d].%s': '%s' is not a "
                             "covariate read from a file; name one of the "
                             "covariates with 'file' and 'variable'",
                             index, keys[k], config_setting_get_string(s));
  }
  return PM_SUCCESS;
}

/* The response's name in formulas: "biomass", "flux", "count", or the
 * spectrum parameter. */
static const char *response_name(const config_setting_t *model)
{
  const config_setting_t *r = config_setting_get_member(model, "response");
  const char *param = NULL;
  if (config_setting_lookup_string(r, "spectrum", &param)) return param;
  if (config_setting_get_member(r, "biomass")) return "biomass";
  if (config_setting_get_member(r, "flux")) return "flux";
  return "count";
}

/* A flux model needs the `flux` section that says how a sample's flux is
 * estimated, and is fitted to samples: a flux is not summed over a cell as
 * counts are. */
static int check_flux_model(const config_setting_t *root,
                            const config_setting_t *model, int index,
                            const char *file)
{
  const char *frame = NULL;
  if (strcmp(response_name(model), "flux")) return PM_SUCCESS;
  if (config_setting_lookup_string(model, "frame", &frame) &&
      strcmp(frame, "samples"))
    return pm_schema_error(config_setting_get_member(model, "frame"), file,
                           "setting 'models[%d].frame': a flux model is "
                           "fitted to samples (fluxes are not summed over a "
                           "cell as counts are); remove the setting or give "
                           "\"samples\"",
                           index);
  if (config_setting_get_member(root, "flux")) return PM_SUCCESS;
  return pm_schema_error(config_setting_get_member(model, "response"), file,
                         "setting 'models[%d].response' models the flux, and "
                         "the file has no `flux` section saying how it is "
                         "estimated; add one (configs/example_full.cfg)",
                         index);
}

static int check_formula_names(const config_setting_t *root,
                               const config_setting_t *model, int index,
                               const char *file)
{
  const config_setting_t *s = config_setting_get_member(model, "formula");
  const char *const *names;
  char where[64];
  pm_formula *f = NULL;
  known_names k;
  size_t n, i;
  int status;
  if ((status = pm_formula_parse(&f, config_setting_get_string(s))) ||
      (status = pm_formula_columns(f, &names, &n)))
    goto cleanup;
  collect_known(root, response_name(model), &k);
  snprintf(where, sizeof where, "models[%d].formula", index);
  for (i = 0; i < n && !status; i++)
    if (!(status = check_known(s, file, where, names[i], &k)))
      status = check_not_derived(root, s, file, where, names[i]);
cleanup:
  pm_formula_free(f);
  return status;
}

static int check_changes(const config_setting_t *root,
                         const config_setting_t *scenario, int index,
                         const char *file)
{
  const config_setting_t *list = config_setting_get_member(scenario, "changes");
  char where[96];
  known_names k;
  int i, status = PM_SUCCESS;
  collect_known(root, NULL, &k);
  for (i = 0; i < config_setting_length(list) && !status; i++) {
    const config_setting_t *s = config_setting_get_member(
        config_setting_get_elem(list, (unsigned)i), "covariate");
    snprintf(where, sizeof where, "scenarios[%d].changes[%d].covariate", index,
             i);
    if (!(status = check_known(s, file, where, config_setting_get_string(s),
                               &k)))
      status = check_not_derived(root, s, file, where,
                                 config_setting_get_string(s));
  }
  return status;
}

int pm_schema_check_models(const config_setting_t *root, const char *file)
{
  const config_setting_t *models = config_setting_get_member(root, "models");
  const config_setting_t *cases = config_setting_get_member(root, "scenarios");
  const config_setting_t *covs = config_setting_get_member(root, "covariates");
  int i, status = PM_SUCCESS;
  for (i = 0; covs && i < config_setting_length(covs) && !status; i++)
    status = check_derived_inputs(root, i, file);
  for (i = 0; models && i < config_setting_length(models) && !status; i++) {
    const config_setting_t *m = config_setting_get_elem(models, (unsigned)i);
    if (!(status = check_formula_names(root, m, i, file)) &&
        !(status = check_flux_model(root, m, i, file)))
      status = pm_schema_check_spectrum_model(m, i, file);
  }
  for (i = 0; cases && i < config_setting_length(cases) && !status; i++)
    status = check_changes(root, config_setting_get_elem(cases, (unsigned)i), i,
                           file);
  return status;
}
