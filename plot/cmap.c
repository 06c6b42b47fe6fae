/* cmap.c: colour maps by name, and the colour at a point of one.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "cmap_internal.h"
#include "pm_error.h"

#include <math.h>
#include <string.h>

const char *pm_plot_cmap_names(void)
{
  return "viridis, cividis, rdbu";
}

int pm_plot_cmap_find(const char *name, const pm_plot_cmap **cmap)
{
  size_t i;

  for (i = 0; i < pm_plot_ncmaps; i++)
    if (strcmp(name, pm_plot_cmaps[i].name) == 0) {
      *cmap = &pm_plot_cmaps[i];
      return PM_SUCCESS;
    }
  return pm_error(PM_EUSAGE, "unknown colour map '%s'; the colour maps are %s",
                  name, pm_plot_cmap_names());
}

const char *pm_plot_cmap_name(const pm_plot_cmap *cmap)
{
  return cmap->name;
}

int pm_plot_cmap_diverging(const pm_plot_cmap *cmap)
{
  return cmap->diverging;
}

static unsigned byte(double c)
{
  return (unsigned)lround(255 * (c < 0 ? 0 : c > 1 ? 1 : c));
}

unsigned pm_plot_cmap_rgb(const pm_plot_cmap *cmap, double t)
{
  double u, f, c[3];
  size_t i, k;

  if (!(t > 0)) t = 0; /* NAN too */
  if (t > 1) t = 1;
  u = t * (double)(cmap->n - 1);
  i = (size_t)u;
  if (i >= cmap->n - 1) i = cmap->n - 2;
  f = u - (double)i;
  for (k = 0; k < 3; k++)
    c[k] = (1 - f) * cmap->rgb[i][k] + f * cmap->rgb[i + 1][k];
  return byte(c[0]) << 16 | byte(c[1]) << 8 | byte(c[2]);
}
