/* field_var.c: a variable of a CF NetCDF file as the readers of fields/
 * take it: found by name, numeric, and its raw values unpacked (CF 1.11
 * sections 2.5.1 and 8.1).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "field_internal.h"
#include "pm_nc.h"
#include "pm_error.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int pm_field_find_variable(int ncid, const char *path, const char *variable,
                           int *varid)
{
  char list[1024] = "", name[NC_MAX_NAME + 1];
  int nvars, v;
  size_t used = 0;

  if (nc_inq_varid(ncid, variable, varid) == NC_NOERR) return PM_SUCCESS;
  if (nc_inq_nvars(ncid, &nvars) != NC_NOERR) nvars = 0;
  for (v = 0; v < nvars && used < sizeof list; v++)
    if (nc_inq_varname(ncid, v, name) == NC_NOERR)
      used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                               v ? ", " : "", name);
  return pm_error(PM_EINPUT, "%s: no variable '%s'; the file has: %s", path,
                  variable, list);
}

int pm_field_numeric_type(int ncid, int varid, const char *path,
                          const char *variable, nc_type *type)
{
  int rc = nc_inq_vartype(ncid, varid, type);

  if (rc != NC_NOERR) return pm_nc_fail(rc, path, "reading the variable");
  if (*type == NC_CHAR || *type == NC_STRING)
    return pm_error(PM_EINPUT, "%s: variable '%s' is text, not numbers", path,
                    variable);
  return PM_SUCCESS;
}

/* The raw value as stored in the variable's type, for exact comparison. */
static double as_type(nc_type type, double v)
{
  return type == NC_FLOAT ? (double)(float)v : v;
}

/* NetCDF's default fill value of a type (CF 2.5.1: unwritten data). */
static int default_fill(nc_type type, double *fill)
{
  switch (type) {
  case NC_SHORT: *fill = NC_FILL_SHORT; return 1;
  case NC_USHORT: *fill = NC_FILL_USHORT; return 1;
  case NC_INT: *fill = NC_FILL_INT; return 1;
  case NC_UINT: *fill = NC_FILL_UINT; return 1;
  case NC_FLOAT: *fill = (double)NC_FILL_FLOAT; return 1;
  case NC_DOUBLE: *fill = NC_FILL_DOUBLE; return 1;
  default: return 0;
  }
}

/* Up to `max` values of a numeric attribute; 0 when absent. */
static size_t num_att(int ncid, int var, const char *name, double *v,
                      size_t max, nc_type *type)
{
  size_t len;
  double buf[16];
  if (nc_inq_att(ncid, var, name, type, &len) != NC_NOERR || len == 0 ||
      len > 16 || *type == NC_CHAR || *type == NC_STRING ||
      nc_get_att_double(ncid, var, name, buf) != NC_NOERR)
    return 0;
  if (len > max) len = max;
  memcpy(v, buf, len * sizeof *v);
  return len;
}

void pm_field_unpacking_of(int ncid, int varid, nc_type vtype,
                           pm_field_unpacking *u)
{
  double r[2];
  nc_type t, tr = vtype;
  int packed;

  *u = (pm_field_unpacking){.vmin = -INFINITY, .vmax = INFINITY, .scale = 1.0};
  u->has_fill = num_att(ncid, varid, "_FillValue", &u->fill, 1, &t) ||
                default_fill(vtype, &u->fill);
  u->fill = as_type(vtype, u->fill);
  u->nmissing = num_att(ncid, varid, "missing_value", u->missing, 8, &t);
  for (size_t i = 0; i < u->nmissing; i++)
    u->missing[i] = as_type(vtype, u->missing[i]);
  packed = num_att(ncid, varid, "scale_factor", &u->scale, 1, &t) +
           num_att(ncid, varid, "add_offset", &u->offset, 1, &t);
  if (num_att(ncid, varid, "valid_range", r, 2, &tr) == 2)
    u->vmin = r[0], u->vmax = r[1];
  else {
    if (num_att(ncid, varid, "valid_min", r, 1, &tr)) u->vmin = r[0];
    if (num_att(ncid, varid, "valid_max", r, 1, &tr)) u->vmax = r[0];
  }
  /* CF 8.1: valid_* of the variable's own type are in packed units. */
  u->range_packed = !packed || tr == vtype;
}

double pm_field_unpack(const pm_field_unpacking *u, double raw)
{
  double v;
  if (isnan(raw) || (u->has_fill && raw == u->fill)) return NAN;
  for (size_t i = 0; i < u->nmissing; i++)
    if (raw == u->missing[i]) return NAN;
  v = raw * u->scale + u->offset;
  if (u->range_packed ? (raw < u->vmin || raw > u->vmax)
                      : (v < u->vmin || v > u->vmax))
    return NAN;
  return v;
}
