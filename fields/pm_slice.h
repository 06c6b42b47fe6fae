/* pm_slice.h: two-dimensional slices of a variable of a NetCDF file (a
 * longitude-latitude map at one depth and time, a depth section), with
 * the coordinates of its dimensions.
 *
 * A dimension's axis is told by its coordinate variable (a numeric 1-D
 * variable of the same name) as the covariate fields tell theirs
 * (pm_field.h): from its axis, standard_name, units and positive
 * attributes (CF 1.11 section 4), never from its name; a dimension that
 * none of them names (or whose depth or time units are not understood) is
 * PM_SLICE_OTHER.  Coordinates are given as stored, in the file's order
 * and units; cell bounds come from the coordinate's `bounds` variable (CF
 * section 7.1), else lie halfway between centres (half a spacing beyond
 * the ends).  Values are unpacked as the covariate fields' are
 * (scale_factor, add_offset; section 8.1) and NAN where missing
 * (_FillValue, else NetCDF's default fill of the type, missing_value,
 * valid_min, valid_max, valid_range; section 2.5.1) or not finite.
 *
 *   if ((status = pm_slice_open(&v, path, "temp"))) return status;
 *   x = pm_slice_find(v, PM_SLICE_LON);
 *   y = pm_slice_find(v, PM_SLICE_LAT);
 *   ... at[d], the index on each other dimension d (pm_slice_index, or
 *       pm_slice_nearest on its pm_slice_coord_read) ...
 *   if (x >= 0 && y >= 0) status = pm_slice_read(v, x, y, at, values);
 *   pm_slice_close(v);
 *
 * Errors name the file and the variable.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_SLICE_H
#define PM_SLICE_H

#include <stddef.h>

typedef enum {
  PM_SLICE_OTHER,
  PM_SLICE_LON,
  PM_SLICE_LAT,
  PM_SLICE_DEPTH,
  PM_SLICE_TIME
} pm_slice_axis;

/* One dimension of the variable. */
typedef struct {
  char *name;
  size_t len;
  pm_slice_axis axis;
  int has_coord; /* it has a coordinate variable */
} pm_slice_dim;

/* The coordinate of one dimension. */
typedef struct {
  size_t n;
  double *centre;  /* n values */
  double *bnds;    /* 2 n: the bounds of each cell */
  int from_file;   /* bnds are the file's, not halfway between centres */
  char *units;     /* "" when none */
} pm_slice_coord;

typedef struct pm_slice_var pm_slice_var;

/* Open `variable` of the file `path`: no such variable is PM_EINPUT (the
 * message lists those there are), a text variable too.  *v is NULL on
 * error. */
int pm_slice_open(pm_slice_var **v, const char *path, const char *variable);
void pm_slice_close(pm_slice_var *v);

/* The variable's dimensions, in the file's order (owned by v). */
const pm_slice_dim *pm_slice_dims(const pm_slice_var *v, size_t *ndims);
/* The first dimension of axis `a`, or -1. */
int pm_slice_find(const pm_slice_var *v, pm_slice_axis a);
/* The variable's units and long_name attributes ("" when absent). */
const char *pm_slice_units(const pm_slice_var *v);
const char *pm_slice_long_name(const pm_slice_var *v);
/* The global text attribute `name` of the file in *text (allocated, ""
 * when absent). */
int pm_slice_global_text(const pm_slice_var *v, const char *name,
                         char **text);

/* The coordinate of dimension d; PM_EINPUT when it has none, or when its
 * bounds variable is not (n, 2). */
int pm_slice_coord_read(const pm_slice_var *v, size_t d, pm_slice_coord *c);
void pm_slice_coord_free(pm_slice_coord *c);

/* The index of the centre of c nearest `value`, which must lie within its
 * outer bounds, else PM_EUSAGE "PATH: WHAT VALUE is outside the WHAT axis
 * (LO to HI)". */
int pm_slice_nearest(const pm_slice_var *v, const pm_slice_coord *c,
                     const char *what, double value, size_t *k);
/* k as an index of dimension d, else PM_EUSAGE "PATH: WHAT K does not
 * exist; the file has N (0 to N - 1)". */
int pm_slice_index(const pm_slice_var *v, size_t d, const char *what,
                   long k, size_t *index);

/* The slice spanned by dimensions dx (columns) and dy (rows), taken at
 * index at[d] of every other dimension d (at has one entry per
 * dimension; those of dx and dy are not read): values holds len(dy) x
 * len(dx) values, [row][column], whatever the order of dx and dy in the
 * file.  An index beyond its dimension is PM_EUSAGE. */
int pm_slice_read(const pm_slice_var *v, size_t dx, size_t dy,
                  const size_t *at, double *values);

#endif
