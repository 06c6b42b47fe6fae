/* cmap_internal.h: a colour map as a table of control points (not
 * installed).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_CMAP_INTERNAL_H
#define PM_CMAP_INTERNAL_H

#include <stddef.h>

#include "pm_plot.h"

struct pm_plot_cmap {
  const char *name;
  const double (*rgb)[3]; /* evenly spaced over [0, 1] */
  size_t n;
  int diverging;
};

extern const pm_plot_cmap pm_plot_cmaps[];
extern const size_t pm_plot_ncmaps;

#endif
