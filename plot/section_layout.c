/* section_layout.c: where the parts of a depth section go: the plot area
 * with room for the axes' labels and title (and a legend under them),
 * and right of it the colour bar with the room its tick labels and label
 * take.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"

#define MARGIN_MM 1.0 /* right of the bar's label */
#define BAR_MM 2.5
#define LEAST_MM 10.0 /* the smallest plot area drawn */
#define LEGEND_LINES 1.2 /* the legend of the section's marks */

int pm_plot_section_layout(const pm_figure *fig, const pm_plot_scale *sc,
                           const char *label, int legend,
                           pm_plot_section_parts *l)
{
  double line = pm_plot_line_mm(fig, 1.0), pw, ph;
  pm_plot_bar_extent e;

  pm_figure_panel_mm(fig, &pw, &ph);
  l->plot.x = 4.4 * line; /* the y label beyond the tick labels */
  l->legend_y = 0.5 * LEGEND_LINES * line;
  l->plot.y = (2.6 + (legend ? LEGEND_LINES : 0)) * line;
  l->plot.h = ph - l->plot.y - 2.0 * line;
  l->bar.x = 0;
  l->bar.y = l->plot.y;
  l->bar.w = BAR_MM;
  l->bar.h = l->plot.h;
  pm_plot_colorbar_extent(fig, sc, label, &l->bar, &e);
  /* e.far: the bar's width with its text, as it stands at 0 */
  l->plot.w = pw - l->plot.x - 1.2 * line - e.far - MARGIN_MM;
  l->bar.x = l->plot.x + l->plot.w + 1.2 * line;
  if (!(l->plot.w >= LEAST_MM && l->plot.h >= LEAST_MM))
    return pm_error(PM_EUSAGE, "a section of %g x %g mm leaves no room for "
                    "the plot beside its colour bar; make it larger", pw, ph);
  return PM_SUCCESS;
}
