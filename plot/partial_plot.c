/* partial_plot.c: the partial-effect figure of a model file, one panel per
 * term, in the manner of mgcv's plot.gam (Wood 2017, Generalized Additive
 * Models, 2nd ed., section 7.2; the 95% band is effect +- 1.96 SE), or for
 * boosted trees the partial dependence on each feature (Friedman 2001,
 * Ann. Statist. 29(5):1189-1232, section 8.2; predict/engine_xgb_partial.c)
 * with the band of its members' 2.5% to 97.5% quantiles.  Each panel's
 * title says which band it draws.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"
#include "pm_engine.h"
#include "pm_plot_charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Z95 1.959964 /* the standard normal's 97.5% quantile */
#define BAND_RGB 0xc8c8c8u
#define SURFACE_LEVELS 12 /* colour steps of a te() image: filled contours */

/* mgcv's y label: "s(temp,5.36)" for a smooth ("s(logdepth,6.73):oxy"
 * with a by=), "Partial for oxy" else; an ensemble's "Partial dependence
 * on temp". */
static void y_label(const pm_partial_term *e, char *buf, size_t size)
{
  const char *close = strchr(e->label, ')');

  if (e->lo)
    snprintf(buf, size, "Partial dependence on %s", e->label);
  else if (close && (strncmp(e->label, "s(", 2) == 0 ||
                strncmp(e->label, "te(", 3) == 0))
    snprintf(buf, size, "%.*s,%.2f%s", (int)(close - e->label), e->label,
             e->edf, close);
  else
    snprintf(buf, size, "Partial for %s", e->label);
}

/* The units of the built-in covariates (fields/builtin.c): depth and the
 * log of depth in m, latitude and longitude as CF's units (CF conventions
 * 1.11, sections 4.1 and 4.2); month has none. */
static const pm_plot_covariate_units builtin_units[] = {
    {"depth", "m"}, {"logdepth", "log(m)"}, {"lat", "degrees_north"},
    {"lon", "degrees_east"}};

/* The units of covariate `name`: the caller's, else a built-in's; NULL
 * where unknown. */
static const char *units_of(const char *name, const pm_plot_covariate_units *u,
                            size_t n)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (strcmp(u[i].name, name) == 0) return u[i].units;
  for (i = 0; i < sizeof builtin_units / sizeof builtin_units[0]; i++)
    if (strcmp(builtin_units[i].name, name) == 0) return builtin_units[i].units;
  return NULL;
}

void pm_plot_covariate_label(const char *name,
                             const pm_plot_covariate_units *u, size_t n,
                             char *buf, size_t size)
{
  const char *units = units_of(name, u, n);
  char text[256];

  if (units && *units && strcmp(units, "1") != 0) {
    snprintf(text, sizeof text, "%s [%s]", name, units);
    pm_plot_micro(text, buf, size);
  } else {
    snprintf(buf, size, "%s", name);
  }
}

/* The band at point i: the members' quantiles of an ensemble, else
 * fit -+ 1.96 se. */
static void band(const pm_partial_term *e, size_t i, double *lo, double *hi)
{
  *lo = e->lo ? e->lo[i] : e->fit[i] - Z95 * e->se[i];
  *hi = e->hi ? e->hi[i] : e->fit[i] + Z95 * e->se[i];
}

/* What the band (or the bars of levels) is, as the panel's title says
 * it: "band: members' 95% range". */
static void band_title(const pm_partial_term *e, const char *what,
                       char *buf, size_t size)
{
  snprintf(buf, size, "%s: %s", what,
           e->lo ? "members' 95% range"
                 : "\xc2\xb1" "1.96 SE (95%)"); /* U+00B1 PLUS-MINUS SIGN */
}

/* The range of the band over n values. */
static void band_range(const pm_partial_term *e, size_t n, double *lo,
                       double *hi)
{
  size_t i;
  double a, b;

  *lo = INFINITY;
  *hi = -INFINITY;
  for (i = 0; i < n; i++) {
    band(e, i, &a, &b);
    *lo = fmin(*lo, a);
    *hi = fmax(*hi, b);
  }
  if (*hi - *lo < 1e-12) { /* a flat effect (a baseline level alone) */
    *lo -= 1;
    *hi += 1;
  }
}

/* The rug: a tick on the x axis at each fitted covariate value. */
static int rug(pm_figure *fig, const pm_partial_term *e, double y0,
               double y1)
{
  pm_plot_style s = {0x000000, 0.3, 0, 0};
  double *x = malloc((e->nrug + 1) * sizeof *x);
  double *a = malloc((e->nrug + 1) * sizeof *a);
  double *b = malloc((e->nrug + 1) * sizeof *b);
  size_t i, n = 0;
  int status;

  if (!x || !a || !b) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 0; i < e->nrug; i++) {
    if (!isfinite(e->rug_x[i])) continue;
    x[n] = e->rug_x[i];
    a[n] = y0;
    b[n++] = y1;
  }
  status = pm_plot_xy_segments(fig, n, x, a, x, b, &s);
cleanup:
  free(x);
  free(a);
  free(b);
  return status;
}

/* The covariates' units the panels label their axes with. */
typedef struct {
  const pm_plot_covariate_units *u;
  size_t n;
} units_table;

static int line_panel(pm_figure *fig, const pm_partial_term *e,
                      const units_table *u)
{
  pm_plot_style line = {0x000000, 1.0, 0, 0};
  pm_plot_axes a = {0};
  double *lo = malloc(e->nx * sizeof *lo), *hi = malloc(e->nx * sizeof *hi);
  char ylab[160], xlab[300], title[64];
  size_t i;
  int status;

  if (!lo || !hi) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 0; i < e->nx; i++) band(e, i, &lo[i], &hi[i]);
  y_label(e, ylab, sizeof ylab);
  band_title(e, "band", title, sizeof title);
  a.title = title;
  a.xmin = e->x[0];
  a.xmax = e->x[e->nx - 1];
  band_range(e, e->nx, &a.ymin, &a.ymax);
  a.ymin -= 0.04 * (a.ymax - a.ymin); /* room for the rug */
  pm_plot_covariate_label(e->xname, u->u, u->n, xlab, sizeof xlab);
  a.xlabel = xlab;
  a.ylabel = ylab;
  if ((status = pm_plot_xy_axes(fig, &a)) ||
      (status = pm_plot_xy_band(fig, e->nx, e->x, lo, hi, BAND_RGB)) ||
      (status = pm_plot_xy_line(fig, e->nx, e->x, e->fit, &line)))
    goto cleanup;
  status = rug(fig, e, a.ymin, a.ymin + 0.035 * (a.ymax - a.ymin));
cleanup:
  free(lo);
  free(hi);
  return status;
}

/* Points with 95% intervals; the level names under the axis when few. */
static int levels_panel(pm_figure *fig, const pm_partial_term *e)
{
  pm_plot_style dot = {0x000000, 0.75, 0, 1.2};
  pm_plot_axes a = {0};
  double *lo = malloc(e->nx * sizeof *lo), *hi = malloc(e->nx * sizeof *hi);
  double *pos = malloc(e->nx * sizeof *pos);
  char ylab[160], xlab[160], title[64];
  double pad;
  size_t i;
  int status, named = e->nx <= 8;

  if (!lo || !hi || !pos) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 0; i < e->nx; i++) band(e, i, &lo[i], &hi[i]);
  y_label(e, ylab, sizeof ylab);
  band_title(e, "bars", title, sizeof title);
  a.title = title;
  snprintf(xlab, sizeof xlab, named ? "%s" : "%s (levels 1 to %zu)",
           e->label, e->nx);
  a.xmin = 0.5;
  a.xmax = (double)e->nx + 0.5;
  band_range(e, e->nx, &a.ymin, &a.ymax);
  pad = 0.05 * (a.ymax - a.ymin); /* the intervals' ends clear of the frame */
  a.ymin -= pad;
  a.ymax += pad;
  a.xlabel = xlab;
  a.ylabel = ylab;
  a.xticks_hidden = 1; /* level positions carry no numeric meaning */
  for (i = 0; i < e->nx; i++) pos[i] = (double)i + 1;
  if ((status = pm_plot_xy_axes(fig, &a)) ||
      (status = pm_plot_xy_segments(fig, e->nx, pos, lo, pos, hi, &dot)) ||
      (status = pm_plot_xy_points(fig, e->nx, pos, e->fit, &dot)))
    goto cleanup;
  /* the level names under the axis, where tick labels would be */
  for (i = 0; named && i < e->nx; i++)
    plmtex("b", 1.4, ((double)i + 0.5) / (double)e->nx, 0.5, e->levels[i]);
cleanup:
  free(lo);
  free(hi);
  free(pos);
  return status;
}

/* Each grid cell filled with the colour of its step of the effect. */
static int surface_cells(pm_figure *fig, const pm_partial_term *e,
                         const pm_plot_scale *sc)
{
  double step = (sc->max - sc->min) / SURFACE_LEVELS;
  double dx = (e->x[e->nx - 1] - e->x[0]) / (double)(e->nx - 1);
  double dy = (e->y[e->ny - 1] - e->y[0]) / (double)(e->ny - 1);
  size_t i, j;
  int status = PM_SUCCESS;

  for (i = 0; i < e->nx && !status; i++)
    for (j = 0; j < e->ny && !status; j++) {
      double v = e->fit[i * e->ny + j], x[2], lo[2], hi[2];
      unsigned rgb;
      /* the middle of its step: a filled contour of SURFACE_LEVELS levels */
      v = sc->min + (floor((v - sc->min) / step) + 0.5) * step;
      if (!pm_plot_scale_rgb(sc, v, &rgb)) continue;
      x[0] = fmax(e->x[0], e->x[i] - dx / 2);
      x[1] = fmin(e->x[e->nx - 1], e->x[i] + dx / 2);
      lo[0] = lo[1] = fmax(e->y[0], e->y[j] - dy / 2);
      hi[0] = hi[1] = fmin(e->y[e->ny - 1], e->y[j] + dy / 2);
      status = pm_plot_xy_band(fig, 2, x, lo, hi, rgb);
    }
  return status;
}

/* A smooth on the sphere as a map of the globe in the Robinson projection
 * inside `box`: its cells in the colours of their steps, the land over
 * them, the fitted places as dots. */
static int globe(pm_figure *fig, const pm_partial_term *e,
                 const pm_plot_scale *sc, const pm_plot_box *box)
{
  double step = (sc->max - sc->min) / SURFACE_LEVELS, ext[4], h;
  double dlat = 180.0 / (double)(e->nx - 1), dlon = 360.0 / (double)(e->ny - 1);
  double *lon = malloc((e->nrug + 1) * sizeof *lon);
  double *lat = malloc((e->nrug + 1) * sizeof *lat);
  pm_plot_proj *p = NULL;
  pm_plot_box b = *box;
  size_t i, j, drawn;
  int status = lon && lat ? pm_plot_proj_open(&p, NULL, 0) : pm_error_nomem();

  if (!status) {
    pm_plot_proj_extent(p, ext);
    h = b.w * (ext[3] - ext[2]) / (ext[1] - ext[0]);
    b.y += 0.5 * (b.h - fmin(h, b.h));
    b.h = fmin(h, b.h);
    pm_plot_viewport(fig, &b, ext[0], ext[1], ext[2], ext[3]);
  }
  for (i = 0; i < e->nx && !status; i++)
    for (j = 0; j < e->ny && !status; j++) {
      double v = e->fit[i * e->ny + j];
      unsigned rgb;
      v = sc->min + (floor((v - sc->min) / step) + 0.5) * step;
      if (!pm_plot_scale_rgb(sc, v, &rgb)) continue;
      pm_plot_colour(fig, rgb);
      /* each cell grown by a tenth of a degree: no hairline between */
      status = pm_plot_fill_lonlat(
          p, fmax(-180, e->y[j] - dlon / 2 - 0.1),
          fmin(180, e->y[j] + dlon / 2 + 0.1), fmax(-90, e->x[i] - dlat / 2 - 0.1),
          fmin(90, e->x[i] + dlat / 2 + 0.1));
    }
  if (!status) status = pm_plot_coast(fig, p);
  if (!status) {
    memcpy(lat, e->rug_x, e->nrug * sizeof *lat);
    memcpy(lon, e->rug_y, e->nrug * sizeof *lon);
    status = pm_plot_map_sites(fig, p, e->nrug, lon, lat, &drawn);
  }
  pm_plot_proj_free(p);
  free(lon);
  free(lat);
  return status;
}

static int surface_panel(pm_figure *fig, const pm_partial_term *e,
                         const units_table *u)
{
  pm_plot_scale sc = {NULL, INFINITY, -INFINITY, 0, 0, 0};
  pm_plot_style dot = {0x000000, 0.2, 0, 0.25};
  pm_plot_axes a = {0};
  pm_plot_box bar;
  pm_plot_bar_extent room;
  double line, w, h;
  char label[160], xlab[300], ylab[300];
  size_t i, n = e->nx * e->ny;
  int status;

  if ((status = pm_plot_cmap_find("viridis", &sc.cmap))) return status;
  for (i = 0; i < n; i++) {
    sc.min = fmin(sc.min, e->fit[i]);
    sc.max = fmax(sc.max, e->fit[i]);
  }
  if (sc.max - sc.min < 1e-12) sc.max = sc.min + 1;
  pm_figure_panel_mm(fig, &w, &h);
  line = pm_plot_line_mm(fig, 1.0);
  y_label(e, label, sizeof label);
  /* the plotting box leaves room on the right for the colour bar and
   * its text, as they take it standing at 0 */
  a.box.x = 3.2 * line;
  a.box.y = 2.6 * line;
  a.box.h = h - a.box.y - 0.8 * line;
  bar.x = 0;
  bar.y = a.box.y;
  bar.w = 0.9 * line;
  bar.h = a.box.h;
  pm_plot_colorbar_extent(fig, &sc, label, &bar, &room);
  a.box.w = w - a.box.x - 0.8 * line - room.far - 0.3 * line;
  bar.x = a.box.x + a.box.w + 0.8 * line;
  if (e->sphere) {
    a.box.x = 0.5 * line;
    a.box.w = w - a.box.x - 0.8 * line - room.far - 0.3 * line;
    bar.x = a.box.x + a.box.w + 0.8 * line;
    if ((status = globe(fig, e, &sc, &a.box))) return status;
    return pm_plot_colorbar(fig, &sc, label, &bar);
  }
  a.xmin = e->x[0];
  a.xmax = e->x[e->nx - 1];
  a.ymin = e->y[0];
  a.ymax = e->y[e->ny - 1];
  pm_plot_covariate_label(e->xname, u->u, u->n, xlab, sizeof xlab);
  pm_plot_covariate_label(e->yname, u->u, u->n, ylab, sizeof ylab);
  a.xlabel = xlab;
  a.ylabel = ylab;
  if ((status = pm_plot_xy_axes(fig, &a)) ||
      (status = surface_cells(fig, e, &sc)) ||
      (status = pm_plot_xy_axes(fig, &a)) || /* the frame over the cells */
      (status = pm_plot_xy_points(fig, e->nrug, e->rug_x, e->rug_y, &dot)))
    return status;
  return pm_plot_colorbar(fig, &sc, label, &bar);
}

static int term_panel(pm_figure *fig, const pm_partial_term *e,
                      const units_table *u)
{
  switch (e->kind) {
  case PM_PARTIAL_LINE:
    return line_panel(fig, e, u);
  case PM_PARTIAL_SURFACE:
    return surface_panel(fig, e, u);
  default:
    return levels_panel(fig, e);
  }
}

/* nx x ny panels, near-square: nx = ceil(sqrt(n)). */
static void layout(size_t n, const pm_figure_spec *in, pm_figure_spec *out)
{
  int nx = (int)ceil(sqrt((double)n)), ny = (int)((n + (size_t)nx - 1) / (size_t)nx);

  *out = in ? *in : (pm_figure_spec){0};
  out->nx = nx;
  out->ny = ny;
  if (out->height_mm == 0 && out->aspect == 0)
    out->aspect = 0.8 * (double)ny / (double)nx; /* panels 5:4 */
}

int pm_plot_partial(const char *path, const pm_figure_spec *spec,
                    const char *model, const char *term)
{
  return pm_plot_partial_units(path, spec, model, term, NULL, 0);
}

int pm_plot_partial_units(const char *path, const pm_figure_spec *spec,
                          const char *model, const char *term,
                          const pm_plot_covariate_units *units, size_t nunits)
{
  units_table u = {units, nunits};
  pm_engine *e = NULL;
  pm_partial *p = NULL;
  pm_figure *fig = NULL;
  pm_figure_spec s;
  size_t first = 0, n, t;
  int status;

  if ((status = pm_engine_read(&e, model)) ||
      (status = pm_engine_partial(e, &p)))
    goto cleanup;
  n = p->nterms;
  if (term) {
    if ((status = pm_partial_find(p, term, &first))) goto cleanup;
    n = 1;
  } else if (n == 0) {
    status = pm_error(PM_EINPUT, "%s: the model has no term to draw (only "
                      "an intercept)", model);
    goto cleanup;
  }
  layout(n, spec, &s);
  if ((status = pm_figure_open(&fig, path, &s))) goto cleanup;
  for (t = 0; t < n && !status; t++)
    if (!(status = pm_figure_panel(fig, (int)t)))
      status = term_panel(fig, &p->terms[first + t], &u);
  if (!status) {
    status = pm_figure_close(fig);
    fig = NULL;
  }
cleanup:
  pm_figure_discard(fig);
  pm_partial_free(p);
  pm_engine_free(e);
  return status;
}
