/* pm_flux_calib.h: calibration of the size-spectrum flux estimator of Guidi
 * et al. (2008), F = sum_i n_i A d_i^b dd_i (science/pm_flux.h), against
 * sediment-trap fluxes: the observed samples near each trap are matched to
 * it and averaged into one spectrum, and A and b (one pair, or one pair at
 * each of several depth nodes, as Clements et al. 2023 let them vary with
 * depth) are fitted by least squares of log10 F_pred against log10 F_trap.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_FLUX_CALIB_H
#define PM_FLUX_CALIB_H

#include <stddef.h>

#include "pm_flux.h"
#include "pm_obs.h"
#include "pm_validation.h"

/* The most depth nodes of a calibration. */
#define PM_FLUX_CALIB_MAX_NODES 16

/* Matched pairs: the mean spectrum of the samples matched to a trap, and
 * the trap's depth and flux.  The classes are the observation table's
 * (bounds NAN for a class that is not a size class). */
typedef struct {
  size_t n_classes;
  double *lower_mm, *upper_mm; /* n_classes each */
  size_t n;                    /* pairs */
  double *conc_m3;   /* pair p, class c: conc_m3[p * n_classes + c], # m-3 */
  double *depth;     /* trap depth (m) */
  double *flux;      /* trap flux (mg C m-2 d-1) */
  size_t *trap;      /* the trap's row in the traps table (NULL: none) */
  size_t *n_samples; /* samples averaged (NULL: not known) */
} pm_flux_calib_pairs;

/* The samples of `obs` matched to each trap of `t`: those within
 * radius_km of it (geodesic distance on the WGS84 ellipsoid) whose depth
 * range [depth_top, depth_bottom] holds the trap depth or lies within
 * depth_m of it.  Their spectra are averaged class by class, volume
 * weighted: the concentration of a class is the total count over the total
 * volume.  A trap matched by no sample gives no pair.  radius_km > 0 and
 * depth_m >= 0, both finite, or an error.  Free with
 * pm_flux_calib_pairs_free. */
int pm_flux_calib_match(const pm_obs *obs, const pm_traps *t,
                        double radius_km, double depth_m,
                        pm_flux_calib_pairs **pairs);
void pm_flux_calib_pairs_free(pm_flux_calib_pairs *p);

/* A calibration.  With n_nodes = 1 there is one A and b (node[0] NAN);
 * otherwise A[k], b[k] hold at depth node[k], a pair's A and b being
 * interpolated linearly in log depth between nodes (log10 A and b), and
 * constant above the first node and below the last. */
typedef struct {
  size_t n_nodes;
  double node[PM_FLUX_CALIB_MAX_NODES];
  double A[PM_FLUX_CALIB_MAX_NODES], b[PM_FLUX_CALIB_MAX_NODES];
  double se_log10_A[PM_FLUX_CALIB_MAX_NODES];
  double se_A[PM_FLUX_CALIB_MAX_NODES]; /* A ln(10) se(log10 A) */
  double se_b[PM_FLUX_CALIB_MAX_NODES];
  size_t n_params;     /* 2 n_nodes */
  double sigma;        /* residual standard deviation, log10 */
  pm_validation_stats before; /* log10 F_pred against log10 F_trap with the */
  pm_validation_stats after;  /* estimator's A and b, and calibrated */
} pm_flux_calib;

/* The search range of b (the single fit's Brent bracket): the exponents of
 * published calibrations lie well inside it (3.81, Guidi et al. 2008; 2.0
 * to 4.5 in Clements et al. 2023 and in the UVP literature they cite). */
#define PM_FLUX_CALIB_B_MIN 1.0
#define PM_FLUX_CALIB_B_MAX 6.0

/* Fit the Guidi estimator's A and b to the pairs: least squares of
 * log10 F_pred(A, b) against log10 F_trap over the pairs with a positive
 * trap flux and at least one particle in the estimator's size window `e`
 * (e->A, e->b: the "before" statistics).  nodes: NULL (n_nodes 0) for one
 * A and b, else n_nodes increasing positive depths (m).  Fewer usable pairs
 * than parameters is an error naming both numbers, and so is a b whose
 * best value is at the edge of the bracket. */
int pm_flux_calibrate(const pm_flux_calib_pairs *p,
                      const pm_flux_estimator *e, const double *nodes,
                      size_t n_nodes, pm_flux_calib *out);

/* The calibrated A and b at depth z (m): the node values interpolated in
 * log depth. */
void pm_flux_calib_at(const pm_flux_calib *c, double z, double *A,
                      double *b);

#endif
