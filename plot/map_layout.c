/* map_layout.c: where the parts of a map figure go, so that a pixel of the
 * PNG can be found from a longitude and latitude.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"

#include <math.h>

#define MARGIN_MM 2.0
#define BAR_MM 2.5
#define LEGEND_LINES 1.2 /* the legend of the map's marks, at the bottom */

int pm_plot_map_layout_of(const pm_figure_spec *spec, const pm_plot_proj *p,
                          pm_plot_map_layout *l)
{
  pm_figure_spec s;
  double line, aspect, left, bottom, avail_h, w, h;
  int status;

  /* the figure's own height comes from the map's: resolve the rest */
  if ((status = pm_plot_spec_resolve(spec, 1.0, &s))) return status;
  line = 1.5 * s.font_pt * 25.4 / 72;
  pm_plot_proj_extent(p, l->ext);
  aspect = (l->ext[3] - l->ext[2]) / (l->ext[1] - l->ext[0]);
  l->title_h = 1.4 * line;
  left = MARGIN_MM + 2.2 * line; /* latitude labels */
  /* legend, bar, lon labels */
  bottom = MARGIN_MM + LEGEND_LINES * line + BAR_MM + 2.4 * line + 1.6 * line;
  w = s.width_mm - left - MARGIN_MM - 1.0 * line;
  h = w * aspect;
  l->height_mm = spec->height_mm > 0 ? spec->height_mm
                                     : bottom + h + l->title_h + MARGIN_MM;
  avail_h = l->height_mm - bottom - l->title_h - MARGIN_MM;
  if (h > avail_h) { /* a given height: the map shrinks to fit */
    h = avail_h;
    w = h / aspect;
  }
  if (!(w > 5 && h > 5))
    return pm_error(PM_EUSAGE, "a map of %g x %g mm leaves no room for the "
                    "map; make it larger", s.width_mm, l->height_mm);
  l->map.x = left + (s.width_mm - left - MARGIN_MM - line - w) / 2;
  l->map.y = bottom;
  l->map.w = w;
  l->map.h = h;
  l->bar.w = 0.6 * w;
  l->bar.x = l->map.x + (w - l->bar.w) / 2;
  l->bar.y = MARGIN_MM + LEGEND_LINES * line + 2.4 * line;
  l->legend_y = MARGIN_MM + 0.5 * LEGEND_LINES * line;
  l->bar.h = BAR_MM;
  return PM_SUCCESS;
}

int pm_plot_map_pixel(const pm_figure_spec *spec, const char *projection,
                      double lon, double lat, double *px, double *py)
{
  pm_plot_proj *p = NULL;
  pm_plot_map_layout l;
  pm_figure_spec s;
  double x = lon, y = lat;
  int status;

  if ((status = pm_plot_proj_open(&p, projection, NAN)) ||
      (status = pm_plot_map_layout_of(spec, p, &l)))
    goto cleanup;
  s = *spec;
  s.height_mm = l.height_mm;
  if ((status = pm_plot_spec_resolve(&s, 1.0, &s))) goto cleanup;
  pm_plot_proj_points(p, 1, &x, &y);
  if (!isfinite(x)) {
    status = pm_error(PM_EUSAGE, "(%g, %g) cannot be projected", lon, lat);
    goto cleanup;
  }
  x = l.map.x + (x - l.ext[0]) / (l.ext[1] - l.ext[0]) * l.map.w;
  y = l.map.y + (y - l.ext[2]) / (l.ext[3] - l.ext[2]) * l.map.h;
  *px = x / s.width_mm * lround(s.width_mm / 25.4 * s.dpi);
  *py = (1 - y / s.height_mm) * lround(s.height_mm / 25.4 * s.dpi);
cleanup:
  pm_plot_proj_free(p);
  return status;
}
