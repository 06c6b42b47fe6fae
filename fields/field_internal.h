/* field_internal.h: the layout of a covariate field, shared by its reader
 * and its sampler, and what the readers of fields/ share (not installed).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FIELD_INTERNAL_H
#define PM_FIELD_INTERNAL_H

#include "pm_field.h"

#include <geodesic.h>
#include <netcdf.h>

/* One increasing axis; `step` > 0 when its values are evenly spaced (to
 * within 1% of a step), which lets a value be located by direct index. */
typedef struct {
  double *v;
  size_t n;
  double step;
} pm_field_axis;

struct pm_field {
  char *path, *variable, *units;
  pm_field_axis lon, lat, depth; /* depth.n = 0 for a 2-D field */
  int *month;                    /* ntime calendar months, or NULL */
  size_t ntime;                  /* 1 without a time axis */
  int tindex[12];                /* time step of each calendar month */
  int periodic;                  /* the longitudes go round the globe */
  float *data;                   /* [time][depth][lat][lon], NAN missing */
  struct geod_geodesic geod;     /* WGS84 */
};

/* What a coordinate variable is. */
typedef enum {
  PM_AXIS_OTHER,
  PM_AXIS_LON,
  PM_AXIS_LAT,
  PM_AXIS_DEPTH,
  PM_AXIS_TIME
} pm_field_role;

/* The role of coordinate variable `cv` from its axis, standard_name, units
 * and positive attributes; for a depth axis also *to_m, the factor that
 * turns its values into m positive down (negative when positive up).  An
 * axis whose units are not understood is PM_EINPUT; `where` names the file,
 * variable and axis in messages. */
int pm_field_axis_role(int ncid, int cv, const char *where,
                       pm_field_role *role, double *to_m);

/* The calendar month (1..12) of each of the n values t of the time
 * coordinate `cv` ("UNIT since DATE", CF 1.11 section 4.4, with its
 * calendar attribute). */
int pm_field_time_months(int ncid, int cv, const char *where, const double *t,
                         size_t n, int *month);

/* A text attribute, NUL-terminated and cut to `size` bytes; "" when absent.
 * Returns 1 when present. */
int pm_field_text_att(int ncid, int var, const char *name, char *buf,
                      size_t size);

/* The id of `variable`, or PM_EINPUT naming the file and listing the
 * variables it has. */
int pm_field_find_variable(int ncid, const char *path, const char *variable,
                           int *varid);

/* The type of variable `varid`; PM_EINPUT when it is text. */
int pm_field_numeric_type(int ncid, int varid, const char *path,
                          const char *variable, nc_type *type);

/* How raw values become physical ones (CF 1.11 sections 2.5.1 and 8.1). */
typedef struct {
  double fill, missing[8];
  size_t nmissing;
  int has_fill;
  double vmin, vmax;
  int range_packed; /* valid_* are in the packed type: compare raw values */
  double scale, offset;
} pm_field_unpacking;

/* The unpacking of variable `varid` of type `type`, from its _FillValue
 * (else NetCDF's default fill of the type), missing_value, scale_factor,
 * add_offset, valid_min, valid_max and valid_range. */
void pm_field_unpacking_of(int ncid, int varid, nc_type type,
                           pm_field_unpacking *u);

/* The physical value of a raw one; NAN when it is missing. */
double pm_field_unpack(const pm_field_unpacking *u, double raw);

#endif
