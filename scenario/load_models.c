/* load_models.c: fill a pm_scenario's covariates, relief, models,
 * prediction and scenarios from a validated scenario file.
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

#define DEFAULT_MAX_DISTANCE_KM 100.0
#define DEFAULT_DRAWS 200
#define DEFAULT_SEED 1
#define DEFAULT_FOLDS 5
#define DEFAULT_BLOCK_DEG 10.0

const pm_scenario_covariate *pm_scenario_covariate_named(const pm_scenario *sc,
                                                         const char *name)
{
  size_t k;
  for (k = 0; k < sc->n_covariates; k++)
    if (!strcmp(sc->covariates[k].name, name)) return &sc->covariates[k];
  return NULL;
}

const char *pm_scenario_response_name(const pm_scenario_response *r)
{
  switch (r->kind) {
  case PM_RESPONSE_BIOMASS: return "biomass";
  case PM_RESPONSE_FLUX: return "flux";
  case PM_RESPONSE_SPECTRUM:
    return pm_scenario_spectrum_params[r->spectrum];
  default: return "count";
  }
}

int pm_scenario_has_classifier(const pm_scenario *sc)
{
  size_t i;
  for (i = 0; i < sc->n_sources; i++)
    if (sc->sources[i].confusion) return 1;
  return 0;
}

int pm_scenario_expected_counts(const pm_scenario *sc,
                                const pm_scenario_model *m)
{
  return (m->response.kind == PM_RESPONSE_CLASS ||
          m->response.kind == PM_RESPONSE_CLASSES) &&
         pm_scenario_has_classifier(sc);
}

/* A {file; variable} field named by `file_key` and `var_key` in group g
 * (setting `where`); left empty when the file is absent. */
static int load_field(const pm_scenario_loader *ld, const config_setting_t *g,
                      const char *where, const char *file_key,
                      const char *var_key, pm_scenario_field *f)
{
  int status;
  if (!g || config_setting_type(g) != CONFIG_TYPE_GROUP) return PM_SUCCESS;
  if ((status = pm_scenario_path_member(ld, g, where, file_key, &f->file,
                                        &f->where)))
    return status;
  return pm_scenario_copy_member(g, var_key, &f->variable);
}

static int load_covariates(const pm_scenario_loader *ld,
                           const config_setting_t *root, pm_scenario *sc)
{
  const config_setting_t *list = config_setting_get_member(root, "covariates");
  char where[64];
  int i, n = list ? config_setting_length(list) : 0, status;
  if (n == 0) return PM_SUCCESS;
  if (!(sc->covariates = calloc((size_t)n, sizeof *sc->covariates)))
    return pm_error_nomem();
  for (i = 0; i < n; i++) {
    const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
    pm_scenario_covariate *c = &sc->covariates[i];
    sc->n_covariates++;
    snprintf(where, sizeof where, "covariates[%d]", i);
    c->transform = (pm_transform)pm_scenario_enum_or_first(
        g, "transform", pm_scenario_transforms);
    c->max_distance_km =
        pm_scenario_number_or(g, "max_distance_km", DEFAULT_MAX_DISTANCE_KM);
    /* pm_scenario_derived lists the pm_derived after PM_DERIVED_NONE */
    c->derived = config_setting_get_member(g, "derived")
                     ? (pm_derived)(1 + pm_scenario_enum_or_first(
                                            g, "derived", pm_scenario_derived))
                     : PM_DERIVED_NONE;
    if ((status = pm_scenario_copy_member(g, "name", &c->name)) ||
        (status = pm_scenario_copy_member(g, "temperature",
                                          &c->temperature)) ||
        (status = pm_scenario_copy_member(g, "salinity", &c->salinity)) ||
        (status = load_field(ld, g, where, "file", "variable", &c->field)))
      return status;
  }
  return PM_SUCCESS;
}

static int load_response(const config_setting_t *g, pm_scenario_response *r)
{
  const config_setting_t *s;
  if (config_setting_get_member(g, "spectrum")) {
    r->kind = PM_RESPONSE_SPECTRUM;
    r->spectrum = (pm_spectrum_param)pm_scenario_enum_or_first(
        g, "spectrum", pm_scenario_spectrum_params);
    pm_scenario_range_member(g, "size", &r->size_min_um, &r->size_max_um);
    return PM_SUCCESS;
  }
  if (config_setting_get_member(g, "size")) {
    r->kind = PM_RESPONSE_SIZE;
    pm_scenario_range_member(g, "size", &r->size_min_um, &r->size_max_um);
    return PM_SUCCESS;
  }
  if (config_setting_get_member(g, "biomass")) {
    r->kind = PM_RESPONSE_BIOMASS;
    return PM_SUCCESS;
  }
  if (config_setting_get_member(g, "flux")) {
    r->kind = PM_RESPONSE_FLUX;
    return PM_SUCCESS;
  }
  if (!(s = config_setting_get_member(g, "class"))) {
    r->kind = PM_RESPONSE_CLASSES;
    return pm_scenario_copy_strings(config_setting_get_member(g, "classes"),
                                    &r->classes, &r->n_classes);
  }
  r->kind = PM_RESPONSE_CLASS;
  if (!(r->classes = calloc(1, sizeof *r->classes)))
    return pm_error_nomem();
  return (r->classes[r->n_classes++] = strdup(config_setting_get_string(s)))
             ? PM_SUCCESS
             : pm_error_nomem();
}

/* The family, with a fixed theta or Tweedie power when given in its own
 * setting or in the family's spelling (the schema has checked the name and
 * that each applies to the family). */
static void load_family(const config_setting_t *g, pm_scenario_model *m)
{
  const config_setting_t *theta = config_setting_get_member(g, "theta");
  const config_setting_t *p = config_setting_get_member(g, "tweedie_p");
  const char *name = NULL;
  int fixed = 0;
  config_setting_lookup_string(g, "family", &name);
  pm_family_parse(&m->family, &fixed, name);
  m->theta_fixed = theta != NULL || fixed == PM_FAMILY_FIXED_THETA;
  m->p_fixed = p != NULL || fixed == PM_FAMILY_FIXED_P;
  if (theta) m->family.theta = pm_schema_number(theta);
  if (p) m->family.p = pm_schema_number(p);
}

/* The settings of the trees of group t shared by boosting and forests. */
static void load_trees(const config_setting_t *t, pm_engine_boost *o)
{
  o->max_depth = (int)pm_scenario_number_or(t, "max_depth", o->max_depth);
  o->min_child_weight =
      pm_scenario_number_or(t, "min_child_weight", o->min_child_weight);
  o->subsample = pm_scenario_number_or(t, "subsample", o->subsample);
  o->colsample = pm_scenario_number_or(t, "colsample", o->colsample);
  o->nthread = (int)pm_scenario_number_or(t, "nthread", o->nthread);
  o->tree_method = pm_scenario_enum_or_first(t, "tree_method",
                                             pm_engine_tree_methods);
}

/* The values of the tune group's lists (n 0 for a key not given). */
static void load_tune(const config_setting_t *t, pm_engine_tune *o)
{
  static const char *const key[PM_TUNE_N] = {"eta", "max_depth",
                                             "min_child_weight"};
  int j, i;

  for (j = 0; j < PM_TUNE_N; j++) {
    const config_setting_t *v = t ? config_setting_get_member(t, key[j])
                                  : NULL;
    o->n[j] = v ? (size_t)config_setting_length(v) : 0;
    for (i = 0; i < (int)o->n[j]; i++)
      o->v[j][i] = pm_schema_number(config_setting_get_elem(v, (unsigned)i));
  }
}

/* The engine, and the trees' settings (defaults when absent). */
static void load_engine(const config_setting_t *g, pm_scenario_model *m)
{
  const config_setting_t *b = config_setting_get_member(g, "boost");
  const config_setting_t *f = config_setting_get_member(g, "forest");
  const config_setting_t *e = config_setting_get_member(g, "ensemble");
  pm_engine_boost *o = &m->boost;

  m->engine = pm_scenario_engines[pm_scenario_enum_or_first(
      g, "engine", pm_scenario_engines)];
  if (!strcmp(m->engine, "random_forest")) {
    pm_engine_forest_default(o);
    o->forest = (size_t)pm_scenario_number_or(f, "trees", (double)o->forest);
    load_trees(f, o);
  } else {
    pm_engine_boost_default(o);
    o->eta = pm_scenario_number_or(b, "eta", o->eta);
    o->rounds = (size_t)pm_scenario_number_or(b, "rounds", (double)o->rounds);
    load_trees(b, o);
    o->early_stopping = (size_t)pm_scenario_number_or(
        b, "early_stopping", (double)o->early_stopping);
    load_tune(config_setting_get_member(g, "tune"), &o->tune);
  }
  o->folds = (size_t)pm_scenario_number_or(e, "folds", (double)o->folds);
  o->repeats = (size_t)pm_scenario_number_or(e, "repeats",
                                             (double)o->repeats);
}

static int load_model(const pm_scenario_loader *ld, const config_setting_t *g,
                      int index, pm_scenario_model *m)
{
  const config_setting_t *u = config_setting_get_member(g, "uncertainty");
  const config_setting_t *cv = config_setting_get_member(g, "cv");
  char where[32];
  int status;
  snprintf(where, sizeof where, "models[%d]", index);
  load_family(g, m);
  load_engine(g, m);
  m->method = (pm_gam_method)pm_scenario_enum_or_first(g, "method",
                                                       pm_scenario_methods);
  m->discrete.mode = (pm_discrete_mode)pm_scenario_enum_or_first(
      g, "discrete", pm_scenario_discrete);
  m->discrete.values = (size_t)pm_scenario_number_or(g, "discrete_values", 0);
  m->frame =
      (pm_frame_kind)pm_scenario_enum_or_first(g, "frame", pm_scenario_frames);
  m->draws = (size_t)pm_scenario_number_or(u, "draws", DEFAULT_DRAWS);
  m->seed = (unsigned long)pm_scenario_number_or(u, "seed", DEFAULT_SEED);
  m->bootstrap = (size_t)pm_scenario_number_or(u, "bootstrap", 0);
  m->cv_folds = (size_t)pm_scenario_number_or(cv, "folds", DEFAULT_FOLDS);
  m->cv_by =
      (pm_cv_kind)pm_scenario_enum_or_first(cv, "by", pm_scenario_cv_by);
  m->cv_block_deg = pm_scenario_number_or(cv, "block_deg", DEFAULT_BLOCK_DEG);
  if (!(m->where = pm_scenario_where_of(g, ld->file, where)))
    return pm_error_nomem();
  if ((status = pm_scenario_copy_member(g, "name", &m->name)) ||
      (status = pm_scenario_copy_member(g, "formula", &m->formula)))
    return status;
  return load_response(config_setting_get_member(g, "response"), &m->response);
}

static int load_model_list(const pm_scenario_loader *ld,
                           const config_setting_t *root, pm_scenario *sc)
{
  const config_setting_t *list = config_setting_get_member(root, "models");
  int i, n = list ? config_setting_length(list) : 0, status;
  if (n == 0) return PM_SUCCESS;
  if (!(sc->models = calloc((size_t)n, sizeof *sc->models)))
    return pm_error_nomem();
  for (i = 0; i < n; i++) {
    sc->n_models++;
    if ((status = load_model(ld, config_setting_get_elem(list, (unsigned)i), i,
                             &sc->models[i])))
      return status;
  }
  return PM_SUCCESS;
}

/* Depths or layers (the grid's by default), months, regions. */
static int load_prediction(const pm_scenario_loader *ld,
                           const config_setting_t *root, pm_scenario *sc)
{
  const config_setting_t *g = config_setting_get_member(root, "prediction");
  const config_setting_t *s;
  pm_scenario_prediction *p = &sc->prediction;
  size_t i;
  int status;
  if (g && (s = config_setting_get_member(g, "months")) &&
      config_setting_type(s) != CONFIG_TYPE_STRING)
    for (i = 0; i < (size_t)config_setting_length(s); i++)
      p->months[p->n_months++] =
          (int)pm_schema_number(config_setting_get_elem(s, (unsigned)i));
  if (g && (status = load_field(ld, config_setting_get_member(g, "regions"),
                                "prediction.regions", "file", "variable",
                                &p->regions)))
    return status;
  if (g && (s = config_setting_get_member(g, "depths")))
    return pm_scenario_copy_numbers(s, &p->depths, &p->n_depths);
  if (g && (s = config_setting_get_member(g, "depth_edges")))
    return pm_scenario_copy_numbers(s, &p->depth_edges, &p->n_depth_edges);
  p->n_depth_edges = sc->grid.n_depth_edges;
  if (!(p->depth_edges = malloc(p->n_depth_edges * sizeof(double))))
    return pm_error_nomem();
  memcpy(p->depth_edges, sc->grid.depth_edges,
         p->n_depth_edges * sizeof(double));
  return PM_SUCCESS;
}

static int load_change(const pm_scenario_loader *ld, const config_setting_t *g,
                       const char *where, pm_scenario_change *c)
{
  const config_setting_t *s;
  int status;
  if (!(c->where = pm_scenario_where_of(g, ld->file, where)))
    return pm_error_nomem();
  if ((status = pm_scenario_copy_member(g, "covariate", &c->covariate)))
    return status;
  if ((s = config_setting_get_member(g, "add")) ||
      (s = config_setting_get_member(g, "multiply"))) {
    c->kind = strcmp(config_setting_name(s), "add") == 0 ? PM_CHANGE_ADD
                                                         : PM_CHANGE_MULTIPLY;
    c->value = pm_schema_number(s);
    return PM_SUCCESS;
  }
  c->kind = config_setting_get_member(g, "file") ? PM_CHANGE_REPLACE
                                                 : PM_CHANGE_DELTA;
  if (c->kind == PM_CHANGE_REPLACE)
    return load_field(ld, g, where, "file", "variable", &c->field);
  return load_field(ld, g, where, "delta_file", "delta_variable", &c->field);
}

static int load_case(const pm_scenario_loader *ld, const config_setting_t *g,
                     int index, pm_scenario_case *k)
{
  const config_setting_t *list = config_setting_get_member(g, "changes");
  char where[64];
  int i, n = config_setting_length(list), status;
  snprintf(where, sizeof where, "scenarios[%d]", index);
  if (!(k->where = pm_scenario_where_of(g, ld->file, where)) ||
      !(k->changes = calloc((size_t)n, sizeof *k->changes)))
    return pm_error_nomem();
  if ((status = pm_scenario_copy_member(g, "name", &k->name))) return status;
  for (i = 0; i < n; i++) {
    k->n_changes++;
    snprintf(where, sizeof where, "scenarios[%d].changes[%d]", index, i);
    if ((status = load_change(ld, config_setting_get_elem(list, (unsigned)i),
                              where, &k->changes[i])))
      return status;
  }
  return PM_SUCCESS;
}

static int load_cases(const pm_scenario_loader *ld,
                      const config_setting_t *root, pm_scenario *sc)
{
  const config_setting_t *list = config_setting_get_member(root, "scenarios");
  int i, n = list ? config_setting_length(list) : 0, status;
  if (n == 0) return PM_SUCCESS;
  if (!(sc->cases = calloc((size_t)n, sizeof *sc->cases)))
    return pm_error_nomem();
  for (i = 0; i < n; i++) {
    sc->n_cases++;
    if ((status = load_case(ld, config_setting_get_elem(list, (unsigned)i), i,
                            &sc->cases[i])))
      return status;
  }
  return PM_SUCCESS;
}

int pm_scenario_load_models(const pm_scenario_loader *ld,
                            const config_setting_t *root, pm_scenario *sc)
{
  int status;
  if ((status = load_covariates(ld, root, sc)) ||
      (status = load_field(ld, config_setting_get_member(root, "relief"),
                           "relief", "file", "variable", &sc->relief)) ||
      (status = load_model_list(ld, root, sc)) ||
      (status = load_prediction(ld, root, sc)))
    return status;
  return load_cases(ld, root, sc);
}

static void free_field(pm_scenario_field *f)
{
  free(f->file);
  free(f->variable);
  free(f->where);
}

void pm_scenario_free_models(pm_scenario *sc)
{
  size_t i, j;
  for (i = 0; i < sc->n_covariates; i++) {
    free(sc->covariates[i].name);
    free(sc->covariates[i].temperature);
    free(sc->covariates[i].salinity);
    free_field(&sc->covariates[i].field);
  }
  free(sc->covariates);
  free_field(&sc->relief);
  for (i = 0; i < sc->n_models; i++) {
    pm_scenario_model *m = &sc->models[i];
    pm_scenario_free_strings(m->response.classes, m->response.n_classes);
    free(m->name);
    free(m->where);
    free(m->formula);
  }
  free(sc->models);
  free(sc->prediction.depths);
  free(sc->prediction.depth_edges);
  free_field(&sc->prediction.regions);
  for (i = 0; i < sc->n_cases; i++) {
    for (j = 0; j < sc->cases[i].n_changes; j++) {
      free(sc->cases[i].changes[j].covariate);
      free(sc->cases[i].changes[j].where);
      free_field(&sc->cases[i].changes[j].field);
    }
    free(sc->cases[i].changes);
    free(sc->cases[i].name);
    free(sc->cases[i].where);
  }
  free(sc->cases);
}
