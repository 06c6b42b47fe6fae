/* grid_internal.h: the parts of a grid that grid.c builds from gridtime.c
 * and areas.c (not installed).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_GRID_INTERNAL_H
#define PM_GRID_INTERNAL_H

#include "pm_grid.h"

/* Fill g->ntime, g->time, g->time_bnds, g->year_first and g->year_last for
 * g->time_axis and data spanning [time_min, time_max]. */
int pm_grid_time_build(pm_grid *g, double time_min, double time_max);

/* Fill g->area, the area of one cell of each latitude row. */
int pm_grid_row_areas(pm_grid *g);

#endif
