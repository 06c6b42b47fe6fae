/* basis_util.c: what the smooth bases share: the sorted distinct values of
 * a covariate, from which cr and cc place their knots and te finds the
 * range of a margin, and the shrinkage of a penalty's null space (cs, ts).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include <lapacke.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pm_error.h"
#include "smooth_internal.h"

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The bits of a double as an unsigned key in the same order. */
static uint64_t order_key(double x)
{
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u >> 63 ? ~u : u | (UINT64_C(1) << 63);
}

/* Sort keys a[0..n) in place on their bits `shift` + 7 down to 0: a
 * most-significant-digit radix sort on bytes that moves each key straight
 * to its byte's bucket (the American flag sort of McIlroy, Bostic and
 * McIlroy 1993, Computing Systems 6:5-27), short buckets by insertion. */
static void flag_sort(uint64_t *a, size_t n, unsigned shift)
{
  size_t count[256] = {0}, start[256], next[256], i, b;

  if (n < 32) {
    for (i = 1; i < n; i++) {
      uint64_t v = a[i];
      size_t j = i;
      for (; j > 0 && a[j - 1] > v; j--) a[j] = a[j - 1];
      a[j] = v;
    }
    return;
  }
  for (i = 0; i < n; i++) count[(a[i] >> shift) & 0xff]++;
  for (start[0] = 0, b = 1; b < 256; b++)
    start[b] = start[b - 1] + count[b - 1];
  memcpy(next, start, sizeof next);
  for (b = 0; b < 256; b++) /* each key out of place goes to its bucket */
    while (next[b] < start[b] + count[b]) {
      uint64_t v = a[next[b]];
      size_t d = (v >> shift) & 0xff;
      while (d != b) {
        uint64_t t = a[next[d]];
        a[next[d]++] = v;
        v = t;
        d = (v >> shift) & 0xff;
      }
      a[next[b]++] = v;
    }
  for (b = 0; shift > 0 && b < 256; b++)
    if (count[b] > 1) flag_sort(a + start[b], count[b], shift - 8);
}

/* Sort numbers (no NaN): in place by the radix sort of their order keys
 * for long arrays (a few passes over the data, where a comparison sort
 * takes twenty, and no second array), qsort for short ones. */
static void sort_doubles(double *v, size_t n)
{
  size_t i;

  if (n < 65536) {
    qsort(v, n, sizeof *v, cmp_double);
    return;
  }
  for (i = 0; i < n; i++) {
    uint64_t key = order_key(v[i]);
    memcpy(&v[i], &key, sizeof key);
  }
  flag_sort((uint64_t *)(void *)v, n, 56);
  for (i = 0; i < n; i++) {
    uint64_t key, u;
    memcpy(&key, &v[i], sizeof key);
    u = key >> 63 ? key & ~(UINT64_C(1) << 63) : ~key;
    memcpy(&v[i], &u, sizeof u);
  }
}

int pm_margin_unique(const pm_margin *mg, const double *x, const size_t *rows,
                     size_t n, int k, double **u, size_t *nu)
{
  double *v = malloc((n ? n : 1) * sizeof *v);
  size_t m = 0;
  if (!v) return pm_error_nomem();
  for (size_t i = 0; i < n; i++) {
    v[i] = x[rows ? rows[i] : i];
    if (isnan(v[i])) {
      free(v);
      return pm_error(PM_EINPUT, "%s: '%s' is missing in data row %zu; "
                      "drop the row before setting up the smooth", mg->label,
                      mg->var, (rows ? rows[i] : i) + 1);
    }
  }
  sort_doubles(v, n);
  for (size_t i = 0; i < n; i++)
    if (m == 0 || v[i] != v[m - 1]) v[m++] = v[i];
  if (m < (size_t)k) {
    free(v);
    return pm_error(PM_EINPUT, "%s: '%s' has %zu unique values, too few "
                    "for k = %d; reduce k to at most %zu", mg->label, mg->var,
                    m, k, m);
  }
  *u = v;
  *nu = m;
  return PM_SUCCESS;
}

/* S = V diag(w) V' from the eigenvectors V (column major) and values w. */
static void recompose(double *S, const double *V, const double *w, size_t n)
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j <= i; j++) {
      double t = 0;
      for (size_t l = 0; l < n; l++) t += V[l * n + i] * w[l] * V[l * n + j];
      S[i * n + j] = S[j * n + i] = t;
    }
}

int pm_margin_shrink(pm_margin *mg, double shrink, int cascade)
{
  size_t n = mg->dim, nd = mg->null_dim;
  double *V = malloc(n * n * sizeof *V), *w = malloc(n * sizeof *w);
  int status = PM_SUCCESS;
  if (!V || !w) {
    status = pm_error_nomem();
    goto cleanup;
  }
  memcpy(V, mg->S, n * n * sizeof *V); /* symmetric: either layout */
  if (nd >= n || LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'V', 'L', (lapack_int)n, V,
                                (lapack_int)n, w)) {
    status = pm_error(PM_ENUMERIC, "%s: the eigendecomposition of the %s "
                      "penalty failed", mg->label, mg->type->name);
    goto cleanup;
  }
  for (size_t i = nd; i-- > 0;) /* w ascending: w[nd] smallest positive */
    w[i] = shrink * w[cascade ? i + 1 : nd];
  recompose(mg->S, V, w, n);
  mg->null_dim = 0;
cleanup:
  free(V);
  free(w);
  return status;
}
