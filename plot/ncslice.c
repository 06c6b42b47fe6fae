/* ncslice.c: a 2-D slice of a variable of a plankmap NetCDF output: a
 * longitude-latitude map at one depth and time, or a depth section along
 * a meridian or a parallel; optionally minus the same slice of a second
 * file (a scenario difference).  The file is read with the slice reader of
 * fields/ (pm_slice.h), which tells the axes and the cell edges.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "plot_internal.h"
#include "pm_error.h"
#include "pm_slice.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The dimensions of the variable's axes, -1 when absent. */
typedef struct {
  int lon, lat, depth, time;
} axes;

static void find_axes(const pm_slice_var *v, axes *a)
{
  a->lon = pm_slice_find(v, PM_SLICE_LON);
  a->lat = pm_slice_find(v, PM_SLICE_LAT);
  a->depth = pm_slice_find(v, PM_SLICE_DEPTH);
  a->time = pm_slice_find(v, PM_SLICE_TIME);
}

/* The dimensions that span the slice (columns *dx, rows *dy), checked
 * against the variable. */
static int slice_dims(const pm_plot_slice_request *r, const pm_slice_var *v,
                      const axes *a, int *dx, int *dy)
{
  size_t nd;

  pm_slice_dims(v, &nd);
  *dy = r->section ? a->depth : a->lat;
  *dx = !r->section ? a->lon : isfinite(r->lon) ? a->lat : a->lon;
  if (a->lon < 0 || a->lat < 0 || (r->section && a->depth < 0))
    return pm_error(PM_EINPUT, "%s: variable '%s' has %zu dimension%s without "
                    "longitude and latitude%s; a %s needs %s", r->file,
                    r->variable, nd, nd == 1 ? "" : "s",
                    r->section ? " and depth" : "",
                    r->section ? "section" : "map",
                    r->section ? "longitude, latitude and depth"
                               : "longitude and latitude");
  return PM_SUCCESS;
}

/* Where the slice is taken on the other axes: at[d] of each dimension d;
 * the map's depth in s->depth. */
static int position(const pm_plot_slice_request *r, const pm_slice_var *v,
                    const axes *a, pm_plot_slice *s, size_t *at)
{
  pm_slice_coord c = {0};
  int status = PM_SUCCESS;

  s->depth = NAN;
  if (a->time >= 0 &&
      (status = pm_slice_index(v, (size_t)a->time, "time step", r->time,
                               &at[a->time])))
    return status;
  if (!r->section && a->depth >= 0) {
    if ((status = pm_slice_coord_read(v, (size_t)a->depth, &c))) goto cleanup;
    status = isfinite(r->depth)
                 ? pm_slice_nearest(v, &c, "depth", r->depth, &at[a->depth])
                 : pm_slice_index(v, (size_t)a->depth, "layer", r->layer,
                                  &at[a->depth]);
    if (!status) s->depth = c.centre[at[a->depth]];
  } else if (r->section) {
    int fixed = isfinite(r->lon) ? a->lon : a->lat;
    if ((status = pm_slice_coord_read(v, (size_t)fixed, &c))) goto cleanup;
    status = pm_slice_nearest(v, &c, fixed == a->lon ? "longitude" : "latitude",
                              fixed == a->lon ? r->lon : r->lat, &at[fixed]);
  }
cleanup:
  pm_slice_coord_free(&c);
  return status;
}

/* The centres and the n + 1 cell edges of dimension d. */
static int read_axis(const pm_slice_var *v, int d, double **centre,
                     double **edge)
{
  pm_slice_coord c;
  size_t i;
  int status;

  if ((status = pm_slice_coord_read(v, (size_t)d, &c))) return status;
  if (!(*edge = malloc((c.n + 1) * sizeof **edge))) {
    pm_slice_coord_free(&c);
    return pm_error_nomem();
  }
  for (i = 0; i < c.n; i++) (*edge)[i] = c.bnds[2 * i];
  (*edge)[c.n] = c.n ? c.bnds[2 * c.n - 1] : NAN;
  *centre = c.centre;
  c.centre = NULL;
  pm_slice_coord_free(&c);
  return PM_SUCCESS;
}

/* The month of time step k when the time is in seconds since 1970
 * ("July"), else "time k"; "" without a time axis. */
static int time_label(const pm_slice_var *v, int dt, size_t k, char *buf,
                      size_t size)
{
  static const char *const months[] = {"January", "February", "March",
      "April", "May", "June", "July", "August", "September", "October",
      "November", "December"};
  pm_slice_coord c;
  int status;

  buf[0] = '\0';
  if (dt < 0) return PM_SUCCESS;
  if ((status = pm_slice_coord_read(v, (size_t)dt, &c))) return status;
  if (strncmp(c.units, "seconds since 1970-01-01", 24) == 0) {
    time_t t = (time_t)c.centre[k];
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(buf, size, "%s", months[tm.tm_mon]);
  } else {
    snprintf(buf, size, "time %zu", k);
  }
  pm_slice_coord_free(&c);
  return PM_SUCCESS;
}

/* What the slice shows besides its values: axes, names, time. */
static int describe(const pm_slice_var *v, int dx, int dy, int dt,
                    const size_t *at, pm_plot_slice *s)
{
  int status;

  if ((status = read_axis(v, dx, &s->x, &s->xb)) ||
      (status = read_axis(v, dy, &s->y, &s->yb)) ||
      (status = pm_slice_global_text(v, "plankmap_scenario", &s->scenario)))
    return status;
  if (!(s->long_name = strdup(pm_slice_long_name(v))) ||
      !(s->units = strdup(pm_slice_units(v))))
    return pm_error_nomem();
  return time_label(v, dt, dt >= 0 ? at[dt] : 0, s->time_label,
                    sizeof s->time_label);
}

/* The slice of `path` into s (with_axes) or, for the file subtracted,
 * into w, which must have s's shape. */
static int read_one(const char *path, const pm_plot_slice_request *r,
                    pm_plot_slice *s, double *w, int with_axes)
{
  const pm_slice_dim *dim;
  pm_slice_var *v = NULL;
  size_t *at = NULL, nd;
  axes a;
  int dx, dy, status;

  if ((status = pm_slice_open(&v, path, r->variable))) return status;
  dim = pm_slice_dims(v, &nd);
  find_axes(v, &a);
  if (!(at = calloc(nd + 1, sizeof *at))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((status = slice_dims(r, v, &a, &dx, &dy)) ||
      (status = position(r, v, &a, s, at)))
    goto cleanup;
  if (!with_axes && (dim[dx].len != s->nx || dim[dy].len != s->ny)) {
    status = pm_error(PM_EINPUT, "%s: variable '%s' is %zu x %zu, but %zu x "
                      "%zu in %s; a difference needs the same grid", path,
                      r->variable, dim[dy].len, dim[dx].len, s->ny, s->nx,
                      r->file);
    goto cleanup;
  }
  if (with_axes) {
    s->nx = dim[dx].len;
    s->ny = dim[dy].len;
    if (!(s->v = malloc(s->nx * s->ny * sizeof *s->v))) {
      status = pm_error_nomem();
      goto cleanup;
    }
    w = s->v;
    if ((status = describe(v, dx, dy, a.time, at, s))) goto cleanup;
  }
  status = pm_slice_read(v, (size_t)dx, (size_t)dy, at, w);
cleanup:
  free(at);
  pm_slice_close(v);
  return status;
}

int pm_plot_slice_read(const pm_plot_slice_request *r, pm_plot_slice *s)
{
  double *w = NULL;
  size_t i;
  int status;

  memset(s, 0, sizeof *s);
  if ((status = read_one(r->file, r, s, NULL, 1))) goto cleanup;
  if (r->minus) {
    if (!(w = malloc(s->nx * s->ny * sizeof *w))) {
      status = pm_error_nomem();
      goto cleanup;
    }
    if ((status = read_one(r->minus, r, s, w, 0))) goto cleanup;
    for (i = 0; i < s->nx * s->ny; i++) s->v[i] -= w[i];
  }
cleanup:
  free(w);
  if (status) pm_plot_slice_free(s);
  return status;
}

void pm_plot_slice_free(pm_plot_slice *s)
{
  free(s->x);
  free(s->y);
  free(s->xb);
  free(s->yb);
  free(s->v);
  free(s->long_name);
  free(s->units);
  free(s->scenario);
  memset(s, 0, sizeof *s);
}
