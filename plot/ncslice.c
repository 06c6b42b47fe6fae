/* ncslice.c: a 2-D slice of a variable of a plankmap NetCDF output: a
 * longitude-latitude map at one depth and time, or a depth section along
 * a meridian or a parallel; optionally minus the same slice of a second
 * file (a scenario difference).  Axes are recognised as the field reader
 * recognises them (axis, standard_name, units, positive: CF 1.11 section
 * 4, pm_field_axis_role), cell edges come from
 * their `bounds` (section 7.1) or else halfway between centres.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "field_internal.h"
#include "pm_nc.h"
#include "plot_internal.h"
#include "pm_error.h"

#include <math.h>
#include <netcdf.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { AX_X, AX_Y, AX_Z, AX_T, AX_N };

typedef struct {
  int ncid, varid, ndims;
  int role[NC_MAX_VAR_DIMS]; /* AX_* of each dimension, or -1 */
  int dim[AX_N];             /* the dimension of each role, or -1 */
  size_t len[AX_N];
} var_info;

/* A text attribute, allocated ("" when absent). */
static char *text_att(int ncid, int varid, const char *name)
{
  size_t len = 0;
  char *s;

  if (nc_inq_attlen(ncid, varid, name, &len) != NC_NOERR) len = 0;
  if (!(s = calloc(len + 1, 1))) return NULL;
  if (len && nc_get_att_text(ncid, varid, name, s) != NC_NOERR) s[0] = '\0';
  return s;
}

/* "no variable X in F; it has: a, b, c" */
static int no_such_variable(int ncid, const char *path, const char *name)
{
  char list[2048] = "", vname[NC_MAX_NAME + 1];
  int nvars = 0, i;

  nc_inq_nvars(ncid, &nvars);
  for (i = 0; i < nvars; i++)
    if (nc_inq_varname(ncid, i, vname) == NC_NOERR &&
        strlen(list) + strlen(vname) + 3 < sizeof list) {
      if (i) strcat(list, ", ");
      strcat(list, vname);
    }
  return pm_error(PM_EINPUT, "%s: no variable '%s'; the file has: %s", path,
                  name, list);
}

/* The AX_* role of dimension `dimid` from its coordinate variable, as the
 * field reader tells it (axis, standard_name, units, positive); -1 when
 * it has none. */
static int role_of(int ncid, int dimid)
{
  char name[NC_MAX_NAME + 1];
  pm_field_role role;
  double to_m;
  int v;

  if (nc_inq_dimname(ncid, dimid, name) != NC_NOERR ||
      nc_inq_varid(ncid, name, &v) != NC_NOERR ||
      pm_field_axis_role(ncid, v, name, &role, &to_m) != PM_SUCCESS)
    return -1;
  switch (role) {
  case PM_AXIS_LON: return AX_X;
  case PM_AXIS_LAT: return AX_Y;
  case PM_AXIS_DEPTH: return AX_Z;
  case PM_AXIS_TIME: return AX_T;
  default: return -1;
  }
}

static int inspect(const char *path, int ncid, const char *variable,
                   var_info *vi)
{
  int dims[NC_MAX_VAR_DIMS], i, status = PM_SUCCESS;

  vi->ncid = ncid;
  if (nc_inq_varid(ncid, variable, &vi->varid) != NC_NOERR)
    return no_such_variable(ncid, path, variable);
  PM_NC_TRY(nc_inq_varndims(ncid, vi->varid, &vi->ndims), "reading a variable");
  PM_NC_TRY(nc_inq_vardimid(ncid, vi->varid, dims), "reading a variable");
  for (i = 0; i < AX_N; i++) vi->dim[i] = -1, vi->len[i] = 1;
  for (i = 0; i < vi->ndims; i++) {
    vi->role[i] = role_of(ncid, dims[i]);
    if (vi->role[i] < 0) continue;
    vi->dim[vi->role[i]] = dims[i];
    PM_NC_TRY(nc_inq_dimlen(ncid, dims[i], &vi->len[vi->role[i]]),
              "reading a dimension");
  }
cleanup:
  return status;
}

/* The centres and edges of the coordinate of role r. */
static int read_axis(const char *path, const var_info *vi, int r,
                     double **c, double **e)
{
  char name[NC_MAX_NAME + 1], *bname = NULL;
  size_t n = vi->len[r], i;
  double *b = NULL;
  int v, bv, status = PM_SUCCESS;

  *c = malloc(n * sizeof **c);
  *e = malloc((n + 1) * sizeof **e);
  if (!*c || !*e || !(b = malloc(2 * n * sizeof *b))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  PM_NC_TRY(nc_inq_dimname(vi->ncid, vi->dim[r], name), "reading an axis");
  PM_NC_TRY(nc_inq_varid(vi->ncid, name, &v), "finding a coordinate");
  PM_NC_TRY(nc_get_var_double(vi->ncid, v, *c), "reading a coordinate");
  bname = text_att(vi->ncid, v, "bounds");
  if (bname && *bname && nc_inq_varid(vi->ncid, bname, &bv) == NC_NOERR &&
      nc_get_var_double(vi->ncid, bv, b) == NC_NOERR) {
    for (i = 0; i < n; i++) (*e)[i] = b[2 * i];
    (*e)[n] = b[2 * n - 1];
  } else {
    for (i = 0; i < n; i++) pm_grid_cell_edges(*c, n, i, &(*e)[i], &(*e)[i + 1]);
  }
cleanup:
  free(bname);
  free(b);
  return status;
}

/* The index of the centre nearest v among n, after checking v lies within
 * the axis's edges. */
static int nearest(const char *path, const char *what, const double *c,
                   const double *e, size_t n, double v, size_t *k)
{
  double lo = fmin(e[0], e[n]), hi = fmax(e[0], e[n]);
  size_t i;

  if (!(v >= lo && v <= hi))
    return pm_error(PM_EUSAGE, "%s: %s %g is outside the %s axis (%g to %g)",
                    path, what, v, what, lo, hi);
  *k = 0;
  for (i = 1; i < n; i++)
    if (fabs(c[i] - v) < fabs(c[*k] - v)) *k = i;
  return PM_SUCCESS;
}

static int index_in(const char *path, const char *what, long k, size_t n,
                    size_t *out)
{
  if (k < 0 || (size_t)k >= n)
    return pm_error(PM_EUSAGE, "%s: %s %ld does not exist; the file has %zu "
                    "(0 to %zu)", path, what, k, n, n - 1);
  *out = (size_t)k;
  return PM_SUCCESS;
}

/* Read the values of the slice with start[] fixed on the other axes. */
static int read_values(const char *path, const var_info *vi,
                       const size_t *at, int rx, int ry, double *v)
{
  size_t start[NC_MAX_VAR_DIMS], count[NC_MAX_VAR_DIMS], i, n;
  double fill = NC_FILL_DOUBLE;
  int status = PM_SUCCESS, d;

  for (d = 0; d < vi->ndims; d++) {
    int r = vi->role[d];
    start[d] = r >= 0 && r != rx && r != ry ? at[r] : 0;
    count[d] = r == rx || r == ry ? vi->len[r] : 1;
  }
  PM_NC_TRY(nc_get_vara_double(vi->ncid, vi->varid, start, count, v),
            "reading the values");
  nc_get_att_double(vi->ncid, vi->varid, "_FillValue", &fill);
  n = vi->len[rx] * vi->len[ry];
  for (i = 0; i < n; i++)
    if (v[i] == fill || !isfinite(v[i]) || fabs(v[i]) >= 9.9e36) v[i] = NAN;
  /* the values are [y][x] when y's dimension comes first */
  for (d = 0; d < vi->ndims && vi->role[d] != rx && vi->role[d] != ry; d++)
    ;
  if (d < vi->ndims && vi->role[d] == rx) { /* [x][y]: transpose */
    double *t = malloc(n * sizeof *t);
    size_t a, b;
    if (!t) return pm_error_nomem();
    for (a = 0; a < vi->len[rx]; a++)
      for (b = 0; b < vi->len[ry]; b++) t[b * vi->len[rx] + a] = v[a * vi->len[ry] + b];
    memcpy(v, t, n * sizeof *t);
    free(t);
  }
cleanup:
  return status;
}

/* The month of a time value in seconds since 1970 ("July"). */
static void time_label(int ncid, const var_info *vi, size_t k, char *buf,
                       size_t size)
{
  static const char *const months[] = {"January", "February", "March",
      "April", "May", "June", "July", "August", "September", "October",
      "November", "December"};
  char name[NC_MAX_NAME + 1], *units;
  double t;
  int v;

  buf[0] = '\0';
  if (vi->dim[AX_T] < 0 || nc_inq_dimname(ncid, vi->dim[AX_T], name) ||
      nc_inq_varid(ncid, name, &v) ||
      nc_get_var1_double(ncid, v, &k, &t) || !(units = text_att(ncid, v, "units")))
    return;
  if (strncmp(units, "seconds since 1970-01-01", 24) == 0) {
    time_t s = (time_t)t;
    struct tm tm;
    gmtime_r(&s, &tm);
    snprintf(buf, size, "%s", months[tm.tm_mon]);
  } else {
    snprintf(buf, size, "time %zu", k);
  }
  free(units);
}

/* The roles that span the slice, checked against the variable. */
static int slice_roles(const pm_plot_slice_request *r, const var_info *vi,
                       int *rx, int *ry)
{
  int need_z = r->section;

  *ry = r->section ? AX_Z : AX_Y;
  *rx = !r->section ? AX_X : isfinite(r->lon) ? AX_Y : AX_X;
  if (vi->dim[AX_X] < 0 || vi->dim[AX_Y] < 0 || (need_z && vi->dim[AX_Z] < 0))
    return pm_error(PM_EINPUT, "%s: variable '%s' has %d dimension%s without "
                    "longitude and latitude%s; a %s needs %s", r->file,
                    r->variable, vi->ndims, vi->ndims == 1 ? "" : "s",
                    need_z ? " and depth" : "", r->section ? "section" : "map",
                    r->section ? "longitude, latitude and depth"
                               : "longitude and latitude");
  return PM_SUCCESS;
}

/* Where the slice is taken on the other axes. */
static int position(const pm_plot_slice_request *r, const var_info *vi,
                    pm_plot_slice *s, size_t at[AX_N])
{
  double *c = NULL, *e = NULL;
  int status = PM_SUCCESS;

  memset(at, 0, AX_N * sizeof *at);
  s->depth = NAN;
  if (vi->dim[AX_T] >= 0 &&
      (status = index_in(r->file, "time step", r->time, vi->len[AX_T], &at[AX_T])))
    return status;
  if (!r->section && vi->dim[AX_Z] >= 0) {
    if ((status = read_axis(r->file, vi, AX_Z, &c, &e))) goto cleanup;
    status = isfinite(r->depth)
                 ? nearest(r->file, "depth", c, e, vi->len[AX_Z], r->depth, &at[AX_Z])
                 : index_in(r->file, "layer", r->layer, vi->len[AX_Z], &at[AX_Z]);
    if (!status) s->depth = c[at[AX_Z]];
  } else if (r->section) {
    int fixed = isfinite(r->lon) ? AX_X : AX_Y;
    if ((status = read_axis(r->file, vi, fixed, &c, &e))) goto cleanup;
    status = nearest(r->file, fixed == AX_X ? "longitude" : "latitude", c, e,
                     vi->len[fixed], fixed == AX_X ? r->lon : r->lat, &at[fixed]);
  }
cleanup:
  free(c);
  free(e);
  return status;
}

static int read_one(const char *path, const pm_plot_slice_request *r,
                    pm_plot_slice *s, double *v, int with_axes)
{
  var_info vi;
  size_t at[AX_N];
  int ncid = -1, rx, ry, status = PM_SUCCESS;

  PM_NC_TRY(nc_open(path, NC_NOWRITE, &ncid), "opening the file");
  if ((status = inspect(path, ncid, r->variable, &vi)) ||
      (status = slice_roles(r, &vi, &rx, &ry)) ||
      (status = position(r, &vi, s, at)))
    goto cleanup;
  if (!with_axes && (vi.len[rx] != s->nx || vi.len[ry] != s->ny)) {
    status = pm_error(PM_EINPUT, "%s: variable '%s' is %zu x %zu, but %zu x "
                      "%zu in %s; a difference needs the same grid", path,
                      r->variable, vi.len[ry], vi.len[rx], s->ny, s->nx, r->file);
    goto cleanup;
  }
  if (with_axes) {
    s->nx = vi.len[rx];
    s->ny = vi.len[ry];
    if (!(s->v = malloc(s->nx * s->ny * sizeof *s->v))) {
      status = pm_error_nomem();
      goto cleanup;
    }
    v = s->v;
    if ((status = read_axis(path, &vi, rx, &s->x, &s->xb)) ||
        (status = read_axis(path, &vi, ry, &s->y, &s->yb)))
      goto cleanup;
    s->long_name = text_att(ncid, vi.varid, "long_name");
    s->units = text_att(ncid, vi.varid, "units");
    s->scenario = text_att(ncid, NC_GLOBAL, "plankmap_scenario");
    if (!s->long_name || !s->units || !s->scenario) {
      status = pm_error_nomem();
      goto cleanup;
    }
    time_label(ncid, &vi, at[AX_T], s->time_label, sizeof s->time_label);
  }
  status = read_values(path, &vi, at, rx, ry, v);
cleanup:
  if (ncid >= 0) nc_close(ncid);
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
