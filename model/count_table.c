/* count_table.c: distinct response values and their multiplicities.
 *
 * Whole numbers up to a bound proportional to the number of rows are
 * tallied in an array indexed by the value, in O(n + max y); other values
 * (large counts, or fractional expected counts) are sorted, and equal
 * values merged.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "count_table.h"
#include "pm_error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The tally array may hold this many entries per row (plus a constant):
 * its memory then stays of the order of the response's own. */
#define PM_TALLY_PER_ROW 4
#define PM_TALLY_MIN 4096

static int table_alloc(pm_count_table *t, size_t m)
{
  t->m = 0;
  t->value = malloc((m + 1) * sizeof *t->value);
  t->times = malloc((m + 1) * sizeof *t->times);
  if (t->value && t->times) return PM_SUCCESS;
  pm_count_table_free(t);
  return pm_error_nomem();
}

/* Whole numbers in [0, bound]: 1 when every value is, with the largest. */
static int small_counts(const double *y, size_t n, size_t bound, size_t *ymax)
{
  size_t i;
  double top = 0;

  for (i = 0; i < n; i++) {
    if (!(y[i] >= 0 && y[i] <= (double)bound) || y[i] != floor(y[i]))
      return 0;
    top = fmax(top, y[i]);
  }
  *ymax = (size_t)top;
  return 1;
}

static int tally(pm_count_table *t, const double *y, size_t n, size_t ymax)
{
  size_t *c = calloc(ymax + 1, sizeof *c), i;
  int status = c ? table_alloc(t, ymax + 1) : pm_error_nomem();

  for (i = 0; status == PM_SUCCESS && i < n; i++) c[(size_t)y[i]]++;
  for (i = 0; status == PM_SUCCESS && i <= ymax; i++)
    if (c[i]) {
      t->value[t->m] = (double)i;
      t->times[t->m++] = (double)c[i];
    }
  free(c);
  return status;
}

static int ascending(const void *a, const void *b)
{
  double x = *(const double *)a, z = *(const double *)b;
  return (x > z) - (x < z);
}

static int sorted(pm_count_table *t, const double *y, size_t n)
{
  double *v = malloc((n + 1) * sizeof *v);
  int status = v ? table_alloc(t, n) : pm_error_nomem();
  size_t i;

  if (status == PM_SUCCESS) {
    memcpy(v, y, n * sizeof *v);
    qsort(v, n, sizeof *v, ascending);
  }
  for (i = 0; status == PM_SUCCESS && i < n; i++) {
    if (t->m > 0 && v[i] == t->value[t->m - 1]) {
      t->times[t->m - 1] += 1;
      continue;
    }
    t->value[t->m] = v[i];
    t->times[t->m++] = 1;
  }
  free(v);
  return status;
}

int pm_count_table_make(pm_count_table *t, const double *y, size_t n)
{
  size_t ymax;

  memset(t, 0, sizeof *t);
  if (small_counts(y, n, PM_TALLY_PER_ROW * n + PM_TALLY_MIN, &ymax))
    return tally(t, y, n, ymax);
  return sorted(t, y, n);
}

void pm_count_table_free(pm_count_table *t)
{
  free(t->value);
  free(t->times);
  memset(t, 0, sizeof *t);
}
