/* aoa.c: the area of applicability of Meyer & Pebesma (2021, Methods
 * Ecol. Evol. 12:1620-1633; pm_aoa.h): the weighted standardised
 * covariates of the training rows, the mean distance between them, the
 * training rows' own dissimilarity index across cross-validation folds,
 * its threshold, and the index of new points by exact nearest-neighbour
 * search (pm_kdtree.h), so that no point scans every training row.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "aoa_internal.h"
#include "pm_error.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t pm_aoa_nrows(const pm_aoa *a) { return a->n; }
size_t pm_aoa_ncovariates(const pm_aoa *a) { return a->p; }
const char *pm_aoa_name(const pm_aoa *a, size_t j) { return a->names[j]; }
double pm_aoa_threshold(const pm_aoa *a) { return a->threshold; }
double pm_aoa_mean_distance(const pm_aoa *a) { return a->dbar; }

static int complete(const double *x, size_t p)
{
  size_t j;
  for (j = 0; j < p; j++)
    if (!isfinite(x[j])) return 0;
  return 1;
}

/* Mean and standard deviation (n - 1) of each covariate over the complete
 * rows, and the scale w_j / sd_j (Meyer & Pebesma 2021, section 2.2.1). */
static int standardise(pm_aoa *a, const double *x, size_t n,
                       const double *w, const char *const *names)
{
  size_t i, j, p = a->p;

  for (j = 0; j < p; j++) {
    double m = 0, ss = 0, k = 0;
    for (i = 0; i < n; i++) {
      if (!complete(x + i * p, p)) continue;
      k++;
      m += (x[i * p + j] - m) / k;
    }
    for (i = 0; i < n; i++)
      if (complete(x + i * p, p)) ss += pow(x[i * p + j] - m, 2);
    if (!(ss > 0))
      return names ? pm_error(PM_EINPUT, "the area of applicability needs "
                              "covariate '%s' to vary over the training "
                              "rows", names[j])
                   : pm_error(PM_EINPUT, "the area of applicability needs "
                              "covariate %zu to vary over the training "
                              "rows", j + 1);
    a->mean[j] = m;
    a->scale[j] = (w ? w[j] : 1) / sqrt(ss / (k - 1));
  }
  return PM_SUCCESS;
}

static void transform(const pm_aoa *a, const double *x, double *z)
{
  size_t j;
  for (j = 0; j < a->p; j++) z[j] = (x[j] - a->mean[j]) * a->scale[j];
}

static double distance(const double *u, const double *v, size_t p)
{
  double d2 = 0;
  size_t j;
  for (j = 0; j < p; j++) d2 += (u[j] - v[j]) * (u[j] - v[j]);
  return sqrt(d2);
}

/* The mean distance between training rows (their eq. 3): every pair, or
 * PM_AOA_PAIRS pairs drawn with a fixed seed. */
static int mean_distance(pm_aoa *a)
{
  size_t n = a->n, p = a->p, i, j;
  double sum = 0, pairs = 0.5 * (double)n * (double)(n - 1);
  gsl_rng *r;

  if (pairs <= PM_AOA_PAIRS) {
    for (i = 0; i < n; i++)
      for (j = i + 1; j < n; j++) sum += distance(a->z + i * p, a->z + j * p, p);
    a->dbar = sum / pairs;
    return PM_SUCCESS;
  }
  if (!(r = gsl_rng_alloc(gsl_rng_mt19937))) return pm_error_nomem();
  gsl_rng_set(r, 1);
  for (i = 0; i < PM_AOA_PAIRS; i++) {
    size_t u = gsl_rng_uniform_int(r, n), v = gsl_rng_uniform_int(r, n - 1);
    v += v >= u; /* a row other than u */
    sum += distance(a->z + u * p, a->z + v * p, p);
  }
  gsl_rng_free(r);
  a->dbar = sum / PM_AOA_PAIRS;
  return PM_SUCCESS;
}

static int by_value(const void *u, const void *v)
{
  double a = *(const double *)u, b = *(const double *)v;
  return (a > b) - (a < b);
}

/* The upper whisker of R's boxplot.stats (coef 1.5) of di[0..n): the
 * largest value within 1.5 hinge spreads of the upper hinge, the hinges
 * those of fivenum (Tukey 1977, Exploratory Data Analysis, ch. 2). */
static double upper_whisker(double *di, size_t n)
{
  double n4 = floor((double)(n + 3) / 2) / 2, lo, hi, limit;
  size_t i;

  qsort(di, n, sizeof *di, by_value);
  lo = 0.5 * (di[(size_t)floor(n4) - 1] + di[(size_t)ceil(n4) - 1]);
  hi = 0.5 * (di[(size_t)floor((double)n + 1 - n4) - 1] +
              di[(size_t)ceil((double)n + 1 - n4) - 1]);
  limit = hi + 1.5 * (hi - lo);
  for (i = n; i-- > 0;)
    if (di[i] <= limit) return di[i];
  return di[0];
}

/* The training rows' index: each row's distance to the nearest row of
 * another fold over the mean distance (their section 2.2.3): from a tree
 * of the rows outside each fold in turn, or without folds from the tree
 * of every row, the row itself skipped. */
static int training_index(const pm_aoa *a, const int *fold, double *di)
{
  size_t n = a->n, p = a->p, i, k;
  double *out = NULL;
  int f, maxf = -1, status = PM_SUCCESS;

  if (!fold) {
    for (i = 0; i < n; i++)
      di[i] = pm_kdtree_nearest(a->tree, a->z + i * p, i, NULL) / a->dbar;
    return PM_SUCCESS;
  }
  if (!(out = malloc((n * p + 1) * sizeof *out))) return pm_error_nomem();
  for (i = 0; i < n; i++) maxf = fold[i] > maxf ? fold[i] : maxf;
  for (f = 0; f <= maxf && !status; f++) {
    pm_kdtree *t = NULL;
    for (i = k = 0; i < n; i++)
      if (fold[i] != f) memcpy(out + k++ * p, a->z + i * p, p * sizeof *out);
    if (k == n || (status = pm_kdtree_alloc(&t, out, k, p))) continue;
    for (i = 0; i < n; i++)
      if (fold[i] == f)
        di[i] = pm_kdtree_nearest(t, a->z + i * p, SIZE_MAX, NULL) / a->dbar;
    pm_kdtree_free(t);
  }
  for (i = 0; i < n && !status; i++)
    if (!isfinite(di[i]))
      status = pm_error(PM_EINPUT, "the area of applicability needs at "
                        "least two cross-validation folds");
  free(out);
  return status;
}

/* The complete rows, standardised, with their folds when given. */
static int training_rows(pm_aoa *a, const double *x, size_t n,
                         const int *fold, int **kept_fold)
{
  size_t i, p = a->p;

  *kept_fold = fold ? malloc((n + 1) * sizeof **kept_fold) : NULL;
  if (fold && !*kept_fold) return pm_error_nomem();
  for (i = 0; i < n; i++) {
    if (!complete(x + i * p, p)) continue;
    transform(a, x + i * p, a->z + a->n * p);
    if (fold) (*kept_fold)[a->n] = fold[i];
    a->n++;
  }
  if (a->n < 2)
    return pm_error(PM_EINPUT, "the area of applicability needs at least "
                    "2 training rows with every covariate (%zu)", a->n);
  return PM_SUCCESS;
}

static int check_weights(const double *w, size_t p)
{
  size_t j;
  double sum = 0;

  if (!w) return PM_SUCCESS;
  for (j = 0; j < p; j++) {
    if (!(w[j] >= 0) || !isfinite(w[j]))
      return pm_error(PM_EINPUT, "the weight of covariate %zu in the area "
                      "of applicability is %g; weights are finite and >= 0",
                      j + 1, w[j]);
    sum += w[j];
  }
  return sum > 0 ? PM_SUCCESS
                 : pm_error(PM_EINPUT, "the area of applicability needs a "
                            "covariate of weight above 0");
}

int pm_aoa_alloc(pm_aoa **out, const double *x, size_t n, size_t p,
                 const double *weight, const int *fold,
                 const char *const *names)
{
  pm_aoa *a = calloc(1, sizeof *a);
  double *di = NULL;
  int *kept_fold = NULL, status;
  size_t i;

  *out = NULL;
  if (!a) return pm_error_nomem();
  a->p = p;
  a->z = malloc((n * p + 1) * sizeof *a->z);
  a->mean = malloc((2 * p + 1) * sizeof *a->mean);
  if (!a->z || !a->mean) {
    status = pm_error_nomem();
    goto cleanup;
  }
  a->scale = a->mean + p;
  if ((status = pm_aoa_names(a, names)) ||
      (status = check_weights(weight, p)) ||
      (status = standardise(a, x, n, weight, names)) ||
      (status = training_rows(a, x, n, fold, &kept_fold)) ||
      (status = mean_distance(a)))
    goto cleanup;
  if (!(di = malloc(a->n * sizeof *di))) {
    status = pm_error_nomem();
    goto cleanup;
  }
  for (i = 0; i < a->n; i++) di[i] = NAN;
  if ((status = pm_kdtree_alloc(&a->tree, a->z, a->n, p)) ||
      (status = training_index(a, kept_fold, di)))
    goto cleanup;
  a->threshold = upper_whisker(di, a->n);
cleanup:
  free(di);
  free(kept_fold);
  if (status) pm_aoa_free(a);
  else *out = a;
  return status;
}

int pm_aoa_names(pm_aoa *a, const char *const *names)
{
  size_t j;
  char buf[32];

  if (!(a->names = calloc(a->p + 1, sizeof *a->names))) return pm_error_nomem();
  for (j = 0; j < a->p; j++) {
    snprintf(buf, sizeof buf, "x%zu", j + 1);
    if (!(a->names[j] = strdup(names ? names[j] : buf))) return pm_error_nomem();
  }
  return PM_SUCCESS;
}

void pm_aoa_free(pm_aoa *a)
{
  size_t j;

  if (!a) return;
  for (j = 0; a->names && j < a->p; j++) free(a->names[j]);
  free(a->names);
  pm_kdtree_free(a->tree);
  free(a->z);
  free(a->mean);
  free(a);
}

int pm_aoa_index(const pm_aoa *a, const double *x, size_t m, double *di)
{
  double *z = malloc((a->p + 1) * sizeof *z);
  size_t i;

  if (!z) return pm_error_nomem();
  for (i = 0; i < m; i++) {
    if (!complete(x + i * a->p, a->p)) {
      di[i] = NAN;
      continue;
    }
    transform(a, x + i * a->p, z);
    di[i] = pm_kdtree_nearest(a->tree, z, SIZE_MAX, NULL) / a->dbar;
  }
  free(z);
  return PM_SUCCESS;
}
