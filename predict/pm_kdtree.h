/* pm_kdtree.h: exact nearest neighbours among points in p dimensions
 * (Euclidean distance), for the dissimilarity index of the area of
 * applicability (pm_aoa.h).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_KDTREE_H
#define PM_KDTREE_H

#include <stddef.h>

typedef struct pm_kdtree pm_kdtree;

/* A tree of the n points x (n x p, row-major, finite), which must outlive
 * it. */
int pm_kdtree_alloc(pm_kdtree **t, const double *x, size_t n, size_t p);
void pm_kdtree_free(pm_kdtree *t);
/* The distance from q (p values) to the nearest point other than point
 * `skip` (SIZE_MAX: any), its index in *at when at is not NULL; INFINITY
 * when there is none. */
double pm_kdtree_nearest(const pm_kdtree *t, const double *q, size_t skip,
                         size_t *at);

#endif
