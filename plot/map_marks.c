/* map_marks.c: what a map or section marks over its cells, each with an
 * entry in the legend under it: the cells whose covariates lie outside
 * the ranges seen in fitting, lightened (veil.c); and, on a map, the
 * sampling sites of an observations file: the position of each of its
 * profiles (profile_lon, profile_lat), or for a file written before it
 * kept them, the centres of the grid cells that hold a sample (n_samples
 * > 0 at some depth and time).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"
#include "pm_slice.h"

#include <math.h>
#include <netcdf.h>
#include <stdlib.h>

#define SITE_RGB 0xe41a1cu /* red: apart from viridis and rdbu's blues */
#define SITE_MM 0.9      /* dot diameter */
#define LEGEND_SCALE 0.85

/* Advance the indices at[] of every dimension but dx and dy (an
 * odometer); 0 after the last. */
static int next_index(const pm_slice_dim *dim, size_t nd, int dx, int dy,
                      size_t *at)
{
  size_t d;

  for (d = 0; d < nd; d++) {
    if ((int)d == dx || (int)d == dy) continue;
    if (++at[d] < dim[d].len) return 1;
    at[d] = 0;
  }
  return 0;
}

/* The cells of v holding a sample at some index of its other dimensions,
 * 1 in any (ny x nx, allocated). */
static int sampled_cells(const pm_slice_var *v, int dx, int dy, double **any)
{
  size_t nd, n, k, *at = NULL;
  const pm_slice_dim *dim = pm_slice_dims(v, &nd);
  double *w = NULL;
  int status = PM_SUCCESS;

  n = dim[dx].len * dim[dy].len;
  if (!(*any = calloc(n, sizeof **any)) || !(w = malloc(n * sizeof *w)) ||
      !(at = calloc(nd, sizeof *at))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  do {
    if ((status = pm_slice_read(v, (size_t)dx, (size_t)dy, at, w))) break;
    for (k = 0; k < n; k++)
      if (w[k] > 0) (*any)[k] = 1;
  } while (next_index(dim, nd, dx, dy, at));
cleanup:
  free(w);
  free(at);
  return status;
}

/* One of the profile coordinates (n of them) into a new array; 0 with
 * *x NULL when the file has no such variable. */
static int profile_coord(int ncid, const char *path, const char *name,
                         double **x, size_t *n)
{
  int var, dim, rc;

  *x = NULL;
  if (nc_inq_varid(ncid, name, &var) != NC_NOERR) return PM_SUCCESS;
  if ((rc = nc_inq_vardimid(ncid, var, &dim)) != NC_NOERR ||
      (rc = nc_inq_dimlen(ncid, dim, n)) != NC_NOERR)
    return pm_error(PM_EINPUT, "%s: %s: %s", path, name, nc_strerror(rc));
  if (!(*x = malloc((*n ? *n : 1) * sizeof **x))) return pm_error_nomem();
  if ((rc = nc_get_var_double(ncid, var, *x)) != NC_NOERR) {
    free(*x);
    *x = NULL;
    return pm_error(PM_EINPUT, "%s: %s: %s", path, name, nc_strerror(rc));
  }
  return PM_SUCCESS;
}

/* The positions of the file's profiles; *lon NULL when it has none. */
static int profile_sites(const char *path, double **lon, double **lat,
                         size_t *n)
{
  size_t nlat = 0;
  int ncid, rc, status;

  if ((rc = nc_open(path, NC_NOWRITE, &ncid)) != NC_NOERR)
    return pm_error(PM_EIO, "%s: %s", path, nc_strerror(rc));
  if (!(status = profile_coord(ncid, path, "profile_lon", lon, n)) && *lon &&
      !(status = profile_coord(ncid, path, "profile_lat", lat, &nlat)) &&
      (!*lat || nlat != *n))
    status = pm_error(PM_EINPUT, "%s: profile_lon without a profile_lat of "
                      "its length", path);
  nc_close(ncid);
  if (status) {
    free(*lon);
    free(*lat);
    *lon = *lat = NULL;
  }
  return status;
}

int pm_plot_sites_read(const char *path, double **lon, double **lat,
                       size_t *n)
{
  pm_slice_var *v = NULL;
  pm_slice_coord cx = {0}, cy = {0};
  double *any = NULL;
  int dx, dy, status;
  size_t i, j;

  *lon = *lat = NULL;
  *n = 0;
  if ((status = profile_sites(path, lon, lat, n)) || *lon)
    return status ? pm_error_prefix(status, "sampling sites") : PM_SUCCESS;
  if ((status = pm_slice_open(&v, path, "n_samples")))
    return pm_error_prefix(status, "sampling sites");
  dx = pm_slice_find(v, PM_SLICE_LON);
  dy = pm_slice_find(v, PM_SLICE_LAT);
  if (dx < 0 || dy < 0) {
    status = pm_error(PM_EINPUT, "%s: n_samples has no longitude and "
                      "latitude: not an observations file of plankmap", path);
    goto cleanup;
  }
  if ((status = pm_slice_coord_read(v, (size_t)dx, &cx)) ||
      (status = pm_slice_coord_read(v, (size_t)dy, &cy)) ||
      (status = sampled_cells(v, dx, dy, &any)))
    goto cleanup;
  if (!(*lon = malloc(cx.n * cy.n * sizeof **lon)) ||
      !(*lat = malloc(cx.n * cy.n * sizeof **lat))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (j = 0; j < cy.n; j++)
    for (i = 0; i < cx.n; i++)
      if (any[j * cx.n + i]) {
        (*lon)[*n] = cx.centre[i];
        (*lat)[(*n)++] = cy.centre[j];
      }
cleanup:
  free(any);
  pm_slice_coord_free(&cx);
  pm_slice_coord_free(&cy);
  pm_slice_close(v);
  if (status) {
    free(*lon);
    free(*lat);
    *lon = *lat = NULL;
    *n = 0;
  }
  return status;
}

int pm_plot_map_sites(pm_figure *fig, const pm_plot_proj *p, size_t n,
                      double *lon, double *lat, size_t *drawn)
{
  pm_plot_style dot = {SITE_RGB, 0.3, 0, SITE_MM};
  size_t i;

  pm_plot_proj_points(p, n, lon, lat);
  *drawn = 0;
  for (i = 0; i < n; i++)
    if (isfinite(lon[i]) && isfinite(lat[i])) (*drawn)++;
  return pm_plot_xy_points(fig, n, lon, lat, &dot);
}

/* One legend entry from x mm: its swatch (a lightened cell, or a dot) and
 * text; the x where the next may start. */
static double entry(pm_figure *fig, double x, double y, int dot,
                    const char *text)
{
  double em = pm_figure_font_pt(fig) * LEGEND_SCALE * 25.4 / 72, side = em;
  pm_plot_box b = {x, y - 0.5 * side, side, side};
  PLFLT u[4] = {0, 1, 1, 0}, v[4] = {0, 0, 1, 1};

  pm_plot_viewport(fig, &b, 0, 1, 0, 1);
  if (dot) {
    pm_plot_style st = {SITE_RGB, 0.3, 0, SITE_MM};
    double c = 0.5;
    pm_plot_xy_points(fig, 1, &c, &c, &st);
  } else { /* viridis's middle colour lightened, outlined */
    pm_plot_colour(fig, pm_plot_veil_rgb(0x21918c));
    plfill(4, u, v);
    pm_plot_colour(fig, 0x000000);
    pm_plot_width(fig, 0.3);
    plline(4, u, v);
    pljoin(0, 1, 0, 0);
  }
  pm_plot_colour(fig, 0x000000);
  pm_plot_font(fig, LEGEND_SCALE);
  pm_plot_text_mm(fig, x + side + 0.4 * em, y, 1, 0, 0, text);
  return x + side + 0.4 * em + pm_plot_text_em(text) * em + 1.5 * em;
}

void pm_plot_marks_legend(pm_figure *fig, double centre_x, double y,
                        int veiled, int sites)
{
  static const char veil_text[] =
      "extrapolated or outside the area of applicability",
                    sites_text[] = "sampling sites";
  double em = pm_figure_font_pt(fig) * LEGEND_SCALE * 25.4 / 72, w = 0, x;

  if (veiled) w += em * (1.4 + pm_plot_text_em(veil_text));
  if (sites) w += em * (1.4 + pm_plot_text_em(sites_text));
  if (veiled && sites) w += 1.5 * em;
  x = centre_x - 0.5 * w;
  if (veiled) x = entry(fig, x, y, 0, veil_text);
  if (sites) entry(fig, x, y, 1, sites_text);
}
