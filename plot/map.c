/* map.c: a global map of one level of a plankmap NetCDF variable: the
 * cells as projected polygons, land and coastlines over them, a graticule,
 * the limb, a colour bar and a title.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP_DEG 1.0 /* longest straight edge before projection */

int pm_plot_fill_lonlat(const pm_plot_proj *p, double a, double b, double c,
                        double d)
{
  double lon[5] = {a, b, b, a, a}, lat[5] = {c, c, d, d, c}, *x, *y;
  size_t n, i, m = 0;
  int status;

  if ((status = pm_plot_densify(5, lon, lat, STEP_DEG, &x, &y, &n)))
    return status;
  pm_plot_proj_points(p, n, x, y);
  for (i = 0; i < n; i++)
    if (isfinite(x[i])) x[m] = x[i], y[m++] = y[i];
  if (m >= 3) plfill((PLINT)m, x, y);
  free(x);
  free(y);
  return PM_SUCCESS;
}

/* One cell [a, b] x [c, d], grown by `grow` degrees each way so that
 * neighbours overlap (two anti-aliased edges side by side would let the
 * background show through as a hairline), brought into the window
 * w0 .. w0 + 360 and split at its end, never grown past it. */
static int fill_cell(const pm_plot_proj *p, double w0, double a, double b,
                     double c, double d, double grow)
{
  double shift = 360 * floor((a - w0) / 360), w1 = w0 + 360;
  int status;

  a = fmax(w0, a - shift - grow);
  b = b - shift + grow;
  c = fmax(-90, c - grow);
  d = fmin(90, d + grow);
  if (b <= w1) return pm_plot_fill_lonlat(p, a, b, c, d);
  if ((status = pm_plot_fill_lonlat(p, a, w1, c, d))) return status;
  return pm_plot_fill_lonlat(p, w0, fmin(b - 360, w1), c, d);
}

/* The cells in their colours; those that `flags` (NULL: none) mark 1
 * lightened, *veiled of them. */
static int draw_cells(pm_figure *fig, const pm_plot_proj *p,
                      const pm_plot_slice *s, const pm_plot_scale *sc,
                      const pm_plot_slice *flags, double grow, size_t *veiled)
{
  double w0 = pm_plot_proj_lon0(p) - 180;
  size_t i, j;
  unsigned rgb;
  int status;

  *veiled = 0;
  for (j = 0; j < s->ny; j++)
    for (i = 0; i < s->nx; i++) {
      double c = fmax(-90, fmin(s->yb[j], s->yb[j + 1]));
      double d = fmin(90, fmax(s->yb[j], s->yb[j + 1]));
      if (!pm_plot_scale_rgb(sc, s->v[j * s->nx + i], &rgb)) continue;
      if (flags && flags->v[j * s->nx + i] == 1) {
        rgb = pm_plot_veil_rgb(rgb);
        (*veiled)++;
      }
      pm_plot_colour(fig, rgb);
      if ((status = fill_cell(p, w0, fmin(s->xb[i], s->xb[i + 1]),
                              fmax(s->xb[i], s->xb[i + 1]), c, d, grow)))
        return status;
    }
  return PM_SUCCESS;
}

/* A densified lon/lat polyline, projected and drawn. */
static int polyline(const pm_plot_proj *p, size_t n, const double *lon,
                    const double *lat)
{
  double *x, *y;
  size_t m;
  int status;

  if ((status = pm_plot_densify(n, lon, lat, STEP_DEG, &x, &y, &m)))
    return status;
  pm_plot_proj_points(p, m, x, y);
  plline((PLINT)m, x, y);
  free(x);
  free(y);
  return PM_SUCCESS;
}

/* Meridians and parallels every 30 degrees, and the limb (the window's
 * end meridians and the poles). */
static int graticule(pm_figure *fig, const pm_plot_proj *p)
{
  double w0 = pm_plot_proj_lon0(p) - 180, lon[5], lat[5], v;
  int status = PM_SUCCESS;

  pm_plot_colour(fig, 0x999999);
  pm_plot_width(fig, 0.25);
  for (v = 30 * floor(w0 / 30) + 30; v < w0 + 360 - 1e-9 && !status; v += 30) {
    if (v <= w0 + 1e-9) continue;
    lon[0] = lon[1] = v, lat[0] = -90, lat[1] = 90;
    status = polyline(p, 2, lon, lat);
  }
  for (v = -60; v <= 60 && !status; v += 30) {
    lon[0] = w0, lon[1] = w0 + 360, lat[0] = lat[1] = v;
    status = polyline(p, 2, lon, lat);
  }
  if (status) return status;
  pm_plot_colour(fig, 0x000000);
  pm_plot_width(fig, 0.5);
  lon[0] = lon[1] = lon[4] = w0, lon[2] = lon[3] = w0 + 360;
  lat[0] = lat[3] = lat[4] = -90, lat[1] = lat[2] = 90;
  return polyline(p, 5, lon, lat);
}

/* "30°N", "120°W", "180°" for v in any turn of the globe. */
static void degrees(double v, int lat, char *buf, size_t size)
{
  const char *h;

  if (!lat) v -= 360 * floor((v + 180) / 360); /* -180 .. 180 */
  if (!lat && v == -180) v = 180;
  h = v == 0 || fabs(v) == 180 ? "" : lat ? (v > 0 ? "N" : "S")
                                           : (v > 0 ? "E" : "W");
  snprintf(buf, size, "%g°%s", fabs(v), h);
}

/* Latitudes left of the limb, centred on their parallels; longitudes
 * (multiples of 60 or, on a narrow map, 120 degrees) below it. */
static void graticule_labels(pm_figure *fig, const pm_plot_proj *p,
                             double map_w_mm, double ext_w)
{
  double mm = ext_w / map_w_mm; /* projected metres per mm */
  double lstep = map_w_mm < 120 ? 120 : 60, w0 = pm_plot_proj_lon0(p) - 180;
  double half = 0.5 * pm_plot_line_mm(fig, 0.85) / 1.5, v, x, y;
  char buf[16];

  pm_plot_colour(fig, 0x000000);
  pm_plot_font(fig, 0.85);
  for (v = -60; v <= 60; v += 30) {
    x = w0, y = v;
    pm_plot_proj_points(p, 1, &x, &y);
    degrees(v, 1, buf, sizeof buf);
    /* clear of the limb where it slopes: 1 mm and a half height left */
    if (isfinite(x))
      plptex(x - (1.0 + half) * mm, y - 0.7 * half * mm, 1, 0, 1, buf);
  }
  for (v = lstep * floor(w0 / lstep) + lstep; v < w0 + 360 - 1e-9; v += lstep) {
    if (v <= w0 + 1e-9) continue;
    x = v, y = -90;
    pm_plot_proj_points(p, 1, &x, &y);
    degrees(v, 0, buf, sizeof buf);
    if (isfinite(x)) plptex(x, y - 3 * mm, 1, 0, 0.5, buf);
  }
}

/* "predicted concentration of particles at 25 m, July, scenario
 * baseline": the variable's long_name, its name only where it has none. */
static void map_title(const pm_plot_map_spec *m, const pm_plot_slice *s,
                      char *buf, size_t size)
{
  char depth[48] = "", when[48] = "", scen[160], name[256];

  if (m->title) {
    snprintf(buf, size, "%s", m->title);
    return;
  }
  if (isfinite(s->depth)) snprintf(depth, sizeof depth, " at %g m", s->depth);
  if (s->time_label[0]) snprintf(when, sizeof when, ", %s", s->time_label);
  if (m->minus)
    snprintf(scen, sizeof scen, "%s minus %s", s->scenario, "baseline");
  else
    snprintf(scen, sizeof scen, "scenario %s", s->scenario[0] ? s->scenario : "?");
  pm_plot_long_name(s, name, sizeof name);
  snprintf(buf, size, "%s%s%s, %s", name[0] ? name : m->variable, depth, when,
           scen);
}

/* The title's font: 1.1 of the base, smaller (down to 0.6) until a long
 * name fits the figure's width less its margins. */
static double title_scale(const pm_figure *fig, const char *title)
{
  double scale, room = fig->spec.width_mm - 4;

  for (scale = 1.1; scale > 0.6; scale -= 0.05)
    if (pm_plot_text_em(title) * fig->spec.font_pt * scale * 25.4 / 72 <= room)
      break;
  return scale;
}

/* What the map marks over its cells (map_marks.c). */
typedef struct {
  pm_plot_slice flags;
  int flagged; /* flags of the level drawn were read */
  double *lon, *lat;
  size_t nsites;
} marks;

static int draw(pm_figure *fig, const pm_plot_proj *p,
                const pm_plot_map_layout *l, const pm_plot_map_spec *m,
                const pm_plot_slice *s, const pm_plot_scale *sc,
                const marks *k)
{
  pm_plot_box top = {0, l->height_mm - l->title_h, fig->spec.width_mm,
                     l->title_h};
  /* cells overlap by 1.2 pixels where a degree is shortest (a parallel
   * near a pole is about half the equator's length on these maps) */
  double grow = 0.6 * 25.4 / fig->spec.dpi * 2 * 360 / l->map.w;
  char title[512], label[512];
  size_t veiled, dots = 0;
  int status;

  pm_plot_viewport(fig, &l->map, l->ext[0], l->ext[1], l->ext[2], l->ext[3]);
  if ((status = draw_cells(fig, p, s, sc, k->flagged ? &k->flags : NULL,
                           grow, &veiled)) ||
      (status = pm_plot_coast(fig, p)) || (status = graticule(fig, p)) ||
      (k->nsites && (status = pm_plot_map_sites(fig, p, k->nsites, k->lon,
                                                k->lat, &dots))))
    return status;
  graticule_labels(fig, p, l->map.w, l->ext[1] - l->ext[0]);
  pm_plot_label(s, label, sizeof label);
  if ((status = pm_plot_colorbar(fig, sc, label, &l->bar))) return status;
  pm_plot_marks_legend(fig, l->bar.x + 0.5 * l->bar.w, l->legend_y,
                       veiled > 0, dots > 0);
  map_title(m, s, title, sizeof title);
  pm_plot_viewport(fig, &top, 0, 1, 0, 1);
  pm_plot_colour(fig, 0x000000);
  pm_plot_font(fig, title_scale(fig, title));
  plptex(0.5, 0.35, 1, 0, 0.5, title);
  return PM_SUCCESS;
}

int pm_plot_map(const char *path, const pm_figure_spec *spec,
                const pm_plot_map_spec *m)
{
  pm_plot_slice_request r = {m->file, m->variable, m->minus, m->depth,
                             m->layer, m->time, 0, NAN, NAN};
  pm_plot_slice s;
  pm_plot_scale sc;
  pm_plot_proj *p = NULL;
  pm_plot_map_layout l;
  pm_figure_spec fs = *spec;
  pm_figure *fig = NULL;
  pm_plot_format format;
  marks k;
  int status;

  memset(&s, 0, sizeof s);
  memset(&k, 0, sizeof k);
  if ((status = pm_plot_format_of(path, &format)) ||
      (status = pm_plot_proj_open(&p, m->projection, m->central_lon)) ||
      (status = pm_plot_map_layout_of(spec, p, &l)) ||
      (status = pm_plot_slice_read(&r, &s)) ||
      (status = pm_plot_scale_of(&s, m->cmap, m->minus != NULL, m->log,
                                 m->min, m->max, 1, &sc)) ||
      (!m->no_extrapolation &&
       (status = pm_plot_flags_read(&r, &k.flags, &k.flagged))) ||
      (m->sites &&
       (status = pm_plot_sites_read(m->sites, &k.lon, &k.lat, &k.nsites))))
    goto cleanup;
  /* flags of the level drawn only: none for a column's inventory */
  k.flagged = k.flagged && k.flags.nx == s.nx && k.flags.ny == s.ny &&
              (k.flags.depth == s.depth ||
               (isnan(k.flags.depth) && isnan(s.depth)));
  fs.height_mm = l.height_mm;
  if ((status = pm_figure_open(&fig, path, &fs)) ||
      (status = draw(fig, p, &l, m, &s, &sc, &k)))
    goto cleanup;
  status = pm_figure_close(fig);
  fig = NULL;
cleanup:
  pm_figure_discard(fig);
  pm_plot_proj_free(p);
  pm_plot_slice_free(&s);
  pm_plot_slice_free(&k.flags);
  free(k.lon);
  free(k.lat);
  return status;
}

int pm_plot_map_depth(const pm_plot_map_spec *m, double *depth)
{
  pm_plot_slice_request r = {m->file, m->variable, m->minus, m->depth,
                             m->layer, m->time, 0, NAN, NAN};
  pm_plot_slice s;
  int status;

  memset(&s, 0, sizeof s);
  if (!(status = pm_plot_slice_read(&r, &s))) *depth = s.depth;
  pm_plot_slice_free(&s);
  return status;
}
