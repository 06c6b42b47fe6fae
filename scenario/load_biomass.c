/* load_biomass.c: the `biomass` section: the carbon conversion table of the
 * run, the default rows with the rows of `carbon_table` on top, handed to
 * every observation source.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "load_internal.h"
#include "pm_error.h"

#include <stdlib.h>

int pm_scenario_load_biomass(const pm_scenario_loader *ld,
                             const config_setting_t *root, pm_scenario *sc)
{
  const config_setting_t *g = config_setting_get_member(root, "biomass");
  pm_scenario_biomass *b = &sc->biomass;
  size_t i;
  int status;

  if (!(b->carbon = pm_carbon_table_alloc())) return pm_error_nomem();
  if ((status = pm_carbon_table_defaults(b->carbon)) ||
      (g && (status = pm_scenario_path_member(ld, g, "biomass", "carbon_table",
                                              &b->carbon_table, &b->where))))
    return status;
  if (b->carbon_table &&
      (status = pm_carbon_table_read(b->carbon, b->carbon_table)))
    return pm_error_prefix(status, "%s", b->where);
  for (i = 0; i < sc->n_sources; i++) sc->sources[i].carbon = b->carbon;
  return PM_SUCCESS;
}

void pm_scenario_free_biomass(pm_scenario_biomass *b)
{
  pm_carbon_table_free(b->carbon);
  free(b->carbon_table);
  free(b->where);
}
