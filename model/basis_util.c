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

/* Sort numbers (no NaN): a least-significant-digit radix sort on 16-bit
 * digits for long arrays (four passes over the data, where a comparison
 * sort takes twenty), qsort for short ones. */
static int sort_doubles(double *v, size_t n)
{
  uint64_t *key, *tmp;
  size_t *count, i, pass;

  if (n < 65536) {
    qsort(v, n, sizeof *v, cmp_double);
    return PM_SUCCESS;
  }
  key = malloc(n * sizeof *key);
  tmp = malloc(n * sizeof *tmp);
  count = malloc(65537 * sizeof *count);
  if (!key || !tmp || !count) {
    free(key);
    free(tmp);
    free(count);
    return pm_error_nomem();
  }
  for (i = 0; i < n; i++) key[i] = order_key(v[i]);
  for (pass = 0; pass < 4; pass++) {
    unsigned shift = 16 * (unsigned)pass;
    uint64_t *swap;
    memset(count, 0, 65537 * sizeof *count);
    for (i = 0; i < n; i++) count[((key[i] >> shift) & 0xffff) + 1]++;
    for (i = 1; i <= 65536; i++) count[i] += count[i - 1];
    for (i = 0; i < n; i++) tmp[count[(key[i] >> shift) & 0xffff]++] = key[i];
    swap = key, key = tmp, tmp = swap;
  }
  for (i = 0; i < n; i++) {
    uint64_t u = key[i] >> 63 ? key[i] & ~(UINT64_C(1) << 63) : ~key[i];
    memcpy(&v[i], &u, sizeof u);
  }
  free(key);
  free(tmp);
  free(count);
  return PM_SUCCESS;
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
  if (sort_doubles(v, n) != PM_SUCCESS) {
    free(v);
    return PM_EIO;
  }
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
