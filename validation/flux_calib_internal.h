/* flux_calib_internal.h: the pairs of a flux calibration reduced to what
 * the fits need, shared by the single fit (flux_calib.c) and the fit at
 * depth nodes (flux_calib_nodes.c).
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FLUX_CALIB_INTERNAL_H
#define PM_FLUX_CALIB_INTERNAL_H

#include "pm_flux_calib.h"

/* The usable pairs: y = log10 F_trap, and each pair's classes inside the
 * size window with particles, as mid-point ESD d (mm) and concentration w
 * (# m-3): pair k's terms are [first[k], first[k + 1]). */
typedef struct {
  size_t n;
  double *y, *depth;
  size_t *first;
  double *d, *w;
} pm_calib_data;

int pm_calib_data_build(const pm_flux_calib_pairs *p,
                        const pm_flux_estimator *e, pm_calib_data *c);
void pm_calib_data_free(pm_calib_data *c);

/* g_k(b) = log10 F_pred(A = 1, b) of pair k, and its derivative in b. */
double pm_calib_g(const pm_calib_data *c, size_t k, double b, double *dg);

/* out->before and out->after from the estimator's A, b and the
 * calibration's (already in out); only lack of memory is an error. */
int pm_calib_stats(const pm_calib_data *c, const pm_flux_estimator *e,
                    size_t n_offered, pm_flux_calib *out);

/* Depth z between node[k] and node[k + 1] at fraction t of the way in
 * ln z (t = 0 above the first node, and at or below the last: k = K - 1). */
void pm_calib_weight(const double *node, size_t K, double z, size_t *k,
                     double *t);

/* The fit at depth nodes, started from the single fit in *out. */
int pm_calib_fit_nodes(const pm_calib_data *c, const double *nodes,
                       size_t n_nodes, pm_flux_calib *out);

#endif
