/* profile_plot.c: the profile figure: depth downwards, observed samples as
 * points, the predicted mean as a line in its shaded 95% interval.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"
#include "pm_plot_charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define BAND_RGB 0xc8c8c8u
#define OBS_RGB 0x2166acu

/* Widen [*lo, *hi] to hold v when v can be drawn. */
static void extend(double v, int log, double *lo, double *hi)
{
  if (!isfinite(v) || (log && v <= 0)) return;
  *lo = fmin(*lo, v);
  *hi = fmax(*hi, v);
}

/* The value axis: every drawable value, with a margin. */
static int value_range(const pm_plot_profile_data *d, int log,
                       pm_plot_axes *a)
{
  size_t k;

  a->xmin = INFINITY;
  a->xmax = -INFINITY;
  for (k = 0; k < d->ndepth; k++) {
    extend(d->mean[k], log, &a->xmin, &a->xmax);
    extend(d->lower[k], log, &a->xmin, &a->xmax);
    extend(d->upper[k], log, &a->xmin, &a->xmax);
  }
  for (k = 0; k < d->nobs; k++) extend(d->obs_value[k], log, &a->xmin, &a->xmax);
  if (!isfinite(a->xmin))
    return pm_error(PM_EINPUT, "%s: the grid column at longitude %g, latitude "
                    "%g has no %svalue (land or masked); choose another "
                    "position", d->file, d->cell_lon, d->cell_lat,
                    log ? "positive " : "");
  if (log) { /* whole decades: their labels on the axis */
    a->xmin = pow(10, floor(log10(a->xmin)));
    a->xmax = pow(10, ceil(log10(a->xmax)));
    if (a->xmax <= a->xmin) a->xmax = 10 * a->xmin;
  } else {
    double pad = a->xmax > a->xmin ? 0.05 * (a->xmax - a->xmin) : 1;
    a->xmin = fmin(0, a->xmin - pad);
    a->xmax += pad;
  }
  return PM_SUCCESS;
}

/* The depth axis: from the surface to the deepest depth shown. */
static void depth_range(const pm_plot_profile_data *d, pm_plot_axes *a)
{
  double deepest = 0;
  size_t k;

  for (k = 0; k < d->ndepth; k++) deepest = fmax(deepest, d->depth[k]);
  for (k = 0; k < d->nobs; k++)
    if (isfinite(d->obs_depth[k])) deepest = fmax(deepest, d->obs_depth[k]);
  a->ymin = deepest > 0 ? 1.05 * deepest : 1; /* at the bottom */
  a->ymax = 0;
}

/* The interval as a polygon: lower bounds down, upper bounds back up. */
static int band(pm_figure *fig, const pm_plot_profile_data *d)
{
  PLFLT *px = malloc(2 * d->ndepth * sizeof *px);
  PLFLT *py = malloc(2 * d->ndepth * sizeof *py);
  size_t k, m = 0;

  if (!px || !py) {
    free(px);
    free(py);
    return pm_error_nomem();
  }
  for (k = 0; k < 2 * d->ndepth; k++) {
    size_t i = k < d->ndepth ? k : 2 * d->ndepth - 1 - k;
    double x = k < d->ndepth ? d->lower[i] : d->upper[i];
    if (!isfinite(d->lower[i]) || !isfinite(d->upper[i])) continue;
    if (fig->xlog) x = d->lower[i] > 0 ? log10(x) : NAN;
    if (!isfinite(x)) continue;
    px[m] = x;
    py[m++] = d->depth[i];
  }
  pm_plot_colour(fig, BAND_RGB);
  if (m >= 3) plfill((PLINT)m, px, py);
  free(px);
  free(py);
  return PM_SUCCESS;
}

/* What the marks are, inside the panel's lower right corner. */
static void legend(pm_figure *fig, const pm_plot_profile_data *d)
{
  pm_plot_colour(fig, 0x000000);
  pm_plot_font(fig, 0.85);
  plmtex("b", -1.3, 0.97, 1.0, "line, band: predicted mean, 95% interval");
  if (d->nobs) {
    pm_plot_colour(fig, OBS_RGB);
    plmtex("b", -2.5, 0.97, 1.0, "points: observed samples");
  }
}

int pm_plot_profile(const char *path, const pm_figure_spec *spec,
                    const pm_plot_profile_request *r, int log, size_t *nobs)
{
  pm_plot_style line = {0x000000, 1.0, 0, 0}, dot = {OBS_RGB, 0.5, 0, 0.9};
  pm_plot_profile_data d;
  pm_plot_axes a = {0};
  pm_figure_spec s = spec ? *spec : (pm_figure_spec){0};
  pm_figure *fig = NULL;
  char xlabel[160], title[200];
  int status;

  if ((status = pm_plot_profile_read(r, &d))) return status;
  if (nobs) *nobs = d.nobs;
  if ((status = value_range(&d, log, &a))) goto cleanup;
  depth_range(&d, &a);
  snprintf(xlabel, sizeof xlabel, "%s %s [%s]", r->model,
           d.flux ? "flux" : "concentration", d.units[0] ? d.units : "1");
  if (r->profile)
    snprintf(title, sizeof title, "%s, %s (%.2f N, %.2f E)", r->profile,
             r->scenario ? r->scenario : "baseline", d.lat, d.lon);
  else
    snprintf(title, sizeof title, "%s, cell at %.2f N, %.2f E",
             r->scenario ? r->scenario : "baseline", d.cell_lat, d.cell_lon);
  a.xlog = log;
  a.xlabel = xlabel;
  a.ylabel = "Depth [m]";
  a.title = title;
  if (s.width_mm == 0) s.width_mm = 85; /* a journal column */
  if (s.height_mm == 0 && s.aspect == 0) s.aspect = 1.25;
  if ((status = pm_figure_open(&fig, path, &s)) ||
      (status = pm_plot_xy_axes(fig, &a)) || (status = band(fig, &d)) ||
      (status = pm_plot_xy_line(fig, d.ndepth, d.mean, d.depth, &line)) ||
      (status = pm_plot_xy_points(fig, d.nobs, d.obs_value, d.obs_depth,
                                  &dot)) ||
      (status = pm_plot_xy_axes(fig, &a))) /* the frame over the band */
    goto cleanup;
  legend(fig, &d);
  status = pm_figure_close(fig);
  fig = NULL;
cleanup:
  pm_figure_discard(fig);
  pm_plot_profile_free(&d);
  return status;
}
