/* cv_folds.c: groups of rows (profiles, spatial blocks) and their folds.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_cv.h"
#include "pm_error.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int cmp_int(const void *a, const void *b)
{
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* Number the distinct values of key[0..n) 0, 1, ... in increasing order. */
static int dense_ids(const double *key, size_t n, int *group, size_t *ngroups)
{
  double *u = malloc((n + 1) * sizeof *u);
  size_t i, g = 0;

  if (!u) return pm_error_nomem();
  for (i = 0; i < n; i++) u[i] = key[i];
  qsort(u, n, sizeof *u, cmp_double);
  for (i = 0; i < n; i++)
    if (g == 0 || u[i] != u[g - 1]) u[g++] = u[i];
  for (i = 0; i < n; i++) {
    const double *at = bsearch(&key[i], u, g, sizeof *u, cmp_double);
    group[i] = (int)(at - u);
  }
  *ngroups = g;
  free(u);
  return PM_SUCCESS;
}

static size_t frame_row(const pm_model_matrix *m, size_t i)
{
  return m->rows ? m->rows[i] : i;
}

/* The value of column c at matrix row i as a number (a text column's level
 * index); an error naming the file line when it is missing. */
static int key_value(const pm_model_matrix *m, const pm_column *c, size_t i,
                     double *v)
{
  size_t r = frame_row(m, i);

  *v = c->x ? c->x[r] : c->level[r] < 0 ? NAN : (double)c->level[r];
  if (isfinite(*v)) return PM_SUCCESS;
  return pm_error(PM_EINPUT,
                  "%s:%zu: column '%s' is missing; every row needs a group "
                  "for cross-validation (drop the row or fill the column)",
                  pm_frame_path(m->frame), pm_frame_line(m->frame, r), c->name);
}

int pm_cv_groups_column(const pm_model_matrix *m, const char *name, int *group,
                        size_t *ngroups)
{
  const pm_column *c;
  double *key = NULL;
  size_t i;
  int status = pm_frame_column(m->frame, name, &c);

  if (status == PM_SUCCESS && !(key = malloc((m->n + 1) * sizeof *key)))
    status = pm_error_nomem();
  for (i = 0; status == PM_SUCCESS && i < m->n; i++)
    status = key_value(m, c, i, &key[i]);
  if (status == PM_SUCCESS) status = dense_ids(key, m->n, group, ngroups);
  free(key);
  return status;
}

int pm_cv_groups_blocks(const pm_model_matrix *m, const char *lat,
                        const char *lon, double size, int *group,
                        size_t *ngroups)
{
  const pm_column *clat = NULL, *clon = NULL;
  double *key = NULL, nlon;
  size_t i;
  int status = PM_SUCCESS;

  if (!(size > 0 && size <= 180))
    return pm_error(PM_EINPUT,
                    "spatial block size %g degrees: it must be in (0, 180]",
                    size);
  nlon = ceil(360 / size);
  if ((status = pm_frame_column(m->frame, lat, &clat)) == PM_SUCCESS)
    status = pm_frame_column(m->frame, lon, &clon);
  if (status == PM_SUCCESS && (!clat->x || !clon->x))
    status = pm_error(PM_EINPUT,
                      "%s: column '%s' holds text; latitude and "
                      "longitude must be numbers in degrees",
                      pm_frame_path(m->frame), clat->x ? lon : lat);
  if (status == PM_SUCCESS && !(key = malloc((m->n + 1) * sizeof *key)))
    status = pm_error_nomem();
  for (i = 0; status == PM_SUCCESS && i < m->n; i++) {
    double y, x;
    if ((status = key_value(m, clat, i, &y)) != PM_SUCCESS ||
        (status = key_value(m, clon, i, &x)) != PM_SUCCESS)
      break;
    /* cell (row, column) of the block grid anchored at 90 S, 0 E */
    x = fmod(fmod(x, 360) + 360, 360);
    key[i] = floor((y + 90) / size) * nlon + floor(x / size);
  }
  if (status == PM_SUCCESS) status = dense_ids(key, m->n, group, ngroups);
  free(key);
  return status;
}

int pm_cv_folds(const int *group, size_t n, size_t k, unsigned long seed,
                int *fold)
{
  int *u = malloc((n + 1) * sizeof *u);
  size_t *order = malloc((n + 1) * sizeof *order), i, g = 0;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  int status = u && order && r ? PM_SUCCESS : pm_error_nomem();

  for (i = 0; status == PM_SUCCESS && i < n; i++)
    if (group[i] < 0)
      status = pm_error(PM_EINPUT,
                        "row %zu has group %d; groups must be "
                        "non-negative labels",
                        i + 1, group[i]);
  if (status == PM_SUCCESS && k < 2)
    status = pm_error(PM_EINPUT,
                      "%zu folds: cross-validation needs at "
                      "least 2",
                      k);
  if (status != PM_SUCCESS) goto cleanup;
  for (i = 0; i < n; i++) u[i] = group[i];
  qsort(u, n, sizeof *u, cmp_int);
  for (i = 0; i < n; i++)
    if (g == 0 || u[i] != u[g - 1]) u[g++] = u[i];
  if (g < k) {
    status = pm_error(PM_EINPUT,
                      "%zu groups for %zu folds: each fold needs at least "
                      "one whole group; use at most %zu folds or smaller "
                      "groups (spatial blocks)",
                      g, k, g);
    goto cleanup;
  }
  /* order[j]: the fold of the j-th group in label order */
  for (i = 0; i < g; i++) order[i] = i % k;
  gsl_rng_set(r, seed);
  gsl_ran_shuffle(r, order, g, sizeof *order);
  for (i = 0; i < n; i++) {
    const int *at = bsearch(&group[i], u, g, sizeof *u, cmp_int);
    fold[i] = (int)order[at - u];
  }
cleanup:
  gsl_rng_free(r);
  free(u);
  free(order);
  return status;
}
