/* kdtree.c: exact nearest-neighbour search among n points of p dimensions
 * (Friedman, Bentley & Finkel 1977, ACM Trans. Math. Softw. 3:209-226):
 * the points are split at the median of the dimension of widest spread
 * until a bucket holds at most KD_BUCKET of them, and a query descends to
 * its own bucket first, then visits only the buckets whose box lies nearer
 * than the best distance found (their "bounds-overlap-ball" test).  The
 * tree reorders an index of the points; the points stay the caller's.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#include "pm_kdtree.h"
#include "pm_error.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define KD_BUCKET 8

typedef struct {
  size_t from, to;   /* points idx[from..to) */
  int dim;           /* split dimension; -1 for a bucket */
  double cut;        /* the split value */
  size_t lo, hi;     /* children */
} kd_node;

struct pm_kdtree {
  const double *x;   /* n x p, row-major */
  size_t n, p;
  size_t *idx;
  kd_node *node;
  size_t nnodes;
};

/* The dimension of widest spread of points idx[from..to). */
static int widest(const pm_kdtree *t, size_t from, size_t to)
{
  size_t i, j;
  int best = 0;
  double spread = -1;

  for (j = 0; j < t->p; j++) {
    double lo = INFINITY, hi = -INFINITY;
    for (i = from; i < to; i++) {
      double v = t->x[t->idx[i] * t->p + j];
      lo = fmin(lo, v);
      hi = fmax(hi, v);
    }
    if (hi - lo > spread) {
      spread = hi - lo;
      best = (int)j;
    }
  }
  return best;
}

/* Quickselect (Hoare 1961, Commun. ACM 4:321, FIND) of the k-th point
 * along dimension d among idx[from..to): afterwards none before k lies
 * above it and none after below. */
static void select_kth(pm_kdtree *t, size_t from, size_t to, size_t k, int d)
{
  ptrdiff_t lo = (ptrdiff_t)from, hi = (ptrdiff_t)to - 1, K = (ptrdiff_t)k;

  while (lo < hi) {
    double pivot = t->x[t->idx[(lo + hi) / 2] * t->p + (size_t)d];
    ptrdiff_t i = lo, j = hi;
    while (i <= j) {
      while (t->x[t->idx[i] * t->p + (size_t)d] < pivot) i++;
      while (t->x[t->idx[j] * t->p + (size_t)d] > pivot) j--;
      if (i <= j) {
        size_t s = t->idx[i];
        t->idx[i++] = t->idx[j];
        t->idx[j--] = s;
      }
    }
    if (K <= j) hi = j;
    else if (K >= i) lo = i;
    else return;
  }
}

/* The node of points idx[from..to), its subtree built; its index. */
static size_t build(pm_kdtree *t, size_t from, size_t to)
{
  size_t me = t->nnodes++, mid;
  kd_node *nd = &t->node[me];

  nd->from = from;
  nd->to = to;
  nd->dim = -1;
  if (to - from <= KD_BUCKET) return me;
  nd->dim = widest(t, from, to);
  mid = from + (to - from) / 2;
  select_kth(t, from, to, mid, nd->dim);
  nd->cut = t->x[t->idx[mid] * t->p + (size_t)nd->dim];
  t->node[me].lo = build(t, from, mid);
  t->node[me].hi = build(t, mid, to);
  return me;
}

int pm_kdtree_alloc(pm_kdtree **out, const double *x, size_t n, size_t p)
{
  pm_kdtree *t = calloc(1, sizeof *t);
  size_t i;

  *out = NULL;
  if (!t) return pm_error_nomem();
  t->x = x;
  t->n = n;
  t->p = p;
  t->idx = malloc((n + 1) * sizeof *t->idx);
  t->node = malloc((2 * n / (KD_BUCKET / 2) + 2) * sizeof *t->node);
  if (!t->idx || !t->node) {
    pm_kdtree_free(t);
    return pm_error_nomem();
  }
  for (i = 0; i < n; i++) t->idx[i] = i;
  if (n > 0) build(t, 0, n);
  *out = t;
  return PM_SUCCESS;
}

void pm_kdtree_free(pm_kdtree *t)
{
  if (!t) return;
  free(t->idx);
  free(t->node);
  free(t);
}

typedef struct {
  const pm_kdtree *t;
  const double *q;
  size_t skip;
  double best; /* squared distance */
  size_t at;
  double *off; /* per dimension: the query's distance to the current box */
} kd_query;

static void scan_bucket(kd_query *k, const kd_node *nd)
{
  size_t i, j, p = k->t->p;

  for (i = nd->from; i < nd->to; i++) {
    const double *y = k->t->x + k->t->idx[i] * p;
    double d2 = 0;
    if (k->t->idx[i] == k->skip) continue;
    for (j = 0; j < p && d2 < k->best; j++)
      d2 += (y[j] - k->q[j]) * (y[j] - k->q[j]);
    if (d2 < k->best) {
      k->best = d2;
      k->at = k->t->idx[i];
    }
  }
}

/* The subtree of node `at`, `gap2` the squared distance from the query to
 * its box, the sum over the dimensions of k->off[d]^2, kept up to date
 * as the search crosses a cut (the incremental distance of Arya & Mount
 * 1993, Proc. 4th ACM-SIAM SODA, 271-280), a tighter bound than the
 * largest single gap. */
static void search(kd_query *k, size_t at, double gap2)
{
  const kd_node *nd = &k->t->node[at];
  double diff, old;

  if (gap2 >= k->best) return;
  if (nd->dim < 0) {
    scan_bucket(k, nd);
    return;
  }
  diff = k->q[nd->dim] - nd->cut;
  search(k, diff < 0 ? nd->lo : nd->hi, gap2);
  old = k->off[nd->dim];
  k->off[nd->dim] = diff;
  search(k, diff < 0 ? nd->hi : nd->lo, gap2 - old * old + diff * diff);
  k->off[nd->dim] = old;
}

double pm_kdtree_nearest(const pm_kdtree *t, const double *q, size_t skip,
                         size_t *at)
{
  double off[t->p > 0 ? t->p : 1];
  kd_query k = {t, q, skip, INFINITY, 0, off};

  memset(off, 0, sizeof off);
  if (t->n > 0) search(&k, 0, 0);
  if (at) *at = k.at;
  return sqrt(k.best);
}
