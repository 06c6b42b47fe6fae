/* load_figures.c: fill a pm_scenario's `figures` group from a validated
 * scenario file, with the defaults of the settings left out.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "load_internal.h"
#include "paths.h"
#include "pm_error.h"

#include <stdlib.h>

int pm_scenario_load_figures(const pm_scenario_loader *ld,
                             const config_setting_t *root, pm_scenario *sc)
{
  const config_setting_t *g = config_setting_get_member(root, "figures");
  const config_setting_t *depths;
  pm_scenario_figures *f = &sc->figures;
  int status;

  if (!g) return PM_SUCCESS;
  f->given = 1;
  f->width_mm = pm_scenario_number_or(g, "width_mm", 180);
  f->dpi = pm_scenario_number_or(g, "dpi", 300);
  if (!(f->where = pm_scenario_where_of(g, ld->file, "figures")))
    return pm_error_nomem();
  if ((status = pm_scenario_copy_or(g, "projection", "robin",
                                    &f->projection)) ||
      (status = pm_scenario_copy_or(g, "format", "png", &f->format)))
    return status;
  depths = config_setting_get_member(g, "depths");
  return depths ? pm_scenario_copy_numbers(depths, &f->depths, &f->n_depths)
                : PM_SUCCESS;
}

void pm_scenario_free_figures(pm_scenario_figures *f)
{
  free(f->where);
  free(f->depths);
  free(f->projection);
  free(f->format);
}
