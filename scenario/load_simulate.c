/* load_simulate.c: fill a pm_scenario's `simulate` and `recovery` groups
 * (the simulated classifier's matrix and classes among them) from a
 * validated scenario file, with the defaults of the settings left out, and
 * check that the models fitted to the virtual observations are
 * models of counts of the `models` section (of biomass, for the biomass
 * of a Tweedie draw).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "load_internal.h"
#include "paths.h"
#include "pm_error.h"
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The family of the virtual counts with its theta, power and phi. */
static int load_family(const config_setting_t *g, pm_scenario_simulate *sim)
{
  const char *name = "poisson";
  int status;

  config_setting_lookup_string(g, "family", &name);
  if ((status = pm_family_from_name(&sim->family, name))) return status;
  sim->family.theta = pm_scenario_number_or(g, "theta", sim->family.theta);
  sim->family.p = pm_scenario_number_or(g, "power", sim->family.p);
  sim->phi = pm_scenario_number_or(g, "phi", 0);
  return PM_SUCCESS;
}

/* The casts of the `sites` table, when given. */
static int load_sites(const pm_scenario_loader *ld, const config_setting_t *g,
                      pm_scenario_simulate *sim)
{
  static const char *const column[] = {"profile", "datetime", "lat", "lon"};
  const config_setting_t *c = config_setting_get_member(g, "columns");
  char **name[] = {&sim->sites_profile, &sim->sites_datetime, &sim->sites_lat,
                   &sim->sites_lon};
  const char *delimiter = "\t";
  size_t i;
  int status;

  config_setting_lookup_string(g, "delimiter", &delimiter);
  sim->sites_delimiter = delimiter[0];
  sim->sites_volume_m3 = pm_scenario_number_or(g, "volume_m3", 0);
  if (!(sim->sites_where = pm_scenario_where_of(g, ld->file,
                                                "simulate.sites")))
    return pm_error_nomem();
  if ((status = pm_scenario_path_member(ld, g, "simulate.sites", "file",
                                        &sim->sites_file, NULL)))
    return status;
  for (i = 0; i < 4; i++) /* each column's default is its setting's name */
    if ((status = pm_scenario_copy_or(c, column[i], column[i], name[i])))
      return status;
  if (c && (status = pm_scenario_copy_member(c, "project",
                                              &sim->sites_project)))
    return status;
  return pm_scenario_copy_numbers(config_setting_get_member(g, "depth_edges"),
                                  &sim->sites_depth_edges,
                                  &sim->n_sites_depth_edges);
}

/* Element i of `models` (setting s) names a model of counts, or of
 * biomass when the draws are Tweedie biomass. */
static int check_count_model(const pm_scenario *sc, const config_setting_t *s,
                             const char *file, int i)
{
  const char *name = config_setting_get_string(s);
  int biomass = sc->simulate.family.kind == PM_FAMILY_TWEEDIE;
  size_t k;

  for (k = 0; k < sc->n_models; k++) {
    pm_response_kind kind = sc->models[k].response.kind;
    if (strcmp(sc->models[k].name, name)) continue;
    if (biomass ? kind == PM_RESPONSE_BIOMASS
                : kind == PM_RESPONSE_CLASS || kind == PM_RESPONSE_CLASSES ||
                      kind == PM_RESPONSE_SIZE)
      return PM_SUCCESS;
    return pm_schema_error(s, file,
                           "setting 'simulate.models[%d]': model '%s' models "
                           "%s, not %s; the virtual observations are %s",
                           i, name,
                           pm_scenario_response_name(&sc->models[k].response),
                           biomass ? "biomass" : "counts",
                           biomass ? "Tweedie biomass: name a model with "
                                     "response = { biomass = true; }"
                                   : "counts: name a model of a class, "
                                     "classes or size window");
  }
  return pm_schema_error(s, file,
                         "setting 'simulate.models[%d]': no model named '%s'; "
                         "name a model of the `models` section",
                         i, name);
}

static int load_models(const pm_scenario_loader *ld, const config_setting_t *g,
                       pm_scenario *sc)
{
  const config_setting_t *list = config_setting_get_member(g, "models");
  int i, status;

  if (!list) return PM_SUCCESS;
  for (i = 0; i < config_setting_length(list); i++)
    if ((status = check_count_model(
             sc, config_setting_get_elem(list, (unsigned)i), ld->file, i)))
      return status;
  return pm_scenario_copy_strings(list, &sc->simulate.models,
                                  &sc->simulate.n_models);
}

/* The `classifier`, when given: its matrix and its other true classes. */
static int load_classifier(const pm_scenario_loader *ld,
                           const config_setting_t *g,
                           pm_scenario_simulate *sim)
{
  const config_setting_t *list = config_setting_get_member(g, "classes");
  size_t n = (size_t)config_setting_length(list), i;
  char where[64];
  int status;

  if (!(sim->classifier_where = pm_scenario_where_of(g, ld->file,
                                                     "simulate.classifier")) ||
      !(sim->classes = calloc(n, sizeof *sim->classes)))
    return pm_error_nomem();
  sim->n_classes = n; /* zeroed: freed whole on every path */
  if ((status = pm_scenario_path_member(ld, g, "simulate.classifier",
                                        "confusion", &sim->confusion, NULL)))
    return status;
  for (i = 0; i < n; i++) {
    const config_setting_t *c = config_setting_get_elem(list, (unsigned)i);
    pm_scenario_simulate_class *k = &sim->classes[i];
    snprintf(where, sizeof where, "simulate.classifier.classes[%zu]", i);
    if (!(k->where = pm_scenario_where_of(c, ld->file, where)))
      return pm_error_nomem();
    if ((status = pm_scenario_copy_member(c, "name", &k->name)) ||
        (status = pm_scenario_copy_member(c, "truth", &k->truth)))
      return status;
  }
  return PM_SUCCESS;
}

static int load_simulate(const pm_scenario_loader *ld,
                         const config_setting_t *g, pm_scenario *sc)
{
  pm_scenario_simulate *sim = &sc->simulate;
  const config_setting_t *sites = config_setting_get_member(g, "sites");
  const config_setting_t *classifier =
      config_setting_get_member(g, "classifier");
  int status;

  sim->given = 1;
  sim->seed = (unsigned long)pm_scenario_number_or(g, "seed", 1);
  if (!(sim->where = pm_scenario_where_of(g, ld->file, "simulate")))
    return pm_error_nomem();
  if ((status = pm_scenario_copy_member(g, "truth", &sim->truth)) ||
      (status = pm_scenario_path_member(ld, g, "simulate", "model",
                                        &sim->truth_model, NULL)) ||
      (status = load_family(g, sim)) ||
      (status = pm_scenario_copy_or(g, "class", "virtual",
                                    &sim->class_name)) ||
      (status = load_models(ld, g, sc)) ||
      (sites && (status = load_sites(ld, sites, sim))))
    return status;
  return classifier ? load_classifier(ld, classifier, sim) : PM_SUCCESS;
}

static int load_recovery(const pm_scenario_loader *ld,
                         const config_setting_t *g, pm_scenario_recovery *r)
{
  int status;

  r->given = 1;
  if (!(r->where = pm_scenario_where_of(g, ld->file, "recovery")))
    return pm_error_nomem();
  if ((status = pm_scenario_path_member(ld, g, "recovery", "truth_map",
                                        &r->truth_map, NULL)))
    return status;
  return pm_scenario_path_member(ld, g, "recovery", "truth_totals",
                                 &r->truth_totals, NULL);
}

int pm_scenario_load_simulate(const pm_scenario_loader *ld,
                              const config_setting_t *root, pm_scenario *sc)
{
  const config_setting_t *sim = config_setting_get_member(root, "simulate");
  const config_setting_t *rec = config_setting_get_member(root, "recovery");
  int status;

  if (sim && (status = load_simulate(ld, sim, sc))) return status;
  return rec ? load_recovery(ld, rec, &sc->recovery) : PM_SUCCESS;
}

void pm_scenario_free_simulate(pm_scenario *sc)
{
  pm_scenario_simulate *sim = &sc->simulate;
  pm_scenario_recovery *r = &sc->recovery;
  size_t i;

  free(sim->where);
  free(sim->truth);
  free(sim->truth_model);
  free(sim->class_name);
  pm_scenario_free_strings(sim->models, sim->n_models);
  free(sim->sites_file);
  free(sim->sites_where);
  free(sim->sites_profile);
  free(sim->sites_datetime);
  free(sim->sites_lat);
  free(sim->sites_lon);
  free(sim->sites_project);
  free(sim->sites_depth_edges);
  free(sim->confusion);
  free(sim->classifier_where);
  for (i = 0; i < sim->n_classes; i++) {
    free(sim->classes[i].name);
    free(sim->classes[i].truth);
    free(sim->classes[i].where);
  }
  free(sim->classes);
  free(r->where);
  free(r->truth_map);
  free(r->truth_totals);
}
