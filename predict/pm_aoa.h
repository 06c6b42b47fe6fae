/* pm_aoa.h: the area of applicability of a model (Meyer & Pebesma 2021,
 * Methods Ecol. Evol. 12:1620-1633): how far a place's covariates lie
 * from those the model was fitted to, in combination rather than one
 * covariate at a time, and the threshold beyond which its prediction is
 * an extrapolation.
 *
 * Each covariate is standardised by its mean and standard deviation over
 * the training rows and multiplied by its weight (the model's importance
 * of it).  The dissimilarity index of a point is its distance to the
 * nearest training row divided by the mean distance between training rows
 * (their eq. 2-4).  The training rows' own index is the distance to the
 * nearest row of another cross-validation fold; the threshold is the
 * upper whisker of their boxplot (the largest index within 1.5
 * interquartile ranges of the upper hinge, Tukey's hinges as R's
 * boxplot.stats: their section 2.2.3), and a point lies inside the area
 * of applicability when its index does not exceed it.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_AOA_H
#define PM_AOA_H

#include <stddef.h>

typedef struct pm_aoa pm_aoa;

/* The training rows x (n x p, row-major; a row with a missing value is
 * left out), the weight of each covariate (p values >= 0, not all 0; NULL:
 * all 1) and the cross-validation fold of each row (NULL: every row is
 * its own fold, leave-one-out).  Fewer than 2 complete rows, or a
 * covariate that does not vary over them, is an error naming it by its
 * index (names may be NULL) or its name. */
int pm_aoa_alloc(pm_aoa **a, const double *x, size_t n, size_t p,
                 const double *weight, const int *fold,
                 const char *const *names);
void pm_aoa_free(pm_aoa *a);

/* The dissimilarity index of m points x (m x p, row-major) into di[0..m):
 * NAN for a point with a missing value. */
int pm_aoa_index(const pm_aoa *a, const double *x, size_t m, double *di);

/* The threshold of the index, and the mean distance between training
 * rows (standardised and weighted) it is relative to. */
double pm_aoa_threshold(const pm_aoa *a);
double pm_aoa_mean_distance(const pm_aoa *a);
/* The training rows used (complete ones), the covariates and their
 * names. */
size_t pm_aoa_nrows(const pm_aoa *a);
size_t pm_aoa_ncovariates(const pm_aoa *a);
const char *pm_aoa_name(const pm_aoa *a, size_t j);

/* Write the area of applicability (its standardised training rows, the
 * covariates' names, means and scales, the mean distance and threshold)
 * to the NetCDF file `path`, atomically; read it back, its tree rebuilt.
 * A file that is not one names what it lacks. */
int pm_aoa_write(const pm_aoa *a, const char *path);
int pm_aoa_read(pm_aoa **a, const char *path);

/* At most this many pairs of training rows are averaged for the mean
 * distance: every pair up to 4472 rows, a seeded random sample of pairs
 * beyond (its relative standard error about 1/sqrt(PM_AOA_PAIRS) times
 * the distances' coefficient of variation, below 1e-3). */
#define PM_AOA_PAIRS 10000000

#endif
