/* nc_same.c: do two NetCDF files hold the same data?
 *
 *   nc_same A B
 *
 * The same dimensions (names and lengths), the same variables (names,
 * types, dimensions, attributes, and values byte for byte, strings as
 * strings) and the same global attributes, except those that name the
 * moment of a run: history, date_created and plankmap_input_files (the
 * input checksums cover the run's own model files).  Exits 0 when they
 * agree, 1 with the first difference printed, 4 when a file cannot be
 * read.  tests/compare_runs.sh uses it: ncdump prints a 300-million-value
 * observations.nc as 4 GB of text; this reads it a slab at a time.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAME 0
#define DIFFER 1
#define FAILED 4

static const char *file[2];

static int nc_failed(int err, const char *what)
{
  fprintf(stderr, "nc_same: %s: %s\n", what, nc_strerror(err));
  return FAILED;
}

#define TRY(call, what)                                                        \
  do {                                                                         \
    int e_ = (call);                                                           \
    if (e_ != NC_NOERR) return nc_failed(e_, what);                            \
  } while (0)

static int differ(const char *fmt, const char *name)
{
  printf("%s and %s differ: ", file[0], file[1]);
  printf(fmt, name);
  printf("\n");
  return DIFFER;
}

static int moment(int var, const char *name)
{
  return var == NC_GLOBAL &&
         (!strcmp(name, "history") || !strcmp(name, "date_created") ||
          !strcmp(name, "plankmap_input_files"));
}

/* n values of type t (size bytes each) at a and b: the same? */
static int same_values(nc_type t, size_t size, size_t n, const void *a,
                       const void *b)
{
  size_t i;

  if (t != NC_STRING) return memcmp(a, b, n * size) == 0;
  for (i = 0; i < n; i++) {
    const char *x = ((char *const *)a)[i], *y = ((char *const *)b)[i];
    if ((x == NULL) != (y == NULL) || (x && strcmp(x, y))) return 0;
  }
  return 1;
}

/* Attribute `name` of variable v in both files. */
static int same_attribute(const int nc[2], const int v[2], const char *name)
{
  nc_type t[2];
  size_t len[2], size;
  void *val[2] = {NULL, NULL};
  int k, status = SAME;

  for (k = 0; k < 2; k++)
    if (nc_inq_att(nc[k], v[k], name, &t[k], &len[k]) != NC_NOERR)
      return differ("attribute %s is in one file only", name);
  if (t[0] != t[1] || len[0] != len[1])
    return differ("attribute %s has another type or length", name);
  TRY(nc_inq_type(nc[0], t[0], NULL, &size), "the size of a type");
  for (k = 0; k < 2 && status == SAME; k++)
    if (!(val[k] = calloc(len[k] + 1, size)))
      status = nc_failed(NC_ENOMEM, name);
    else if (nc_get_att(nc[k], v[k], name, val[k]) != NC_NOERR)
      status = nc_failed(NC_EBADTYPE, name);
  if (status == SAME && !same_values(t[0], size, len[0], val[0], val[1]))
    status = differ("attribute %s has other values", name);
  for (k = 0; k < 2; k++) {
    if (val[k] && t[k] == NC_STRING && status != FAILED)
      nc_free_string(len[k], val[k]);
    free(val[k]);
  }
  return status;
}

/* Every attribute of variable v (NC_GLOBAL: the file's) in both files,
 * those of the moment left out. */
static int same_attributes(const int nc[2], const int v[2])
{
  int n[2], k, i, status = SAME;
  char name[NC_MAX_NAME + 1];

  for (k = 0; k < 2; k++)
    TRY(nc_inq_varnatts(nc[k], v[k], &n[k]), "counting attributes");
  for (i = 0; i < n[0] && status == SAME; i++) {
    TRY(nc_inq_attname(nc[0], v[0], i, name), "an attribute's name");
    if (!moment(v[0], name)) status = same_attribute(nc, v, name);
  }
  for (i = 0; i < n[1] && status == SAME; i++) { /* none in B alone */
    TRY(nc_inq_attname(nc[1], v[1], i, name), "an attribute's name");
    if (!moment(v[1], name) && nc_inq_attid(nc[0], v[0], name, NULL))
      status = differ("attribute %s is in one file only", name);
  }
  return status;
}

static int same_dimensions(const int nc[2])
{
  int n[2], k, d;
  char name[2][NC_MAX_NAME + 1];
  size_t len[2];

  for (k = 0; k < 2; k++) TRY(nc_inq_ndims(nc[k], &n[k]), "counting dimensions");
  if (n[0] != n[1]) return differ("%s", "they have other dimensions");
  for (d = 0; d < n[0]; d++) {
    for (k = 0; k < 2; k++)
      TRY(nc_inq_dim(nc[k], d, name[k], &len[k]), "a dimension");
    if (strcmp(name[0], name[1]) || len[0] != len[1])
      return differ("dimension %s has another name or length", name[0]);
  }
  return SAME;
}

/* The values of variable v (var[0] in A, var[1] in B), a slab of about
 * 8 MB along its first dimension at a time. */
static int same_data(const int nc[2], const int var[2], const char *name,
                     nc_type t, int ndims, const size_t *shape)
{
  size_t start[NC_MAX_VAR_DIMS] = {0}, count[NC_MAX_VAR_DIMS], row = 1,
         size, rows, n0 = ndims ? shape[0] : 1, i;
  void *val[2];
  int k, d, status = SAME;

  TRY(nc_inq_type(nc[0], t, NULL, &size), "the size of a type");
  for (d = 1; d < ndims; d++) row *= count[d] = shape[d];
  rows = (8u << 20) / (row * size + 1) + 1;
  val[0] = malloc(rows * row * size + 1);
  val[1] = malloc(rows * row * size + 1);
  if (!val[0] || !val[1]) status = nc_failed(NC_ENOMEM, name);
  for (i = 0; status == SAME && i < n0; i += rows) {
    size_t n = (n0 - i < rows ? n0 - i : rows) * row;
    start[0] = i;
    count[0] = ndims ? n / row : 1;
    for (k = 0; k < 2 && status == SAME; k++)
      if (nc_get_vara(nc[k], var[k], start, count, val[k]) != NC_NOERR)
        status = nc_failed(NC_EINVALCOORDS, name);
    if (status == SAME && !same_values(t, size, n, val[0], val[1]))
      status = differ("variable %s has other values", name);
    for (k = 0; k < 2 && t == NC_STRING && status != FAILED; k++)
      nc_free_string(n, val[k]);
  }
  free(val[0]);
  free(val[1]);
  return status;
}

/* Variable v of A and its namesake in B. */
static int same_variable(const int nc[2], int v)
{
  char name[NC_MAX_NAME + 1], dim[2][NC_MAX_NAME + 1];
  nc_type t[2];
  int nd[2], dims[2][NC_MAX_VAR_DIMS], var[2] = {v, 0}, k, d, status;
  size_t shape[NC_MAX_VAR_DIMS];

  TRY(nc_inq_varname(nc[0], v, name), "a variable's name");
  if (nc_inq_varid(nc[1], name, &var[1]) != NC_NOERR)
    return differ("variable %s is in one file only", name);
  for (k = 0; k < 2; k++)
    TRY(nc_inq_var(nc[k], var[k], NULL, &t[k], &nd[k], dims[k], NULL),
        name);
  if (t[0] != t[1] || nd[0] != nd[1])
    return differ("variable %s has another type or shape", name);
  for (d = 0; d < nd[0]; d++) {
    for (k = 0; k < 2; k++)
      TRY(nc_inq_dimname(nc[k], dims[k][d], dim[k]), name);
    if (strcmp(dim[0], dim[1]))
      return differ("variable %s has other dimensions", name);
    TRY(nc_inq_dimlen(nc[0], dims[0][d], &shape[d]), name);
  }
  if ((status = same_attributes(nc, var))) return status;
  return same_data(nc, var, name, t[0], nd[0], shape);
}

int main(int argc, char **argv)
{
  int nc[2], n[2], glob[2] = {NC_GLOBAL, NC_GLOBAL}, k, v, status;

  if (argc != 3) {
    fprintf(stderr, "usage: nc_same A B\n");
    return 2;
  }
  for (k = 0; k < 2; k++) {
    file[k] = argv[k + 1];
    TRY(nc_open(file[k], NC_NOWRITE, &nc[k]), file[k]);
  }
  status = same_dimensions(nc);
  if (status == SAME) status = same_attributes(nc, glob);
  for (k = 0; k < 2 && status == SAME; k++)
    TRY(nc_inq_nvars(nc[k], &n[k]), "counting variables");
  if (status == SAME && n[0] != n[1])
    status = differ("%s", "they have other variables");
  for (v = 0; status == SAME && v < n[0]; v++) status = same_variable(nc, v);
  nc_close(nc[0]);
  nc_close(nc[1]);
  return status;
}
