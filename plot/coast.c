/* coast.c: land and coastlines over a map, from the GSHHG crude coastline
 * (Wessel and Smith 1996, J. Geophys. Res. 101(B4):8741; LGPL-3), installed
 * as gshhg_world_c.csv (found by pm_datadir_find): lon,lat vertices,
 * polygons separated by NA,NA rows.
 * Its polygons are already cut at the antimeridian and Antarctica is closed
 * along the South Pole, so each one fills correctly once its edges are
 * densified (edges along a meridian or the pole become curves).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_datadir.h"
#include "pm_error.h"
#include "pm_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COAST_FILE "gshhg_world_c.csv"

typedef struct {
  double *lon, *lat;
  size_t n, cap;
} ring;

static int push(ring *r, double lon, double lat)
{
  if (r->n == r->cap) {
    size_t cap = r->cap ? 2 * r->cap : 256;
    double *a = realloc(r->lon, cap * sizeof *a), *b;
    if (!a) return pm_error_nomem();
    r->lon = a;
    if (!(b = realloc(r->lat, cap * sizeof *b))) return pm_error_nomem();
    r->lat = b;
    r->cap = cap;
  }
  r->lon[r->n] = lon;
  r->lat[r->n++] = lat;
  return PM_SUCCESS;
}

/* GSHHG's Antarctica west of 0 E is closed along 85 S, not along the
 * pole: an edge along a parallel south of 80 S that spans more than 90
 * degrees of longitude is such a closure, and is moved to the pole. */
static void close_at_pole(ring *r)
{
  size_t i;

  for (i = 1; i < r->n; i++)
    if (r->lat[i] == r->lat[i - 1] && r->lat[i] < -80 &&
        fabs(r->lon[i] - r->lon[i - 1]) > 90)
      r->lat[i] = r->lat[i - 1] = -90;
}

/* An edge of the cuts that split the polygons (along the file's
 * antimeridian, the prime meridian south of 60 S, the pole, or the map's
 * own antimeridian w0 / w0 + 360 where the ring was clipped), not a coast;
 * `shift` brings the ring's longitudes back to the file's. */
static int cut_edge(double lon0, double lat0, double lon1, double lat1,
                    double shift, double w0)
{
  if (lat0 <= -89.99 && lat1 <= -89.99) return 1;
  if (lon0 != lon1) return 0;
  if (fabs(lon0 - w0) < 1e-9 || fabs(lon0 - w0 - 360) < 1e-9) return 1;
  lon0 -= shift;
  return fabs(lon0) == 180 || (lon0 == 0 && lat0 < -60 && lat1 < -60);
}

/* The coast of one clipped polygon: its edges but the cuts. */
static void outline(pm_figure *fig, const pm_plot_proj *p, const ring *r,
                    double shift, double w0)
{
  size_t i;

  pm_plot_colour(fig, 0x4d4d4d);
  for (i = 1; i < r->n; i++) {
    double x[2] = {r->lon[i - 1], r->lon[i]}, y[2] = {r->lat[i - 1], r->lat[i]};
    if (cut_edge(x[0], y[0], x[1], y[1], shift, w0)) continue;
    pm_plot_proj_points(p, 2, x, y);
    if (isfinite(x[0]) && isfinite(x[1])) pljoin(x[0], y[0], x[1], y[1]);
  }
}

/* One Sutherland-Hodgman step (Sutherland and Hodgman 1974, Commun. ACM
 * 17:32): the closed ring `in` clipped to side * (lon - at) >= 0, into
 * `out`.  A half-plane is convex, so the result fills correctly; pieces
 * of a concave ring stay joined by edges along the cut, which cover no
 * area. */
static int clip(const ring *in, double at, double side, ring *out)
{
  size_t i;
  int status = PM_SUCCESS;

  out->n = 0;
  for (i = 0; i < in->n && !status; i++) {
    size_t j = (i + 1) % in->n;
    double a = side * (in->lon[i] - at), b = side * (in->lon[j] - at);
    if (a >= 0) status = push(out, in->lon[i], in->lat[i]);
    if (!status && ((a < 0 && b > 0) || (a > 0 && b < 0))) {
      double f = a / (a - b);
      status = push(out, at, in->lat[i] + f * (in->lat[j] - in->lat[i]));
    }
  }
  if (!status && out->n) status = push(out, out->lon[0], out->lat[0]);
  return status;
}

/* Fill and outline one polygon already within the map's window. */
static int draw_piece(pm_figure *fig, const pm_plot_proj *p, const ring *r,
                      double shift, double w0)
{
  double *x = NULL, *y = NULL, lo = INFINITY, hi = -INFINITY;
  size_t n, i, m = 0;
  int status;

  for (i = 0; i < r->n; i++) lo = fmin(lo, r->lon[i]), hi = fmax(hi, r->lon[i]);
  if (r->n < 4 || !(hi - lo > 1e-9)) return PM_SUCCESS; /* no area */
  if ((status = pm_plot_densify(r->n, r->lon, r->lat, 1.0, &x, &y, &n)))
    return status;
  pm_plot_proj_points(p, n, x, y);
  for (i = 0; i < n; i++)
    if (isfinite(x[i])) x[m] = x[i], y[m++] = y[i];
  if (m >= 3) {
    pm_plot_colour(fig, PM_PLOT_LAND_RGB);
    plfill((PLINT)m, x, y);
  }
  outline(fig, p, r, shift, w0);
  free(x);
  free(y);
  return PM_SUCCESS;
}

/* One polygon of the file on a map whose window of longitudes is w0 ..
 * w0 + 360: the ring and its copies a turn east and west, each clipped to
 * the window, so that land across the map's antimeridian is cut there. */
static int draw(pm_figure *fig, const pm_plot_proj *p, ring *r)
{
  double w0 = pm_plot_proj_lon0(p) - 180;
  ring a = {NULL, NULL, 0, 0}, b = {NULL, NULL, 0, 0};
  int k, status = PM_SUCCESS;
  size_t i;

  if (r->n < 3) return PM_SUCCESS;
  close_at_pole(r);
  if (w0 == -180) return draw_piece(fig, p, r, 0, w0); /* the file's cuts */
  for (k = -1; k <= 1 && !status; k++) {
    for (a.n = 0, i = 0; i < r->n && !status; i++)
      status = push(&a, r->lon[i] + 360 * k, r->lat[i]);
    if (!status && !(status = clip(&a, w0, 1, &b)) &&
        !(status = clip(&b, w0 + 360, -1, &a)))
      status = draw_piece(fig, p, &a, 360 * k, w0);
  }
  free(a.lon);
  free(a.lat);
  free(b.lon);
  free(b.lat);
  return status;
}

/* Read the rows of the file, drawing each polygon at its NA row. */
static int read_and_draw(pm_figure *fig, const pm_plot_proj *p, pm_text *t)
{
  ring r = {NULL, NULL, 0, 0};
  size_t clon, clat;
  int more = 1, status;

  if ((status = pm_text_read_header(t)) ||
      (status = pm_text_column(t, "lon", &clon)) ||
      (status = pm_text_column(t, "lat", &clat)))
    goto cleanup;
  pm_plot_width(fig, 0.25);
  while (!(status = pm_text_next(t, &more))) {
    double lon, lat;
    if (!more || strcmp(pm_text_field(t, clon), "NA") == 0) {
      if ((status = draw(fig, p, &r))) break;
      r.n = 0;
      if (!more) break;
      continue;
    }
    if ((status = pm_text_double(t, clon, &lon)) ||
        (status = pm_text_double(t, clat, &lat)) ||
        (status = push(&r, lon, lat)))
      break;
  }
cleanup:
  free(r.lon);
  free(r.lat);
  return status;
}

int pm_plot_coast(pm_figure *fig, const pm_plot_proj *p)
{
  char *path = NULL;
  pm_text *t = NULL;
  int status;

  if ((status = pm_datadir_find(COAST_FILE, &path)) ||
      (status = pm_text_open(&t, path, ',', PM_TEXT_UTF8)))
    goto cleanup;
  status = read_and_draw(fig, p, t);
cleanup:
  if (status && path)
    pm_error_prefix(status, "the coastline %s (set PLANKMAP_DATADIR to the "
                    "folder that holds it)", path);
  pm_text_free(t);
  free(path);
  return status;
}
