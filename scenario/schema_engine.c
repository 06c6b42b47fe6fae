/* schema_engine.c: the settings of a model's engine: `engine` ("gam",
 * "xgboost" or "random_forest"), for boosted trees the `boost` and `tune`
 * groups, for random forests the `forest` group, for both the `ensemble`
 * group, with the rules that tie them to the engine, the family, the
 * formula and the uncertainty.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_engine.h"
#include "pm_error.h"
#include "schema.h"

#include <math.h>
#include <string.h>

#define N(table) (sizeof table / sizeof table[0])
#define ALL PM_SCHEMA_ALL

const char *const pm_scenario_engines[] = {"gam", "xgboost", "random_forest",
                                           NULL};

static const pm_schema_setting boost_settings[] = {
    {"eta", PM_SCHEMA_NUMBER, ALL, 0, 0, INFINITY, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "learning rate; default 0.1"},
    {"max_depth", PM_SCHEMA_NUMBER, ALL, 0, 1, 64, PM_SCHEMA_INTEGER, NULL,
     NULL, "depth of each tree; default 4"},
    {"min_child_weight", PM_SCHEMA_NUMBER, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "least hessian weight of a leaf; default 1"},
    {"subsample", PM_SCHEMA_NUMBER, ALL, 0, 0, 1, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "share of the rows drawn for each tree, (0, 1]; default 0.5"},
    {"colsample", PM_SCHEMA_NUMBER, ALL, 0, 0, 1, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "share of the covariates drawn for each tree, (0, 1]; default 1"},
    {"rounds", PM_SCHEMA_NUMBER, ALL, 0, 1, 1e6, PM_SCHEMA_INTEGER, NULL, NULL,
     "boosting rounds (trees) of each booster; default 300"},
    {"nthread", PM_SCHEMA_NUMBER, ALL, 0, 1, 1024, PM_SCHEMA_INTEGER, NULL,
     NULL, "XGBoost's threads; default 1"},
    {"tree_method", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_engine_tree_methods,
     NULL, "XGBoost's tree_method: auto (default), exact, approx or hist"},
    {"early_stopping", PM_SCHEMA_NUMBER, ALL, 0, 0, 1e6, PM_SCHEMA_INTEGER,
     NULL, NULL, "rounds without a lower deviance of the held-out fold "
     "after which a booster stops, kept at its best round; default 0 (off)"},
};
const pm_schema_section pm_schema_boost = {boost_settings, N(boost_settings),
                                           NULL, NULL};

static const pm_schema_setting forest_settings[] = {
    {"trees", PM_SCHEMA_NUMBER, ALL, 0, 1, 1e5, PM_SCHEMA_INTEGER, NULL, NULL,
     "trees of each forest (XGBoost's num_parallel_tree); default 500"},
    {"max_depth", PM_SCHEMA_NUMBER, ALL, 0, 1, 64, PM_SCHEMA_INTEGER, NULL,
     NULL, "depth of each tree; default 16"},
    {"min_child_weight", PM_SCHEMA_NUMBER, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "least rows of a leaf (the hessian of squared error); default 5"},
    {"subsample", PM_SCHEMA_NUMBER, ALL, 0, 0, 1, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "share of the rows drawn for each tree, without replacement, "
     "(0, 1]; default 0.632"},
    {"colsample", PM_SCHEMA_NUMBER, ALL, 0, 0, 1, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "share of the covariates drawn at each split, (0, 1]; default "
     "1/3"},
    {"nthread", PM_SCHEMA_NUMBER, ALL, 0, 1, 1024, PM_SCHEMA_INTEGER, NULL,
     NULL, "XGBoost's threads; default 1"},
    {"tree_method", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_engine_tree_methods,
     NULL, "XGBoost's tree_method: auto (default), exact, approx or hist"},
};
const pm_schema_section pm_schema_forest = {forest_settings,
                                            N(forest_settings), NULL, NULL};

static const pm_schema_setting ensemble_settings[] = {
    {"folds", PM_SCHEMA_NUMBER, ALL, 0, 2, 1000, PM_SCHEMA_INTEGER, NULL, NULL,
     "folds of each repetition: a booster per training part; default 5"},
    {"repeats", PM_SCHEMA_NUMBER, ALL, 0, 1, 1e4, PM_SCHEMA_INTEGER, NULL,
     NULL, "repetitions of the cross-validation; default 20"},
};
const pm_schema_section pm_schema_ensemble = {
    ensemble_settings, N(ensemble_settings), NULL, NULL};

/* The grid's values: those the boost settings allow, increasing. */
static const pm_schema_setting tune_settings[] = {
    {"eta", PM_SCHEMA_LEVELS, ALL, 0, 0, INFINITY, PM_SCHEMA_MIN_OPEN, NULL,
     NULL, "learning rates to try, > 0, increasing"},
    {"max_depth", PM_SCHEMA_LEVELS, ALL, 0, 1, 64, PM_SCHEMA_INTEGER, NULL,
     NULL, "tree depths to try, 1 to 64, increasing"},
    {"min_child_weight", PM_SCHEMA_LEVELS, ALL, 0, 0, INFINITY, 0, NULL, NULL,
     "least hessian weights of a leaf to try, >= 0, increasing"},
};
const pm_schema_section pm_schema_tune = {tune_settings, N(tune_settings),
                                          NULL, NULL};

/* No more values in a list of the tune group than it holds. */
static int check_tune(const config_setting_t *g, const char *file,
                      const char *where)
{
  const config_setting_t *t = config_setting_get_member(g, "tune");
  size_t i;

  for (i = 0; t && i < N(tune_settings); i++) {
    const config_setting_t *v =
        config_setting_get_member(t, tune_settings[i].name);
    if (v && config_setting_length(v) > PM_ENGINE_TUNE_MAX)
      return pm_schema_error(v, file, "setting '%s.tune.%s' has %d values; "
                             "at most %d are tried", where,
                             tune_settings[i].name, config_setting_length(v),
                             PM_ENGINE_TUNE_MAX);
  }
  return PM_SUCCESS;
}

/* The settings of one engine given to another: `boost` and `tune` are for
 * xgboost, `forest` for random_forest, `ensemble` for both, `discrete`
 * and `discrete_values` for gam. */
static int check_groups(const config_setting_t *g, const char *file,
                        const char *where, const char *engine)
{
  static const struct {
    const char *group, *engines, *text;
  } rule[] = {{"boost", "xgboost", "engine \"xgboost\""},
              {"tune", "xgboost", "engine \"xgboost\""},
              {"forest", "random_forest", "engine \"random_forest\""},
              {"ensemble", "xgboost random_forest",
               "engines \"xgboost\" and \"random_forest\""},
              {"discrete", "gam", "engine \"gam\""},
              {"discrete_values", "gam", "engine \"gam\""}};
  size_t i;

  for (i = 0; i < N(rule); i++) {
    const config_setting_t *s = config_setting_get_member(g, rule[i].group);
    if (s && !strstr(rule[i].engines, engine))
      return pm_schema_error(s, file, "setting '%s.%s' applies only to %s "
                             "(this model's engine is \"%s\")", where,
                             rule[i].group, rule[i].text, engine);
  }
  return PM_SUCCESS;
}

/* A family the trees fit, a formula of covariates, no bootstrap. */
static int check_trees(const config_setting_t *g, const char *file,
                       const char *where, const pm_family *fam,
                       const char *engine)
{
  const config_setting_t *u = config_setting_get_member(g, "uncertainty");
  const config_setting_t *b = u ? config_setting_get_member(u, "bootstrap")
                                : NULL;
  const config_setting_t *ft = config_setting_get_member(g, "formula");
  pm_engine_spec spec;
  pm_engine *e = NULL;
  int status;

  if (!strcmp(engine, "random_forest") && !pm_engine_forest_fits(fam))
    return pm_schema_error(config_setting_get_member(g, "family"), file,
                           "setting '%s.family': engine \"random_forest\" "
                           "fits family gaussian only (a forest has one "
                           "round, whose Newton step is each leaf's mean "
                           "residual for squared error alone), not '%s'",
                           where, pm_family_name(fam));
  if (!pm_engine_xgboost_fits(fam))
    return pm_schema_error(config_setting_get_member(g, "family"), file,
                           "setting '%s.family': family '%s' is not fitted "
                           "by engine \"xgboost\" (poisson, tweedie, gamma, "
                           "gaussian or binomial)", where,
                           pm_family_name(fam));
  if (b && pm_schema_number(b) > 0)
    return pm_schema_error(b, file, "setting '%s.uncertainty.bootstrap': "
                           "engine \"%s\" takes its members from its "
                           "ensemble (the `ensemble` group); remove the "
                           "bootstrap", where, engine);
  if ((status = check_tune(g, file, where))) return status;
  memset(&spec, 0, sizeof spec);
  spec.formula = config_setting_get_string(ft);
  spec.family = *fam;
  if (!strcmp(engine, "random_forest"))
    pm_engine_forest_default(&spec.boost);
  else
    pm_engine_boost_default(&spec.boost);
  status = pm_engine_alloc(&e, pm_engine_find(engine), &spec);
  pm_engine_free(e);
  if (status)
    return pm_error_prefix(status, "%s:%u: setting '%s.formula'",
                           pm_schema_file(ft, file),
                           config_setting_source_line(ft), where);
  return PM_SUCCESS;
}

int pm_schema_check_engine(const config_setting_t *g, const char *file,
                           const char *where, const pm_family *fam)
{
  const char *engine = "gam";

  int status;

  config_setting_lookup_string(g, "engine", &engine);
  if ((status = check_groups(g, file, where, engine)) ||
      !strcmp(engine, "gam"))
    return status;
  return check_trees(g, file, where, fam, engine);
}
