/* schema_simulate.c: the settings of the `simulate` group (the known truth,
 * the count distribution, the seed and class of the virtual observations,
 * the models fitted to them, an optional table of sites and an optional
 * classifier that labels the virtual objects) and of the
 * `recovery` group that `plankmap simulate` writes (the truth's map and
 * totals), with the rules that join the truth's and the family's settings.
 *
 * configs/example_full.cfg documents every setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_formula.h"
#include "schema.h"

#include <math.h>
#include <string.h>

#define N(table) (sizeof table / sizeof table[0])
#define ALL PM_SCHEMA_ALL

static const char *const families[] = {"poisson", "negbin", "tweedie",
                                       NULL};

/* ---- simulate.sites ---- */

static const pm_schema_setting site_column_settings[] = {
    {"profile", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the cast's name; default \"profile\""},
    {"datetime", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the ISO 8601 date-time (UTC); default \"datetime\""},
    {"lat", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the latitude (degrees north); default \"lat\""},
    {"lon", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the longitude (degrees east); default \"lon\""},
    {"project", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "column of the cast's project or cruise (optional): casts are told "
     "apart by project and name"},
};
static const pm_schema_section site_columns_section = {
    site_column_settings, N(site_column_settings), NULL, NULL};

static const pm_schema_setting site_settings[] = {
    {"file", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "table of the casts, one row each, relative to the input folder"},
    {"delimiter", PM_SCHEMA_CHAR, ALL, 0, 0, 0, 0, NULL, NULL,
     "field separator of the table; default \"\\t\""},
    {"columns", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &site_columns_section,
     "which table column holds the cast's name, date-time, latitude and "
     "longitude"},
    {"depth_edges", PM_SCHEMA_EDGES, ALL, ALL, 0, INFINITY, 0, NULL, NULL,
     "edges (m, positive down) of the layers sampled in every cast"},
    {"volume_m3", PM_SCHEMA_NUMBER, ALL, ALL, 0, INFINITY, PM_SCHEMA_MIN_OPEN,
     NULL, NULL, "volume (m3) sampled in each layer"},
};
static const pm_schema_section site_section = {site_settings,
                                               N(site_settings), NULL, NULL};

/* The truth is an arithmetic expression in the formula syntax, not a
 * formula with '~'. */
static int check_truth(const config_setting_t *s, const char *file,
                       const char *where)
{
  const char *text = config_setting_get_string(s);
  pm_expr *e = NULL;
  int status;

  if (strchr(text, '~'))
    status = pm_error(PM_EINPUT, "'%s' is a formula; give the expression of "
                      "the concentration alone, without '~'", text);
  else
    status = pm_expr_parse(&e, text);
  pm_expr_free(e);
  if (status)
    return pm_error_prefix(status, "%s:%u: %s.truth", pm_schema_file(s, file),
                           config_setting_source_line(s), where);
  return PM_SUCCESS;
}

/* ---- simulate.classifier ---- */

static int check_class(const config_setting_t *g, const char *file,
                       const char *where)
{
  return check_truth(config_setting_get_member(g, "truth"), file, where);
}

static const pm_schema_setting class_settings[] = {
    {"name", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "a true class of the confusion matrix other than 'simulate.class', "
     "named as the matrix names it"},
    {"truth", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "its true concentration (m-3), an expression as 'simulate.truth'"},
};
static const pm_schema_section class_section = {
    class_settings, N(class_settings), NULL, check_class};

static const pm_schema_setting classifier_settings[] = {
    {"confusion", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the classifier's confusion matrix (TSV, as a source's "
     "classifier.confusion), relative to the input folder: each object's "
     "predicted class is drawn from its true class's row"},
    {"classes", PM_SCHEMA_GROUPS, ALL, ALL, 0, 0, 0, NULL, &class_section,
     "the matrix's other true classes, each { name; truth; }"},
};
static const pm_schema_section classifier_section = {
    classifier_settings, N(classifier_settings), NULL, NULL};

/* ---- simulate ---- */

/* A classifier relabels objects, which a Tweedie draw of biomass has not;
 * its classes are named once each, the simulated class (`class`, default
 * "virtual") not among them: its truth is the group's own. */
static int check_classifier(const config_setting_t *g, const char *file,
                            const char *where, const char *family)
{
  const config_setting_t *c = config_setting_get_member(g, "classifier");
  const config_setting_t *list;
  const char *target = "virtual";
  int n, i, j;

  if (!c) return PM_SUCCESS;
  if (strcmp(family, "tweedie") == 0)
    return pm_schema_error(c, file, "'%s.classifier' relabels objects, and "
                           "family 'tweedie' draws biomass; give 'poisson' "
                           "or 'negbin'", where);
  config_setting_lookup_string(g, "class", &target);
  list = config_setting_get_member(c, "classes");
  n = config_setting_length(list);
  for (i = 0; i < n; i++) {
    const config_setting_t *s = config_setting_get_member(
        config_setting_get_elem(list, (unsigned)i), "name");
    const char *name = config_setting_get_string(s);
    if (strcmp(name, target) == 0)
      return pm_schema_error(s, file, "setting '%s.classifier.classes[%d]."
                             "name': '%s' is the simulated class ('%s.class'), "
                             "whose truth is '%s.truth'",
                             where, i, name, where, where);
    for (j = 0; j < i; j++)
      if (strcmp(name, config_setting_get_string(config_setting_get_member(
                           config_setting_get_elem(list, (unsigned)j),
                           "name"))) == 0)
        return pm_schema_error(s, file, "setting '%s.classifier.classes[%d]."
                               "name': class '%s' is already given by "
                               "classes[%d]", where, i, name, j);
  }
  return PM_SUCCESS;
}

/* Setting `name` is given with family `owner` and with no other. */
static int check_family_setting(const config_setting_t *g, const char *file,
                                const char *where, const char *family,
                                const char *name, const char *owner)
{
  const config_setting_t *s = config_setting_get_member(g, name);
  int own = strcmp(family, owner) == 0;

  if (s && !own)
    return pm_schema_error(s, file, "setting '%s.%s' applies only to family "
                           "'%s' (the family here is '%s')", where, name,
                           owner, family);
  if (!s && own)
    return pm_schema_error(g, file, "'%s' with family '%s' lacks the "
                           "required setting '%s'", where, family, name);
  return PM_SUCCESS;
}

static int check_simulate(const config_setting_t *g, const char *file,
                          const char *where)
{
  const config_setting_t *truth = config_setting_get_member(g, "truth");
  const config_setting_t *model = config_setting_get_member(g, "model");
  const char *family = "poisson";
  int status;

  if (truth && model)
    return pm_schema_error(model, file, "'%s' gives both 'truth' and "
                           "'model'; the truth is an expression or a fitted "
                           "model file, not both", where);
  if (!truth && !model)
    return pm_schema_error(g, file, "'%s' needs the truth: 'truth' (an "
                           "expression of the covariates, m-3) or 'model' (a "
                           "fitted model file)", where);
  config_setting_lookup_string(g, "family", &family);
  if ((status = check_family_setting(g, file, where, family, "theta",
                                     "negbin")) ||
      (status = check_family_setting(g, file, where, family, "power",
                                     "tweedie")) ||
      (status = check_family_setting(g, file, where, family, "phi",
                                     "tweedie")) ||
      (status = check_classifier(g, file, where, family)))
    return status;
  return truth ? check_truth(truth, file, where) : PM_SUCCESS;
}

static const pm_schema_setting simulate_settings[] = {
    {"truth", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "the true concentration (m-3) as an expression of covariates and "
     "built-ins in the formula syntax; or 'model'"},
    {"model", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "a fitted model file whose predicted mean is the truth, relative to "
     "the input folder; or 'truth'"},
    {"family", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, families, NULL,
     "distribution of the virtual counts around the truth times the "
     "volume: poisson (default), negbin (with 'theta') or tweedie (with "
     "'power' and 'phi')"},
    {"theta", PM_SCHEMA_NUMBER, ALL, 0, 0, INFINITY, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "negbin: the size parameter theta"},
    {"power", PM_SCHEMA_NUMBER, ALL, 0, 1, 2,
     PM_SCHEMA_MIN_OPEN | PM_SCHEMA_MAX_OPEN, NULL, NULL,
     "tweedie: the power p, in (1, 2)"},
    {"phi", PM_SCHEMA_NUMBER, ALL, 0, 0, INFINITY, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "tweedie: the dispersion phi"},
    {"seed", PM_SCHEMA_NUMBER, ALL, 0, 0, 4294967295.0, PM_SCHEMA_INTEGER,
     NULL, NULL, "seed of the random number generator; default 1"},
    {"class", PM_SCHEMA_NAME, ALL, 0, 0, 0, 0, NULL, NULL,
     "the virtual counts' class; default \"virtual\""},
    {"models", PM_SCHEMA_STRINGS, ALL, 0, 0, 0, 0, NULL, NULL,
     "models of the `models` section, of counts, fitted to the virtual "
     "counts; default every model of counts"},
    {"sites", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL, &site_section,
     "casts from a table instead of the observations' samples"},
    {"classifier", PM_SCHEMA_GROUP, ALL, 0, 0, 0, 0, NULL,
     &classifier_section,
     "the virtual objects labelled by a classifier: its confusion matrix "
     "and the truths of its other true classes"},
};
const pm_schema_section pm_schema_simulate = {
    simulate_settings, N(simulate_settings), NULL, check_simulate};

/* ---- recovery ---- */

static const pm_schema_setting recovery_settings[] = {
    {"truth_map", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "CF NetCDF file of the truth (variable truth_mean) on the maps' grid, "
     "relative to the input folder"},
    {"truth_totals", PM_SCHEMA_STRING, ALL, ALL, 0, 0, 0, NULL, NULL,
     "the truth's totals (TSV, as totals.tsv), relative to the input "
     "folder"},
};
const pm_schema_section pm_schema_recovery = {
    recovery_settings, N(recovery_settings), NULL, NULL};
