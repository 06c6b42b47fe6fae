/* map_quantile.c: the two quantiles of an interval by selection.
 *
 * Q(p) = x(j) + g (x(j+1) - x(j)) with h = (n - 1) p, j = floor(h),
 * g = h - j and x(k) the order statistics from 0 (Hyndman & Fan 1996,
 * Am. Stat. 50:361-365, definition 7, R's default).  Hoare's selection
 * (Comm. ACM 4:321, 1961) finds x(j) in linear time; x(j+1) is then the
 * smallest value above position j.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "mapper_internal.h"

#include <math.h>

static void swap(double *a, double *b)
{
  double t = *a;
  *a = *b;
  *b = t;
}

/* Reorder x[lo..hi] so that x[k] is the k-th order statistic, the values
 * before it not larger and those after it not smaller. */
static void select_kth(double *x, size_t lo, size_t hi, size_t k)
{
  while (lo < hi) {
    double pivot = x[lo + (hi - lo) / 2];
    size_t i = lo, j = hi;
    while (i <= j) {
      while (x[i] < pivot) i++;
      while (x[j] > pivot) j--;
      if (i <= j) {
        swap(&x[i], &x[j]);
        i++;
        if (j == 0) break;
        j--;
      }
    }
    if (k <= j)
      hi = j;
    else if (k >= i)
      lo = i;
    else
      return;
  }
}

/* Q(p) for x with x[0..from) already holding values not above the order
 * statistics from `from` on. */
static double quantile(double *x, size_t n, double p, size_t from)
{
  double h = (double)(n - 1) * p, g, next;
  size_t j = (size_t)floor(h), k;

  select_kth(x, from, n - 1, j);
  g = h - (double)j;
  if (g == 0 || j + 1 >= n) return x[j];
  next = x[j + 1];
  for (k = j + 2; k < n; k++)
    if (x[k] < next) next = x[k];
  return x[j] + g * (next - x[j]);
}

void pm_map_quantiles(double *x, size_t n, double *lo, double *hi)
{
  size_t jlo = (size_t)floor((double)(n - 1) * PM_MAP_PLOW);

  *lo = quantile(x, n, PM_MAP_PLOW, 0);
  /* x[0..jlo] are now the smallest values: the upper quantile lies after */
  *hi = quantile(x, n, PM_MAP_PHIGH, jlo);
}
