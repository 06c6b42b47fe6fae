/* schema_figures.c: the settings of the `figures` group: the depths,
 * projection, format and size of the figures `plankmap run` writes.
 *
 * configs/example_full.cfg documents every setting.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_error.h"
#include "pm_plot.h"
#include "schema.h"

#include <string.h>

#define N(table) (sizeof table / sizeof table[0])
#define ALL PM_SCHEMA_ALL

const char *const pm_scenario_figure_formats[] = {"png", "pdf", "svg", NULL};

/* The projection is one that plankmap plot draws (PROJ knows it). */
static int check_figures(const config_setting_t *g, const char *file,
                         const char *where)
{
  const config_setting_t *p = config_setting_get_member(g, "projection");
  int status;

  if (!p || !(status = pm_plot_projection_check(config_setting_get_string(p))))
    return PM_SUCCESS;
  return pm_schema_error(p, file, "setting '%s.projection': %s", where,
                         pm_error_message());
}

static const pm_schema_setting figure_settings[] = {
    {"depths", PM_SCHEMA_LEVELS, ALL, 0, 0, 11000, 0, NULL, NULL,
     "depths (m) of the maps, each drawn at the nearest level of the maps; "
     "default the first level"},
    {"projection", PM_SCHEMA_STRING, ALL, 0, 0, 0, 0, NULL, NULL,
     "map projection: robin (default), eqearth, moll, eqc or a PROJ string "
     "(\"+proj=...\")"},
    {"format", PM_SCHEMA_ENUM, ALL, 0, 0, 0, 0, pm_scenario_figure_formats,
     NULL, "file format of the figures: \"png\" (default), \"pdf\" or "
     "\"svg\""},
    {"width_mm", PM_SCHEMA_NUMBER, ALL, 0, 20, 2000, 0, NULL, NULL,
     "figure width (mm): 85 for a journal column, 180 (default) a page"},
    {"dpi", PM_SCHEMA_NUMBER, ALL, 0, 30, 2400, 0, NULL, NULL,
     "resolution of PNG figures (dots per inch); default 300"},
};

const pm_schema_section pm_schema_figures = {
    figure_settings, N(figure_settings), NULL, check_figures};
