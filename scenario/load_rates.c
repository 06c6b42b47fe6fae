/* load_rates.c: fill a pm_scenario's rate sets from a validated scenario
 * file (schema_rates.c has checked the names, kinds and ranges).  The only
 * defaults are those of Ikeda's regression that the library has checked
 * (pm_respiration_params_init); the efficiencies and the silica values have
 * none and are required.  The layers of the extra totals must lie within
 * the prediction's depth range: a layer reaching below the deepest edge
 * would be underestimated.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "load_internal.h"
#include "paths.h"
#include "pm_error.h"
#include "pm_grid.h"
#include "schema.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void load_silica(const config_setting_t *g, pm_rates_spec *s)
{
  double per_c = pm_scenario_number_or(g, "si_per_mgC_mol", NAN);

  pm_silica_params_init(&s->si);
  if (!g) return;
  s->silica = 1;
  s->silica_per_mgC = !isnan(per_c);
  s->si.si_per_cell_mol =
      s->silica_per_mgC ? per_c
                        : pm_scenario_number_or(g, "si_per_individual_mol", NAN);
  s->si.rate_per_d = pm_scenario_number_or(g, "rate_per_d", NAN);
}

static void load_spec(const config_setting_t *g, pm_rates_spec *s)
{
  s->form = pm_scenario_enum_or_first(g, "respiration",
                                      pm_scenario_respiration_forms) == 1
                ? PM_RESPIRATION_Q10
                : PM_RESPIRATION_IKEDA;
  pm_respiration_params_init(&s->ikeda);
  s->ikeda.a0 = pm_scenario_number_or(g, "a0", s->ikeda.a0);
  s->ikeda.a1 = pm_scenario_number_or(g, "a1", s->ikeda.a1);
  s->ikeda.a2 = pm_scenario_number_or(g, "a2", s->ikeda.a2);
  s->ikeda.rq = pm_scenario_number_or(g, "rq", s->ikeda.rq);
  s->q10 = pm_scenario_number_or(g, "q10", NAN);
  s->r_ref_per_d = pm_scenario_number_or(g, "r_ref_per_d", NAN);
  s->t_ref = pm_scenario_number_or(g, "t_ref", NAN);
  s->individual_mass_mgC = pm_scenario_number_or(g, "individual_mass_mgC", NAN);
  s->ae = pm_scenario_number_or(g, "assimilation_efficiency", NAN);
  s->k2 = pm_scenario_number_or(g, "net_growth_efficiency", NAN);
  load_silica(config_setting_get_member(g, "silica"), s);
}

/* Ikeda's form needs every coefficient: a setting, else the library's
 * default where it has a checked one (pm_respiration_params_init). */
static int check_ikeda(const pm_scenario_rates *r)
{
  static const char *const names[] = {"a0", "a1", "a2", "rq"};
  const pm_respiration_params *p = &r->spec.ikeda;
  const double v[] = {p->a0, p->a1, p->a2, p->rq};
  size_t i;

  if (r->spec.form != PM_RESPIRATION_IKEDA) return PM_SUCCESS;
  for (i = 0; i < sizeof v / sizeof *v; i++)
    if (isnan(v[i]))
      return pm_error(PM_EINPUT, "%s: respiration \"ikeda\" needs '%s', "
                      "which has no checked default; set it from Ikeda "
                      "(1985)'s carbon-weight regression",
                      r->where, names[i]);
  return PM_SUCCESS;
}

/* The layers lie inside [top, bottom], the depth range of the prediction
 * that `setting` gives. */
static int check_layers(const pm_scenario_rates *r, double top,
                        double bottom, const char *setting)
{
  size_t i;

  for (i = 0; i < r->n_layers; i++) {
    const double *l = r->layers + 2 * i;
    if (l[0] >= top && l[1] <= bottom) continue;
    return pm_error(PM_EINPUT, "%s[%zu]: layer [%g, %g] m reaches %s the "
                    "prediction's depth range [%g, %g] m, where its total "
                    "would be underestimated; extend %s to %g m or keep the "
                    "layer inside", r->layers_where, i, l[0], l[1],
                    l[1] > bottom ? "below" : "above", top, bottom, setting,
                    l[1] > bottom ? l[1] : l[0]);
  }
  return PM_SUCCESS;
}

/* The depth range of the prediction maps: the layers of its points
 * (pm_grid_depth_layer), or its depth edges (the grid's when it gives
 * none). */
static const char *prediction_range(const pm_scenario *sc, double *top,
                                    double *bottom)
{
  const pm_scenario_prediction *p = &sc->prediction;
  double unused;
  if (p->depths) {
    pm_grid_depth_layer(p->depths, p->n_depths, 0, top, &unused);
    pm_grid_depth_layer(p->depths, p->n_depths, p->n_depths - 1, &unused,
                        bottom);
    return "prediction.depths";
  }
  *top = p->depth_edges[0];
  *bottom = p->depth_edges[p->n_depth_edges - 1];
  return "prediction.depth_edges";
}

/* The layers: pairs [top, bottom] (the schema has checked each), inside
 * the depth range of the prediction maps. */
static int load_layers(const pm_scenario_loader *ld, const pm_scenario *sc,
                       const config_setting_t *g, int index,
                       pm_scenario_rates *r)
{
  const config_setting_t *s = config_setting_get_member(g, "layers");
  const char *setting;
  double top, bottom;
  char where[48];
  size_t i, n = s ? (size_t)config_setting_length(s) : 0;

  if (n == 0) return PM_SUCCESS;
  snprintf(where, sizeof where, "rates[%d].layers", index);
  if (!(r->layers_where = pm_scenario_where_of(s, ld->file, where)) ||
      !(r->layers = malloc(2 * n * sizeof *r->layers)))
    return pm_error_nomem();
  for (i = 0; i < 2 * n; i++)
    r->layers[i] = pm_schema_number(config_setting_get_elem(
        config_setting_get_elem(s, (unsigned)(i / 2)), (unsigned)(i % 2)));
  r->n_layers = n;
  setting = prediction_range(sc, &top, &bottom);
  return check_layers(r, top, bottom, setting);
}

static int load_set(const pm_scenario_loader *ld, const pm_scenario *sc,
                    const config_setting_t *g, int index,
                    pm_scenario_rates *r)
{
  char where[32];
  int status;

  snprintf(where, sizeof where, "rates[%d]", index);
  load_spec(g, &r->spec);
  if (!(r->where = pm_scenario_where_of(g, ld->file, where)))
    return pm_error_nomem();
  if ((status = pm_scenario_copy_member(g, "name", &r->name)) ||
      (status = pm_scenario_copy_member(g, "biomass_model",
                                        &r->biomass_model)) ||
      (status = pm_scenario_copy_member(g, "temperature", &r->temperature)) ||
      (status = check_ikeda(r)) ||
      (status = load_layers(ld, sc, g, index, r)))
    return status;
  if (!config_setting_get_member(g, "abundance_model")) return PM_SUCCESS;
  return pm_scenario_copy_member(g, "abundance_model", &r->abundance_model);
}

int pm_scenario_load_rates(const pm_scenario_loader *ld,
                           const config_setting_t *root, pm_scenario *sc)
{
  const config_setting_t *list = config_setting_get_member(root, "rates");
  int i, n = list ? config_setting_length(list) : 0, status;

  if (n == 0) return PM_SUCCESS;
  if (!(sc->rates = calloc((size_t)n, sizeof *sc->rates)))
    return pm_error_nomem();
  for (i = 0; i < n; i++) {
    sc->n_rates++;
    if ((status = load_set(ld, sc, config_setting_get_elem(list, (unsigned)i),
                           i, &sc->rates[i])))
      return status;
  }
  return PM_SUCCESS;
}

void pm_scenario_free_rates(pm_scenario *sc)
{
  size_t i;

  for (i = 0; i < sc->n_rates; i++) {
    pm_scenario_rates *r = &sc->rates[i];
    free(r->name);
    free(r->where);
    free(r->biomass_model);
    free(r->abundance_model);
    free(r->temperature);
    free(r->layers);
    free(r->layers_where);
  }
  free(sc->rates);
}
