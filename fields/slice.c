/* slice.c: two-dimensional slices of a variable of a NetCDF file, with the
 * coordinates of its dimensions (pm_slice.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "field_internal.h"
#include "pm_slice.h"
#include "pm_grid.h"
#include "pm_nc.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pm_slice_var {
  char *path, *variable, *units, *long_name;
  int ncid, varid;
  size_t ndims;
  pm_slice_dim *dim;
  pm_field_unpacking unpacking;
};

/* Text attribute `name` of `var` in *s (allocated, "" when absent or not
 * text). */
static int text_att(int ncid, int var, const char *path, const char *name,
                    char **s)
{
  nc_type type;
  size_t len = 0;
  char what[NC_MAX_NAME + 32];
  int status = PM_SUCCESS;

  if (nc_inq_att(ncid, var, name, &type, &len) != NC_NOERR || type != NC_CHAR)
    len = 0; /* absent: "" */
  if (!(*s = calloc(len + 1, 1))) return pm_error_nomem();
  snprintf(what, sizeof what, "reading the attribute '%s'", name);
  if (len) PM_NC_TRY(nc_get_att_text(ncid, var, name, *s), what);
cleanup:
  if (status) {
    free(*s);
    *s = NULL;
  }
  return status;
}

/* The coordinate variable of dimension `name` (numeric, 1-D), or -1. */
static int coord_var(int ncid, const char *name)
{
  nc_type type;
  int cv, nd;

  if (nc_inq_varid(ncid, name, &cv) != NC_NOERR ||
      nc_inq_varndims(ncid, cv, &nd) != NC_NOERR || nd != 1 ||
      nc_inq_vartype(ncid, cv, &type) != NC_NOERR || type == NC_CHAR ||
      type == NC_STRING)
    return -1;
  return cv;
}

static pm_slice_axis axis_of(int ncid, int cv, const char *where)
{
  pm_field_role role;
  double to_m;

  /* Units that are not understood keep the dimension from being placed
   * by value, not from being sliced: it is OTHER, its error dropped. */
  if (cv < 0 || pm_field_axis_role(ncid, cv, where, &role, &to_m) != PM_SUCCESS)
    return PM_SLICE_OTHER;
  switch (role) {
  case PM_AXIS_LON: return PM_SLICE_LON;
  case PM_AXIS_LAT: return PM_SLICE_LAT;
  case PM_AXIS_DEPTH: return PM_SLICE_DEPTH;
  case PM_AXIS_TIME: return PM_SLICE_TIME;
  default: return PM_SLICE_OTHER;
  }
}

static int read_dims(pm_slice_var *v)
{
  int dims[NC_MAX_VAR_DIMS], nd, cv, status = PM_SUCCESS;
  char name[NC_MAX_NAME + 1];
  const char *path = v->path;
  size_t d;

  PM_NC_TRY(nc_inq_varndims(v->ncid, v->varid, &nd), "reading the variable");
  PM_NC_TRY(nc_inq_vardimid(v->ncid, v->varid, dims), "reading the variable");
  if (!(v->dim = calloc((size_t)nd + 1, sizeof *v->dim)))
    return pm_error_nomem();
  v->ndims = (size_t)nd;
  for (d = 0; d < v->ndims; d++) {
    PM_NC_TRY(nc_inq_dim(v->ncid, dims[d], name, &v->dim[d].len),
              "reading a dimension");
    if (!(v->dim[d].name = strdup(name))) return pm_error_nomem();
    cv = coord_var(v->ncid, name);
    v->dim[d].has_coord = cv >= 0;
    v->dim[d].axis = axis_of(v->ncid, cv, path);
  }
cleanup:
  return status;
}

int pm_slice_open(pm_slice_var **out, const char *path, const char *variable)
{
  pm_slice_var *v;
  nc_type type;
  int rc, status;

  *out = NULL;
  if (!(v = calloc(1, sizeof *v))) return pm_error_nomem();
  v->ncid = -1;
  if (!(v->path = strdup(path)) || !(v->variable = strdup(variable))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  if ((rc = nc_open(path, NC_NOWRITE, &v->ncid)) != NC_NOERR) {
    v->ncid = -1;
    status = pm_nc_fail(rc, path, "opening the file");
    goto cleanup;
  }
  if ((status = pm_field_find_variable(v->ncid, path, variable, &v->varid)) ||
      (status = pm_field_numeric_type(v->ncid, v->varid, path, variable,
                                      &type)) ||
      (status = read_dims(v)) ||
      (status = text_att(v->ncid, v->varid, path, "units", &v->units)) ||
      (status = text_att(v->ncid, v->varid, path, "long_name", &v->long_name)))
    goto cleanup;
  pm_field_unpacking_of(v->ncid, v->varid, type, &v->unpacking);
cleanup:
  if (status) pm_slice_close(v);
  else *out = v;
  return status;
}

void pm_slice_close(pm_slice_var *v)
{
  size_t d;

  if (!v) return;
  if (v->ncid >= 0) nc_close(v->ncid);
  for (d = 0; v->dim && d < v->ndims; d++) free(v->dim[d].name);
  free(v->dim);
  free(v->path);
  free(v->variable);
  free(v->units);
  free(v->long_name);
  free(v);
}

const pm_slice_dim *pm_slice_dims(const pm_slice_var *v, size_t *ndims)
{
  *ndims = v->ndims;
  return v->dim;
}

int pm_slice_find(const pm_slice_var *v, pm_slice_axis a)
{
  size_t d;

  for (d = 0; d < v->ndims; d++)
    if (v->dim[d].axis == a) return (int)d;
  return -1;
}

const char *pm_slice_units(const pm_slice_var *v) { return v->units; }

const char *pm_slice_long_name(const pm_slice_var *v) { return v->long_name; }

int pm_slice_global_text(const pm_slice_var *v, const char *name, char **text)
{
  return text_att(v->ncid, NC_GLOBAL, v->path, name, text);
}

/* The cell bounds of coordinate `cv` from its bounds variable, which must
 * be (n, 2); *found 0 when it names none. */
static int file_bounds(const pm_slice_var *v, int cv, const pm_slice_dim *dim,
                       double *bnds, int *found)
{
  const char *path = v->path;
  char *bname = NULL, what[NC_MAX_NAME + 64];
  int bv, nd, dims[2], status;
  size_t len[2] = {0, 0};

  *found = 0;
  if ((status = text_att(v->ncid, cv, path, "bounds", &bname))) return status;
  if (!*bname || nc_inq_varid(v->ncid, bname, &bv) != NC_NOERR) goto cleanup;
  snprintf(what, sizeof what, "reading the bounds variable '%s'", bname);
  PM_NC_TRY(nc_inq_varndims(v->ncid, bv, &nd), what);
  if (nd == 2) {
    PM_NC_TRY(nc_inq_vardimid(v->ncid, bv, dims), what);
    PM_NC_TRY(nc_inq_dimlen(v->ncid, dims[0], &len[0]), what);
    PM_NC_TRY(nc_inq_dimlen(v->ncid, dims[1], &len[1]), what);
  }
  if (len[0] != dim->len || len[1] != 2) {
    status = pm_error(PM_EINPUT, "%s: variable '%s': the bounds '%s' of its "
                      "dimension '%s' are not (%s, 2)", path, v->variable,
                      bname, dim->name, dim->name);
    goto cleanup;
  }
  PM_NC_TRY(nc_get_var_double(v->ncid, bv, bnds), what);
  *found = 1;
cleanup:
  free(bname);
  return status;
}

int pm_slice_coord_read(const pm_slice_var *v, size_t d, pm_slice_coord *c)
{
  const pm_slice_dim *dim = &v->dim[d];
  const char *path = v->path;
  size_t n = dim->len, i;
  char what[NC_MAX_NAME + 64];
  int cv, status = PM_SUCCESS;

  memset(c, 0, sizeof *c);
  if (!dim->has_coord)
    return pm_error(PM_EINPUT, "%s: variable '%s': its dimension '%s' has no "
                    "coordinate variable", path, v->variable, dim->name);
  c->n = n;
  c->centre = malloc((n ? n : 1) * sizeof *c->centre);
  c->bnds = malloc((n ? 2 * n : 1) * sizeof *c->bnds);
  if (!c->centre || !c->bnds) {
    status = pm_error_nomem();
    goto cleanup;
  }
  snprintf(what, sizeof what, "reading the coordinate variable '%s'",
           dim->name);
  PM_NC_TRY(nc_inq_varid(v->ncid, dim->name, &cv), what);
  PM_NC_TRY(nc_get_var_double(v->ncid, cv, c->centre), what);
  if ((status = text_att(v->ncid, cv, path, "units", &c->units)) ||
      (status = file_bounds(v, cv, dim, c->bnds, &c->from_file)))
    goto cleanup;
  for (i = 0; !c->from_file && i < n; i++)
    pm_grid_cell_edges(c->centre, n, i, &c->bnds[2 * i], &c->bnds[2 * i + 1]);
cleanup:
  if (status) pm_slice_coord_free(c);
  return status;
}

void pm_slice_coord_free(pm_slice_coord *c)
{
  free(c->centre);
  free(c->bnds);
  free(c->units);
  memset(c, 0, sizeof *c);
}

int pm_slice_nearest(const pm_slice_var *v, const pm_slice_coord *c,
                     const char *what, double value, size_t *k)
{
  double lo, hi;
  size_t i;

  if (c->n == 0)
    return pm_error(PM_EUSAGE, "%s: the %s axis is empty", v->path, what);
  lo = fmin(c->bnds[0], c->bnds[2 * c->n - 1]);
  hi = fmax(c->bnds[0], c->bnds[2 * c->n - 1]);
  if (!(value >= lo && value <= hi))
    return pm_error(PM_EUSAGE, "%s: %s %g is outside the %s axis (%g to %g)",
                    v->path, what, value, what, lo, hi);
  *k = 0;
  for (i = 1; i < c->n; i++)
    if (fabs(c->centre[i] - value) < fabs(c->centre[*k] - value)) *k = i;
  return PM_SUCCESS;
}

int pm_slice_index(const pm_slice_var *v, size_t d, const char *what, long k,
                   size_t *index)
{
  size_t n = v->dim[d].len;

  if (k < 0 || (size_t)k >= n)
    return pm_error(PM_EUSAGE, "%s: %s %ld does not exist; the file has %zu "
                    "(0 to %zu)", v->path, what, k, n, n - 1);
  *index = (size_t)k;
  return PM_SUCCESS;
}

/* Where the slice lies in the variable: start and count of every
 * dimension. */
static int hyperslab(const pm_slice_var *v, size_t dx, size_t dy,
                     const size_t *at, size_t *start, size_t *count)
{
  size_t d;

  if (dx >= v->ndims || dy >= v->ndims || dx == dy)
    return pm_error(PM_EUSAGE, "%s: variable '%s' has %zu dimensions; a "
                    "slice spans two different ones (%zu and %zu asked for)",
                    v->path, v->variable, v->ndims, dx, dy);
  for (d = 0; d < v->ndims; d++) {
    int spans = d == dx || d == dy;
    if (!spans && at[d] >= v->dim[d].len)
      return pm_error(PM_EUSAGE, "%s: variable '%s': index %zu of its "
                      "dimension '%s' does not exist; it has %zu",
                      v->path, v->variable, at[d], v->dim[d].name,
                      v->dim[d].len);
    start[d] = spans ? 0 : at[d];
    count[d] = spans ? v->dim[d].len : 1;
  }
  return PM_SUCCESS;
}

/* [x][y] values turned into [y][x]. */
static int transpose(double *values, size_t nx, size_t ny)
{
  double *t = malloc(nx * ny * sizeof *t);
  size_t a, b;

  if (!t) return pm_error_nomem();
  for (a = 0; a < nx; a++)
    for (b = 0; b < ny; b++) t[b * nx + a] = values[a * ny + b];
  memcpy(values, t, nx * ny * sizeof *t);
  free(t);
  return PM_SUCCESS;
}

int pm_slice_read(const pm_slice_var *v, size_t dx, size_t dy,
                  const size_t *at, double *values)
{
  size_t start[NC_MAX_VAR_DIMS], count[NC_MAX_VAR_DIMS], n, i;
  const char *path = v->path;
  char what[NC_MAX_NAME + 32];
  int status;

  if ((status = hyperslab(v, dx, dy, at, start, count))) return status;
  snprintf(what, sizeof what, "reading variable '%s'", v->variable);
  PM_NC_TRY(nc_get_vara_double(v->ncid, v->varid, start, count, values), what);
  n = v->dim[dx].len * v->dim[dy].len;
  for (i = 0; i < n; i++) {
    double x = pm_field_unpack(&v->unpacking, values[i]);
    values[i] = isfinite(x) ? x : NAN;
  }
  if (dx < dy) status = transpose(values, v->dim[dx].len, v->dim[dy].len);
cleanup:
  return status;
}
