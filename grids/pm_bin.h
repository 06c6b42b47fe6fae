/* pm_bin.h: observations binned on a grid: per cell and class the total count,
 * the sampled volume, the number of samples, and the concentration with its
 * exact Poisson 95% interval.
 *
 * A sample goes to the cell of its position, of its mid-depth's layer and of
 * its time step; samples outside the grid are left out and counted.  Only the
 * occupied cells are stored (a hash from the cell's index to a slot), so
 * memory grows with the occupied cells times the classes, never with the
 * size of the grid.
 *
 * Copyright (C) 2026 the plankmap developers.  GPL-3.0-or-later. */
#ifndef PM_BIN_H
#define PM_BIN_H

#include <stddef.h>
#include <stdint.h>

#include "pm_grid.h"
#include "pm_obs.h"

typedef struct pm_bin pm_bin;

/* Where an occupied cell lies on the grid. */
typedef struct {
  size_t lon, lat, depth, time;
} pm_bin_cell;

/* Bin every sample of `obs` on `g` (which must outlive the bins).  The
 * Poisson intervals of the whole counts binned are computed here, once per
 * distinct count; the bins are not changed afterwards. */
int pm_bin_alloc(pm_bin **b, const pm_grid *g, const pm_obs *obs);
void pm_bin_free(pm_bin *b);

size_t pm_bin_n_cells(const pm_bin *b);   /* occupied cells (slots) */
size_t pm_bin_n_classes(const pm_bin *b);
size_t pm_bin_n_binned(const pm_bin *b);  /* samples in the bins */

/* Samples left out, per reason: PM_DROP_REGION (position outside the grid),
 * PM_DROP_DEPTH (mid-depth outside the layers), PM_DROP_DATE (outside the
 * time axis); 0 for the other reasons. */
size_t pm_bin_n_dropped(const pm_bin *b, pm_obs_drop reason);

/* Time range (s since 1970) of the binned samples; NAN when none. */
void pm_bin_time_range(const pm_bin *b, double *tmin, double *tmax);

/* The slot of a cell, or SIZE_MAX when no sample fell in it. */
size_t pm_bin_find(const pm_bin *b, const pm_bin_cell *cell);

/* What a slot holds. */
pm_bin_cell pm_bin_slot_cell(const pm_bin *b, size_t slot);
double pm_bin_volume(const pm_bin *b, size_t slot);  /* m3 */
size_t pm_bin_n_samples(const pm_bin *b, size_t slot);
double pm_bin_count(const pm_bin *b, size_t slot, size_t cls);

/* Concentration (count / volume, m-3) of class `cls` in a slot and its exact
 * Poisson 95% interval. */
int pm_bin_concentration(const pm_bin *b, size_t slot, size_t cls,
                         double *conc, double *lower, double *upper);

/* The exact (Garwood 1936) 95% interval of the mean of a Poisson count k:
 * lower = chi2(0.025; 2k) / 2 (0 when k = 0), upper = chi2(0.975; 2k + 2) / 2. */
int pm_bin_poisson_interval(double k, double *lower, double *upper);

#endif
